"""Claim extraction: cleaned articles in; claims, findings and figure decisions out.

text -> sentences (Polars marks the ones that can hold a claim or its context) -> clauses and the
figures in them (named figure rules, `figures.py`) -> sentences read into items with their regions
(`parse.py`) -> reports: a total and its breakdown, one speaker, one window, one date (`reports.py`)
-> claims (`claims.py`). Every number considered gets a decision naming the rule that took or left it
(`decisions.py`); every rule is listed in `RULES`.
"""
from __future__ import annotations

from datetime import date

import polars as pl

from transforms.extract.attribution import channel_of
from transforms.extract.claims import extract_article
from transforms.extract.decisions import ARTICLE_RULES, CLAIM_RULES, untouched_decisions
from transforms.extract.figures import FIGURE_RULES, TAKE_RULES
from transforms.extract.parse import SENTENCE_RULES
from transforms.extract.rules import Rule
from transforms.extract.ru import RU_RULES
from transforms.extract.sentences import sentence_frame, split_sentences
from transforms.vocabulary import CLAIM_COLUMNS, FINDING_COLUMNS

__all__ = ["extract_claims", "split_sentences", "RULES", "CLAIM_SCHEMA", "FINDING_SCHEMA", "DECISION_SCHEMA"]

RULES: list[Rule] = [*FIGURE_RULES, *TAKE_RULES, *SENTENCE_RULES, *CLAIM_RULES, *ARTICLE_RULES, *RU_RULES]

CLAIM_SCHEMA = CLAIM_COLUMNS
FINDING_SCHEMA = FINDING_COLUMNS
DECISION_SCHEMA = {"source_file": pl.String, "char_start": pl.Int32, "char_end": pl.Int32, "figure": pl.String,
                   "value": pl.Int64, "taken": pl.Boolean, "rule": pl.String}


def rules_frame() -> pl.DataFrame:
    """The extraction rules as a table (name, stage, description) for the warehouse."""
    return pl.DataFrame([{"rule": r.name, "stage": r.stage, "description": r.description} for r in RULES],
                        schema={"rule": pl.String, "stage": pl.String, "description": pl.String})


def extract_claims(articles: pl.DataFrame, as_of: date) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """articles: source_file, clean_text, headline, published_date. Returns (claims, findings, decisions)."""
    sf = sentence_frame(articles)
    # only articles with a candidate sentence, and in them only sentences that can hold a claim or its context
    keep = sf.filter(pl.col("is_core").any().over("source_file")).filter(
        pl.col("is_candidate") | pl.col("has_source") | pl.col("has_time") | pl.col("has_district") | pl.col("is_ru")
    )
    by_file: dict[str, list[dict]] = {}
    for row in keep.iter_rows(named=True):
        by_file.setdefault(row["source_file"], []).append(row)
    # articles that are not read: their sentences with a number, so their decisions can say so
    unread: dict[str, list[tuple[int, str]]] = {}
    for source_file, start, sentence in sf.filter(~pl.col("is_core").any().over("source_file") & pl.col("has_number")) \
            .select("source_file", "start", "sentence").iter_rows():
        unread.setdefault(source_file, []).append((start, sentence))
    claims: list[dict] = []
    findings: list[dict] = []
    decisions: list[dict] = []
    cols = ["source_file", "clean_text", "headline", "published_date"]
    cols += [c for c in ("published_from", "outlet", "source_url") if c in articles.columns]
    for m in articles.select(cols).iter_rows(named=True):
        source_file = m["source_file"]
        rows = by_file.get(source_file)
        if rows is None:
            decisions.extend(untouched_decisions(source_file, unread.get(source_file, [])))
            continue
        c, f, d = extract_article(source_file, m["clean_text"], rows, m["published_date"], as_of, m["headline"],
                                  m.get("published_from") != "dateline_year_inferred",
                                  channel_of(m.get("outlet"), m.get("source_url")))
        claims.extend(c)
        findings.extend(f)
        decisions.extend(d)
    return (
        pl.DataFrame(claims, schema=CLAIM_SCHEMA),
        pl.DataFrame(findings, schema=FINDING_SCHEMA),
        pl.DataFrame(decisions, schema=DECISION_SCHEMA),
    )
