"""The landing zone: nightly runs take what arrived since the last run, by content, and only whole files."""
import os
import shutil
import time
from datetime import date, datetime
from pathlib import Path


from flows.landing import MOSCOW, Gate, end_of_moscow_day, moscow_date, read_whole
from tests.conftest import SAMPLE, query, run_stages

PUBLISHED = ["marts.claims", "marts.daily_region", "marts.daily_totals"]
HELD = ["raw.articles", "raw.quarantine", "raw.aliases", "staging.stg_articles", "staging.stg_claims"] + PUBLISHED
NIGHT_1, NIGHT_2 = date(2025, 7, 20), date(2025, 7, 21)
SAMPLES = sorted(SAMPLE.glob("*.txt"))


def snapshot(db: Path, tables=HELD) -> dict:
    return {t: query(db, f"SELECT * FROM {t} ORDER BY ALL") for t in tables}


def take(inbox: Path, db: Path, as_of: date, run_id: str, **options):
    """A night's ingest and staging, without the checks and the publication (see run_stages for those)."""
    from flows import stages
    from flows.settings import Settings

    settings = Settings(input_dir=inbox, db_path=db, as_of=as_of, **options)
    res = stages.ingest(settings, run_id)
    stages.stage(settings, run_id)
    return res


def land(folder: Path, name: str, data: bytes, age: float = 3600) -> Path:
    """A file written `age` seconds ago."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_half_written_file_is_left_and_taken_by_the_next_run(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    whole, half = SAMPLES[0].read_bytes(), SAMPLES[1].read_bytes()
    land(inbox, "whole.txt", whole)
    land(inbox, "being-written.txt", half[: len(half) // 2], age=0)      # a writer is still appending
    land(inbox, "renamed-when-done.txt.part", SAMPLES[2].read_bytes())   # the rename convention: not yet a .txt
    first = take(inbox, db, NIGHT_1, "night-1", min_file_age=60)
    assert first.n_not_ready == 1 and [f for f, _ in first.not_ready] == ["being-written.txt"]
    assert "may still be being written" in first.not_ready[0][1]
    assert query(db, "SELECT source_file FROM raw.articles") == [("whole.txt",)]
    assert query(db, "SELECT DISTINCT source_file FROM staging.stg_claims") == [("whole.txt",)]

    land(inbox, "being-written.txt", half)                                  # finished, an hour later
    (inbox / "renamed-when-done.txt.part").rename(inbox / "renamed-when-done.txt")
    second = take(inbox, db, NIGHT_2, "night-2", min_file_age=60)
    assert second.n_not_ready == 0 and (second.n_taken, second.n_unchanged) == (2, 1)
    held = dict(query(db, "SELECT source_file, landed_on FROM raw.articles"))
    assert held == {"whole.txt": NIGHT_1, "being-written.txt": NIGHT_2, "renamed-when-done.txt": NIGHT_2}
    assert query(db, "SELECT sha256 FROM raw.articles WHERE source_file = 'being-written.txt'") == \
        query(db, "SELECT sha256(?::BLOB)", [half])                        # the whole file, not the half
    assert {r[0] for r in query(db, "SELECT DISTINCT source_file FROM staging.stg_claims")} == set(held)


def test_a_file_changing_while_it_is_read_is_left(tmp_path):
    path = land(tmp_path, "a.txt", b"first half")
    before = path.stat()
    with open(path, "ab") as f:
        f.write(b" and the rest")
    assert read_whole(path, before) is None
    assert read_whole(path, path.stat()) == b"first half and the rest"


def test_copies_and_renames_on_a_later_night_are_held_as_a_run_over_the_whole_folder_would(tmp_path):
    """CONTRACT.md: every *.txt file found ends up in raw.articles or raw.quarantine. A copy (or a rename) of a
    file already held, arriving on a later night, is taken too and recorded in raw.aliases: the raw, staged and
    published rows are those of one run over all the files (dates anchored by the manifest)."""
    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    for p in SAMPLES[:4]:
        land(inbox, p.name, p.read_bytes())
    shutil.copy(SAMPLE / "manifest.csv", inbox / "manifest.csv")
    run_stages(inbox, db, as_of=NIGHT_1, run_id="night-1")
    before = snapshot(db)
    shutil.copy(inbox / SAMPLES[0].name, inbox / "copy of the first.txt")
    (inbox / "archive").mkdir()
    shutil.copy(inbox / SAMPLES[1].name, inbox / "archive" / "renamed.txt")
    res = run_stages(inbox, db, as_of=NIGHT_2, run_id="night-2")
    ing = res["ingest"]
    assert (ing.n_taken, ing.n_unchanged, ing.n_aliases, ing.n_articles) == (0, 4, 2, 6)
    assert res["stage"].n_articles == 2           # only the copies were extracted
    assert set(query(db, "SELECT source_file, alias_of, landed_on FROM raw.aliases")) == {
        ("copy of the first.txt", SAMPLES[0].name, NIGHT_2), ("archive/renamed.txt", SAMPLES[1].name, NIGHT_2)}
    copies = query(db, "SELECT c.source_file, c.text = o.text, c.landed_on FROM raw.articles AS c "
                       "JOIN raw.aliases AS a USING (source_file) JOIN raw.articles AS o ON o.source_file = a.alias_of")
    assert set(copies) == {("copy of the first.txt", True, NIGHT_2), ("archive/renamed.txt", True, NIGHT_2)}
    after = snapshot(db)
    originals = "source_file NOT IN ('copy of the first.txt', 'archive/renamed.txt')"
    assert query(db, f"SELECT * FROM raw.articles WHERE {originals} ORDER BY ALL") == before["raw.articles"]
    assert after["raw.quarantine"] == before["raw.quarantine"]
    # one run over the same files on the second night
    once = tmp_path / "once.duckdb"
    run_stages(inbox, once, as_of=NIGHT_2, run_id="night-2")
    same = {"raw.articles": "SELECT * EXCLUDE (received_at, landed_on, run_id) FROM raw.articles",
            "staging.stg_articles": "SELECT * EXCLUDE (input_key) FROM staging.stg_articles",
            "staging.stg_claims": "SELECT * FROM staging.stg_claims",
            "dq.flags": "SELECT * EXCLUDE (run_id) FROM dq.flags WHERE run_id = 'night-2'", **{t: f"SELECT * FROM {t}" for t in PUBLISHED}}
    for table, sql in same.items():
        assert query(db, sql + " ORDER BY ALL") == query(once, sql + " ORDER BY ALL"), table
    assert query(once, "SELECT count(*) FROM raw.aliases") == [(0,)]   # copies arriving together: duplicate_article


def test_rerunning_a_night_changes_nothing(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    for p in SAMPLES[:6]:
        land(inbox, p.name, p.read_bytes())
    land(inbox, "empty.txt", b"")
    run_stages(inbox, db, as_of=NIGHT_1, run_id="night-1")
    for p in SAMPLES[6:12]:
        land(inbox, p.name, p.read_bytes())
    shutil.copy(inbox / SAMPLES[0].name, inbox / "copy.txt")
    run_stages(inbox, db, as_of=NIGHT_2, run_id="night-2")
    before = snapshot(db)
    again = run_stages(inbox, db, as_of=NIGHT_2, run_id="night-2-again")["ingest"]
    assert (again.n_taken, again.n_unchanged, again.n_aliases) == (0, 14, 1)   # the copy is an unchanged alias
    assert snapshot(db) == before
    assert query(db, "SELECT run_id, outcome FROM dq.runs ORDER BY run_id") == [
        ("night-1", "published"), ("night-2", "published"), ("night-2-again", "published")]


def test_changed_bytes_are_taken_again_and_manifest_changes_are_applied(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    land(inbox, "a.txt", SAMPLES[0].read_bytes())
    land(inbox, "b.txt", SAMPLES[1].read_bytes())
    take(inbox, db, NIGHT_1, "night-1")
    (at_a, _), = query(db, "SELECT received_at, landed_on FROM raw.articles WHERE source_file = 'a.txt'")
    land(inbox, "a.txt", SAMPLES[0].read_bytes() + b"\nCorrection: the figure was updated.\n")
    (inbox / "manifest.csv").write_text("file,published,source_url,outlet\nb.txt,2025-07-15,https://example.org/b,Paper\n")
    ing = take(inbox, db, NIGHT_2, "night-2")
    assert (ing.n_taken, ing.n_unchanged) == (2, 0)
    rows = {r[0]: r[1:] for r in query(db, "SELECT source_file, received_at > ?, landed_on, published, run_id FROM raw.articles", [at_a])}
    assert rows["a.txt"] == (True, NIGHT_2, None, "night-2")           # new bytes: a new arrival
    assert rows["b.txt"] == (False, NIGHT_1, "2025-07-15", "night-2")  # same bytes, new metadata: first arrival kept


def test_an_article_keeps_the_night_that_took_it(tmp_path):
    """A date without a year is read as of the night the article landed, however much later it is re-read."""
    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    land(inbox, "december.txt", b"Russia's Defence Ministry said on December 30 that air defences destroyed 12 drones "
                                b"over the Bryansk region between 20:00 and 23:00 Moscow time.\n")
    take(inbox, db, date(2025, 12, 31), "night-1")
    first = query(db, "SELECT event_date, drones FROM staging.stg_claims WHERE source_file = 'december.txt'")
    assert first == [(date(2025, 12, 30), 12)]
    land(inbox, "later.txt", SAMPLES[0].read_bytes())
    take(inbox, db, date(2027, 1, 5), "two-years-later")
    assert query(db, "SELECT event_date, drones FROM staging.stg_claims WHERE source_file = 'december.txt'") == first


def test_backfill_days_take_what_had_landed_by_the_end_of_each_day(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    days = [date(2025, 7, 14), date(2025, 7, 15), date(2025, 7, 16)]
    for i, day in enumerate(days):
        path = land(inbox, f"day{i}.txt", SAMPLES[i].read_bytes())
        late_evening = datetime(day.year, day.month, day.day, 23, 59, tzinfo=MOSCOW).timestamp()
        os.utime(path, (late_evening, late_evening))
    for day in days:
        ing = take(inbox, db, day, f"backfill-{day}", landed_by=day)
        assert ing.n_taken == 1 and ing.n_not_ready == days[-1].toordinal() - day.toordinal()
    assert query(db, "SELECT source_file, landed_on FROM raw.articles ORDER BY 1") == [
        (f"day{i}.txt", day) for i, day in enumerate(days)]


def test_gate_and_moscow_calendar():
    st = os.stat_result((0, 0, 0, 0, 0, 0, 10, 0, 0, 0))
    mtime = datetime(2025, 7, 14, 21, 30, tzinfo=MOSCOW).timestamp()   # 18:30 UTC
    st = os.stat_result(st[:7] + (mtime, mtime, mtime))
    assert Gate(started=mtime + 30, min_age=60).not_ready(st)
    assert Gate(started=mtime + 90, min_age=60).not_ready(st) is None
    assert Gate(started=mtime, min_age=0).not_ready(st) is None
    assert Gate(started=mtime + 1e6, landed_by=date(2025, 7, 14)).not_ready(st) is None
    assert Gate(started=mtime + 1e6, landed_by=date(2025, 7, 13)).not_ready(st)
    assert end_of_moscow_day(date(2025, 7, 14)) - mtime == 2.5 * 3600
    assert moscow_date(datetime(2025, 7, 14, 21, 30)) == date(2025, 7, 15)   # 21:30 UTC is 00:30 MSK


def test_stage_holds_a_few_batches_not_the_corpus(tmp_path):
    """Memory is bounded by the batch size: a batch is read from DuckDB only when one of the few in flight
    has been written back."""
    from flows import stages
    from flows.settings import Settings

    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    for p in SAMPLES[:12]:
        land(inbox, p.name, p.read_bytes())
    settings = Settings(input_dir=inbox, db_path=db, as_of=NIGHT_1, batch_size=2)
    stages.ingest(settings, "r")
    read, unwritten = 0, []

    class Future:
        def __init__(self, batch):
            self.batch = batch

        def result(self):
            return stages.extract_batch(self.batch)

    def counting(batches):
        nonlocal read
        for batch in batches:
            read += 1
            yield batch

    def mapper(batches):
        for written, out in enumerate(stages.bounded_map(Future, in_flight=3)(counting(batches)), start=1):
            unwritten.append(read - written)
            yield out

    res = stages.stage(settings, "r", map_batches=mapper)
    assert res.n_articles == 12 and read == 6 and len(unwritten) == 6
    assert max(unwritten) <= 3 - 1
    assert query(db, "SELECT count(*) FROM staging.stg_articles") == [(12,)]
