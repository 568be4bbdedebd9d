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
