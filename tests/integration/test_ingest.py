"""The ingest layer: which files are found, what the manifest may say."""
import os

from flows.landing import find_articles, read_manifest


def test_finds_txt_recursively_sorted_and_marks_links_leaving_the_folder(tmp_path):
    root = tmp_path / "in"
    (root / "b" / "c").mkdir(parents=True)
    for rel in ("z.txt", "b/a.TXT", "b/c/d.txt", "b/notes.md"):
        (root / rel).write_text("x")
    (tmp_path / "outside.txt").write_text("secret")
    os.symlink(tmp_path / "outside.txt", root / "link.txt")
    found = find_articles(root)
    assert [f.source_file for f in found] == ["link.txt", "z.txt", "b/a.TXT", "b/c/d.txt"]
    assert "outside the input folder" in found[0].problem
    assert all(f.problem is None for f in found[1:])


def test_manifest_paths_cannot_escape_the_input_folder(tmp_path):
    (tmp_path / "manifest.csv").write_text(
        "file,published,source_url,outlet\n"
        "ok.txt,2025-07-15,https://example.org/a,Paper\n"
        "../etc/passwd,2025-07-15,,\n"
        "/abs/path.txt,,,\n"
        "bad-date.txt,15/07/2025,,\n"
    )
    rows, problems = read_manifest(tmp_path)
    assert set(rows) == {"ok.txt", "bad-date.txt"}
    assert rows["ok.txt"]["published"] == "2025-07-15" and rows["bad-date.txt"]["published"] == ""
    assert len(problems) == 3 and sum("outside the input folder" in p for p in problems) == 2


def test_manifest_without_file_column_is_ignored_with_a_reason(tmp_path):
    (tmp_path / "manifest.csv").write_text("name,published\na.txt,2025-07-15\n")
    rows, problems = read_manifest(tmp_path)
    assert rows == {} and "no 'file' column" in problems[0]


def test_a_file_with_the_size_and_time_it_was_read_with_is_not_read_again(tmp_path):
    """A second ingest does not read or hash a file whose size and modification time (ns) are those it was held
    with (as rsync and git do): bytes rewritten in place under the same size and time are not seen; touching the
    file has it read again, and an unchanged file that was touched is recorded with its new time."""
    from datetime import date

    import duckdb

    from flows import stages
    from flows.settings import Settings

    root, db = tmp_path / "in", tmp_path / "w.duckdb"
    root.mkdir()
    a = root / "a.txt"
    a.write_text("Air defences destroyed 12 drones over the Kursk region overnight.\n")
    (root / "b.txt").write_text("Air defences destroyed 3 drones over the Bryansk region overnight.\n")
    settings = Settings(input_dir=root, db_path=db, as_of=date(2025, 7, 21))
    assert stages.ingest(settings, "r1").n_taken == 2

    def held_text():
        con = duckdb.connect(str(db), read_only=True)
        try:
            return con.execute("SELECT text, mtime_ns FROM raw.articles WHERE source_file = 'a.txt'").fetchone()
        finally:
            con.close()

    st = a.stat()
    assert held_text()[1] == st.st_mtime_ns
    a.write_text("Air defences destroyed 21 drones over the Kursk region overnight.\n")   # same size
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns))
    res = stages.ingest(settings, "r2")
    assert (res.n_taken, res.n_unchanged) == (0, 2) and "12 drones" in held_text()[0]
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))                        # touched
    res = stages.ingest(settings, "r3")
    assert res.n_taken == 1 and held_text() == (a.read_text(), st.st_mtime_ns + 1_000_000)
    b = root / "b.txt"
    os.utime(b, ns=(b.stat().st_atime_ns, b.stat().st_mtime_ns + 5))                  # touched, same bytes
    res = stages.ingest(settings, "r4")
    assert (res.n_taken, res.n_unchanged) == (0, 2)
    con = duckdb.connect(str(db), read_only=True)
    try:
        recorded = con.execute("SELECT mtime_ns FROM raw.articles WHERE source_file = 'b.txt'").fetchone()[0]
    finally:
        con.close()
    assert recorded == b.stat().st_mtime_ns
