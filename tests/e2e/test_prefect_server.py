"""The scheduled deployment on a real Prefect server: `prefect server start` on a free loopback port with a
private PREFECT_HOME, `skytally serve` against it, flow runs started through the Prefect API, backfills,
and the documented prefect.yaml. Everything started here is stopped here."""
import os
import signal
import socket
import subprocess
import time
from datetime import date, datetime
from pathlib import Path

import httpx
import pytest

from flows.landing import MOSCOW
from tests.conftest import ROOT, SAMPLE, query

pytestmark = pytest.mark.slow

BIN = ROOT / ".venv" / "bin"
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Started:
    """A command in its own process group, stopped with everything it started."""

    def __init__(self, args: list[str], env: dict, log: Path, cwd: Path = ROOT):
        self.log = log
        self.proc = subprocess.Popen(args, env=env, cwd=cwd, stdout=log.open("w"), stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def tail(self) -> str:
        return self.log.read_text()[-3000:]

    def stop(self) -> None:
        for sig, wait in ((signal.SIGINT, 30), (signal.SIGTERM, 15), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                return
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                self.proc.poll()
                try:
                    os.killpg(self.proc.pid, 0)      # anyone left in the group?
                except ProcessLookupError:
                    return
                time.sleep(0.2)


def wait_for(what: str, check, timeout: float, proc: Started | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = check()
        if got:
            return got
        if proc is not None and proc.proc.poll() is not None:
            raise AssertionError(f"{what}: the process ended\n{proc.tail()}")
        time.sleep(0.5)
    raise AssertionError(f"{what}: not within {timeout}s" + (f"\n{proc.tail()}" if proc else ""))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("prefect")
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "SKYTALLY_"))}
    env.update(PREFECT_HOME=str(base / "home"), DO_NOT_TRACK="1", GX_ANALYTICS_ENABLED="false",
               PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_SERVER_UI_ENABLED="false")
    srv = Started([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                  {**env, "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2"}, base / "server.log")
    try:
        api = httpx.Client(base_url=url, timeout=30)
        wait_for("server health", lambda: _ok(api, "/health"), 180, srv)
        client_env = {**env, "PREFECT_API_URL": url, "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
        yield api, client_env, base
    finally:
        srv.stop()
    assert srv.proc.poll() is not None


def _ok(api: httpx.Client, path: str):
    try:
        r = api.get(path)
    except httpx.TransportError:
        return None
    return r.json() if r.status_code == 200 else None


def finished(api: httpx.Client, flow_run_id: str, proc: Started | None = None, timeout: float = 300) -> dict:
    return wait_for(f"flow run {flow_run_id}", lambda: (lambda r: r if r["state"]["type"] in TERMINAL else None)(
        api.get(f"/flow_runs/{flow_run_id}").json()), timeout, proc)


def moscow(ts: str) -> datetime:
    return datetime.fromisoformat(ts.replace("Z", "+00:00")).astimezone(MOSCOW)


@pytest.fixture(scope="module")
def served(server):
    """`skytally serve` with a cron schedule twelve hours away (no scheduled run fires during the test)."""
    api, env, base = server
    inbox, db = base / "inbox", base / "w.duckdb"
    inbox.mkdir()
    for p in sorted(SAMPLE.glob("*.txt"))[:6]:
        (inbox / p.name).write_bytes(p.read_bytes())
    hour = (datetime.now(MOSCOW).hour + 12) % 24
    cron = f"7 {hour} * * *"
    serve = Started([str(BIN / "skytally"), "serve", "--input", str(inbox), "--db", str(db), "--name", "ci",
                     "--cron", cron, "--min-age", "0"], env, base / "serve.log")
    try:
        deployment = wait_for("deployment nightly/ci", lambda: _ok(api, "/deployments/name/nightly/ci"), 120, serve)
        yield api, deployment, cron, db, serve
    finally:
        serve.stop()
    assert serve.proc.poll() is not None


def test_deployment_runs_on_a_cron_schedule_in_moscow_time(served):
    api, deployment, cron, _, serve = served
    (schedule,) = deployment["schedules"]
    assert schedule["active"] and schedule["schedule"]["cron"] == cron and schedule["schedule"]["timezone"] == "Europe/Moscow"
    # the server's scheduler puts the next runs at that time of day in Moscow, whatever the machine's zone
    body = {"flow_runs": {"deployment_id": {"any_": [deployment["id"]]}, "state": {"type": {"any_": ["SCHEDULED"]}}},
            "sort": "EXPECTED_START_TIME_ASC", "limit": 3}
    runs = wait_for("scheduled runs", lambda: api.post("/flow_runs/filter", json=body).json(), 60, serve)
    hour = int(cron.split()[1])
    assert {(moscow(r["expected_start_time"]).hour, moscow(r["expected_start_time"]).minute) for r in runs} == {(hour, 7)}


def test_a_run_started_through_prefect_completes_and_fills_the_warehouse(served):
    api, deployment, _, db, serve = served
    flow_run = api.post(f"/deployments/{deployment['id']}/create_flow_run", json={}).json()
    run = finished(api, flow_run["id"], serve)
    assert run["state"]["type"] == "COMPLETED", serve.tail()
    tasks = api.post("/task_runs/filter", json={"task_runs": {"flow_run_id": {"any_": [flow_run["id"]]}}}).json()
    # one task per stage (the default's extraction batches run inside the stage task)
    assert {t["name"].rsplit("-", 1)[0] for t in tasks} == {"ingest", "stage", "validate", "publish", "report"}
    assert {t["state"]["type"] for t in tasks} == {"COMPLETED"}
    night = moscow(run["expected_start_time"]).date()
    assert query(db, "SELECT as_of, outcome, n_articles FROM dq.runs WHERE outcome = 'published'") == [(night, "published", 6)]
    assert query(db, "SELECT count(DISTINCT source_file) FROM marts.claims") == [(6,)]
    assert query(db, "SELECT count(*) FROM marts.daily_totals WHERE authority = 'mod'")[0][0] > 0


def test_a_failed_run_is_failed_in_prefect_with_its_reason(served, tmp_path):
    api, deployment, _, db, serve = served
    missing = tmp_path / "no-such-folder"
    flow_run = api.post(f"/deployments/{deployment['id']}/create_flow_run",
                        json={"parameters": {"input_dir": str(missing)}}).json()
    run = finished(api, flow_run["id"], serve)
    assert run["state"]["type"] == "FAILED"
    assert f"input folder not found: {missing}" in run["state"]["message"]
    assert query(db, "SELECT message FROM dq.runs WHERE outcome = 'failed'") == [
        (f"FileNotFoundError: input folder not found: {missing}",)]


def test_backfill_is_one_flow_run_per_night_and_safe_to_rerun(server):
    api, env, base = server
    inbox, db = base / "backfill-inbox", base / "backfill.duckdb"
    inbox.mkdir()
    nights = [date(2025, 7, 14), date(2025, 7, 15)]
    samples = sorted(SAMPLE.glob("*.txt"))
    for i, night in enumerate(nights):                     # three articles landed each evening
        for p in samples[3 * i:3 * i + 3]:
            (inbox / p.name).write_bytes(p.read_bytes())
            t = datetime(night.year, night.month, night.day, 20, 0, tzinfo=MOSCOW).timestamp()
            os.utime(inbox / p.name, (t, t))
    cmd = [str(BIN / "skytally"), "backfill", "--input", str(inbox), "--db", str(db),
           "--from", str(nights[0]), "--to", str(nights[-1])]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr[-3000:]
    published = {t: query(db, f"SELECT * FROM {t} ORDER BY ALL") for t in ("marts.claims", "marts.daily_totals")}
    assert query(db, "SELECT landed_on, count(*) FROM raw.articles GROUP BY 1 ORDER BY 1") == [(n, 3) for n in nights]
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-3000:]
    assert [line.split()[:3] for line in again.stdout.splitlines() if line.startswith("2025-")] == [
        [str(n), "taken", "0"] for n in nights]
    assert {t: query(db, f"SELECT * FROM {t} ORDER BY ALL") for t in published} == published
    assert query(db, "SELECT as_of, count(*) FROM dq.runs WHERE outcome = 'published' GROUP BY 1 ORDER BY 1") == [
        (n, 2) for n in nights]
    # each night is its own flow run on the server
    runs = api.post("/flow_runs/filter", json={"flow_runs": {"name": {"like_": "backfill-"}}}).json()
    assert sorted((r["name"], r["state"]["type"]) for r in runs) == sorted(
        [(f"backfill-{n}", "COMPLETED") for n in nights] * 2)


def test_prefect_yaml_deploys_the_nightly_flow_to_a_work_pool(server):
    api, env, base = server
    pool = subprocess.run([str(BIN / "prefect"), "work-pool", "create", "skytally", "--type", "process"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert pool.returncode == 0, pool.stdout + pool.stderr
    deploy = subprocess.run([str(BIN / "prefect"), "--no-prompt", "deploy", "--all"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120,
                            env={**env, "SKYTALLY_INPUT_DIR": str(base / "landing"), "SKYTALLY_DB_PATH": str(base / "pool.duckdb")})
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    d = api.get("/deployments/name/nightly/nightly-pool").json()
    assert d["work_pool_name"] == "skytally" and d["entrypoint"] == "flows/nightly.py:nightly"
    assert d["pull_steps"] == [{"prefect.deployments.steps.set_working_directory": {"directory": str(ROOT)}}]
    assert d["schedules"][0]["schedule"]["timezone"] == "Europe/Moscow"
    assert d["parameters"] == {"input_dir": str(base / "landing"), "db_path": str(base / "pool.duckdb"), "min_file_age": 120}
