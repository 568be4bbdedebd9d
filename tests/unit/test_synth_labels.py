"""The gold labels' rules that do not need a whole article: event dates per date mode, and the flags that come
from comparing the reports rendered in one article."""
from __future__ import annotations

from datetime import date, datetime

from synth.labels import Rendered, claim, cross_flags, event_label, final_flags

D = date(2025, 7, 21)


def w(h1, h2):
    return (datetime(2025, 7, 20, h1), datetime(2025, 7, 21, h2))


def test_event_date_is_as_precise_as_the_text_and_the_published_date_allow():
    known_year, no_year = (D, True), (D, False)
    assert event_label(None, D, "full") == "2025-07-21"
    assert event_label(None, D, "monthday") == "07-21"          # a month and day without a year
    assert event_label(known_year, D, "monthday") == "2025-07-21"
    assert event_label(no_year, D, "anchor") == "07-21"
    assert event_label(None, D, "anchor") is None              # 'overnight' with nothing to anchor it
    assert event_label(no_year, D, "weekday") is None          # a weekday needs a dated anchor
    assert event_label(known_year, D, "weekday") == "2025-07-21"


def test_two_authorities_disagreeing_on_a_region_raise_source_discrepancy():
    mod = Rendered("mod", None, D, "night", w(20, 7), {"RU-BRY": (5, "exact")})
    gov = Rendered("governor", "Alexander Bogomaz", D, "night", None, {"RU-BRY": (7, "exact")})
    assert cross_flags([mod, gov]) == ["source_discrepancy"]
    at_least = Rendered("governor", "Alexander Bogomaz", D, "night", None, {"RU-BRY": (4, "at_least")})
    assert cross_flags([mod, at_least]) == []                  # 'at least 4' agrees with 5
    other_night = Rendered("governor", "Alexander Bogomaz", date(2025, 7, 22), "night", None, {"RU-BRY": (7, "exact")})
    assert cross_flags([mod, other_night]) == []


def test_windows_outside_the_ministrys_and_overlapping_reports():
    mod = Rendered("mod", None, D, "night", w(20, 7))
    assert cross_flags([mod, Rendered("governor", "X", D, "night", w(21, 6))]) == []
    assert cross_flags([mod, Rendered("governor", "X", D, "night", w(19, 6))]) == ["window_mismatch"]
    assert cross_flags([mod, Rendered("mod", None, D, "night", w(23, 9))]) == ["overlapping_windows"]


def test_final_flags_add_date_unresolved_exactly_when_a_date_is_null_in_the_vocabularys_order():
    dated = claim("mod", None, "total", None, 5, "exact", None, None, "2025-07-21", "night")
    undated = claim("mod", None, "total", None, 5, "exact", None, None, None, "night")
    assert final_flags(["boilerplate"], [], [dated]) == ["boilerplate"]
    assert final_flags(["boilerplate", "breakdown_partial"], [], [dated, undated]) == [
        "breakdown_partial", "boilerplate", "date_unresolved"]
