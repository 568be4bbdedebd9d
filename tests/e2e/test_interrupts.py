"""A real `skytally run` over 3,000 generated articles, interrupted in its extract stage as an operator or
a scheduler would: Ctrl-C (SIGINT to the process group), SIGTERM, SIGKILL; and analysts querying the
warehouse while it extracts."""
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import psutil
import pytest

from flows.runlock import read_status
from tests.conftest import ROOT, query, run_stages

pytestmark = pytest.mark.slow

BIN = ROOT / ".venv" / "bin"
SKYTALLY = str(BIN / "skytally")
AS_OF = "2025-07-31"
PUBLISHED = ["marts.claims", "marts.daily_region", "marts.daily_totals"]
MESSAGE = "skytally: interrupted at stage (extracting claims); the previous publication is intact; run again to finish"


@dataclass
class World:
    base: Path
    full: Path          # 3,000 articles
    previous: Path      # a warehouse holding the publication of the first 300 of them
    env: dict


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> World:
    base = tmp_path_factory.mktemp("interrupts")
    full = base / "full"
    subprocess.run([SKYTALLY, "generate", "--docs", "3000", "--seed", "5", "--out", str(full)], check=True,
                   capture_output=True, timeout=120)
    v1 = base / "v1"
    v1.mkdir()
    for sub in sorted(p for p in full.iterdir() if p.is_dir())[:10]:
        shutil.copytree(sub, v1 / sub.name)
    shutil.copy(full / "manifest.csv", v1 / "manifest.csv")
    previous = base / "previous" / "w.duckdb"
    run_stages(v1, previous, as_of=date.fromisoformat(AS_OF), run_id="previous")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "SKYTALLY_"))}
    # batches of 100: the first progress line comes after a few seconds of extraction
    env.update(PREFECT_HOME=str(base / "prefect-home"), SKYTALLY_BATCH_SIZE="100")
    return World(base, full, previous, env)


def published(db: Path) -> dict:
    return {t: query(db, f"SELECT * FROM {t} ORDER BY ALL") for t in PUBLISHED}


class Run:
    """`skytally run` in its own process group (as a terminal starts it), followed until it extracts."""

    def __init__(self, world: World, db: Path, *options: str):
        self.db = db
        self.err_path = db.parent / "stderr.log"
        self.proc = subprocess.Popen([SKYTALLY, "run", "--input", str(world.full), "--db", str(db), "--as-of", AS_OF, *options],
                                     stdout=subprocess.PIPE, stderr=self.err_path.open("w"), text=True,
                                     env=world.env, cwd=ROOT, start_new_session=True)

    def until_extracting(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        for line in self.proc.stdout:
            if line.startswith("[extract]"):
                assert read_status(self.db).get("stage") == "stage"
                return
            assert time.monotonic() < deadline, "the run did not reach extraction"
        raise AssertionError(f"the run ended before extracting:\n{self.stderr()[-3000:]}")

    def descendants(self) -> list[psutil.Process]:
        return psutil.Process(self.proc.pid).children(recursive=True)

    def stderr(self) -> str:
        return self.err_path.read_text()

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    out = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.NoSuchProcess:
            pass
    return out


def is_server(p: psutil.Process) -> bool:
    try:
        return "prefect.server.api.server:create_app" in " ".join(p.cmdline())
    except psutil.NoSuchProcess:
        return False


def warehouse_copy(world: World, tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    shutil.copy(world.previous, db)
    return db


@dataclass
class Interrupted:
    db: Path
    rc: int
    seconds: float              # from the signal to the exit of `skytally run`
    after: list[str]            # what it printed after the signal (but log lines in flight)
    out: str                    # everything it printed
    before: dict                # the publication before the run
    kids_alive: list
    readers: dict               # what analysts got while the run extracted (the SIGTERM run)


def _readers(db: Path) -> dict:
    t0 = time.monotonic()
    sql = subprocess.run([SKYTALLY, "sql", "--db", str(db), "SELECT count(*) AS n FROM marts.claims"],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    shell = subprocess.run([str(BIN / "duckdb"), "-readonly", "-csv", str(db), "SELECT count(*) AS n FROM marts.daily_totals"],
                           capture_output=True, text=True, timeout=60)
    return {"sql": sql, "shell": shell, "seconds": time.monotonic() - t0, "stage_after": read_status(db).get("stage")}


@pytest.fixture(scope="module")
def interrupted(world) -> dict[int, Interrupted]:
    """One run stopped by Ctrl-C (SIGINT to its process group), one by SIGTERM to its process group after
    analysts queried the warehouse while it extracted."""
    out = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        db = world.base / sig.name / "w.duckdb"
        db.parent.mkdir()
        shutil.copy(world.previous, db)
        before = published(db)
        run = Run(world, db)
        try:
            run.until_extracting()
            readers = _readers(db) if sig == signal.SIGTERM else {}
            assert run.proc.poll() is None
            kids = run.descendants()
            assert any(is_server(p) for p in kids)
            printed = len(run.stderr())
            t0 = time.monotonic()
            os.killpg(run.proc.pid, sig)
            rc = run.proc.wait(timeout=30)
            seconds = time.monotonic() - t0
        finally:
            run.stop()
        after = [l for l in run.stderr()[printed:].splitlines() if l.strip() and " | INFO " not in l]
        out[sig] = Interrupted(db, rc, seconds, after, run.proc.stdout.read() + run.stderr(), before, alive(kids), readers)
    return out


@pytest.mark.parametrize("sig,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"])
def test_signal_during_extraction_ends_the_run_cleanly(interrupted, sig, code):
    r = interrupted[sig]
    assert r.seconds < 5, r.seconds
    assert r.rc == code
    assert r.after == [MESSAGE]
    for noise in ("Traceback", "EventsWorker", "| ERROR", "ConnectError"):
        assert noise not in r.out
    assert query(r.db, "SELECT outcome, message FROM dq.runs WHERE run_id <> 'previous'") == [
        ("interrupted", f"interrupted by {sig.name} at stage")]
    assert published(r.db) == r.before                 # the previous publication, untouched
    assert r.kids_alive == []                          # the flow process and the temporary server are gone
    assert not Path(str(r.db) + ".staging.tmp").exists()


def test_analysts_get_answers_while_a_run_extracts(interrupted):
    r = interrupted[signal.SIGTERM]
    sql, shell = r.readers["sql"], r.readers["shell"]
    assert sql.returncode == 0, sql.stderr
    assert str(query(r.db, "SELECT count(*) FROM marts.claims")[0][0]) in sql.stdout
    assert "waiting" not in sql.stderr                 # extraction holds no write lock: nothing to wait for
    assert shell.returncode == 0, shell.stderr
    assert int(shell.stdout.split()[1]) == query(r.db, "SELECT count(*) FROM marts.daily_totals")[0][0]
    assert r.readers["stage_after"] == "stage"         # both answered while the run was still extracting
    assert r.readers["seconds"] < 15


REFERENCE = """
import sys
from datetime import date
from pathlib import Path
sys.path.insert(0, {root!r})
from tests.conftest import run_stages
run_stages(Path(sys.argv[1]), Path(sys.argv[2]), as_of=date.fromisoformat(sys.argv[3]), run_id="uninterrupted")
"""


def uninterrupted(world: World, db: Path) -> dict:
    """What a run over the 3,000 articles publishes on top of the previous warehouse, never interrupted (in a
    fresh process, right after the run it is compared with: both read the extraction code as it is now)."""
    shutil.copy(world.previous, db)
    subprocess.run([sys.executable, "-c", REFERENCE.format(root=str(ROOT)), str(world.full), str(db), AS_OF],
                   check=True, capture_output=True, cwd=ROOT, timeout=600)
    return published(db)


def test_the_next_run_publishes_what_an_uninterrupted_run_does(world, interrupted, tmp_path):
    db = interrupted[signal.SIGINT].db
    env = {k: v for k, v in world.env.items() if k != "SKYTALLY_BATCH_SIZE"}
    again = subprocess.run([SKYTALLY, "run", "--input", str(world.full), "--db", str(db), "--as-of", AS_OF],
                           capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert again.returncode == 0, again.stderr[-3000:]
    assert published(db) == uninterrupted(world, tmp_path / "reference.duckdb")
    outcomes = sorted(o for (o,) in query(db, "SELECT outcome FROM dq.runs WHERE run_id <> 'previous'"))
    assert outcomes == ["interrupted", "published"]


def test_a_second_ctrl_c_exits_at_once(world, tmp_path):
    db = warehouse_copy(world, tmp_path)
    before = published(db)
    run = Run(world, db)
    try:
        run.until_extracting()
        kids = run.descendants()
        os.killpg(run.proc.pid, signal.SIGINT)
        time.sleep(0.05)
        t0 = time.monotonic()
        os.killpg(run.proc.pid, signal.SIGINT)
        rc = run.proc.wait(timeout=30)
        seconds = time.monotonic() - t0
    finally:
        run.stop()
    assert rc == 130 and seconds < 1.5
    assert "Traceback" not in run.stderr()
    time.sleep(0.5)
    assert alive(kids) == []
    assert published(db) == before


def test_ctrl_c_with_local_dask_workers(world, tmp_path):
    """The workers of `--dask local` go with the flow process, and nothing is printed after the one line."""
    db = warehouse_copy(world, tmp_path)
    run = Run(world, db, "--dask", "local")
    try:
        run.until_extracting()
        kids = run.descendants()
        assert len(kids) >= 4                          # server, flow process, Dask workers
        printed = len(run.stderr())
        os.killpg(run.proc.pid, signal.SIGINT)
        rc = run.proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while alive(kids) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        run.stop()
    assert rc == 130
    assert alive(kids) == []
    time.sleep(0.5)                                    # anything a dying child would still print
    after = [l for l in run.stderr()[printed:].splitlines() if l.strip() and " | INFO " not in l]
    assert after == [MESSAGE]


def test_sigkill_leaves_no_server_behind(world, tmp_path):
    db = warehouse_copy(world, tmp_path)
    run = Run(world, db)
    try:
        run.until_extracting()
        kids = run.descendants()
        assert [p for p in kids if is_server(p)], "no temporary server found"
        run.proc.kill()                                 # the CLI process alone, as `kill -9 PID` or an OOM kill
        run.proc.wait()
        deadline = time.monotonic() + 10
        while alive(kids) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        run.stop()
    assert alive(kids) == [], [p.cmdline()[:4] for p in alive(kids)]


def test_a_flow_process_killed_by_something_else_fails_the_run_with_its_record(world, tmp_path):
    """The flow process SIGKILLed (as by the OOM killer) just before staging commits: exit 1, one line, the
    run recorded, the server stopped."""
    from tests.conftest import SAMPLE

    db = tmp_path / "w.duckdb"
    env = {**world.env, "SKYTALLY_FAULT": "stage:before_commit"}
    env.pop("SKYTALLY_BATCH_SIZE")
    proc = subprocess.Popen([SKYTALLY, "run", "--input", str(SAMPLE), "--db", str(db), "--as-of", AS_OF],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    kids: dict[int, tuple[psutil.Process, bool]] = {}     # every process the run started: is it the server?
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            for p in psutil.Process(proc.pid).children(recursive=True):
                # a child seen before its exec shows its parent's command line: look again on every pass
                kids[p.pid] = (p, (p.pid in kids and kids[p.pid][1]) or is_server(p))
        except psutil.NoSuchProcess:
            break
        time.sleep(0.2)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err[-3000:]
    assert err.strip().splitlines()[-1] == ("skytally: run failed: the flow process was killed (SIGKILL) at stage "
                                            "(extracting claims); the previous publication is intact; run again to finish")
    assert "Traceback" not in err
    assert query(db, "SELECT outcome, message FROM dq.runs") == [
        ("interrupted", "the flow process was killed (SIGKILL) at stage")]
    assert any(server for _, server in kids.values())
    assert alive([p for p, _ in kids.values()]) == []
