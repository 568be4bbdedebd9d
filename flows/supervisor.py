"""`skytally run` and `skytally backfill` as a small supervising process.

The supervisor takes the run lock, starts Prefect's temporary API server (unless PREFECT_API_URL names
one) and runs the flow in a child process; it imports neither Prefect nor the pipeline. Both children are
tied to it: they get SIGKILL when it dies (Linux parent-death signal), however it dies, SIGKILL included.

- Ctrl-C (SIGINT) or SIGTERM: the flow process is killed at once (whatever it was writing is rolled back by
  DuckDB, so the previous publication stays), the run is recorded `interrupted` in dq.runs, the server is
  stopped, one line says where the run was, and the exit code is 130 / 143. A second signal exits at once.
- The flow process ignores SIGINT (a terminal sends it to the whole process group): only the supervisor
  decides. The server runs in its own session, so the terminal's signals never reach it: the flow never
  talks to a dead server.
- If the server or the flow process dies on its own, the other is stopped and the run fails with the reason.
"""
from __future__ import annotations

import ctypes
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from flows.runlock import RunLock, RunLocked

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3
SUPERVISED_ENV = "_SKYTALLY_SUPERVISED"   # set in the flow process: "temporary" or "external" (the API server)
PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
CHILD = "import sys; from flows.cli import main; sys.exit(main(sys.argv[1:]))"
MARK_WAIT = 2.5      # seconds to get the warehouse for recording an interrupted run
SERVER_STOP_WAIT = 1.5
# what the stage a run was at means, for the one line an interrupted run prints
STAGES = {"start": "start-up", "ingest": "ingest (taking new files)", "stage": "stage (extracting claims)",
          "validate": "validate (checks)", "publish": "publish", "report": "report"}


def _tie_to_parent(parent: int, ignore_sigint: bool):
    """preexec_fn: the child gets SIGKILL when its parent dies (Linux); optionally ignores SIGINT."""
    def preexec() -> None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:     # the parent died before prctl took effect
            os._exit(1)
        if ignore_sigint:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    return preexec


def _prctl(option: int, value: int) -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _process_table() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, command line) of every process, from /proc (Linux); empty elsewhere."""
    table = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().decode(errors="replace")
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        table[int(entry)] = (ppid, cmdline)
    return table


def _descendants(root: int, table: dict[int, tuple[int, str]]) -> list[int]:
    out, todo = [], [root]
    while todo:
        parent = todo.pop()
        kids = [pid for pid, (ppid, _) in table.items() if ppid == parent]
        out += kids
        todo += kids
    return out


def _kill(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


class TemporaryServer:
    """Prefect's API server for one run (what Prefect starts itself when PREFECT_API_URL is unset), as a child
    of this process: listening on a loopback socket bound here (no port race), in its own session, with its
    output in a log file shown only if it fails."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.port = self.sock.getsockname()[1]
        self.log = Path(tempfile.mkstemp(prefix="skytally-prefect-server-", suffix=".log")[1])
        self.proc: subprocess.Popen | None = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def start(self) -> None:
        prefect_dir = Path(importlib.util.find_spec("prefect").origin).parent
        env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
        env.pop("PREFECT_API_URL", None)
        fd = self.sock.fileno()
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "--app-dir", str(prefect_dir.parent), "--factory",
                 "prefect.server.api.server:create_app", "--fd", str(fd), "--log-level", "error", "--lifespan", "on"],
                pass_fds=[fd], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env,
                start_new_session=True, preexec_fn=_tie_to_parent(os.getpid(), ignore_sigint=True),
            )
        self.sock.close()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def terminate(self) -> None:
        if self.alive():
            self.proc.terminate()

    def stop(self, wait: float = 5.0) -> None:
        if self.proc is None:
            return
        self.terminate()
        try:
            self.proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def kill(self) -> None:
        if self.alive():
            self.proc.kill()

    def tail(self, n: int = 15) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def remove_log(self) -> None:
        self.log.unlink(missing_ok=True)


def wait_for_api(url: str, timeout: float) -> None:
    """In the flow process: wait until the API server answers (it starts while this process imports)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url.rstrip('/')}/health", timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError, ValueError):
            pass
        if time.monotonic() >= deadline:
            raise RuntimeError(f"the Prefect API server at {url} did not answer within {timeout:g}s")
        time.sleep(0.1)


class _Interrupted(BaseException):
    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class Supervisor:
    def __init__(self, argv: list[str], db_path: Path, input_dir: Path):
        self.argv = argv
        self.db_path = db_path
        self.input_dir = input_dir
        self.server: TemporaryServer | None = None
        self.child: subprocess.Popen | None = None
        self.signalled: int | None = None

    # -------------------------------------------------------------- signals
    def _on_signal(self, signum, frame) -> None:
        if self.signalled is not None:        # a second Ctrl-C: stop everything now
            self._kill_all()
            os.write(2, b"\nskytally: stopped at once\n")
            os._exit(128 + signum)
        self.signalled = signum
        raise _Interrupted(signum)

    def _kill_all(self) -> None:
        if self.child is not None and self.child.poll() is None:
            self._kill_orphans(_descendants(self.child.pid, _process_table()))
            self.child.kill()
        if self.server is not None:
            self.server.kill()

    # -------------------------------------------------------------- the run
    def run(self) -> int:
        previous = {s: signal.signal(s, self._on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        _prctl(PR_SET_CHILD_SUBREAPER, 1)     # what the flow process leaves behind is re-parented here
        lock = RunLock(self.db_path)
        try:
            try:
                lock.__enter__()
            except RunLocked as e:
                print(f"skytally: {e}", file=sys.stderr)
                return EXIT_BUSY
            try:
                return self._run_locked(lock)
            except _Interrupted as i:
                return self._interrupted(lock, i.signum)
            except Exception as e:            # the server or the flow process could not be started
                self._kill_all()
                print(f"skytally: run failed: {type(e).__name__}: {e}", file=sys.stderr)
                return EXIT_FAILED
            finally:
                if self.server is not None:
                    self.server.stop()
                    self.server.remove_log()
                lock.__exit__(None, None, None)
        except _Interrupted as i:             # before the lock was taken, or while releasing it
            self._kill_all()
            return 128 + i.signum
        finally:
            for s, h in previous.items():
                signal.signal(s, h)

    def _run_locked(self, lock: RunLock) -> int:
        env = {**os.environ, **lock.inherit_env()}
        # a killed flow process leaves multiprocessing's resource tracker (Dask local workers) to clean up its
        # semaphores, which it does with a "leaked semaphore objects" UserWarning: cleaning up is expected here
        env["PYTHONWARNINGS"] = ",".join(filter(None, [os.environ.get("PYTHONWARNINGS"), "ignore:resource_tracker:UserWarning"]))
        if os.environ.get("PREFECT_API_URL"):
            env[SUPERVISED_ENV] = "external"
        else:
            self.server = TemporaryServer()
            self.server.start()
            # no "View at <url>" line: the temporary server has no UI and stops with the run
            env.update({SUPERVISED_ENV: "temporary", "PREFECT_API_URL": self.server.api_url, "PREFECT_UI_URL": ""})
        self.child = subprocess.Popen([sys.executable, "-c", CHILD, *self.argv], env=env, pass_fds=[lock.fd],
                                      stdin=subprocess.DEVNULL,
                                      preexec_fn=_tie_to_parent(os.getpid(), ignore_sigint=True))
        import warehouse.io  # noqa: F401  (ready for recording an interruption quickly; the child is importing)

        while True:
            try:
                rc = self.child.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                pass
            if self.server is not None and not self.server.alive():
                self._stop_flow_process()
                status = lock.status()
                self._record(status, f"the temporary Prefect server stopped (exit code {self.server.proc.returncode})")
                print(f"skytally: run failed: the temporary Prefect server stopped unexpectedly (exit code "
                      f"{self.server.proc.returncode}) at {self._where(status)}; the previous publication is intact; "
                      f"run again to finish. Its last lines:\n{self.server.tail()}", file=sys.stderr)
                return EXIT_FAILED
        self._kill_orphans()                  # e.g. Dask workers of a flow process that did not close them
        if rc < 0:                            # killed, not by us: OOM killer, a kill -9 of the flow process
            status = lock.status()
            name = signal.Signals(-rc).name
            outcome = self._record(status, f"the flow process was killed ({name})")
            self._remove_scratch()
            print(f"skytally: run failed: the flow process was killed ({name}) at {self._where(status)}; "
                  f"{self._consequence(outcome)}", file=sys.stderr)
            return EXIT_FAILED
        return rc

    def _stop_flow_process(self) -> None:
        """Freeze the flow process (no more output, no restarts of its workers), kill what it started (Dask
        workers), then kill it. Its multiprocessing resource tracker is left to clean up and exit by itself."""
        if self.child is not None and self.child.poll() is None:
            _kill(self.child.pid, signal.SIGSTOP)
            self._kill_orphans(_descendants(self.child.pid, _process_table()))
            self.child.kill()
            self.child.wait()

    def _kill_orphans(self, pids: list[int] | None = None) -> None:
        """Kill processes the flow process started (default: those left to this process, a subreaper, after
        the flow process died), but the temporary server and resource trackers."""
        table = _process_table()
        if pids is None:
            pids = _descendants(os.getpid(), table)
        server = set()
        if self.server is not None and self.server.proc is not None:
            server = {self.server.proc.pid, *_descendants(self.server.proc.pid, table)}
        for pid in pids:
            if pid not in server and "multiprocessing.resource_tracker" not in table.get(pid, (0, ""))[1]:
                _kill(pid, signal.SIGKILL)

    def _interrupted(self, lock: RunLock, signum: int) -> int:
        self._stop_flow_process()
        if self.server is not None:
            self.server.terminate()           # stops while the run is recorded
        status = lock.status()
        name = signal.Signals(signum).name
        outcome = self._record(status, f"interrupted by {name}")
        self._remove_scratch()
        if self.server is None and status.get("flow_run"):
            _cancel_flow_run(os.environ["PREFECT_API_URL"], status["flow_run"], f"interrupted by {name}")
        if self.server is not None:
            self.server.stop(wait=SERVER_STOP_WAIT)
        if sys.stderr.isatty():            # a progress bar of the killed flow process hid the cursor
            sys.stderr.write("\x1b[?25h")
        print(f"\nskytally: interrupted at {self._where(status)}; {self._consequence(outcome)}", file=sys.stderr, flush=True)
        return 128 + signum

    # -------------------------------------------------------------- helpers
    def _where(self, status: dict[str, str]) -> str:
        stage = STAGES.get(status.get("stage") or "start", status.get("stage"))
        return f"{stage} (night of {status['as_of']})" if self.argv[:1] == ["backfill"] and status.get("as_of") else stage

    @staticmethod
    def _consequence(outcome: str | None) -> str:
        if outcome == "published":
            return "this run's publication is complete, its report was not rewritten; run again to write it"
        tail = "the previous publication is intact; run again to finish"
        if outcome == "unrecorded":
            return tail + " (the warehouse was busy: the next run records this one as interrupted)"
        return tail

    def _remove_scratch(self) -> None:
        from warehouse import io as wh

        try:
            wh.remove_scratch(self.db_path)
        except OSError:
            pass

    def _record(self, status: dict[str, str], message: str) -> str | None:
        """Record the run as interrupted in dq.runs; returns its outcome, or None when nothing was started."""
        run_id = status.get("run")
        if not run_id or not self.db_path.exists():
            return None
        from warehouse import io as wh

        try:
            return wh.mark_interrupted(self.db_path, run_id, f"{message} at {status.get('stage') or 'start-up'}",
                                       as_of=status.get("as_of"), input_dir=str(self.input_dir), wait=MARK_WAIT)
        except Exception:
            return "unrecorded"


def _cancel_flow_run(api_url: str, flow_run_id: str, message: str) -> None:
    """On a Prefect server that outlives the run: show the flow run as Cancelled rather than Running forever."""
    body = json.dumps({"state": {"type": "CANCELLED", "name": "Interrupted", "message": message}, "force": True}).encode()
    req = urllib.request.Request(f"{api_url.rstrip('/')}/flow_runs/{flow_run_id}/set_state", data=body, method="POST",
                                 headers={"Content-Type": "application/json"})
    try:
        urllib.request.urlopen(req, timeout=2).close()
    except (urllib.error.URLError, OSError, ValueError):
        pass


def supervise(argv: list[str], db_path: Path, input_dir: Path) -> int:
    return Supervisor(argv, db_path, input_dir).run()
