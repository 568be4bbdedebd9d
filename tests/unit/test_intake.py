"""transforms.intake.decide, without files or a database: what ingest does with each scanned file."""
from datetime import date, datetime

from transforms.intake import Held, HeldIndex, Scanned, decide, index_held, manifest_meta, parse_manifest

NOW, NIGHT, EARLIER = datetime(2025, 7, 21, 1, 0), date(2025, 7, 21), datetime(2025, 7, 20, 1, 0)
NO_META = (None, None, None)


def scanned(name: str, data: bytes | None = b"Drones were shot down over the Bryansk region.\n", **kw) -> Scanned:
    import hashlib

    return Scanned(name, data, hashlib.sha256(data).hexdigest() if data is not None else None, **kw)


def held(*rows) -> HeldIndex:
    return index_held(sorted(rows, key=lambda r: r[1]))


def row(table, name, sha, meta=NO_META, landed=date(2025, 7, 20)):
    return (table, name, sha, *meta, EARLIER, landed)


def run(f: Scanned, index, meta=NO_META):
    return decide(f, meta, index, now=NOW, as_of=NIGHT, run_id="night-2")


def test_a_new_file_is_an_article_with_its_manifest_metadata_and_this_night():
    d = run(scanned("a.txt"), held(), meta=("2025-07-15", "https://example.org/a", "Paper"))
    assert (d.outcome, d.table) == ("article", "articles")
    assert d.row["published"] == "2025-07-15" and d.row["outlet"] == "Paper" and d.row["encoding"] == "utf-8"
    assert (d.row["received_at"], d.row["landed_on"], d.row["run_id"]) == (NOW, NIGHT, "night-2")
    assert d.row["text"].startswith("Drones") and d.row["bytes"] == len(scanned("a.txt").data)


def test_same_name_same_bytes_is_unchanged_and_writes_nothing():
    f = scanned("a.txt")
    d = run(f, held(row("articles", "a.txt", f.sha256)))
    assert (d.outcome, d.table, d.row) == ("unchanged", "articles", None)
    d = run(f, held(row("quarantine", "a.txt", f.sha256)))   # a quarantined file stays so while its bytes do
    assert (d.outcome, d.table) == ("unchanged", "quarantine")


def test_new_metadata_for_held_bytes_is_taken_again_keeping_the_first_arrival():
    f = scanned("a.txt")
    d = run(f, held(row("articles", "a.txt", f.sha256)), meta=("2025-07-15", None, None))
    assert d.outcome == "article" and d.row["published"] == "2025-07-15"
    assert (d.row["received_at"], d.row["landed_on"]) == (EARLIER, date(2025, 7, 20))


def test_changed_bytes_are_a_new_arrival():
    d = run(scanned("a.txt", b"a correction\n"), held(row("articles", "a.txt", "old-hash")))
    assert d.outcome == "article" and (d.row["received_at"], d.row["landed_on"]) == (NOW, NIGHT)


def test_bytes_held_under_another_name_are_taken_and_recorded_as_a_copy_of_the_first_name():
    """CONTRACT.md: every file ends up in raw.articles or raw.quarantine, a copy arriving on a later night too."""
    f = scanned("copy.txt")
    index = held(row("articles", "b.txt", f.sha256), row("articles", "a.txt", f.sha256))
    d = run(f, index)
    assert (d.outcome, d.table, d.copy_of) == ("alias", "articles", "a.txt")
    assert d.row["text"].startswith("Drones") and d.row["sha256"] == f.sha256
    assert (d.row["received_at"], d.row["landed_on"], d.row["run_id"]) == (NOW, NIGHT, "night-2")
    assert d.alias == {"source_file": "copy.txt", "sha256": f.sha256, "alias_of": "a.txt",
                       "received_at": NOW, "landed_on": NIGHT, "run_id": "night-2"}
    # an alias is never the original another copy points at
    assert index_held([row("aliases", "x.txt", "h")]).first_name == {}
    assert index_held([(*row("aliases", "x.txt", "h"), "a.txt"), (*row("articles", "x.txt", "h"), None)]).first_name == {}


def test_a_copy_of_quarantined_bytes_is_quarantined_and_recorded_as_a_copy():
    binary = scanned("again.bin.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    d = run(binary, held(row("quarantine", "photo.txt", binary.sha256)))
    assert (d.outcome, d.table, d.copy_of, d.alias["alias_of"]) == ("alias", "quarantine", "photo.txt", "photo.txt")
    assert d.row["content"] == binary.data


def test_a_held_copy_is_unchanged_and_one_recorded_only_in_raw_aliases_is_read_now():
    f = scanned("copy.txt")
    copy = [(*row("aliases", "copy.txt", f.sha256), "a.txt"), (*row("articles", "a.txt", f.sha256), None)]
    d = run(f, index_held(sorted([*copy, (*row("articles", "copy.txt", f.sha256), None)], key=lambda r: (r[1], r[0]))))
    assert (d.outcome, d.table, d.row, d.copy_of) == ("unchanged", "articles", None, "a.txt")
    # held by an earlier version only in raw.aliases: read into raw.articles, keeping its first arrival
    d = run(f, index_held(sorted(copy, key=lambda r: (r[1], r[0]))))
    assert (d.outcome, d.table, d.copy_of) == ("alias", "articles", "a.txt")
    assert (d.row["received_at"], d.row["landed_on"]) == (EARLIER, date(2025, 7, 20)) == \
        (d.alias["received_at"], d.alias["landed_on"])


def test_a_held_name_whose_bytes_became_a_copy_is_read_again_not_aliased():
    other = scanned("b.txt")
    d = run(scanned("a.txt"), held(row("articles", "a.txt", "old-hash"), row("articles", "b.txt", other.sha256)))
    assert d.outcome == "article"


def test_unreadable_or_undecodable_files_are_quarantined_with_their_bytes_and_reason():
    link = run(Scanned("link.txt", unreadable="symbolic link to a file outside the input folder (/etc); not read"), held())
    assert (link.outcome, link.row["content"], link.row["bytes"], link.row["sha256"]) == ("quarantine", None, None, None)
    assert "outside the input folder" in link.row["reason"]
    binary = scanned("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    d = run(binary, held())
    assert d.outcome == "quarantine" and d.row["content"] == binary.data and d.reason == d.row["reason"]
    big = scanned("big.txt", unreadable="file too large: 10 bytes (limit 5)")
    assert run(big, held()).row["content"] == big.data


def test_files_that_must_wait_are_left_without_a_row():
    d = run(Scanned("late.txt", wait="landed after 2025-07-20 (Moscow time)"), held())
    assert (d.outcome, d.table, d.row, d.reason) == ("wait", None, None, "landed after 2025-07-20 (Moscow time)")


def test_repaired_text_is_an_article_that_says_so():
    long_article = "Air defences destroyed twelve drones over the Bryansk region overnight. ".encode() * 200
    d = run(scanned("a.txt", long_article[:500] + b"\xff" + long_article[500:]), held())   # one bad byte
    assert d.outcome == "article"
    assert d.repaired == d.row["encoding"] and "replaced" in d.repaired


def test_manifest_rows_and_metadata():
    rows, problems = parse_manifest("File,Published,source_url,outlet\n a.txt ,2025-07-15,,Paper\nb\\c.txt,15/07/2025,,\n")
    assert manifest_meta(rows["a.txt"]) == ("2025-07-15", None, "Paper")
    assert manifest_meta(rows["b/c.txt"]) == (None, None, None) and "not an ISO date" in problems[0]
    assert manifest_meta(None) == NO_META
    assert isinstance(index_held([row("articles", "a.txt", "h")]).by_name["a.txt"], Held)


def stat_row(table, name, sha, size, mtime_ns, meta=NO_META):
    return (table, name, sha, *meta, EARLIER, date(2025, 7, 20), None, size, mtime_ns)


def test_a_file_held_with_its_size_and_time_need_not_be_read_unless_its_metadata_changed():
    from transforms.intake import known_file

    f = scanned("a.txt")
    index = held(stat_row("articles", "a.txt", f.sha256, 48, 1_700_000_000_123, meta=("2025-07-15", None, None)))
    assert known_file(index, "a.txt", ("2025-07-15", None, None)) == (48, 1_700_000_000_123, f.sha256)
    assert known_file(index, "a.txt", ("2025-07-16", None, None)) is None       # new metadata: read it again
    assert known_file(index, "b.txt", NO_META) is None                           # not held
    assert known_file(held(row("articles", "a.txt", f.sha256)), "a.txt", NO_META) is None   # no time recorded
    d = run(Scanned("a.txt", None, f.sha256, mtime_ns=1_700_000_000_123, as_held=True), index, ("2025-07-15", None, None))
    assert (d.outcome, d.table, d.row, d.restat) == ("unchanged", "articles", None, None)


def test_an_unchanged_file_read_again_records_its_new_time_and_a_new_file_its_first():
    f = scanned("a.txt", mtime_ns=1_700_000_000_999)
    d = run(f, held(stat_row("articles", "a.txt", f.sha256, len(f.data), 1_700_000_000_123)))
    assert (d.outcome, d.row, d.restat) == ("unchanged", None, 1_700_000_000_999)     # touched: same bytes
    assert run(f, held()).row["mtime_ns"] == 1_700_000_000_999


def test_a_file_said_held_but_not_held_so_is_an_error_not_a_silent_skip():
    import pytest

    with pytest.raises(ValueError):
        run(Scanned("a.txt", None, "0" * 64, as_held=True), held())


def test_held_files_decided_in_bulk_are_those_decide_finds_unchanged_unread():
    """unchanged_as_held against known_file + decide, file by file, over held rows of every kind: an article with its
    metadata, with metadata changed or removed, a quarantined file, a copy, a name only in raw.aliases, a file
    whose size or time moved, one held before sizes were recorded; and index_held_of against index_held."""
    import polars as pl

    from transforms.intake import (HELD_COLUMNS, index_held_of, known_file, meta_frame, unchanged_as_held)

    m = ("2025-07-15", "https://example.org/a", "Paper")

    def r(table, name, sha, meta=NO_META, alias_of=None, size=10, mtime=5):
        return (table, name, sha, *meta, EARLIER, date(2025, 7, 20), alias_of, size, mtime)

    rows = sorted([
        r("articles", "a.txt", "ha", m), r("articles", "b.txt", "hb", m), r("articles", "c.txt", "hc", m),
        r("quarantine", "q.txt", "hq"), r("articles", "copy.txt", "ha", m), r("aliases", "copy.txt", "ha", alias_of="a.txt",
                                                                                size=None, mtime=None),
        r("aliases", "only-alias.txt", "hb", alias_of="b.txt", size=None, mtime=None),
        r("articles", "moved.txt", "hm"), r("articles", "touched.txt", "ht"), r("articles", "old.txt", "ho", size=None),
    ], key=lambda x: (x[1], x[0]))
    metas = {"a.txt": m, "b.txt": ("2025-07-16", m[1], m[2]), "copy.txt": m}   # b's date changed, c left the manifest
    stats = {"a.txt": (10, 5), "b.txt": (10, 5), "c.txt": (10, 5), "q.txt": (10, 5), "copy.txt": (10, 5),
             "only-alias.txt": (10, 5), "moved.txt": (11, 5), "touched.txt": (10, 6), "old.txt": (10, 5), "new.txt": (3, 1)}
    index = index_held(rows)

    one_by_one = {}
    for name, (size, mtime) in stats.items():
        meta = metas.get(name, NO_META)
        known = known_file(index, name, meta)
        if known is not None and (size, mtime) == known[:2]:
            d = run(Scanned(name, sha256=known[2], mtime_ns=mtime, as_held=True), index, meta)
            one_by_one[name] = (known[2], d.table, d.copy_of)
    frame = pl.DataFrame(rows, schema=HELD_COLUMNS, orient="row")
    stat_frame = pl.DataFrame([(n, s, t) for n, (s, t) in stats.items()], schema=["source_file", "size", "mtime_ns"],
                              orient="row")
    bulk = unchanged_as_held(stat_frame, frame, meta_frame(metas))
    assert {n: (h, t, c) for n, h, t, c in bulk.iter_rows()} == one_by_one
    assert set(one_by_one) == {"a.txt", "q.txt", "copy.txt"}
    rest = sorted(set(stats) - set(one_by_one))
    part = index_held_of(frame, rest)
    assert part.first_name == index.first_name
    assert part.by_name == {n: h for n, h in index.by_name.items() if n in rest}


def test_manifest_paths_are_normalised_the_same_with_or_without_the_shortcut():
    """parse_manifest takes a path as written when it cannot need normalising; over random paths of '.', '..', '/',
    '\\' and names, it keys each row as the plain rule does (or refuses it as outside the folder)."""
    import random

    def plain(written: str) -> str | None:
        written = written.replace("\\", "/")
        parts = [p for p in written.split("/") if p not in ("", ".")]
        return None if written.startswith("/") or ".." in parts or not parts else "/".join(parts)

    rng = random.Random(1)
    pieces = ["a", "b", ".", "/", "\\", "..", "x.txt"]
    for _ in range(5000):
        written = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        rows, problems = parse_manifest(f"file,published\n{written},\n")
        assert next(iter(rows), None) == plain(written), written
        assert bool(problems) == (plain(written) is None)
