"""Hostile input, crashes and concurrent use: nothing lost, nothing corrupted."""
import codecs
import os
import random
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from flows.faults import POINTS
from tests.conftest import ROOT, SAMPLE, query, run_stages

ARTICLE = ("MOSCOW, July 15 (Reuters) - Russia's Defence Ministry said air defences destroyed 12 drones over the "
           "Bryansk region and 5 over the Kursk region between 23:00 and 07:00 Moscow time.\n")


def build_hostile(root: Path, outside: Path) -> dict[str, str]:
    """Every kind of bad file a landing folder meets. Returns name -> expected table."""
    root.mkdir(parents=True)
    (root / "nested" / "deeper").mkdir(parents=True)
    files = {
        "empty.txt": (b"", "quarantine"),
        "binary.txt": (random.Random(1).randbytes(4000), "quarantine"),
        "nul bytes.txt": (b"Drones\x00\x00\x00 were\x00 shot\x00\x00 down" * 50, "quarantine"),
        "utf16 bom.txt": (codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), "articles"),
        "cp1251 кириллица.txt": (("Губернатор Богомаз сообщил: над Брянской областью уничтожены 5 беспилотников. " * 3).encode("cp1251"), "articles"),
        "bad utf8 middle.txt": ((ARTICLE * 40).encode()[:900] + b"\xff\xfe" + (ARTICLE * 40).encode()[900:], "articles"),
        "huge.txt": ((ARTICLE * 120_000).encode(), "quarantine"),                     # ~22 MB: over the size limit
        "one line of several MB.txt": (((ARTICLE.strip() + " ") * 20_000).encode(), "quarantine"),
        "one long line.txt": ((ARTICLE.strip() + " ") * 2_000).encode(),              # 360 kB, one line
        "page.txt": (f"<!DOCTYPE html><html><body><p>{ARTICLE}</p><script>x=1</script></body></html>".encode(), "articles"),
        "only boilerplate.txt": (b"Subscribe to our newsletter\nRead also: something\n[mc4wp_form id=\"1\"]\n", "articles"),
        "dup one.txt": (ARTICLE.encode(), "articles"),
        "nested/deeper/dup two.txt": (ARTICLE.encode(), "articles"),
        "cut mid sentence.txt": (ARTICLE.encode()[:70], "articles"),
        "nested/ünïcödé name.txt": (ARTICLE.encode(), "articles"),
        "notes.md": (b"not an article", None),
    }
    expected = {}
    for name, spec in files.items():
        data, table = spec if isinstance(spec, tuple) else (spec, "articles")
        (root / name).write_bytes(data)
        if table:
            expected[name] = table
    (outside / "secret.txt").write_text("Outside the input folder: 999 drones over the Kursk region.")
    os.symlink(outside / "secret.txt", root / "link outside.txt")
    expected["link outside.txt"] = "quarantine"
    os.symlink(root / "dup one.txt", root / "link inside.txt")
    expected["link inside.txt"] = "articles"
    return expected


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    outside = base / "outside"
    outside.mkdir()
    expected = build_hostile(base / "in", outside)
    db = base / "w.duckdb"
    t0 = time.monotonic()
    run_stages(base / "in", db, as_of=date(2025, 7, 31), report=True)
    return base / "in", db, expected, time.monotonic() - t0


@pytest.mark.slow
def test_every_file_lands_in_exactly_one_table(hostile):
    root, db, expected, seconds = hostile
    arts = {r[0] for r in query(db, "SELECT source_file FROM raw.articles")}
    quar = {r[0] for r in query(db, "SELECT source_file FROM raw.quarantine")}
    assert arts.isdisjoint(quar)
    assert arts | quar == set(expected)
    assert {n for n, t in expected.items() if t == "quarantine"} == quar
    assert seconds < 120


@pytest.mark.slow
def test_quarantine_keeps_original_bytes_and_a_reason(hostile):
    root, db, expected, _ = hostile
    for name, reason, content in query(db, "SELECT source_file, reason, content FROM raw.quarantine"):
        assert reason
        if name == "link outside.txt":
            assert content is None and "outside the input folder" in reason   # never read
        else:
            assert bytes(content) == (root / name).read_bytes()


@pytest.mark.slow
def test_nothing_outside_the_input_folder_is_read(hostile):
    _, db, _, _ = hostile
    assert query(db, "SELECT count(*) FROM raw.articles WHERE text LIKE '%999 drones%'") == [(0,)]
    assert query(db, "SELECT count(*) FROM marts.claims WHERE drones = 999") == [(0,)]


@pytest.mark.slow
def test_readable_files_yield_their_claims_and_flags(hostile):
    _, db, _, _ = hostile
    by_file = dict(query(db, "SELECT source_file, count(*) FROM marts.claims GROUP BY 1"))
    for name in ("utf16 bom.txt", "bad utf8 middle.txt", "page.txt", "dup one.txt", "nested/deeper/dup two.txt",
                 "nested/ünïcödé name.txt", "one long line.txt"):
        assert by_file.get(name, 0) >= 2, name
    flags = set(query(db, "SELECT source_file, flag FROM dq.flags"))
    assert ("bad utf8 middle.txt", "text_repaired") in flags
    assert ("only boilerplate.txt", "boilerplate") in flags
    dup = query(db, "SELECT message FROM dq.flags WHERE flag = 'duplicate_article'")
    assert any("dup two.txt" in m or "ünïcödé name.txt" in m for (m,) in dup)
    html = (db.with_name(db.stem + ".report") / "index.html").read_text()
    for name in ("empty.txt", "binary.txt", "link outside.txt"):
        assert name in html


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=600))
def test_extraction_never_raises_on_arbitrary_text(text):
    from flows.stages import stage_batch

    raw = pl.DataFrame({"source_file": ["h.txt"], "sha256": ["x"], "text": [text], "published": ["2025-07-15"],
                        "outlet": [None], "source_url": [None], "encoding": ["utf-8"]},
                       schema={"source_file": pl.String, "sha256": pl.String, "text": pl.String, "published": pl.String,
                               "outlet": pl.String, "source_url": pl.String, "encoding": pl.String})
    staged = stage_batch(raw, date(2025, 7, 31))
    claims = staged.claims
    for c in claims.to_dicts():
        assert c["drones"] is not None and 0 <= c["char_start"] < c["char_end"] <= len(text) + 10


_SAMPLE_TEXTS = [p.read_text() for p in sorted(SAMPLE.glob("*.txt"))[:8]]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_SAMPLE_TEXTS), st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 60),
                                                        st.text(max_size=12)), max_size=6))
def test_extraction_never_raises_on_mutated_articles(text, edits):
    """Real-looking articles with spans deleted or replaced by junk."""
    from flows.stages import stage_batch

    for pos, length, junk in edits:
        pos = min(pos, len(text))
        text = text[:pos] + junk + text[pos + length:]
    raw = pl.DataFrame({"source_file": ["m.txt"], "sha256": ["x"], "text": [text], "published": [None],
                        "outlet": [None], "source_url": [None], "encoding": ["utf-8"]},
                       schema={"source_file": pl.String, "sha256": pl.String, "text": pl.String, "published": pl.String,
                               "outlet": pl.String, "source_url": pl.String, "encoding": pl.String})
    stage_batch(raw, date(2025, 7, 31))


# ---------------------------------------------------------------- crashes
RUNNER = """
import sys
from datetime import date
from pathlib import Path
sys.path.insert(0, {root!r})
from tests.conftest import run_stages
run_stages(Path(sys.argv[1]), Path(sys.argv[2]), as_of=date(2025, 7, 31), run_id=sys.argv[3], report=True)
"""
PUBLISHED = ["marts.claims", "marts.daily_region", "marts.daily_totals"]


def _run(inp: Path, db: Path, run_id: str, fault: str | None = None) -> int:
    env = {k: v for k, v in os.environ.items() if k != "SKYTALLY_FAULT"}
    if fault:
        env["SKYTALLY_FAULT"] = fault
    proc = subprocess.run([sys.executable, "-c", RUNNER.format(root=str(ROOT)), str(inp), str(db), run_id],
                          env=env, capture_output=True, text=True, timeout=300)
    return proc.returncode


def _published(db: Path) -> dict:
    return {t: query(db, f"SELECT * EXCLUDE (claim_id) FROM {t} ORDER BY ALL") if t == "marts.claims"
            else query(db, f"SELECT * FROM {t} ORDER BY ALL") for t in PUBLISHED}


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    base = tmp_path_factory.mktemp("crash")
    v1, v2 = base / "v1", base / "v2"
    v1.mkdir()
    files = sorted(SAMPLE.glob("s_0[01]*.txt"))
    for f in files[:6]:
        shutil.copy(f, v1 / f.name)
    shutil.copytree(v1, v2)
    for f in files[6:12]:
        shutil.copy(f, v2 / f.name)
    ref = base / "ref.duckdb"
    assert _run(v2, ref, "reference") == 0
    first = base / "first" / "w.duckdb"
    assert _run(v1, first, "first") == 0
    return base, v1, v2, _published(ref), first


@pytest.mark.slow
@pytest.mark.parametrize("point", POINTS)
def test_killed_run_leaves_previous_publication_and_rerun_matches(corpora, point, tmp_path):
    base, v1, v2, reference, first_db = corpora
    db = tmp_path / "w.duckdb"
    shutil.copy(first_db, db)                                        # a warehouse with a publication of v1
    shutil.copytree(first_db.with_name("w.report"), tmp_path / "w.report")
    first = _published(db)
    old_report = (tmp_path / "w.report" / "index.html").read_text()
    assert _run(v2, db, "killed", fault=point) == -9                 # SIGKILL mid-stage
    # readable; the previous publication until the publish transaction commits, the new one after
    assert _published(db) == (reference if point.startswith("report") else first)
    assert (tmp_path / "w.report" / "index.html").read_text() == old_report   # never a half-written page
    assert _run(v2, db, "rerun") == 0
    assert _published(db) == reference                               # as if never interrupted
    dupes = query(db, "SELECT count(*) - count(DISTINCT claim_id) FROM marts.claims")
    assert dupes == [(0,)]
    outcomes = dict(query(db, "SELECT run_id, outcome FROM dq.runs"))
    assert outcomes["rerun"] == "published"
    assert outcomes.get("killed") == ("published" if point.startswith("report") else
                                      None if point.startswith("ingest") else "interrupted")


# ---------------------------------------------------------------- concurrency
def _hold_for_writing(db: Path, seconds: float) -> subprocess.Popen:
    """A process that deletes every claim in an open transaction and holds the file for `seconds`."""
    holder = subprocess.Popen([sys.executable, "-c",
                               "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); c.execute('BEGIN'); "
                               "c.execute('DELETE FROM marts.claims'); print('holding', flush=True); "
                               "time.sleep(float(sys.argv[2])); c.execute('ROLLBACK'); c.close()", str(db), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    return holder


@pytest.mark.slow
def test_reader_during_a_write_waits_then_answers_never_half_written(sample_warehouse, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copy(sample_warehouse, db)
    n = query(db, "SELECT count(*) FROM marts.claims")[0][0]
    holder = _hold_for_writing(db, 3)
    try:
        t0 = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "flows.cli", "sql", "--db", str(db), "SELECT count(*) AS n FROM marts.claims"],
                              capture_output=True, text=True, cwd=ROOT, timeout=60)
        seconds = time.monotonic() - t0
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 0, proc.stderr
    assert "open for writing" in proc.stderr and "waiting up to 60s" in proc.stderr   # said once, then waited
    assert len(proc.stderr.strip().splitlines()) == 1
    assert str(n) in proc.stdout                       # the uncommitted delete was never seen
    assert 2 < seconds < 30


@pytest.mark.slow
def test_reader_gives_up_after_its_wait_with_exit_3(sample_warehouse, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copy(sample_warehouse, db)
    holder = _hold_for_writing(db, 30)
    try:
        proc = subprocess.run([sys.executable, "-m", "flows.cli", "sql", "--db", str(db), "--wait", "1",
                               "SELECT count(*) FROM marts.claims"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 3 and "is being written by another process" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert query(db, "SELECT count(*) FROM marts.claims")[0][0] > 0   # the uncommitted delete never landed


@pytest.mark.slow
def test_a_write_waits_for_a_reader_to_close_the_file(sample_warehouse, tmp_path):
    """The run's writes wait (bounded) for a reader such as an open DuckDB shell instead of failing."""
    from warehouse import io as wh

    db = tmp_path / "w.duckdb"
    shutil.copy(sample_warehouse, db)
    reader = subprocess.Popen([sys.executable, "-c", "import duckdb,sys,time; c=duckdb.connect(sys.argv[1], read_only=True); "
                               "print('reading', flush=True); time.sleep(2); c.close()", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "reading"
        said = []
        t0 = time.monotonic()
        con = wh.connect(db, wait=30, on_wait=said.append)
        con.close()
        assert time.monotonic() - t0 > 1 and len(said) == 1 and "PID" in said[0]
        reader.wait(timeout=30)
        reader = subprocess.Popen([sys.executable, "-c", "import duckdb,sys,time; c=duckdb.connect(sys.argv[1], read_only=True); "
                                   "print('reading', flush=True); time.sleep(30)", str(db)], stdout=subprocess.PIPE, text=True)
        assert reader.stdout.readline().strip() == "reading"
        with pytest.raises(wh.WarehouseBusy, match="was not closed within 0.5s"):
            wh.connect(db, wait=0.5)
    finally:
        reader.kill()
        reader.wait()
