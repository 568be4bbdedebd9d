"""The pure part of staging: one batch of raw.articles rows -> cleaned articles, claims, findings and figure
decisions. The policy that sits between cleaning and extraction lives here too: which publication date an
article gets (and where from), and the findings about a whole article (boilerplate, no text, repaired bytes).
No I/O: `flows.stages.stage` reads the batches and `warehouse.staging` writes what comes back.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

import polars as pl

from transforms.clean import clean_articles, dateline_date
from transforms.extract import extract_claims
from transforms.timeparse import headline_date
from transforms.vocabulary import Flag, finding


# ---------------------------------------------------------------- the extractor version
# Modules of transforms/ that ingest uses and extraction does not: a change there does not re-extract.
NOT_EXTRACTION = {"intake.py", "decode.py", "__init__.py"}
# Libraries whose behaviour is part of what extraction outputs (the Russian morphology and its dictionaries,
# the fuzzy matcher of names, the regex engine of Polars expressions).
EXTRACTION_LIBRARIES = ("polars", "pymorphy3", "pymorphy3-dicts-ru", "rapidfuzz")
TRANSFORMS_DIR = Path(__file__).resolve().parent


def extractor_files(root: Path = TRANSFORMS_DIR) -> list[Path]:
    """The files extraction is made of: every module of transforms/ but ingest's, the extractor package
    (transforms/extract/) and the reference data (transforms/reference/), sorted by path."""
    files = [p for p in root.glob("*.py") if p.name not in NOT_EXTRACTION]
    files += [p for sub in ("extract", "reference") for p in (root / sub).rglob("*")
              if p.is_file() and "__pycache__" not in p.parts]
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def extractor_version(root: Path | None = None, libraries: tuple[str, ...] = EXTRACTION_LIBRARIES) -> str:
    """A hash of the extraction code, the reference data it reads and the versions of the libraries it reads
    with: an article is extracted once per (its input, this version). 16 hex digits. The running code's
    version (root None) is computed once per process: it is the code this process has loaded."""
    if root is None and libraries == EXTRACTION_LIBRARIES:
        return _running_version()
    return _version(root or TRANSFORMS_DIR, libraries)


@cache
def _running_version() -> str:
    return _version(TRANSFORMS_DIR, EXTRACTION_LIBRARIES)


def _version(root: Path, libraries: tuple[str, ...]) -> str:
    return code_digest(root, extractor_files(root), libraries)


def code_digest(root: Path, files: list[Path], libraries: tuple[str, ...]) -> str:
    """16 hex digits of sha256 over the files (by their path under root, and bytes) and the libraries' versions."""
    h = hashlib.sha256()
    for p in files:
        h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    for lib in libraries:
        try:
            v = metadata.version(lib)
        except metadata.PackageNotFoundError:
            v = "absent"
        h.update(f"{lib}=={v}\0".encode())
    return h.hexdigest()[:16]


def stage_note(reasons: dict[str, int], n_kept: int, version: str, old_versions: list[str | None]) -> str:
    """One line for the run summary and dq.runs.stage_note: what the stage extracted and why.
    reasons: articles to extract by why ('new', 'changed', 'version'); old_versions: the extractor versions
    staging held rows of before this run (None for rows staged before versions were recorded)."""
    n = sum(reasons.values())
    if reasons.get("version"):
        old = [v for v in old_versions if v != version]
        was = ", ".join(sorted(v or "none recorded" for v in old))
        return (f"extractor version changed ({was} -> {version}): {n} articles extracted again"
                + (f", {n_kept} kept" if n_kept else ""))
    if n == 0:
        return f"nothing new: 0 articles extracted, {n_kept} kept (extractor {version})"
    parts = [f"{reasons[k]} {k}" for k in ("new", "changed") if reasons.get(k)]
    return f"{n} articles extracted ({', '.join(parts)}), {n_kept} kept (extractor {version})"


class Staged(NamedTuple):
    """What staging makes of one batch of articles."""
    articles: pl.DataFrame      # staging.stg_articles rows
    claims: pl.DataFrame
    findings: pl.DataFrame
    decisions: pl.DataFrame     # staging.figure_decisions rows: every number considered, taken or left


def manifest_date(raw_pub: str | None) -> date | None:
    """The manifest's `published` as a date (its first ten characters, ISO), or None."""
    if not raw_pub:
        return None
    try:
        return date.fromisoformat(raw_pub[:10])
    except ValueError:
        return None


def resolve_published(manifest: date | None, dateline: date | None, headline: date | None,
                      dateline_without_year: date | None) -> tuple[date | None, str | None]:
    """An article's publication date and where it came from, in order of trust: the manifest, a dateline with
    its year, a date in the headline, a dateline whose year is the run's (then its claims' dates are
    'year_inferred')."""
    if manifest:
        return manifest, "manifest"
    if dateline:
        return dateline, "dateline"
    if headline:
        return headline, "headline"
    if dateline_without_year:
        return dateline_without_year, "dateline_year_inferred"
    return None, None


def with_published_dates(cleaned: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """`cleaned` (clean_articles output joined with the raw `published`) with published_date and published_from."""
    texts = cleaned["clean_text"].to_list()
    datelines = cleaned["dateline_date"].to_list()
    # a dateline without a year takes the run's year; its dates then count as year_inferred
    without_year = [dateline_date(t, year=as_of.year) if d is None else None for t, d in zip(texts, datelines)]
    # the headline is read only when neither the manifest nor a dated dateline gives the date (it is a regex
    # scan of the text: 6 % of extraction's time when done for every article)
    resolved = []
    for m, d, t, dn in zip(cleaned["published"].to_list(), datelines, texts, without_year):
        m = manifest_date(m)
        resolved.append(resolve_published(m, d, headline_date(t) if m is None and d is None else None, dn))
    return cleaned.with_columns(
        pl.Series("published_date", [p for p, _ in resolved], dtype=pl.Date),
        pl.Series("published_from", [s for _, s in resolved], dtype=pl.String),
    )


def mark_year_inferred(claims: pl.DataFrame, cleaned: pl.DataFrame) -> pl.DataFrame:
    """Claims dated to the day in an article whose publication year was inferred are 'year_inferred'."""
    inferred = cleaned.filter(pl.col("published_from") == "dateline_year_inferred")["source_file"].to_list()
    if not inferred:
        return claims
    return claims.with_columns(
        pl.when(pl.col("source_file").is_in(inferred) & (pl.col("date_precision") == "day"))
        .then(pl.lit("year_inferred")).otherwise(pl.col("date_precision")).alias("date_precision")
    )


MIN_ARTICLE_WORDS = 8


def article_findings(source_file: str, boilerplate: list[str] | None, repeated_headline: bool,
                     encoding: str | None, clean_text: str | None) -> list[dict]:
    """Findings about a whole article from cleaning and decoding (stg_findings rows without a claim)."""
    out = []
    if boilerplate:
        out.append(finding(Flag.BOILERPLATE, source_file, f"removed {len(boilerplate)} line(s) of non-article text"
                           + (" including the repeated headline" if repeated_headline else "") + ": "
                           + " | ".join(line[:80] for line in boilerplate[:4]), detail={"lines": boilerplate}))
    if len(re.findall(r"\w+", clean_text or "")) < MIN_ARTICLE_WORDS:
        out.append(finding(Flag.NOT_AN_ARTICLE, source_file, "almost no text left after cleaning"))
    if encoding and "replaced" in encoding:
        out.append(finding(Flag.TEXT_REPAIRED, source_file, f"decoded as {encoding}"))
    return out


def stage_batch(raw: pl.DataFrame, as_of: date) -> Staged:
    """Staging of one batch of raw.articles rows, read as of the night `as_of`."""
    cleaned = clean_articles(raw.select("source_file", "text"))
    meta = raw.select("source_file", "sha256", "published", "outlet", "source_url", "encoding")
    cleaned = with_published_dates(cleaned.join(meta, on="source_file", how="left"), as_of)
    claims, findings, decisions = extract_claims(cleaned, as_of)
    claims = mark_year_inferred(claims, cleaned)
    extra = [f for row in cleaned.select("source_file", "boilerplate", "repeated_headline", "encoding", "clean_text").iter_rows()
             for f in article_findings(*row)]
    if extra:
        findings = pl.concat([findings, pl.DataFrame(extra, schema=findings.schema)])
    n_sent = cleaned["clean_text"].str.count_matches(r"[.!?]\s|\n").cast(pl.Int32)
    articles = cleaned.select(
        "source_file", "sha256", "clean_text", "headline", "published_date", "published_from", "outlet",
        "source_url", "boilerplate",
    ).with_columns(n_sent.alias("n_sentences"))
    return Staged(articles, claims, findings, decisions)


def extract_batch(raw: pl.DataFrame) -> Staged:
    """Staging of one batch of raw.articles rows, each article read as of the night that took it (column
    `as_of`): the same article gives the same claims whichever later run re-reads it."""
    parts = [stage_batch(group.drop("as_of"), as_of)
             for (as_of,), group in raw.group_by("as_of", maintain_order=True)]
    return Staged(*(pl.concat([p[i] for p in parts]) for i in range(len(Staged._fields))))
