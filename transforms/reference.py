"""Reference data kept as reviewable files in transforms/reference/, loaded once per process.

Places and people (regions, districts, officials) are one table each, with aliases in every language;
the words of a language (drone nouns, verbs, number words, qualifiers, months, page furniture) live in
reference/<lang>/, one folder per language with the same files (tests/unit/test_reference.py checks it)."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


LANGUAGES = ("en", "ru")


def _path(name: str, lang: str | None):
    base = resources.files(__package__).joinpath("reference")
    return base.joinpath(lang, name) if lang else base.joinpath(name)


def _rows(name: str, lang: str | None = None) -> list[dict[str, str]]:
    with _path(name, lang).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _aliases(s: str) -> list[str]:
    return [a.strip().lower() for a in (s or "").split("|") if a.strip()]


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    kind: str


@dataclass(frozen=True)
class Official:
    region_code: str
    office: str
    name: str
    aliases: tuple[str, ...]
    in_office_from: tuple[int, int] | None = None    # (year, month) the tenure began, when the note says
    in_office_until: tuple[int, int] | None = None   # (year, month) it ended

    def held_office_on(self, day) -> bool | None:
        """False when `day` falls in a month wholly outside the tenure; None when the tenure is not on record."""
        if self.in_office_from is None and self.in_office_until is None:
            return None
        ym = (day.year, day.month)
        return not ((self.in_office_from and ym < self.in_office_from) or (self.in_office_until and ym > self.in_office_until))

    @property
    def surname(self) -> str:
        return self.name.split()[-1].lower()


@cache
def regions() -> dict[str, Region]:
    return {r["code"]: Region(r["code"], r["name"], r["kind"]) for r in _rows("regions.csv")}


@cache
def region_aliases() -> dict[str, str]:
    """alias (lowercase) -> region code."""
    out: dict[str, str] = {}
    for r in _rows("regions.csv"):
        for a in _aliases(r["aliases"]):
            out.setdefault(a, r["code"])
    # a city stands for its region ("over Taganrog" is over Rostov Oblast); region names come first
    for r in _rows("cities.csv"):
        for a in _aliases(r["aliases"]):
            out.setdefault(a, r["region_code"])
    return out


@cache
def districts() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """region code -> [(canonical name, aliases)]."""
    out: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for r in _rows("districts.csv"):
        out.setdefault(r["region_code"], []).append((r["name"], tuple(_aliases(r["aliases"]))))
    return out


def _tenure(note: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """'acting from 2024-12, elected 2025-09' / 'governor until 2024-11; then ...': the tenure in this office
    (the note's first clause speaks of the row's own office)."""
    first = (note or "").split(";")[0]
    def ym(pattern: str) -> tuple[int, int] | None:
        m = re.search(pattern, first)
        return (int(m[1]), int(m[2])) if m else None
    return ym(r"from (\d{4})-(\d{2})"), ym(r"(?:until|resigned) (\d{4})-(\d{2})")


@cache
def officials() -> list[Official]:
    return [
        Official(r["region_code"], r["office"], r["name"], tuple(_aliases(r["aliases"])), *_tenure(r.get("note", "")))
        for r in _rows("officials.csv")
    ]


@cache
def number_words(lang: str = "en") -> dict[str, tuple[int, str]]:
    return {r["word"]: (int(r["value"]), r["kind"]) for r in _rows("number_words.csv", lang)}


@cache
def qualifier_phrases(lang: str = "en") -> list[tuple[str, str]]:
    rows = [(r["phrase"], r["qualifier"]) for r in _rows("qualifiers.csv", lang)]
    return sorted(rows, key=lambda r: -len(r[0]))


@cache
def lexicon(lang: str = "en") -> dict[str, str]:
    """kind -> regular expression of the words of that kind (drone nouns, interception verbs ...)."""
    return {r["kind"]: r["pattern"] for r in _rows("lexicon.csv", lang)}


@cache
def months(lang: str = "en") -> dict[str, int]:
    """Month name or abbreviation (lowercase) -> month number."""
    return {r["word"]: int(r["month"]) for r in _rows("months.csv", lang)}


@cache
def boilerplate_patterns(lang: str = "en") -> tuple[list[str], list[str]]:
    """(tail patterns, line patterns) from boilerplate.txt."""
    tail, line = [], []
    text = _path("boilerplate.txt", lang).read_text(encoding="utf-8")
    for raw in text.splitlines():
        s = raw.strip()
        if not s or s.startswith("#"):
            continue
        if s.startswith("tail:"):
            tail.append(s[5:])
        else:
            line.append(s)
    for p in tail + line:
        re.compile(p)  # fail at load on a bad pattern, not mid-run
    return tail, line


@dataclass(frozen=True)
class ChannelPattern:
    pattern: re.Pattern[str]
    authority: str
    region_code: str | None


@cache
def channel_patterns() -> list[ChannelPattern]:
    """Known channels of authorities (reference/channels.csv): a post from one has that authority as its speaker."""
    return [ChannelPattern(re.compile(r["pattern"], re.IGNORECASE), r["authority"], r["region_code"] or None)
            for r in _rows("channels.csv")]
