"""The reference data stays consistent: every language folder holds the same files and kinds, every
pattern compiles, number words and months read as numbers, every alias points at a known region."""
import re
from importlib import resources

import pytest

from transforms import reference
from transforms.reference import LANGUAGES

LANGUAGE_FILES = {"lexicon.csv", "number_words.csv", "qualifiers.csv", "months.csv", "boilerplate.txt"}
# the kinds of words the extractor asks the lexicon for
LEXICON_KINDS = {"drone", "intercept", "reject_noun", "subset", "direction", "not_interception", "historic", "total", "tally",
                 "mod", "governor", "mayor", "other", "weak_other", "night", "day"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_every_file_and_kind(lang):
    folder = resources.files("transforms").joinpath("reference", lang)
    assert {p.name for p in folder.iterdir()} >= LANGUAGE_FILES
    lex = reference.lexicon(lang)
    assert set(lex) >= LEXICON_KINDS
    for kind, pattern in lex.items():
        re.compile(pattern)
        assert pattern.strip(), kind


@pytest.mark.parametrize("lang", LANGUAGES)
def test_number_words_qualifiers_and_months_are_well_formed(lang):
    words = reference.number_words(lang)
    assert {kind for _, kind in words.values()} <= {"article", "unit", "tens", "scale", "dozen"}
    assert 1 in {v for v, _ in words.values()} and all(v > 0 for v, _ in words.values())
    assert {q for _, q in reference.qualifier_phrases(lang)} <= {"at_least", "approx", "exact"}
    assert set(reference.months(lang).values()) == set(range(1, 13))


def test_aliases_point_at_known_regions_and_districts_at_known_regions():
    codes = set(reference.regions())
    assert set(reference.region_aliases().values()) <= codes
    assert set(reference.districts()) <= codes
    assert {o.region_code for o in reference.officials()} <= codes


def test_cities_point_at_known_regions_and_never_shadow_a_region_name():
    rows = reference._rows("cities.csv")
    codes = set(reference.regions())
    by_region_name = {a: r["code"] for r in reference._rows("regions.csv") for a in reference._aliases(r["aliases"])}
    assert rows and all(r["region_code"] in codes for r in rows)
    for r in rows:
        for a in reference._aliases(r["aliases"]):
            assert reference.region_aliases()[a] == by_region_name.get(a, r["region_code"]), a
