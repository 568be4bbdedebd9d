"""The real command on the sample corpus: `skytally run` with its Prefect flow, then the warehouse as
analysts and editors meet it (the DuckDB shell, `skytally sql`, the report file)."""
import json
import os
import shutil
import subprocess
from collections import defaultdict
from datetime import date

import pytest

from tests.conftest import ROOT, SAMPLE, query, run_stages
from tests.scoring import load_gold

BIN = ROOT / ".venv" / "bin"
SKYTALLY = str(BIN / "skytally") if (BIN / "skytally").exists() else shutil.which("skytally")
PUBLISHED = ["marts.claims", "marts.daily_region", "marts.daily_totals"]


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("e2e")
    db = out / "warehouse.duckdb"
    env = {**os.environ, "PREFECT_HOME": str(out / "prefect-home")}
    proc = subprocess.run([SKYTALLY, "run", "--input", str(SAMPLE), "--db", str(db), "--as-of", "2025-07-31"],
                          capture_output=True, text=True, env=env, timeout=600)
    return proc, db


pytestmark = pytest.mark.slow


def test_run_exits_0_and_summarises(cli_run):
    proc, db = cli_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    for line in ("articles read     32", "quarantined       0", "claims extracted", "flags raised", "published claims",
                 str(db), str(db.with_name(db.stem + ".report") / "index.html"), "duckdb -readonly"):
        assert line in proc.stdout
    # the temporary Prefect server's start-up and shutdown must not look like failures
    noise = [l for l in (proc.stdout + proc.stderr).splitlines()
             if any(n in l for n in ("Traceback", "| ERROR", "| WARNING", "Warning:", "CancelledError", "View at"))]
    assert noise == []
    assert (db.with_name(db.stem + ".report") / "index.html").exists()


def test_every_stage_ran_as_a_task_and_the_run_is_recorded(cli_run):
    proc, db = cli_run
    for stage in ("ingest", "stage", "validate", "publish", "report"):
        assert f"Task run '{stage}-" in proc.stdout + proc.stderr
    (outcome, n_articles, n_claims), = query(db, "SELECT outcome, n_articles, n_claims FROM dq.runs")
    assert outcome == "published" and n_articles == 32 and n_claims > 150


def _gold_mod_daily() -> dict[str, int]:
    """The ministry's overall figure per day from the labels: each distinct statement once."""
    per_day: dict[str, set] = defaultdict(set)
    for g in load_gold(SAMPLE / "gold.jsonl"):
        for c in g["claims"]:
            if c["authority"] == "mod" and c["scope"] == "total" and c["event_date"]:
                # month and day only: the year comes from --as-of (2025)
                day = c["event_date"] if len(c["event_date"]) == 10 else "2025-" + c["event_date"]
                per_day[day].add((c["window_start"], c["window_end"], c["count"]))
    return {d: sum(x[2] for x in s) for d, s in per_day.items()}


def test_daily_totals_match_the_labels(cli_run):
    _, db = cli_run
    got = dict((str(d), t) for d, t in query(db, "SELECT event_date, total_drones FROM marts.daily_totals WHERE authority = 'mod'"))
    assert got == _gold_mod_daily()


def test_relayed_reports_count_once_overnight_windows_end_on_their_day(cli_run):
    _, db = cli_run
    # 14 July: the night report (42, 23:00-07:00, relayed by three articles) and the day report (11, relayed by two)
    row = query(db, "SELECT total_drones, itemised_drones, unattributed_drones, n_reports, n_articles FROM marts.daily_totals "
                    "WHERE authority = 'mod' AND event_date = DATE '2025-07-14'")
    assert row == [(53, 53, 0, 2, 4)]
    # Bryansk that day: 14 at night + 5 by day, each once although four articles relay them
    assert query(db, "SELECT drones, n_reports FROM marts.daily_region WHERE authority = 'mod' AND region_code = 'RU-BRY' "
                     "AND event_date = DATE '2025-07-14'") == [(19, 2)]
    night = query(db, "SELECT DISTINCT window_start_utc, window_end_utc FROM marts.claims WHERE authority = 'mod' "
                      "AND scope = 'total' AND drones = 42")
    assert [(str(a), str(b)) for a, b in night] == [("2025-07-13 20:00:00", "2025-07-14 04:00:00")]


def test_flagged_claims_are_marked_and_failed_ones_held_back(cli_run):
    _, db = cli_run
    # 18 July: two ministry day reports overlap (10:00-16:00 and 15:00-19:00): the day says so
    assert query(db, "SELECT has_overlapping_windows, has_flagged_claims FROM marts.daily_totals WHERE authority = 'mod' "
                     "AND event_date = DATE '2025-07-18'") == [(True, True)]
    # every failed claim is absent from the daily sums
    failed = query(db, "SELECT count(*) FROM marts.claims WHERE dq_status = 'fail'")[0][0]
    held = query(db, """SELECT count(*) FROM marts.claims c WHERE dq_status = 'fail' AND EXISTS (
                         SELECT 1 FROM marts.daily_region d WHERE d.event_date = c.event_date AND d.region_code = c.region_code
                         AND d.authority = c.authority AND d.drones < c.drones)""")[0][0]
    assert failed == held
    warned = query(db, "SELECT count(*) FROM marts.claims WHERE dq_status = 'warn' AND len(flags) > 0")[0][0]
    assert warned > 0
    # "not reported" is NULL, never 0: governors give no overall figure
    assert query(db, "SELECT count(*) FROM marts.daily_totals WHERE authority = 'governor' AND total_drones IS NOT NULL") == [(0,)]
    assert query(db, "SELECT count(*) FROM marts.daily_totals WHERE authority = 'governor' AND itemised_drones IS NULL") == [(0,)]


def test_same_input_twice_gives_identical_publication(cli_run, tmp_path):
    _, db = cli_run
    copy = tmp_path / "again.duckdb"
    shutil.copy(db, copy)
    before = {t: query(copy, f"SELECT * FROM {t} ORDER BY ALL") for t in PUBLISHED}
    run_stages(SAMPLE, copy, as_of=date(2025, 7, 31), run_id="second-run")
    after = {t: query(copy, f"SELECT * FROM {t} ORDER BY ALL") for t in PUBLISHED}
    assert after == before
    assert query(copy, "SELECT count(*) FROM dq.runs") == [(2,)]


def test_duckdb_shell_opens_the_warehouse(cli_run):
    _, db = cli_run
    out = subprocess.run([str(BIN / "duckdb"), "-readonly", "-json", str(db),
                          "SELECT count(*) AS n FROM marts.claims WHERE dq_status <> 'fail'"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    n = json.loads(out.stdout)[0]["n"]
    assert n == query(db, "SELECT count(*) FROM marts.claims WHERE dq_status <> 'fail'")[0][0]


def test_skytally_sql_reads_and_refuses_writes(cli_run):
    _, db = cli_run
    ok = subprocess.run([SKYTALLY, "sql", "--db", str(db), "SELECT region_code, sum(drones) AS d FROM marts.daily_region GROUP BY 1 ORDER BY 2 DESC LIMIT 3"],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and "RU-BRY" in ok.stdout
    bad = subprocess.run([SKYTALLY, "sql", "--db", str(db), "DELETE FROM marts.claims"], capture_output=True, text=True, timeout=60)
    assert bad.returncode != 0 and "read-only" in bad.stderr.lower()
    assert query(db, "SELECT count(*) FROM marts.claims")[0][0] > 0
