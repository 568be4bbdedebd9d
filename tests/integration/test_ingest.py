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
