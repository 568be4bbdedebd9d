"""The landing zone: which files a run may take, and the Moscow calendar that names the nights.

A file is taken when it is whole. Writers deliver by writing under another name (`NAME.txt.part`)
and renaming to `NAME.txt` when done: a rename within one file system is atomic, and only `*.txt`
files are read. For writers that cannot rename, a run leaves a file modified less than
`min_file_age` seconds before the run started for the next run, and any run leaves a file whose
size or modification time changes while it is being read.

Backfills process the night of a past day D: they take only files modified before the end of D
(Moscow time) and leave later ones for the nights they belong to.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

MOSCOW = ZoneInfo("Europe/Moscow")


def moscow_date(moment: datetime | None = None) -> date:
    """The Moscow calendar date of an instant (now when None); naive datetimes are taken as UTC."""
    moment = moment or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(MOSCOW).date()


def end_of_moscow_day(day: date) -> float:
    """The instant (epoch seconds) at which `day` ends in Moscow."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=MOSCOW).timestamp()


@dataclass(frozen=True)
class Gate:
    """Decides whether a file in the landing zone is ready to be taken by this run."""

    started: float                  # the run's start, epoch seconds
    min_age: float = 0.0            # seconds since the last modification
    landed_by: date | None = None   # a backfill of this day: files modified after it ends are left

    def not_ready(self, st: os.stat_result) -> str | None:
        """Why the file must wait for a later run, or None when it may be taken."""
        if self.landed_by is not None and st.st_mtime >= end_of_moscow_day(self.landed_by):
            return f"landed after {self.landed_by} (Moscow time)"
        if self.min_age > 0 and st.st_mtime > self.started - self.min_age:
            return f"modified less than {self.min_age:g}s before the run (may still be being written)"
        return None


def read_whole(path: Path, before: os.stat_result) -> bytes | None:
    """The file's bytes, or None when it changed while being read (a writer is still at work)."""
    data = path.read_bytes()
    after = path.stat()
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns) or len(data) != after.st_size:
        return None
    return data
