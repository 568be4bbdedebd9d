"""What an extraction worker process runs first. A module of its own, light to import: a spawned worker
imports the module of its initializer, and this one pulls in neither Prefect nor Great Expectations."""
from __future__ import annotations


def extraction_worker_started() -> None:
    """In each extraction worker process, first: it ignores Ctrl-C (the terminal sends SIGINT to the whole process
    group; the supervisor alone decides, flows.supervisor) and dies with the flow process that started it
    (Linux parent-death signal), however that one dies, SIGKILL included. Then it imports the extractor, so
    the first batch does not wait for it."""
    import signal

    from flows.supervisor import PR_SET_PDEATHSIG, _prctl

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    import transforms.staging  # noqa: F401
