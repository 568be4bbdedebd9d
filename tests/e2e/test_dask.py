"""Scale-out: the extraction batches through Prefect's Dask task runner on a distributed.LocalCluster give the
same warehouse as Prefect's default task runner."""
import os
import re
import subprocess

import pytest

from tests.conftest import ROOT, query

pytestmark = pytest.mark.slow

SKYTALLY = str(ROOT / ".venv" / "bin" / "skytally")
COMPARED = {
    "marts.claims": "SELECT * FROM marts.claims",
    "marts.daily_region": "SELECT * FROM marts.daily_region",
    "marts.daily_totals": "SELECT * FROM marts.daily_totals",
    "staging.stg_articles": "SELECT * FROM staging.stg_articles",
    "dq.flags": "SELECT * EXCLUDE (run_id) FROM dq.flags",
    "raw.articles": "SELECT * EXCLUDE (run_id, received_at) FROM raw.articles",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from synth import generate

    out = tmp_path_factory.mktemp("dask") / "corpus"
    generate(400, seed=11, out_dir=out)
    return out


def test_a_dask_cluster_publishes_what_the_default_runner_publishes(corpus, tmp_path):
    from distributed import LocalCluster

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "SKYTALLY_"))}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), SKYTALLY_BATCH_SIZE="50")   # 8 batches, 8 tasks
    dbs, logs = {}, {}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cluster:
        for runner, extra in (("default", []), ("dask", ["--dask", cluster.scheduler_address])):
            dbs[runner] = tmp_path / runner / "w.duckdb"
            proc = subprocess.run([SKYTALLY, "run", "--input", str(corpus), "--db", str(dbs[runner]), "--as-of", "2025-12-31",
                                   *extra], env=env, capture_output=True, text=True, timeout=600)
            assert proc.returncode == 0, proc.stderr[-3000:]
            logs[runner] = proc.stdout + proc.stderr
        # the extraction ran on the cluster's worker processes: one task per batch
        extracted = cluster.scheduler.task_prefixes["extract_task"].state_counts["memory"]
    assert extracted == 8
    assert f"Connecting to an existing Dask cluster at {cluster.scheduler_address}" in logs["dask"]
    # the default (one worker) extracts the batches in the stage task's own process, one after the other
    assert re.findall(r"Task run 'extract-\w+'", logs["default"]) == []
    assert query(dbs["dask"], "SELECT count(*) FROM marts.claims")[0][0] > 500
    for table, sql in COMPARED.items():
        assert query(dbs["dask"], sql + " ORDER BY ALL") == query(dbs["default"], sql + " ORDER BY ALL"), table
