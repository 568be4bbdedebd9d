"""Fault injection for the crash tests: SKYTALLY_FAULT=<point> makes the process kill itself with
SIGKILL when it reaches that point, as a power cut or an OOM kill would. Unset, it does nothing."""
from __future__ import annotations

import os
import signal

from flows.settings import requested_fault

POINTS = (
    "ingest:before_commit",
    "stage:before_commit",
    "validate:before_commit",
    "publish:mid_transaction",
    "report:before_replace",
)


def fault_point(name: str) -> None:
    if requested_fault() == name:
        os.kill(os.getpid(), signal.SIGKILL)
