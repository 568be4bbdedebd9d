"""Incremental staging: an article is extracted once per (its input, the extractor version); a night extracts
only what is new or changed, a new extractor version extracts everything once, and the tables are those of a
from-scratch extraction of the same files."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb

from tests.conftest import SAMPLE, query, run_stages

NIGHTS = [date(2025, 7, 20), date(2025, 7, 21), date(2025, 7, 22)]
SAMPLES = sorted(SAMPLE.glob("*.txt"))
STAGED = ["staging.stg_articles", "staging.stg_claims", "staging.stg_findings", "staging.figure_decisions"]
PUBLISHED = ["marts.claims", "marts.daily_region", "marts.daily_totals", "marts.figure_decisions"]


def tables(db: Path, run_id: str) -> dict:
    out = {t: query(db, f"SELECT * FROM {t} ORDER BY ALL") for t in STAGED + PUBLISHED}
    out["dq.flags"] = query(db, "SELECT * EXCLUDE (run_id) FROM dq.flags WHERE run_id = ? ORDER BY ALL", [run_id])
    return out


def stage_counts(db: Path, run_id: str) -> tuple:
    return query(db, "SELECT n_extracted, n_staged_kept, extractor_version, stage_note FROM dq.runs WHERE run_id = ?",
                 [run_id])[0]


def night(inbox: Path, files: list[Path]) -> None:
    for p in files:
        shutil.copy(p, inbox / p.name)


def test_a_rerun_with_nothing_new_extracts_nothing(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    night(inbox, SAMPLES[:10])
    first = run_stages(inbox, db, as_of=NIGHTS[0], run_id="night-1")["stage"]
    assert first.n_articles == 10
    before = tables(db, "night-1")
    again = run_stages(inbox, db, as_of=NIGHTS[0], run_id="night-1-again")["stage"]
    assert (again.n_articles, again.n_kept, again.n_claims) == (0, 10, 0)
    n_extracted, n_kept, version, note = stage_counts(db, "night-1-again")
    assert (n_extracted, n_kept) == (0, 10) and note.startswith("nothing new")
    assert version == first.extractor_version
    assert tables(db, "night-1-again") == before


def test_a_new_extractor_version_extracts_every_article_once_and_says_why(tmp_path):
    from flows import stages
    from flows.settings import Settings

    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    night(inbox, SAMPLES[:8])
    run_stages(inbox, db, as_of=NIGHTS[0], run_id="night-1")
    old = stage_counts(db, "night-1")[2]
    settings = Settings(input_dir=inbox, db_path=db, as_of=NIGHTS[1])
    stages.ingest(settings, "night-2")
    plan = stages.plan_stage(settings, version="0000000000000new")
    res = stages.stage(settings, "night-2", plan=plan)
    assert (res.n_articles, res.n_kept) == (8, 0)
    n_extracted, n_kept, version, note = stage_counts(db, "night-2")
    assert (n_extracted, n_kept, version) == (8, 0, "0000000000000new")
    assert note == f"extractor version changed ({old} -> 0000000000000new): 8 articles extracted again"
    assert query(db, "SELECT DISTINCT extractor_version FROM staging.stg_articles") == [("0000000000000new",)]
    # and once only: the next night with that version extracts nothing
    assert stages.stage(settings, "night-2", plan=stages.plan_stage(settings, version="0000000000000new")).n_articles == 0


def test_the_extractor_version_follows_the_extraction_code_and_its_reference_data(tmp_path):
    from transforms.staging import TRANSFORMS_DIR, extractor_files, extractor_version

    names = {p.relative_to(TRANSFORMS_DIR).as_posix() for p in extractor_files()}
    assert {"clean.py", "extract/claims.py", "extract/ru.py", "reference/regions.csv", "reference/en/lexicon.csv"} <= names
    assert not names & {"intake.py", "decode.py"}          # ingest's modules are not extraction
    copy = shutil.copytree(TRANSFORMS_DIR, tmp_path / "transforms", ignore=shutil.ignore_patterns("__pycache__"))
    assert extractor_version(copy) == extractor_version()
    (copy / "intake.py").write_text("# ingest changed\n")
    assert extractor_version(copy) == extractor_version()
    districts = copy / "reference" / "districts.csv"
    districts.write_text(districts.read_text() + "\n")
    assert extractor_version(copy) != extractor_version()
    assert extractor_version(copy) != extractor_version(copy, libraries=("polars", "no-such-library"))


def test_incremental_nights_give_the_tables_of_one_extraction_from_scratch(tmp_path):
    """Three nights: new files, a changed file, new manifest metadata, a copy, a file that turns undecodable.
    Then everything extracted again from scratch (a new extractor version): the same staged, flagged and
    published rows."""
    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    night(inbox, SAMPLES[:12])
    counts = [run_stages(inbox, db, as_of=NIGHTS[0], run_id="night-1")["stage"].n_articles]
    night(inbox, SAMPLES[12:20])
    (inbox / SAMPLES[3].name).write_bytes(SAMPLES[3].read_bytes() + b"\nUpdated: the ministry later said 31 drones.\n")
    (inbox / "manifest.csv").write_text("file,published,source_url,outlet\n"
                                        f"{SAMPLES[5].name},2025-07-15,https://example.org/5,Paper\n")
    counts.append(run_stages(inbox, db, as_of=NIGHTS[1], run_id="night-2")["stage"].n_articles)
    night(inbox, SAMPLES[20:])
    shutil.copy(SAMPLES[0], inbox / "copy.txt")
    (inbox / SAMPLES[7].name).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)   # now quarantined
    res = run_stages(inbox, db, as_of=NIGHTS[2], run_id="night-3")
    counts.append(res["stage"].n_articles)
    assert counts == [12, 8 + 2, len(SAMPLES) - 20 + 1]      # only the new and the changed
    assert res["stage"].n_removed == 1
    incremental = tables(db, "night-3")
    assert len(incremental["marts.claims"]) > 100

    from flows import stages
    from flows.settings import Settings

    settings = Settings(input_dir=inbox, db_path=db, as_of=NIGHTS[2])
    scratch = stages.stage(settings, "night-3", plan=stages.plan_stage(settings, version="from-scratch"))
    assert scratch.n_articles == len(SAMPLES) - 1 + 1     # every article held: one quarantined, one copy
    stages.validate(settings, "night-3", res["ingest"])
    stages.publish(settings, "night-3")
    from_scratch = tables(db, "night-3")
    # the same rows but for the extractor version that staged them
    cols = [c for (c,) in query(db, "SELECT column_name FROM duckdb_columns() WHERE table_name = 'stg_articles' "
                                    "ORDER BY column_index")]
    v = cols.index("extractor_version")
    for t in (incremental, from_scratch):
        t["staging.stg_articles"] = sorted(r[:v] + r[v + 1:] for r in t["staging.stg_articles"])
    for table in incremental:
        assert incremental[table] == from_scratch[table], table


def test_extraction_batches_give_every_worker_three():
    from flows.stages import batch_size_for

    assert batch_size_for(10_000, 2, 2000) == 1667        # 6 batches: none left alone at the end
    assert batch_size_for(100_000, 2, 2000) == 2000       # at most SKYTALLY_BATCH_SIZE
    assert batch_size_for(12, 1, 2) == 2 and batch_size_for(0, 2, 2000) == 1


def test_batches_extracted_in_worker_processes_stage_the_rows_extracted_here(tmp_path):
    """The stage's worker pool (two spawned processes, batches of 3 so that both take several) against the
    same articles extracted in this process: the same staged rows, and every DuckDB write done here."""
    from flows import stages
    from flows.settings import Settings
    from flows.worker import extraction_worker_started

    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    night(inbox, SAMPLES)
    run_stages(inbox, db, as_of=NIGHTS[0], run_id="night-1")
    here = staged_rows(db)
    settings = Settings(input_dir=inbox, db_path=db, as_of=NIGHTS[0], batch_size=3)
    plan = stages.plan_stage(settings, version="in-the-pool")      # a new version: every article again
    with stages.worker_pool(2, 4, extraction_worker_started) as mapper:
        res = stages.stage(settings, "night-1", plan=plan, workers=2, map_batches=mapper)
    assert res.n_articles == len(SAMPLES) > 2 * 3
    assert query(db, "SELECT DISTINCT extractor_version FROM staging.stg_articles") == [("in-the-pool",)]
    assert staged_rows(db) == here


def _worker_dies() -> None:
    """A worker's initializer that kills it, as the kernel's OOM killer would."""
    import os

    os._exit(3)


def test_a_worker_that_dies_fails_the_stage_and_leaves_staging_as_it_was(tmp_path):
    from concurrent.futures.process import BrokenProcessPool

    import pytest

    from flows import stages
    from flows.settings import Settings
    from warehouse import io as wh

    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    night(inbox, SAMPLES[:6])
    run_stages(inbox, db, as_of=NIGHTS[0], run_id="night-1")
    before = staged_rows(db)
    settings = Settings(input_dir=inbox, db_path=db, as_of=NIGHTS[0], batch_size=2)
    plan = stages.plan_stage(settings, version="never-staged")
    with pytest.raises(BrokenProcessPool):
        with stages.worker_pool(2, 2, _worker_dies) as mapper:
            stages.stage(settings, "night-1", plan=plan, workers=2, map_batches=mapper)
    assert staged_rows(db) == before
    assert query(db, "SELECT DISTINCT extractor_version FROM staging.stg_articles") != [("never-staged",)]
    assert not wh.scratch_path(db).exists()


def staged_rows(db: Path) -> dict:
    """The staged tables' rows, but for the extractor version that staged them."""
    return {t: query(db, f"SELECT * {'EXCLUDE (extractor_version)' if t.endswith('stg_articles') else ''} FROM {t} "
                         "ORDER BY ALL") for t in STAGED}


def test_a_night_gets_worker_processes_only_when_each_has_enough_articles():
    from flows.stages import MIN_ARTICLES_PER_WORKER, workers_for

    assert workers_for(0, 2) == workers_for(MIN_ARTICLES_PER_WORKER * 2 - 1, 2) == 1   # in the flow's process
    assert workers_for(MIN_ARTICLES_PER_WORKER * 2, 2) == 2
    assert workers_for(10 ** 6, 2) == 2 and workers_for(10 ** 6, 1) == 1                 # never more than asked


def checks_from(db: Path, run_id: str) -> str | None:
    return query(db, "SELECT checks_from FROM dq.runs WHERE run_id = ?", [run_id])[0][0]


def test_a_night_with_nothing_changed_carries_the_checks_over_and_publishes_the_same(tmp_path):
    from flows import review

    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    night(inbox, SAMPLES[:10])
    run_stages(inbox, db, as_of=NIGHTS[0], run_id="night-1")
    before = tables(db, "night-1")
    out = run_stages(inbox, db, as_of=NIGHTS[1], run_id="night-2")
    assert out["validate"].carried_from == "night-1" and checks_from(db, "night-2") == "night-1"
    assert out["validate"].n_flags == len(before["dq.flags"]) > 0
    assert tables(db, "night-2") == before                     # the same flags, under the new run; the same marts
    assert query(db, "SELECT run_id FROM dq.latest_run") == [("night-2",)]
    assert query(db, "SELECT count(*) FROM dq.expectation_results WHERE run_id = 'night-2'") == \
        query(db, "SELECT count(*) FROM dq.expectation_results WHERE run_id = 'night-1'")

    # an editor's decision is a change: the next night checks again, and the rejected claim is out of the marts
    claim = query(db, "SELECT claim_id FROM marts.claims ORDER BY claim_id LIMIT 1")[0][0]
    con = duckdb.connect(str(db))
    try:
        review.record(con, "reject", "claim", claim, "ed", "test")
    finally:
        con.close()
    out = run_stages(inbox, db, as_of=NIGHTS[2], run_id="night-3")
    assert out["validate"].carried_from is None and checks_from(db, "night-3") is None
    assert query(db, "SELECT dq_status FROM marts.claims WHERE claim_id = ?", [claim]) == [("fail",)]

    # so is a new article
    night(inbox, SAMPLES[10:11])
    out = run_stages(inbox, db, as_of=NIGHTS[2], run_id="night-4")
    assert out["validate"].carried_from is None and out["stage"].n_articles == 1


def test_the_report_of_a_night_with_nothing_changed_keeps_the_archive_and_says_the_same(tmp_path):
    import json

    from report.write import write_report

    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    night(inbox, SAMPLES[:12])
    run_stages(inbox, db, as_of=NIGHTS[0], run_id="night-1", report=True)
    out_dir = tmp_path / "w.report"
    archive = {p.name: p.read_bytes() for p in (out_dir / "archive" / "night-1").glob("*.html")}
    assert len(archive) >= 2
    second = run_stages(inbox, db, as_of=NIGHTS[1], run_id="night-2", report=True)
    assert second["validate"].carried_from == "night-1"
    summary = json.loads((out_dir / "summary.json").read_text())
    assert summary["run_id"] == "night-2" and summary["archive"] == "archive/night-1/"
    assert {p.name: p.read_bytes() for p in (out_dir / "archive" / "night-1").glob("*.html")} == archive
    assert sorted(p.name for p in (out_dir / "archive").iterdir()) == ["night-1"]
    kept = (out_dir / "index.html").read_text(encoding="utf-8")
    # the page is the one a full rebuild of night-2 writes, but for the name of the archive folder it links to
    write_report(db, "night-2", second["validate"].data_docs)
    rebuilt = (out_dir / "index.html").read_text(encoding="utf-8")
    assert "archive/night-2/" in rebuilt and rebuilt.replace("archive/night-2/", "archive/night-1/") == kept

    # the top of the page: a carried-over night counts no flag as new without comparing them one by one, and
    # says what the comparison says
    from warehouse import report_queries as q

    def tonight() -> dict:
        con = duckdb.connect(str(db), read_only=True)
        try:
            return q.tonight(con, "night-2")
        finally:
            con.close()

    carried = tonight()
    assert carried["new_flags"] == 0 and carried["flags"] == second["validate"].n_flags > 0
    con = duckdb.connect(str(db))
    con.execute("UPDATE dq.runs SET checks_from = NULL WHERE run_id = 'night-2'")   # as if checked again
    con.close()
    assert tonight() == carried
