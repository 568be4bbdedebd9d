"""What an operator sees when starting and stopping things as the README shows: `prefect server start` (with
the one variable the README sets for offline use) and `skytally serve`, stopped by SIGTERM (a service manager)
and by Ctrl-C: no error, no warning, no traceback. (The temporary server of `skytally run` is checked in
tests/e2e/test_e2e.py and tests/e2e/test_interrupts.py.)"""
import os
import signal
import time

import httpx
import pytest

from tests.conftest import SAMPLE
from tests.e2e.test_prefect_server import BIN, Started, free_port, wait_for

pytestmark = pytest.mark.slow

NOISE = ("Traceback", "| ERROR", "| WARNING", "Warning:", "Failed to send telemetry", "never awaited")


def _noise(text: str) -> list[str]:
    return [l for l in text.splitlines() if any(n in l for n in NOISE)]


def test_server_and_serve_start_and_stop_quietly(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "SKYTALLY_", "DO_NOT_TRACK"))}
    env.update(PREFECT_HOME=str(tmp_path / "home"), PREFECT_SERVER_ANALYTICS_ENABLED="false")   # as in the README
    server = Started([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)], env,
                     tmp_path / "server.log")
    logs = {}
    try:
        api = httpx.Client(base_url=url, timeout=10)

        def healthy():
            try:
                return api.get("/health").status_code == 200
            except httpx.HTTPError:
                return False
        wait_for("the Prefect server", healthy, 120, server)
        for how in (signal.SIGTERM, signal.SIGINT):
            log = tmp_path / f"serve-{how.name}.log"
            serve = Started([str(BIN / "skytally"), "serve", "--input", str(SAMPLE), "--db", str(tmp_path / "w.duckdb"),
                             "--name", f"quiet-{how.name.lower()}"], {**env, "PREFECT_API_URL": url}, log)
            wait_for("serve to register", lambda log=log: "is being served" in log.read_text(), 120, serve)
            time.sleep(2)
            t0 = time.monotonic()
            os.killpg(serve.proc.pid, how)
            serve.proc.wait(timeout=30)
            logs[how.name] = (log.read_text(), serve.proc.returncode, time.monotonic() - t0)
            serve.stop()
    finally:
        server.stop()
    server_log = (tmp_path / "server.log").read_text()
    assert _noise(server_log) == [], server_log[-3000:]
    for name, (text, rc, seconds) in logs.items():
        assert _noise(text) == [], f"{name}:\n{text[-3000:]}"
        assert rc == 0 and seconds < 15, (name, rc, seconds)
        assert "All deployments have been paused" in text     # stopping pauses the schedule, as documented
