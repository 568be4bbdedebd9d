"""marts.daily_envelope and marts.statement_region on a small article set with a ministry/governor
disagreement: the figures are asserted from the articles' labels (gold, in the format of seeds/LABELS.md),
computed here the way the contract defines them, not read back from the pipeline."""
from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

import pytest

from tests.conftest import query, run_stages

ARTICLES = {
    # the ministry's night report: a total and its breakdown
    "mod_night.txt": ("2025-07-16", ("The Russian Defence Ministry said on Wednesday that air defences destroyed 25 "
                      "Ukrainian drones overnight between 23:00 and 06:00 Moscow time: 10 over the Belgorod "
                      "region, 9 over the Kursk region and 6 over the Bryansk region.")),
    # the Belgorod governor gives more than the ministry for the same night
    "gladkov.txt": ("2025-07-16", ("Belgorod Governor Vyacheslav Gladkov said on Wednesday that 13 drones were shot "
                    "down over the Belgorod region overnight.")),
    # the Kursk governor agrees with the ministry
    "kursk.txt": ("2025-07-16", ("Kursk Governor Alexander Khinshtein said on Wednesday that 9 drones were shot down "
                  "over the Kursk region overnight.")),
    # a relay of the ministry's report: the same figures count once
    "relay.txt": ("2025-07-16", ("Russia's Defence Ministry said air defences destroyed 25 Ukrainian drones overnight "
                  "between 23:00 and 06:00 Moscow time, including 10 over the Belgorod region, 9 over the Kursk region "
                  "and 6 over the Bryansk region.")),
}
# the labels, as an annotator writes them (one claim per figure, per article)
GOLD = {
    "mod_night.txt": [("mod", "total", None, 25), ("mod", "region", "RU-BEL", 10), ("mod", "region", "RU-KRS", 9),
                      ("mod", "region", "RU-BRY", 6)],
    "gladkov.txt": [("governor", "region", "RU-BEL", 13)],
    "kursk.txt": [("governor", "region", "RU-KRS", 9)],
    "relay.txt": [("mod", "total", None, 25), ("mod", "region", "RU-BEL", 10), ("mod", "region", "RU-KRS", 9),
                  ("mod", "region", "RU-BRY", 6)],
}
DAY = date(2025, 7, 16)


def gold_lines() -> list[str]:
    return [json.dumps({"doc": doc, "published": ARTICLES[doc][0], "claims": [
        {"authority": a, "official": None, "scope": s, "region": r, "districts": [], "count": n, "qualifier": "exact",
         "window_start": None, "window_end": None, "event_date": DAY.isoformat(), "period": "night"}
        for a, s, r, n in claims]}) for doc, claims in GOLD.items()]


def envelope_from_labels(lines: list[str]) -> dict[str, tuple]:
    """region -> (low, high, n_authorities, agree): per authority its distinct figures of the day summed
    (a relay of the same figure counts once), then the lowest and highest across authorities."""
    figures: dict[tuple[str, str], set[int]] = defaultdict(set)
    for line in lines:
        for c in json.loads(line)["claims"]:
            if c["scope"] == "region":
                figures[(c["region"], c["authority"])].add(c["count"])
    per_region: dict[str, list[int]] = defaultdict(list)
    for (region, _), counts in figures.items():
        per_region[region].append(sum(counts))
    return {r: (min(v), max(v), len(v), min(v) == max(v)) for r, v in per_region.items()}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    inp = tmp_path_factory.mktemp("envelope") / "in"
    inp.mkdir()
    for name, (_, text) in ARTICLES.items():
        (inp / name).write_text(f"{text}\n", encoding="utf-8")
    (inp / "manifest.csv").write_text("file,published,source_url,outlet\n" + "".join(
        f"{name},{published},,\n" for name, (published, _) in ARTICLES.items()))
    (inp / "gold.jsonl").write_text("\n".join(gold_lines()) + "\n")
    db = inp.parent / "w.duckdb"
    run_stages(inp, db, as_of=date(2025, 7, 31), run_id="env", progress=False)
    return inp, db


def test_the_pipeline_reads_the_labels(warehouse):
    """The premise: the claims are the labelled ones (else the envelope test would test the extractor)."""
    _, db = warehouse
    got = sorted(query(db, "SELECT source_file, authority, scope, region_code, drones FROM marts.claims"),
                 key=lambda r: (r[0], r[1], r[2], r[3] or "", r[4]))
    want = sorted(((doc, a, s, r, n) for doc, claims in GOLD.items() for a, s, r, n in claims),
                  key=lambda r: (r[0], r[1], r[2], r[3] or "", r[4]))
    assert got == want
    assert query(db, "SELECT DISTINCT event_date FROM marts.claims") == [(DAY,)]


def test_daily_envelope_from_the_labels(warehouse):
    inp, db = warehouse
    expected = envelope_from_labels((inp / "gold.jsonl").read_text().splitlines())
    assert expected == {"RU-BEL": (10, 13, 2, False), "RU-KRS": (9, 9, 2, True), "RU-BRY": (6, 6, 1, True)}
    got = {r: (lo, hi, n, agree) for r, lo, hi, n, agree in query(
        db, "SELECT region_code, low_drones, high_drones, n_authorities, authorities_agree FROM marts.daily_envelope "
            "WHERE event_date = ?", [DAY])}
    assert got == expected
    assert query(db, "SELECT low_authority, high_authority, authorities FROM marts.daily_envelope "
                     "WHERE region_code = 'RU-BEL'") == [("mod", "governor", ["governor", "mod"])]


def test_statement_region_keeps_each_statement_with_its_period(warehouse):
    _, db = warehouse
    rows = query(db, "SELECT region_code, authority, period, drones, n_articles FROM marts.statement_region "
                     "WHERE region_code = 'RU-BEL' ORDER BY authority")
    assert rows == [("RU-BEL", "governor", "night", 13, 1), ("RU-BEL", "mod", "night", 10, 2)]
    # daily_region says which statements it summed
    (keys, periods), = query(db, "SELECT report_keys, periods FROM marts.daily_region "
                                 "WHERE region_code = 'RU-BEL' AND authority = 'mod'")
    assert len(keys) == 1 and periods == ["night"]
