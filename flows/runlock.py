"""One writer per warehouse: a run holds an exclusive lock on FILE.lock for its whole duration."""
from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

_held: set[str] = set()   # lock files this process holds


class RunLocked(RuntimeError):
    pass


class RunLock:
    def __init__(self, db_path: Path):
        self.path = Path(str(db_path) + ".lock")
        self.fd: int | None = None

    @classmethod
    def unless_held(cls, db_path: Path) -> contextlib.AbstractContextManager:
        """The lock, or nothing when this process holds it already: the CLI takes it around a run or a whole
        backfill, and the flow takes it for runs that Prefect starts without the CLI (served deployments)."""
        lock = cls(db_path)
        return contextlib.nullcontext() if str(lock.path.resolve()) in _held else lock

    def __enter__(self) -> "RunLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(self.fd, 64, 0).decode(errors="replace").strip() or "unknown"
            os.close(self.fd)
            self.fd = None
            raise RunLocked(f"another run is writing {self.path.with_suffix('')} (pid {holder}); "
                            "wait for it to finish and run again") from None
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, str(os.getpid()).encode(), 0)
        _held.add(str(self.path.resolve()))
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            _held.discard(str(self.path.resolve()))
            os.ftruncate(self.fd, 0)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
