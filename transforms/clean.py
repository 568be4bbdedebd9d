"""Cleaning: normalise text, drop site boilerplate and the repeated headline, read datelines.

Frame in: source_file, text (and optionally published). Frame out: one row per article with
clean_text (what claim offsets point into), headline, boilerplate (removed lines) and dateline_date.
"""
from __future__ import annotations

import re
from datetime import date

import polars as pl

from transforms.reference import LANGUAGES, boilerplate_patterns, months

MONTHS = {w: m for lang in LANGUAGES for w, m in months(lang).items()}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

# "MOSCOW, August 23. /TASS/." / "MOSCOW, July 22 (Reuters) -" / "МОСКВА, 3 марта. /ТАСС/." / "Published: 2025-07-22"
DATELINE = re.compile(
    rf"^\s*(?:[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё .'-]{{1,30}}?[,.]\s+)(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?\b",
    re.IGNORECASE,
)
DATELINE_DAY_FIRST = re.compile(
    rf"^\s*(?:[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё .'-]{{1,30}}?[,.]\s+)(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_RE})\.?(?:\s+(?P<year>\d{{4}}))?\b",
    re.IGNORECASE,
)
PUBLISHED_LINE = re.compile(
    r"^\s*(?:published|posted|updated|date)\s*(?:on|:)?\s*(?P<iso>\d{4}-\d{2}-\d{2})", re.IGNORECASE
)

_METADATA_LINE = r"(?i)^\s*(?:date|published|posted|updated)\s*:?\s*\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d)?)?\s*$"
_INVISIBLE = "[\u200b\u200c\u200d\u2060\ufeff\u00ad]"


_HTML_DOC = r"(?is)^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])"


def html_to_text(col: pl.Expr) -> pl.Expr:
    """A web page saved as .txt: keep the text of its elements, one block per line."""
    stripped = (
        col.str.replace_all(r"(?is)<script\b.*?</script\s*>", "")
        .str.replace_all(r"(?is)<style\b.*?</style\s*>", "")
        .str.replace_all(r"(?is)<(?:noscript|template|svg)\b.*?</(?:noscript|template|svg)\s*>", "")
        .str.replace_all(r"(?is)<head\b.*?</head\s*>", "")
        .str.replace_all(r"(?s)<!--.*?-->", "")
        .str.replace_all(r"(?i)<br\s*/?>|</(?:p|div|h[1-6]|li|tr|article|section|header|footer|title)\s*>", "\n")
        .str.replace_all(r"(?s)<[^>]{0,2000}>", "")
        .str.replace_all(r"&nbsp;", " ")
        .str.replace_all(r"&amp;", "&")
        .str.replace_all(r"&quot;", '"')
        .str.replace_all(r"&#0*39;|&apos;", "'")
        .str.replace_all(r"&lt;", "<")
        .str.replace_all(r"&gt;", ">")
        .str.replace_all(r"[ \t]*\n[ \t\n]*", "\n")
    )
    return pl.when(col.str.contains(_HTML_DOC)).then(stripped).otherwise(col)


def normalise_text(col: pl.Expr) -> pl.Expr:
    """Unicode NFKC, one kind of newline and space, no invisible characters."""
    return (
        html_to_text(col).str.normalize("NFKC")
        .str.replace_all(r"\r\n?", "\n")
        .str.replace_all(_INVISIBLE, "")
        .str.replace_all(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]", " ")
        .str.replace_all(r"[ ]+\n", "\n")
        # " date 2025-03-11 MOSCOW, March 11. /TASS/. ...": page metadata run into the first line goes on a line of
        # its own (it dates the article; it is neither headline nor text)
        .str.replace(r"^\s*((?i:date|published|posted|updated)\s*:?\s*\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d)?)?)[ \t]+(\S)", "$1\n\n$2")
    )


def _headline_key(col: pl.Expr) -> pl.Expr:
    return col.str.to_lowercase().str.replace_all(r"[’‘`´]", "'").str.replace_all(r"\s+", " ").str.strip_chars()


def clean_articles(articles: pl.DataFrame) -> pl.DataFrame:
    """Clean every article; see the module docstring for the columns."""
    # furniture of every language's sites: a pattern of one language never matches another's lines
    tail_patterns = [p for lang in LANGUAGES for p in boilerplate_patterns(lang)[0]]
    line_patterns = [p for lang in LANGUAGES for p in boilerplate_patterns(lang)[1]]
    tail_re = "(?i)(?:" + "|".join(tail_patterns) + ")"
    line_re = "(?i)(?:" + "|".join(line_patterns) + ")"

    lines = (
        articles.select("source_file", normalise_text(pl.col("text")).alias("text"))
        .with_columns(pl.col("text").str.split("\n").alias("line"))
        .drop("text")
        .explode("line")
        .with_columns(
            pl.int_range(pl.len()).over("source_file").alias("line_no"),
            pl.len().over("source_file").alias("n_lines"),
            pl.col("line").str.strip_chars(),
        )
    )
    nonblank = pl.col("line").str.len_chars() > 0
    lines = lines.with_columns(
        # A footer near the end removes itself and everything after it (widgets, unrelated headlines).
        (pl.col("line").str.contains(tail_re) & (pl.col("line_no") >= pl.col("n_lines") * 2 // 3))
        .cum_max()
        .over("source_file", order_by="line_no")
        .alias("in_tail"),
        pl.col("line").str.contains(line_re).alias("is_boiler_line"),
        # rank of the line among the article's non-blank lines
        pl.when(nonblank).then(nonblank.cum_sum().over("source_file", order_by="line_no")).alias("nb_rank"),
    )
    first_two = (
        lines.filter(pl.col("nb_rank") <= 2)
        .with_columns(_headline_key(pl.col("line")).alias("key"))
        .group_by("source_file")
        .agg(
            pl.col("line").sort_by("nb_rank").first().alias("first_line"),
            (pl.col("key").n_unique() == 1).and_(pl.len() == 2).alias("repeated"),
        )
    )
    lines = lines.join(first_two, on="source_file", how="left").with_columns(
        (pl.col("repeated") & (pl.col("nb_rank") == 2)).fill_null(False).alias("is_repeat_headline")
    )
    removed = pl.col("in_tail") | pl.col("is_boiler_line") | pl.col("is_repeat_headline")
    out = (
        lines.group_by("source_file", maintain_order=True)
        .agg(
            pl.col("line").filter(~removed).str.join("\n").alias("clean_text"),
            pl.col("line").filter(removed & nonblank).alias("boilerplate"),
            pl.col("is_repeat_headline").any().alias("repeated_headline"),
            pl.col("first_line").first().alias("first_line"),
        )
        .with_columns(pl.col("clean_text").str.replace_all(r"\n{3,}", "\n\n").str.strip_chars())
    )
    heading = _is_headline(pl.col("first_line"))
    out = out.with_columns(pl.when(heading).then(pl.col("first_line")).alias("headline")).drop("first_line")
    dl = [dateline_date(t) for t in out["clean_text"].to_list()]
    return out.with_columns(pl.Series("dateline_date", dl, dtype=pl.Date))


def _is_headline(line: pl.Expr) -> pl.Expr:
    # A first line without a closing full stop and short enough to be a title; a line with a figure that ends in a
    # colon opens a list ("... destroyed 41 drones:"), it is the first sentence of the text
    return (line.str.len_chars() < 220) & ~line.str.contains(r"[.!?…][\"'”’)]?\s*$") & ~line.str.contains(_METADATA_LINE) \
        & ~line.str.contains(r"\d.*:\s*$")


def dateline_date(text: str, year: int | None = None) -> date | None:
    """The date of a dateline or a 'Published:' line in the first lines of the text, if any.

    A dateline without a year returns None unless `year` is given (the caller knows the run's year).
    """
    for line in text.split("\n")[:4]:
        m = PUBLISHED_LINE.match(line)
        if m:
            try:
                return date.fromisoformat(m["iso"])
            except ValueError:
                return None
        m = DATELINE.match(line) or DATELINE_DAY_FIRST.match(line)
        if m:
            y = int(m["year"]) if m["year"] else year
            if y is None:
                return None
            try:
                return date(y, MONTHS[m["month"].lower()], int(m["day"]))
            except ValueError:
                return None
    return None
