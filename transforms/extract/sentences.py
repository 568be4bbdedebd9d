"""Sentences of a cleaned article, and the Polars pass that marks which of them can hold a claim or
its context (a drone word and a number, a window, a date, a source), so only those reach Python."""
from __future__ import annotations

import re

import polars as pl

from transforms.clean import _MONTH_RE
from transforms.lexicon import polars_pattern
from transforms.reference import LANGUAGES, lexicon, number_words

_ABBREV = re.compile(
    r"(?:\b(?:[ap]\.m|St|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Sgt|Gov|No|vs|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|e\.g|i\.e|etc)\.|\b[A-Z]\.)$"
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)|\n+")


MAX_SENTENCE = 1200   # longer "sentences" (a run-on line of a broken file) are cut at a space


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of a text. Lines are always boundaries."""
    out = []
    for a, b in _split_sentences(text):
        while b - a > MAX_SENTENCE:
            cut = text.rfind(" ", a + MAX_SENTENCE // 2, a + MAX_SENTENCE)
            cut = cut if cut > a else a + MAX_SENTENCE
            out.append((a, cut))
            a = cut + 1 if text[cut:cut + 1] == " " else cut
        if b > a:
            out.append((a, b))
    return out


def _split_sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.group(0)[0] != "\n":
            before = text[max(0, m.start() - 6):m.end()]
            nxt = text[end:end + 20].lstrip()
            if _ABBREV.search(before.rstrip("\"'”’»)]")) and not (
                before.rstrip().lower().endswith(("a.m.", "p.m.")) and nxt[:1].isupper()
                and not re.match(r"(?:Moscow|MSK|GMT|UTC|Kyiv|local)\b", nxt)
            ):
                continue
            if nxt[:1].islower():
                continue
        seg = text[start:end]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            spans.append((start + lead, start + len(seg.rstrip())))
        start = end
    seg = text[start:]
    if seg.strip():
        lead = len(seg) - len(seg.lstrip())
        spans.append((start + lead, start + len(seg.rstrip())))
    return spans


CORRECTION_PATTERN = r"(?i)^\W*correction\b|\b(?:an?\s+)?(?:earlier|previous)\s+version\s+of\s+this\s+(?:article|story|report)"
# digits, English number words, Russian number words in any case form
_POLARS_NUMBER = (r"(?i)\d|\b(?:" + "|".join(sorted(number_words(), key=len, reverse=True)) + r")\b|"
                  + lexicon("ru")["number_scan"])


def sentence_frame(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per sentence with Polars-computed marks of what it may hold."""
    rows = [(sf, i, a, b, text[a:b]) for sf, text in articles.select("source_file", "clean_text").iter_rows()
            for i, (a, b) in enumerate(split_sentences(text or ""))]
    files, idxs, starts, ends, texts = (list(col) for col in zip(*rows)) if rows else ([], [], [], [], [])
    df = pl.DataFrame(
        {"source_file": files, "idx": idxs, "start": starts, "end": ends, "sentence": texts},
        schema={"source_file": pl.String, "idx": pl.Int32, "start": pl.Int32, "end": pl.Int32, "sentence": pl.String},
    )
    s = pl.col("sentence")
    # a sentence written mostly in Cyrillic is read by the Russian reader (mixed-script names do not tip it)
    is_ru = s.str.count_matches(r"[А-Яа-яЁё]") > s.str.count_matches(r"[A-Za-z]")
    df = df.with_columns(is_ru.alias("is_ru"))
    ru = pl.col("is_ru")
    return df.with_columns(
        s.str.contains(polars_pattern("drone", LANGUAGES)).alias("has_drone"),
        s.str.contains(_POLARS_NUMBER).alias("has_number"),
        s.str.contains(polars_pattern("intercept", LANGUAGES)).alias("has_verb"),
        s.str.contains(r"(?i)\b(?:ministry|military|governor|mayor|head of|reportedly|agency|officials|authorities|defen[cs]e|minoborony|губернатор|мэр)\b|[A-Z][a-z]+ov\b|[A-Z][a-z]+in\b").alias("has_source"),
        s.str.contains(r"(?i)\b(?:" + _MONTH_RE + r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|night|overnight|yesterday|today|previous|morning|afternoon|evening|daylight|daytime)\b|\d{4}-\d\d-\d\d|\d{1,2}[:.]\d\d|\d\s*[ap]\.?m|\b\d{4}\s*(?:gmt|utc|msk)").alias("has_time"),
        s.str.contains(r"(?i)\b(?:districts?|raions?|okrugs?|район\w*)\b").alias("has_district"),
        # sentence-wide cues the figure rules ask for (a historic or own total; a correction note), scanned here once
        s.str.contains(polars_pattern("historic", LANGUAGES)).alias("has_historic"),
        s.str.contains(CORRECTION_PATTERN).alias("is_correction"),
    ).with_columns(
        # any figure may be part of a breakdown ("The list also included five over ..."): parse them all;
        # a Russian post may give one drone with no numeral ("сбит беспилотник")
        (pl.col("has_number") | (ru & pl.col("has_drone") & pl.col("has_verb"))).alias("is_candidate"),
        (pl.col("has_drone") & (pl.col("has_number") | (ru & pl.col("has_verb")))).alias("is_core"),
    )

