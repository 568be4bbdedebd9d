"""Russian words to their dictionary forms, and the place names of the reference tables indexed by them.

Posts write places in any of six cases ("над территорией Брянской области", "над Курской областью",
"над Трубчевским, Погарским и Севским районами"); matching on lemmas (pymorphy3 with its Russian
dictionary) finds them in every form from the one nominative alias each table holds."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from transforms.reference import _aliases, _rows

_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
WORD = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)*")


@cache
def _analyzer():
    import pymorphy3   # loaded on first use: English-only batches never pay for the dictionary
    return pymorphy3.MorphAnalyzer()


@cache
def lemma(word: str) -> str:
    """Dictionary form, lowercase, with ё written е (texts use both)."""
    w = word.lower().replace("ё", "е")
    if not _CYRILLIC.search(w):
        return w
    return _analyzer().parse(w)[0].normal_form.replace("ё", "е")


@cache
def lemma_set(word: str) -> frozenset[str]:
    """Every dictionary form the word may have ('Обнинском': обнинский and обнинск)."""
    w = word.lower().replace("ё", "е")
    if not _CYRILLIC.search(w):
        return frozenset((w,))
    return frozenset(p.normal_form.replace("ё", "е") for p in _analyzer().parse(w))


@cache
def is_singular(word: str) -> bool:
    """The word's most likely reading is singular ('беспилотник', 'аппарат'; not 'беспилотники')."""
    tag = _analyzer().parse(word.lower())[0].tag
    return "sing" in tag


def lemmas(phrase: str) -> tuple[str, ...]:
    return tuple(lemma(w) for w in WORD.findall(phrase))


_TRANSLIT = dict(zip("абвгдежзийклмнопрстуфхцчшщъыьэюя",
                     ["a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t",
                      "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"]))


def translit(phrase: str) -> str:
    """A Russian place name in Latin letters, as English reporting writes it ('трубчевский' -> 'Trubchevsky')."""
    out = []
    for w in phrase.lower().replace("ё", "е").split():
        w = re.sub(r"(?:ий|ый)$", "y", w)
        out.append("".join(_TRANSLIT.get(ch, ch) for ch in w).capitalize())
    return " ".join(out)


@dataclass(frozen=True)
class Place:
    kind: str                 # region, city, district
    code: str                 # region code (of the region, the city's region, the district's region)
    name: str                 # canonical name (regions: code's name; districts: the table's English name)


@cache
def place_index() -> dict[tuple[str, ...], list[Place]]:
    """Lemma sequence of every Cyrillic alias -> the places it may name (a district name may be in two regions)."""
    out: dict[tuple[str, ...], list[Place]] = {}

    def add(alias: str, place: Place) -> None:
        if _CYRILLIC.search(alias):
            key = lemmas(alias)
            if key and place not in out.setdefault(key, []):
                out[key].append(place)
    for r in _rows("regions.csv"):
        for a in _aliases(r["aliases"]):
            add(a, Place("region", r["code"], r["name"]))
    for r in _rows("cities.csv"):
        for a in _aliases(r["aliases"]):
            add(a, Place("city", r["region_code"], r["name"]))
    for r in _rows("districts.csv"):
        for a in _aliases(r["aliases"]):
            add(a, Place("district", r["region_code"], r["name"]))
    return out


MAX_PLACE_WORDS = 3
