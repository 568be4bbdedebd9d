"""What ingest does with each file found in the landing folder: the pure middle of scan -> decide -> write.

`flows.landing.scan` reads the folder (bytes, hashes, manifest rows); `decide` says, for one file and what
the warehouse already holds, whether it is new, unchanged, a copy of bytes held under another name, an
article or quarantined, and with which publication metadata; `warehouse.raw.write_raw` writes the rows.
No files, no database here.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Collection, Iterable, Literal, NamedTuple

import polars as pl

from transforms.decode import Undecodable, decode_bytes

RawTable = Literal["articles", "quarantine", "aliases"]
Meta = tuple  # (published, source_url, outlet) from manifest.csv, None where not given
NO_META: Meta = (None, None, None)


# Held, Scanned and Decision are NamedTuples (immutable, and made 100,000 times a night: a frozen dataclass
# costs three times as much to construct)
class Held(NamedTuple):
    """What the warehouse already holds under one name."""
    table: RawTable           # raw.articles or raw.quarantine; 'aliases' for a copy recorded only there (before copies were read)
    sha256: str | None
    meta: Meta                # (published, source_url, outlet) for articles; (None, None, None) otherwise
    received_at: datetime
    landed_on: date | None
    copy_of: str | None = None   # the name these bytes were first held under, when this name is a copy (raw.aliases)
    size: int | None = None      # bytes and modification time (ns) of the file when it was read (None: not recorded)
    mtime_ns: int | None = None


@dataclass(frozen=True)
class HeldIndex:
    by_name: dict[str, Held]
    first_name: dict[str, str]   # sha256 -> the first name (in raw.articles or raw.quarantine, not a copy) it was read under


def index_held(rows: Iterable[tuple]) -> HeldIndex:
    """Rows of (table, source_file, sha256, published, source_url, outlet, received_at, landed_on[, alias_of[,
    bytes, mtime_ns]]), sorted by source_file, as warehouse.raw.held returns them. A copy has a row in raw.aliases
    (with alias_of) beside its row in raw.articles or raw.quarantine."""
    rows = [tuple(r) + (None,) * (11 - len(r)) for r in rows]
    copy_of = {r[1]: r[8] for r in rows if r[0] == "aliases"}
    by_name: dict[str, Held] = {}
    first_name: dict[str, str] = {}
    for table, name, sha, pub, url, outlet, received_at, landed_on, _alias_of, size, mtime_ns in rows:
        if table == "aliases":
            if name not in by_name:      # a copy recorded only in raw.aliases: read it into raw.articles now
                by_name[name] = Held("aliases", sha, (None, None, None), received_at, landed_on, copy_of[name])
            continue
        by_name[name] = Held(table, sha, (pub, url, outlet), received_at, landed_on, copy_of.get(name), size, mtime_ns)
        if sha is not None and name not in copy_of:
            first_name.setdefault(sha, name)
    return HeldIndex(by_name, first_name)


# ---------------------------------------------------------------- held files decided in bulk
# A night that takes nothing new still meets every file held: 100,000 of them. Those that still have the size and
# modification time they were read with, under the metadata they were read with, are decided in one Polars join
# (unchanged_as_held) instead of file by file; only the others go through decide().
HELD_COLUMNS = ["held_in", "source_file", "sha256", "published", "source_url", "outlet", "received_at", "landed_on",
                "alias_of", "bytes", "mtime_ns"]      # warehouse/sql/raw_held.sql, in its order (source_file, held_in)
META_COLUMNS = ["published", "source_url", "outlet"]


def meta_frame(metas: dict[str, Meta]) -> pl.DataFrame:
    """The manifest's metadata by name (manifest_meta of each row) as a frame: source_file, published, source_url, outlet."""
    cols = list(zip(*metas.values())) if metas else [(), (), ()]
    return pl.DataFrame({"source_file": list(metas), **dict(zip(META_COLUMNS, cols))},
                        schema={"source_file": pl.String, **{c: pl.String for c in META_COLUMNS}})


def unchanged_as_held(stats: pl.DataFrame, held: pl.DataFrame, metas: pl.DataFrame) -> pl.DataFrame:
    """The files of `stats` (source_file, size, mtime_ns: files ready to be taken, as stat found them) that are
    unchanged without being read: known_file would give their size and time, so decide() would say 'unchanged'.
    `held`: raw_held.sql's rows (HELD_COLUMNS); `metas`: meta_frame. Columns: source_file, sha256, table, copy_of."""
    copies = held.filter(pl.col("held_in") == "aliases").select("source_file", pl.col("alias_of").alias("copy_of"))
    prev = (held.filter(pl.col("held_in") != "aliases").drop("alias_of")
            .join(copies, on="source_file", how="left"))
    now = (stats.rename({"size": "size_now", "mtime_ns": "mtime_now"})
           .join(metas.rename({c: f"{c}_now" for c in META_COLUMNS}), on="source_file", how="left"))
    same_meta = pl.all_horizontal(pl.col(c).eq_missing(pl.col(f"{c}_now")) for c in META_COLUMNS)
    return (now.join(prev, on="source_file", how="inner")
            .filter(pl.col("sha256").is_not_null(), pl.col("bytes") == pl.col("size_now"),
                    pl.col("mtime_ns") == pl.col("mtime_now"), (pl.col("held_in") != "articles") | same_meta)
            .select("source_file", "sha256", pl.col("held_in").alias("table"), "copy_of"))


def index_held_of(held: pl.DataFrame, names: Collection[str]) -> HeldIndex:
    """index_held over the rows of `names` only (the files decided one by one), with the first name of every hash
    held (a new file may be a copy of any of them): the same answers as index_held(all rows) for those names."""
    rows = held.filter(pl.col("source_file").is_in(list(names))) if len(names) < held.height else held
    by_name = index_held(rows.rows()).by_name
    copies = held.filter(pl.col("held_in") == "aliases")["source_file"]
    first = (held.filter(pl.col("held_in") != "aliases", pl.col("sha256").is_not_null(),
                         ~pl.col("source_file").is_in(copies.implode()))
             .group_by("sha256", maintain_order=True).agg(pl.col("source_file").first()))
    return HeldIndex(by_name, dict(zip(first["sha256"].to_list(), first["source_file"].to_list())))


class Scanned(NamedTuple):
    """One *.txt file of the landing folder as the scan found it."""
    source_file: str                 # relative, '/'-separated
    data: bytes | None = None        # its bytes (None when they could not be read, or it must wait)
    sha256: str | None = None        # of `data`
    unreadable: str | None = None    # why it cannot be an article (a link leaving the folder, too large, a read error)
    wait: str | None = None          # why it is left for a later run (still being written, landed after a backfilled night)
    mtime_ns: int | None = None      # its modification time when read
    as_held: bool = False            # not read: its size and modification time are those it was held with (sha256 too)


Outcome = Literal["wait", "unchanged", "alias", "article", "quarantine"]


class Decision(NamedTuple):
    source_file: str
    outcome: Outcome
    table: RawTable | None = None    # raw.articles or raw.quarantine: where the name is (or stays); None when it waits
    row: dict | None = None          # the row to write into `table` (None: nothing to write)
    reason: str | None = None        # why it waits, or why it is quarantined
    repaired: str | None = None      # the encoding, when bytes were replaced while decoding
    copy_of: str | None = None       # the name its bytes were first held under, when the file is a later copy
    alias: dict | None = None        # the raw.aliases row to write with `row` (a copy); None: the name is no copy
    restat: int | None = None        # an unchanged file read again (its time changed, or was not recorded): its new
                                     # mtime_ns, recorded so that the next run need not read it


def decide(f: Scanned, meta: Meta, held: HeldIndex, *, now: datetime, as_of: date, run_id: str) -> Decision:
    """What ingest does with one scanned file.

    A name already held with the same bytes (and, for an article, the same manifest metadata) is unchanged.
    Otherwise the file is taken: an article when it decodes, else quarantined with its bytes and the reason.
    A name taken again with the same bytes (new metadata) keeps its first arrival.
    Bytes held under another name, arriving under a new name on a later night (a copy, or a rename in the
    landing folder), are taken like any file, so that raw.articles holds every file as a run over the whole
    folder would; the copy is also recorded in raw.aliases, with the name its bytes were first held under."""
    if f.wait is not None:
        return Decision(f.source_file, "wait", reason=f.wait)
    prev = held.by_name.get(f.source_file)
    if f.as_held:
        if prev is None or not unchanged_if_same_bytes(prev, meta) or prev.sha256 != f.sha256:
            raise ValueError(f"{f.source_file}: not read, but not held as it is (see known_file)")
        return Decision(f.source_file, "unchanged", table=prev.table, copy_of=prev.copy_of)
    same_bytes = prev is not None and prev.sha256 == f.sha256
    if same_bytes and unchanged_if_same_bytes(prev, meta):
        return Decision(f.source_file, "unchanged", table=prev.table, copy_of=prev.copy_of,
                        restat=f.mtime_ns if f.mtime_ns != prev.mtime_ns else None)
    received_at, landed_on = (prev.received_at, prev.landed_on) if same_bytes else (now, as_of)
    stamp = {"received_at": received_at, "landed_on": landed_on, "run_id": run_id}
    seen = {"mtime_ns": f.mtime_ns}
    copy_of = None
    if same_bytes and prev.copy_of is not None:
        copy_of = prev.copy_of                  # a held copy read again (new metadata, or only in raw.aliases so far)
    elif prev is None and held.first_name.get(f.sha256, f.source_file) != f.source_file:
        copy_of = held.first_name[f.sha256]     # a new name for bytes already held
    alias = None if copy_of is None else {"source_file": f.source_file, "sha256": f.sha256, "alias_of": copy_of, **stamp}
    outcome = "alias" if copy_of is not None else None
    reason = f.unreadable
    if reason is None:
        try:
            text, encoding = decode_bytes(f.data)
        except Undecodable as e:
            reason = str(e)
    if reason is not None:
        return Decision(f.source_file, outcome or "quarantine", table="quarantine", reason=reason, copy_of=copy_of, alias=alias,
                        row={"source_file": f.source_file, "reason": reason, "content": f.data, "sha256": f.sha256,
                             "bytes": len(f.data) if f.data is not None else None, **stamp, **seen})
    return Decision(f.source_file, outcome or "article", table="articles", copy_of=copy_of, alias=alias,
                    repaired=encoding if "replaced" in encoding else None,
                    row={"source_file": f.source_file, "sha256": f.sha256, "bytes": len(f.data), "encoding": encoding,
                         "text": text, "published": meta[0], "source_url": meta[1], "outlet": meta[2], **stamp, **seen})


def unchanged_if_same_bytes(prev: Held, meta: Meta) -> bool:
    """A held name whose file still has the bytes it was read with needs nothing new: it is in raw.articles or
    raw.quarantine (not only in raw.aliases) and, for an article, the manifest gives it the same metadata."""
    return prev.table != "aliases" and (prev.table != "articles" or prev.meta == meta)


def known_file(held: HeldIndex, source_file: str, meta: Meta) -> tuple[int, int, str] | None:
    """(size, mtime_ns, sha256) a file must still have to be taken as unchanged without reading it, or None
    when it must be read (new, only a copy, new metadata, or read before sizes and times were recorded)."""
    prev = held.by_name.get(source_file)
    if prev is None or prev.mtime_ns is None or prev.size is None or prev.sha256 is None:
        return None
    return (prev.size, prev.mtime_ns, prev.sha256) if unchanged_if_same_bytes(prev, meta) else None


def manifest_meta(row: dict[str, str] | None) -> Meta:
    """(published, source_url, outlet) of a manifest row; empty values are None."""
    if not row:
        return NO_META
    return (row.get("published") or None, row.get("source_url") or None, row.get("outlet") or None)


def parse_manifest(text: str) -> tuple[dict[str, dict[str, str]], list[str]]:
    """manifest.csv rows keyed by normalised relative path, and the problems found in it."""
    problems: list[str] = []
    rows: dict[str, dict[str, str]] = {}
    reader = csv.reader(io.StringIO(text))      # not DictReader: a second for 100,000 rows
    header = [h.strip().lower() for h in next(reader, [])]
    if "file" not in header:
        return {}, ["manifest.csv has no 'file' column; ignored"]
    n = 1
    for values in reader:
        if not values:                           # a blank line is no row (as DictReader skips it)
            continue
        n += 1
        row = dict(zip(header, map(str.strip, values)))
        written = row.get("file", "")
        if written and written[0] not in "./" and written[-1] != "/" and "\\" not in written and "//" not in written \
                and "/." not in written:
            name = written                                   # already as it is held (nearly every row): not split
        else:
            written = written.replace("\\", "/")
            parts = [p for p in written.split("/") if p not in ("", ".")]     # 'a//b', './a', 'a/' as a/b, a, a
            if written.startswith("/") or ".." in parts or not parts:
                problems.append(f"manifest.csv line {n}: path '{row.get('file')}' is outside the input folder; ignored")
                continue
            name = "/".join(parts)
        pub = row.get("published", "")
        if pub:
            try:
                date.fromisoformat(pub[:10])
            except ValueError:
                problems.append(f"manifest.csv line {n}: published '{pub}' is not an ISO date; ignored")
                row["published"] = ""
        rows[name] = row
    return rows, problems
