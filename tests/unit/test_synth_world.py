"""The generator's places and people come from transforms.reference (the extractor's tables), and who holds
which office on a day follows the tenures recorded there."""
from __future__ import annotations

from datetime import date

from synth import world
from transforms import reference


def _official(code: str, name: str) -> reference.Official:
    return next(o for o in reference.officials() if o.region_code == code and o.name == name)


def test_the_reference_is_the_extractors_own():
    ref = world.load_reference()
    assert ref.regions is reference.regions()
    assert all(o in reference.officials() for offs in ref.officials.values() for o in offs)
    canonical = {code: {name for name, _ in rows} for code, rows in reference.districts().items()}
    for code, ds in ref.districts.items():
        assert {d.name for d in ds} <= canonical[code]
    assert {c for c, _ in ref.weights} <= set(reference.regions())


def test_districts_named_like_a_city_or_region_are_not_drawn():
    """'the Kursk district' would read as the city (or the region), not as a district."""
    ref = world.load_reference()
    names = {d.name for ds in ref.districts.values() for d in ds}
    assert {"Kursk", "Kaluga", "Obninsk", "Bryansk", "Belgorod"}.isdisjoint(names)
    assert {"Belovsky", "Kozelsky", "Starodubsky"} <= names
    assert ref.districts["RU-MOS"], "Moscow Oblast's districts (urban okrugs) are drawn too"


def test_foreign_districts_cannot_resolve_in_the_region():
    ref = world.load_reference()
    for code, foreign in ref.foreign.items():
        own = {d.name.lower() for d in ref.districts[code]} | {a for d in ref.districts[code] for a in d.aliases}
        assert foreign and all(d.region != code and d.name.lower() not in own for d in foreign)


def test_official_in_office_skips_the_months_of_transition():
    ref = world.load_reference()
    # Kursk: Smirnov from 2024-05 until 2024-12, Khinshtein from 2024-12
    assert world.official_for(ref, "RU-KRS", date(2024, 8, 1)).name == "Alexei Smirnov"
    assert world.official_for(ref, "RU-KRS", date(2024, 12, 15)) is None
    assert world.official_for(ref, "RU-KRS", date(2025, 1, 15)).name == "Alexander Khinshtein"
    assert world.official_for(ref, "RU-KLU", date(2024, 3, 3)).name == "Vladislav Shapsha"
    # a predecessor with no recorded start is the 'former' official a month after the handover
    assert world.former_official(ref, "RU-KRS", date(2024, 8, 1)).name == "Roman Starovoit"
    assert world.former_official(ref, "RU-KLU", date(2024, 8, 1)) is None


def test_acting_until_the_september_election_after_the_tenure_began():
    khinshtein = _official("RU-KRS", "Alexander Khinshtein")   # acting from 2024-12, elected 2025-09
    assert world.acting_on(khinshtein, date(2025, 8, 31))
    assert not world.acting_on(khinshtein, date(2025, 9, 1))
    smirnov = _official("RU-KRS", "Alexei Smirnov")            # acting from 2024-05, elected 2024-09
    assert world.acting_on(smirnov, date(2024, 6, 1)) and not world.acting_on(smirnov, date(2024, 10, 1))
    assert not world.acting_on(_official("RU-KLU", "Vladislav Shapsha"), date(2024, 6, 1))


def test_titles_follow_the_office_and_the_kind_of_region():
    ref = world.load_reference()
    assert world.title_of(ref, _official("RU-MOW", "Sergei Sobyanin")) == "mayor"
    assert world.title_of(ref, _official("RU-TA", "Rustam Minnikhanov")) == "head"
    assert world.title_of(ref, _official("RU-BRY", "Alexander Bogomaz")) == "governor"
