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

import hashlib
import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Callable, Collection, Iterator
from zoneinfo import ZoneInfo

import polars as pl

from transforms.decode import Undecodable, decode_bytes
from transforms.intake import Scanned, parse_manifest

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


def read_whole(path: str | Path, before: os.stat_result) -> bytes | None:
    """The file's bytes, or None when it changed while being read (a writer is still at work)."""
    with open(path, "rb") as fh:
        data = fh.read()
    after = os.stat(path)
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns) or len(data) != after.st_size:
        return None
    return data


# ---------------------------------------------------------------- scan: what is in the folder
@dataclass
class FoundFile:
    source_file: str      # relative, '/'-separated
    path: str             # absolute (a string: 100,000 Path objects cost a second to make)
    problem: str | None = None   # set when the file must not be read (e.g. symlink leaving the folder)


# files of the input folder that are inputs without being articles: not counted as ignored
KNOWN_INPUTS = {"manifest.csv", "decisions.csv"}
MAX_IGNORED_KINDS = 12


def ignored_kind(name: str) -> str:
    """How the summary names a file that is not an article: its extension ('.md', '.part'), 'hidden' or 'no extension'."""
    if name.startswith("."):
        return "hidden"
    suffix = Path(name).suffix.lower()
    return suffix if 1 < len(suffix) <= 12 else "no extension"


def find_articles(input_dir: Path, ignored: dict[str, int] | None = None) -> list[FoundFile]:
    """Every *.txt under input_dir (recursive, sorted). Links that lead outside the folder are not followed.
    `ignored`, when given, counts the other files by kind (ignored_kind)."""
    root = input_dir.resolve()
    found: list[FoundFile] = []
    _walk(root, root, "", found, ignored)
    return found


def _walk(root: Path, folder: Path, prefix: str, found: list[FoundFile], ignored: dict[str, int] | None) -> None:
    # os.scandir: a directory entry says whether it is a link or a folder without a stat per file (100,000 files)
    with os.scandir(folder) as it:
        entries = sorted(it, key=lambda e: e.name)
    folders = []
    for e in entries:
        if e.is_dir():                   # a link to a folder is listed, never followed (as os.walk does)
            if not e.is_symlink():
                folders.append(e)
            continue
        if not e.name.lower().endswith(".txt"):
            if ignored is not None and not (not prefix and e.name.lower() in KNOWN_INPUTS):
                _count_ignored(ignored, e.name)
            continue
        found.append(FoundFile(prefix + e.name, e.path, _link_problem(root, Path(e.path)) if e.is_symlink() else None))
    for e in folders:
        _walk(root, folder / e.name, f"{prefix}{e.name}/", found, ignored)


def _count_ignored(ignored: dict[str, int], name: str) -> None:
    kind = ignored_kind(name)
    if kind not in ignored and len(ignored) >= MAX_IGNORED_KINDS:
        kind = "other"
    ignored[kind] = ignored.get(kind, 0) + 1


def _link_problem(root: Path, p: Path) -> str | None:
    target = p.resolve()
    if not target.is_relative_to(root):
        return f"symbolic link to a file outside the input folder ({target}); not read"
    if not target.exists():
        return "broken symbolic link"
    return None


def read_manifest(input_dir: Path) -> tuple[dict[str, dict[str, str]], list[str]]:
    """manifest.csv rows keyed by normalised relative path, and the problems found in it."""
    path = input_dir / "manifest.csv"
    if not path.exists():
        return {}, []
    try:
        text, _ = decode_bytes(path.read_bytes())
    except Undecodable as e:
        return {}, [f"manifest.csv unreadable: {e}"]
    return parse_manifest(text)


def read_file(f: FoundFile, gate: Gate, max_bytes: int, known: tuple[int, int, str] | None = None) -> Scanned:
    """One found file read whole and hashed, or why it cannot be read, or why it must wait for a later run.
    known: (size, mtime_ns, sha256) it was held with: a file that still has that size and modification time is
    not read again (transforms.intake.known_file)."""
    if f.problem is not None:
        return Scanned(f.source_file, unreadable=f.problem)
    try:
        st = os.stat(f.path)
        wait = gate.not_ready(st)
        if wait is not None:
            return Scanned(f.source_file, wait=wait)
        if known is not None and (st.st_size, st.st_mtime_ns) == known[:2]:
            return Scanned(f.source_file, sha256=known[2], mtime_ns=st.st_mtime_ns, as_held=True)
        data = read_whole(f.path, st)
    except OSError as e:
        return Scanned(f.source_file, unreadable=f"cannot read file: {e.strerror or e}")
    if data is None:
        return Scanned(f.source_file, wait="changed while being read (still being written)")
    digest = hashlib.sha256(data).hexdigest()
    if len(data) > max_bytes:
        return Scanned(f.source_file, data, digest, unreadable=f"file too large: {len(data)} bytes (limit {max_bytes})",
                       mtime_ns=st.st_mtime_ns)
    return Scanned(f.source_file, data, digest, mtime_ns=st.st_mtime_ns)


@dataclass
class LandingScan:
    """The landing folder as one run sees it. `files` reads each file when iterated (one at a time: memory holds
    one file, not the folder)."""
    found: list[FoundFile]
    manifest: dict[str, dict[str, str]]
    manifest_problems: list[str]
    ignored: dict[str, int]              # files not named *.txt, by kind, most frequent first
    gate: Gate
    max_bytes: int

    def files(self, known: Callable[[str], tuple[int, int, str] | None] = lambda name: None,
              skip: Collection[str] = ()) -> Iterator[Scanned]:
        """known(name): the (size, mtime_ns, sha256) a file may keep to be taken as held without reading it;
        skip: names already decided (in bulk: transforms.intake.unchanged_as_held)."""
        for f in self.found:
            if f.source_file not in skip:
                yield read_file(f, self.gate, self.max_bytes, known(f.source_file))

    def ready_stats(self) -> pl.DataFrame:
        """source_file, size, mtime_ns of the found files that may be taken now, as stat finds them (a file that
        cannot be stat'ed, must wait or must not be read is left out: read_file says why when it meets it)."""
        names, sizes, mtimes = [], [], []
        for f in self.found:
            if f.problem is not None:
                continue
            try:
                st = os.stat(f.path)
            except OSError:
                continue
            if self.gate.not_ready(st) is None:
                names.append(f.source_file)
                sizes.append(st.st_size)
                mtimes.append(st.st_mtime_ns)
        return pl.DataFrame({"source_file": names, "size": sizes, "mtime_ns": mtimes},
                            schema={"source_file": pl.String, "size": pl.Int64, "mtime_ns": pl.Int64})


def scan(input_dir: Path, gate: Gate, max_bytes: int) -> LandingScan:
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder not found: {input_dir}")
    ignored: dict[str, int] = {}
    found = find_articles(input_dir, ignored)
    manifest, problems = read_manifest(input_dir)
    return LandingScan(found, manifest, problems, dict(sorted(ignored.items(), key=lambda kv: (-kv[1], kv[0]))),
                       gate, max_bytes)
