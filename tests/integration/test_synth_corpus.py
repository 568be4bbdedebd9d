"""The corpus written by the synthetic article generator behind `skytally generate` (synth/): determinism,
layout, and labels that agree with the text and with the reference data."""
from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path, PurePosixPath

import pytest

import synth
from synth import generate, writer
from synth.labels import FLAG_ORDER
from synth.text import words
from transforms import reference

ROOT = Path(synth.__file__).resolve().parent.parent   # the checkout, wherever this test file sits

AUTHORITIES = {"mod", "governor", "mayor", "other"}
QUALIFIERS = {"exact", "at_least", "approx"}
PERIODS = {"night", "day", None}
CLAIM_KEYS = {"authority", "official", "scope", "region", "districts", "count", "qualifier",
              "window_start", "window_end", "event_date", "period"}
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DATE = re.compile(r"^(\d{4}-)?\d{2}-\d{2}$")


def tree(d: Path) -> dict:
    return {p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


def load(d: Path):
    gold = [json.loads(line) for line in (d / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    with open(d / "manifest.csv", encoding="utf-8", newline="") as f:
        manifest = list(csv.DictReader(f))
    return gold, manifest


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("gen") / "out"
    counts = generate(600, 11, out)
    gold, manifest = load(out)
    return out, counts, gold, manifest


def test_same_seed_gives_identical_bytes(tmp_path):
    a = generate(250, 3, tmp_path / "a")
    b = generate(250, 3, tmp_path / "b")
    assert a == b
    ta, tb = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert ta.keys() == tb.keys() and len(ta) == 252
    assert ta == tb


def test_different_seed_differs(tmp_path):
    generate(100, 1, tmp_path / "a")
    generate(100, 2, tmp_path / "b")
    assert (tmp_path / "a" / "gold.jsonl").read_bytes() != (tmp_path / "b" / "gold.jsonl").read_bytes()
    ta, tb = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert sum(ta[k] != tb.get(k) for k in ta) > 90


def test_parallel_and_hash_seed_do_not_change_output(tmp_path):
    generate(520, 5, tmp_path / "one", workers=1)
    generate(520, 5, tmp_path / "two", workers=2)  # three chunks over two processes
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    # another interpreter with another string-hash seed
    code = ("import sys; from pathlib import Path; from synth import generate; "
            "generate(150, 9, Path(sys.argv[1]))")
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "sub")], cwd=ROOT, env=env, check=True)
    generate(150, 9, tmp_path / "here")
    assert tree(tmp_path / "sub") == tree(tmp_path / "here")


def test_counts_match_files(sample):
    out, counts, gold, manifest = sample
    files = sorted(p for p in out.rglob("*.txt"))
    assert counts["docs"] == len(gold) == len(manifest) == len(files) == 600
    assert counts["claims"] == sum(len(g["claims"]) for g in gold)
    assert counts["negative_docs"] == sum(1 for g in gold if not g["claims"])
    assert counts["bytes"] == sum(p.stat().st_size for p in files)
    for flag, n in counts["flags"].items():
        assert n == sum(flag in g["flags"] for g in gold), flag
    assert sum(counts["styles"].values()) == 600
    assert sum(counts["authorities"].values()) == counts["claims"]
    assert counts["layout"] == "flat"


def test_every_gold_doc_exists_and_matches_manifest(sample):
    out, _, gold, manifest = sample
    assert [g["doc"] for g in gold] == [PurePosixPath(m["file"]).name for m in manifest]
    assert len({g["doc"] for g in gold}) == len(gold)  # basenames are unique (the scorer keys on them)
    for g, m in zip(gold, manifest):
        assert (out / m["file"]).is_file()
        assert g["published"] == (m["published"][:10] or None)
        assert g["source_url"] == (m["source_url"] or None)
        assert m["outlet"]


def test_nested_layout(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "FLAT_LIMIT", 40)
    counts = generate(120, 4, tmp_path / "n", subdirs=7)
    gold, manifest = load(tmp_path / "n")
    assert counts["layout"] == "nested"
    assert {PurePosixPath(m["file"]).parent.name for m in manifest} == {f"{k:04d}" for k in range(7)}
    assert manifest[12]["file"] == "0005/doc_000012.txt"
    assert gold[12]["doc"] == "doc_000012.txt"
    for m in manifest:
        assert (tmp_path / "n" / m["file"]).is_file()


def test_refuses_non_empty_dir_unless_overwrite(tmp_path):
    generate(30, 1, tmp_path / "o")
    with pytest.raises(FileExistsError):
        generate(30, 1, tmp_path / "o")
    (tmp_path / "o" / "keep.me").write_text("x")
    generate(20, 2, tmp_path / "o", overwrite=True)
    assert (tmp_path / "o" / "keep.me").exists()
    assert len(list((tmp_path / "o").glob("doc_*.txt"))) == 20


def test_label_schema(sample):
    _, _, gold, _ = sample
    for g in gold:
        assert set(g) == {"doc", "source_url", "published", "claims", "optional_claims", "flags", "notes"}
        assert set(g["flags"]) <= set(FLAG_ORDER)
        assert len(g["flags"]) == len(set(g["flags"]))
        for c in g["claims"]:
            assert set(c) == CLAIM_KEYS
            assert c["authority"] in AUTHORITIES and c["qualifier"] in QUALIFIERS and c["period"] in PERIODS
            assert isinstance(c["count"], int) and c["count"] > 0
            assert (c["scope"] == "total") == (c["region"] is None)
            assert c["scope"] in ("total", "region")
            assert (c["window_start"] is None) == (c["window_end"] is None)
            for t in (c["window_start"], c["window_end"]):
                assert t is None or HHMM.match(t)
            assert c["event_date"] is None or DATE.match(c["event_date"])
            if c["authority"] == "mod":
                assert c["official"] is None
            if c["authority"] in ("governor", "mayor"):
                assert c["official"]
            if c["authority"] == "mayor":
                assert c["region"] == "RU-MOW"


def test_regions_districts_officials_come_from_the_extractors_reference(sample):
    _, _, gold, _ = sample
    regions = set(reference.regions())
    districts = defaultdict(set)
    for code, rows in reference.districts().items():
        districts[code].update(name for name, _ in rows)
    all_districts = set().union(*districts.values())
    officials = {(o.region_code, o.name) for o in reference.officials()}
    for g in gold:
        unknown = False
        for c in g["claims"]:
            if c["region"] is not None:
                assert c["region"] in regions, c["region"]
            for d in c["districts"]:
                assert d in all_districts, d  # only districts of districts.csv, by canonical name
                unknown |= d not in districts[c["region"]]
            if c["official"]:
                assert (c["region"], c["official"]) in officials, (c["region"], c["official"])
        assert unknown == ("unknown_district" in g["flags"]), g["doc"]


def test_breakdown_arithmetic_agrees_with_flags(sample):
    _, _, gold, _ = sample
    seen = defaultdict(int)
    for g in gold:
        groups = defaultdict(lambda: {"total": None, "regions": []})
        for c in g["claims"]:
            k = (c["authority"], c["official"], c["window_start"], c["window_end"], c["event_date"], c["period"])
            if c["scope"] == "total":
                assert groups[k]["total"] is None, g["doc"]  # one total per report
                groups[k]["total"] = c["count"]
            else:
                groups[k]["regions"].append(c["count"])
        over = under = False
        for grp in groups.values():
            if grp["total"] is None or not grp["regions"]:
                continue
            s = sum(grp["regions"])
            over |= s > grp["total"]
            under |= s < grp["total"]
        assert over == ("breakdown_sum_mismatch" in g["flags"]), g["doc"]
        assert under == ("breakdown_partial" in g["flags"]), g["doc"]
        if "ambiguous_count" in g["flags"]:
            # an unsplit 'N over A and B' is labelled as N for each: some total adds up exactly
            # with two equal regional figures
            assert any(grp["total"] == sum(grp["regions"]) and len(grp["regions"]) != len(set(grp["regions"]))
                       for grp in groups.values() if grp["total"] is not None), g["doc"]
        seen["over"] += over
        seen["under"] += under
        seen["amb"] += "ambiguous_count" in g["flags"]
    assert seen["over"] and seen["under"] and seen["amb"]  # all three cases are exercised


def test_date_unresolved_exactly_when_a_date_is_null(sample):
    out, _, gold, _ = sample
    n = 0
    for g in gold:
        null = any(c["event_date"] is None for c in g["claims"])
        assert null == ("date_unresolved" in g["flags"]), g["doc"]
        n += null
        if g["published"] is not None:
            for c in g["claims"]:  # a published date gives every claim a full date or none
                assert c["event_date"] is None or len(c["event_date"]) == 10, g["doc"]
        else:  # without one, a full date needs its year in the text
            text = None
            for c in g["claims"]:
                if c["event_date"] and len(c["event_date"]) == 10:
                    text = text or next(out.rglob(g["doc"])).read_text(encoding="utf-8-sig")
                    assert c["event_date"][:4] in text, g["doc"]
    assert n


def test_text_states_every_labelled_figure(sample):
    out, _, gold, manifest = sample
    for g, m in zip(gold, manifest):
        raw = (out / m["file"]).read_bytes()
        text = raw.decode("utf-8-sig").lower()
        for c in g["claims"]:
            n = c["count"]
            forms = {str(n), words(n)} | ({"dozen"} if n == 12 else set()) | (
                {"one", "a single", "another"} if n == 1 else set())
            assert any(re.search(r"(?<![\w-])" + re.escape(f) + r"(?![\w-])", text) for f in forms), (g["doc"], n)


def test_variety_and_noise(sample):
    out, counts, gold, manifest = sample
    assert len(counts["styles"]) >= 15
    assert set(counts["authorities"]) == AUTHORITIES
    assert all(counts["flags"][f] for f in ("breakdown_partial", "boilerplate", "date_unresolved",
                                            "ambiguous_count", "official_name_mismatch"))
    raws = [(out / m["file"]).read_bytes() for m in manifest]
    assert any(r.startswith(b"\xef\xbb\xbf") for r in raws)
    assert any("\u201c".encode() in r for r in raws) and any(b'"' in r for r in raws)
    assert any(b"GMT" in r for r in raws) and any(b"p.m." in r or b" PM" in r for r in raws)
    assert sum(not g["claims"] for g in gold) > 30
    texts = [r.decode("utf-8-sig") for r in raws]
    first_lines = {t.split("\n", 1)[0] for t in texts}
    assert len(first_lines) > 100
    assert all(g["published"] is None or re.match(r"^\d{4}-\d{2}-\d{2}$", g["published"]) for g in gold)
