"""One writer per warehouse: a run holds an exclusive lock on FILE.lock for its whole duration.

The lock file also says who holds it and where the run is: `pid N`, then `run RUN_ID`, `stage NAME` and
`flow_run ID` lines as the run goes (`read_status`). `skytally run` takes the lock in its supervising
process and hands the open file to the process that runs the flow (INHERITED_ENV): the lock lasts while
either of them lives, and the flow process writes the stage into it.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

_held: dict[str, int] = {}   # lock files this process holds (resolved path -> open fd)
INHERITED_ENV = "_SKYTALLY_RUNLOCK"   # "FD:PATH" of a lock taken by the parent process


class RunLocked(RuntimeError):
    pass


def lock_path(db_path: Path | str) -> Path:
    return Path(str(db_path) + ".lock")


class RunLock:
    def __init__(self, db_path: Path):
        self.path = lock_path(db_path)
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
            holder = _parse(os.pread(self.fd, 4096, 0)).get("pid", "unknown")
            os.close(self.fd)
            self.fd = None
            raise RunLocked(f"another run is writing {self.path.with_suffix('')} (pid {holder}); "
                            "wait for it to finish and run again") from None
        _write(self.fd, {"pid": str(os.getpid())})
        _held[str(self.path.resolve())] = self.fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            _held.pop(str(self.path.resolve()), None)
            os.ftruncate(self.fd, 0)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def status(self) -> dict[str, str]:
        return _parse(os.pread(self.fd, 4096, 0)) if self.fd is not None else {}

    def inherit_env(self) -> dict[str, str]:
        """The environment that lets a child process (given `pass_fds=[lock.fd]`) adopt this lock."""
        return {INHERITED_ENV: f"{self.fd}:{self.path.resolve()}"}


def adopt_inherited() -> None:
    """In a process started by the CLI's supervisor: the lock it holds is this process's too."""
    spec = os.environ.pop(INHERITED_ENV, None)
    if spec:
        fd, _, path = spec.partition(":")
        _held[path] = int(fd)


def note(db_path: Path | str, **fields: str) -> None:
    """Record where the run is (stage=..., run=..., flow_run=...) in the lock file, if this process holds it."""
    fd = _held.get(str(lock_path(db_path).resolve()))
    if fd is None:
        return
    status = _parse(os.pread(fd, 4096, 0))
    status.update({k: str(v) for k, v in fields.items()})
    _write(fd, status)


def read_status(db_path: Path | str) -> dict[str, str]:
    """What the lock file says (empty when no run holds it or there is no lock file)."""
    path = lock_path(db_path)
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return {}
    try:
        status = _parse(os.pread(fd, 4096, 0))
    finally:
        os.close(fd)
    try:   # a run that was killed leaves its status behind: only a living holder counts
        os.kill(int(status.get("pid", "")), 0)
    except (ValueError, ProcessLookupError):
        return {}
    except PermissionError:
        pass
    return status


def _parse(raw: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    for n, line in enumerate(raw.decode(errors="replace").splitlines()):
        key, _, value = line.strip().partition(" ")
        if n == 0 and key.isdigit() and not value:   # the old format: just the pid
            out["pid"] = key
        elif key:
            out[key] = value.strip()
    return out


def _write(fd: int, status: dict[str, str]) -> None:
    data = "".join(f"{k} {v}\n" for k, v in status.items()).encode()
    os.ftruncate(fd, 0)
    os.pwrite(fd, data, 0)
