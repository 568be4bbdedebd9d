"""The corpus on disk: the article files, manifest.csv (file, published, source_url, outlet) and gold.jsonl.

Layout: with more than `FLAT_LIMIT` documents (and subdirs > 1) files go to `out/NNNN/doc_XXXXXX.txt` with
NNNN = index % subdirs; otherwise flat. Basenames are unique; `manifest.csv` gives the path relative to `out`,
`gold.jsonl` the basename (the scorer matches the basename of `source_file`)."""
from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

from synth.article import make_doc
from synth.events import World
from synth.labels import FLAG_ORDER, gold_record
from synth.world import MAX_DAYS, load_reference

FLAT_LIMIT = 1000


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


PARALLEL_MIN = 4000  # below this many documents, one process


def _chunk(args) -> tuple:
    """Generate documents [lo, hi): write their files, return (gold text, manifest text, counts)."""
    seed, lo, hi, n_docs, n_days, out_dir, subdirs = args
    ref = load_reference()
    key = (seed, n_days)
    world = _WORLDS.get(key)
    if world is None:
        _WORLDS.clear()
        world = _WORLDS[key] = World(seed, ref, n_days)
    nested = subdirs > 1 and n_docs > FLAT_LIMIT
    width = max(6, len(str(max(n_docs - 1, 0))))
    counts = _new_counts()
    gold = []
    man = io.StringIO()
    mw = csv.writer(man, lineterminator="\n")
    base = str(out_dir)
    for i in range(lo, hi):
        doc, flags, data = make_doc(seed, i, world, ref, n_days)
        name = f"doc_{i:0{width}d}.txt"
        rel = f"{i % subdirs:04d}/{name}" if nested else name
        fd = os.open(os.path.join(base, rel), _WFLAGS, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        url = ""
        if doc.rng.random() < 0.5:
            url = f"https://{_slug(doc.outlet)}.example/news/{_slug(doc.headline)[:60]}-{i:x}"
        mw.writerow([rel, doc.published_str if doc.published else "", url, doc.outlet])
        rec = gold_record(name, url, doc.published, doc.claims, flags, doc.style, doc.notes)
        gold.append(json.dumps(rec, ensure_ascii=False))
        counts["docs"] += 1
        counts["claims"] += len(doc.claims)
        counts["bytes"] += len(data)
        if not doc.claims:
            counts["negative_docs"] += 1
        for fl in flags:
            counts["flags"][fl] = counts["flags"].get(fl, 0) + 1
        counts["styles"][doc.style] = counts["styles"].get(doc.style, 0) + 1
        for c in doc.claims:
            counts["authorities"][c["authority"]] = counts["authorities"].get(c["authority"], 0) + 1
    return ("\n".join(gold) + "\n") if gold else "", man.getvalue(), counts


_WORLDS: dict = {}
_WFLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def _new_counts() -> dict:
    return {"docs": 0, "claims": 0, "negative_docs": 0, "bytes": 0, "flags": {f: 0 for f in FLAG_ORDER},
            "styles": {}, "authorities": {}}


def _merge(total: dict, part: dict):
    for k in ("docs", "claims", "negative_docs", "bytes"):
        total[k] += part[k]
    for k in ("flags", "styles", "authorities"):
        for kk, v in part[k].items():
            total[k][kk] = total[k].get(kk, 0) + v


def generate(n_docs: int, seed: int, out_dir: Path, subdirs: int = 100, overwrite: bool = False,
             workers: int | None = None) -> dict:
    """Write n_docs articles with gold.jsonl and manifest.csv into out_dir; return counts.

    Returns {"docs", "claims", "negative_docs", "bytes", "flags": {flag: documents}, "styles":
    {style: documents}, "authorities": {authority: claims}, "layout": "flat"|"nested"}.

    The output is byte-identical for the same (n_docs, seed) and reference tables, whatever
    the number of worker processes: document i depends only on (seed, i, the world's date
    range, which grows with n_docs). out_dir must be empty or absent unless overwrite=True
    (which first deletes earlier generated files: doc_*.txt, NNNN/ folders of them, gold.jsonl,
    manifest.csv). workers: processes to use (default: up to the CPU count for large sets).
    """
    if n_docs < 0:
        raise ValueError("n_docs must be >= 0")
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        if not overwrite:
            raise FileExistsError(f"{out_dir} is not empty (use overwrite=True to replace generated files)")
        _clean(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    n_days = max(30, min(MAX_DAYS, n_docs // 25))
    nested = subdirs > 1 and n_docs > FLAT_LIMIT
    if nested:
        for k in range(min(subdirs, n_docs)):
            (out_dir / f"{k:04d}").mkdir(exist_ok=True)
    if workers is None:
        workers = min(os.cpu_count() or 1, 8) if n_docs >= PARALLEL_MIN else 1
    workers = max(1, workers)
    step = max(250, min(5000, -(-n_docs // (workers * 4)))) if workers > 1 else 5000
    jobs = [(seed, lo, min(lo + step, n_docs), n_docs, n_days, str(out_dir), subdirs)
            for lo in range(0, n_docs, step)]
    counts = _new_counts()
    with open(out_dir / "gold.jsonl", "w", encoding="utf-8", newline="\n") as gf, \
            open(out_dir / "manifest.csv", "w", encoding="utf-8", newline="\n") as mf:
        mf.write("file,published,source_url,outlet\n")
        if workers > 1 and len(jobs) > 1:
            import multiprocessing as mp
            import threading
            from concurrent.futures import ProcessPoolExecutor

            # fork is fast, but not safe when the caller runs other threads
            fork_ok = "fork" in mp.get_all_start_methods() and threading.active_count() == 1
            ctx = mp.get_context("fork" if fork_ok else "spawn")
            with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as ex:
                for g, m, c in ex.map(_chunk, jobs):  # in order
                    gf.write(g)
                    mf.write(m)
                    _merge(counts, c)
        else:
            for j in jobs:
                g, m, c = _chunk(j)
                gf.write(g)
                mf.write(m)
                _merge(counts, c)
    counts["layout"] = "nested" if nested else "flat"
    return counts


def _clean(out_dir: Path):
    pat = re.compile(r"doc_\d+\.txt$")
    for p in list(out_dir.iterdir()):
        if p.is_file() and (pat.match(p.name) or p.name in ("gold.jsonl", "manifest.csv")):
            p.unlink()
        elif p.is_dir() and re.fullmatch(r"\d{4}", p.name):
            for q in p.iterdir():
                if q.is_file() and pat.match(q.name):
                    q.unlink()
            if not any(p.iterdir()):
                p.rmdir()

