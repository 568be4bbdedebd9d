"""Compiled patterns for the words the extractor looks for, built from reference/en/lexicon.csv and
the number, qualifier, region, district and official tables."""
from __future__ import annotations

import re
from functools import cache

from transforms.reference import lexicon, number_words, qualifier_phrases, region_aliases


@cache
def rx(kind: str, lang: str = "en") -> re.Pattern[str]:
    """Case-insensitive pattern for one lexicon kind of a language, on word boundaries."""
    return re.compile(rf"(?<![\w-])(?:{lexicon(lang)[kind]})(?![\w])", re.IGNORECASE)


def polars_pattern(kind: str, langs: tuple[str, ...] = ("en",)) -> str:
    """The same lexicon entry for Polars (Rust regex: no look-around), of one or more languages."""
    return rf"(?i)\b(?:{'|'.join(lexicon(lang)[kind] for lang in langs)})\b"


# ---------------------------------------------------------------- numbers
_UNITS = [w for w, (_, k) in number_words().items() if k == "unit"]
_TENS = [w for w, (_, k) in number_words().items() if k == "tens"]
_ARTICLES = sorted((w for w, (_, k) in number_words().items() if k == "article"), key=len, reverse=True)   # "a drone", "another drone"
_WORD_NUMBER = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_UNITS)}))?|(?:{'|'.join(sorted(_UNITS, key=len, reverse=True))}))"
)
# "a hundred", "one hundred and twenty", "two dozen", "a dozen", digits with thousands separators
NUMBER = re.compile(
    rf"""(?<![\w.,:/-])(?:
        (?P<digits>\d{{1,3}}(?:,\d{{3}})+|\d+)(?![\w:/-]|[.,]\d)
      | (?P<words>(?:(?:a|{_WORD_NUMBER})\s+)?(?:hundred|thousand)(?:\s+(?:and\s+)?{_WORD_NUMBER})?
                 |(?:a|{_WORD_NUMBER})\s+dozen|dozens|{_WORD_NUMBER})(?![\w-])
      | (?P<article>\b(?:{'|'.join(_ARTICLES)})\b)
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def word_value(text: str) -> int | None:
    """Value of a number written in words ("twenty-three", "a dozen", "one hundred and five")."""
    words = number_words()
    total, current = 0, 0
    for tok in re.split(r"[\s-]+", text.lower()):
        if tok in ("and", ""):
            continue
        if tok == "dozens":
            return 24
        if tok not in words:
            return None
        v, kind = words[tok]
        if kind == "scale":
            current = max(current, 1) * v
            total += current
            current = 0
        elif kind == "dozen":
            current = max(current, 1) * v
        else:
            current += v
    return total + current


@cache
def qualifier_rx() -> re.Pattern[str]:
    phrases = "|".join(re.escape(p) for p, _ in qualifier_phrases())
    return re.compile(rf"(?:^|\W)(?P<q>{phrases})\s+$", re.IGNORECASE)


def qualifier_before(prefix: str) -> str:
    """'exact', 'at_least' or 'approx' from the words just before a number."""
    m = qualifier_rx().search(prefix[-30:])
    if not m:
        return "exact"
    return dict((p, q) for p, q in qualifier_phrases())[m["q"].lower()]


# ---------------------------------------------------------------- places
@cache
def region_rx() -> re.Pattern[str]:
    aliases = sorted(region_aliases(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in aliases) + r")(?![\w-])", re.IGNORECASE)


REGION_TAIL = re.compile(
    r"^(?:\s+(?:oblasts|oblast|regions|region|krai|kray|territories|territory|republic|province|area|область|край)\b)",
    re.IGNORECASE,
)
