"""Benchmark skytally against the floor of what this machine can do.

    .venv/bin/python benchmarks/run.py [--sizes 1000 10000 100000] [--seed 1] [--work benchmarks/work]

For each size N it generates N labelled articles (`skytally generate`), then measures in one go:
- the fixed cost: `skytally run` over an empty folder;
- the full `skytally run`: wall time, articles/s, MB/s, peak resident memory of the process tree,
  and time per stage (from the Prefect task-run log lines);
- the floor: read every file's bytes in Python, decode, load them into a DuckDB table in one statement;
- per-corpus cost (full minus fixed) as a ratio to the floor; claim accuracy on the generated labels;
- a re-run with nothing new.
Results are appended to benchmarks/RESULTS.md with the machine's description and the date.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import polars as pl
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.scoring import claim_f1, load_gold  # noqa: E402

# the checkout this file is in (not whatever `skytally` is installed): python -m flows.cli from ROOT
SKYTALLY_CMD = [sys.executable, "-m", "flows.cli"]
AS_OF = "2025-12-31"
STAGES = ["ingest", "stage", "validate", "publish", "report"]
_LOG = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) \| \w+\s+\| (Flow run|Task run) '([\w-]+?)(?:-\w{3})?' - (.*)$")


def timed_run(args: list[str], env: dict | None = None) -> dict:
    """Run a command; wall time, peak RSS of its whole process tree (polled every 50 ms), output."""
    t0 = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT)
    peak = 0
    out: list[str] = []
    reader = threading.Thread(target=lambda: out.extend(proc.stdout), daemon=True)
    reader.start()
    p = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            rss = p.memory_info().rss + sum(c.memory_info().rss for c in p.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.05)
    reader.join()
    return {"seconds": time.monotonic() - t0, "peak_rss_mb": peak / 2**20, "rc": proc.returncode, "output": "".join(out)}


def stage_seconds(output: str) -> dict[str, float]:
    """Seconds per stage from the log: each stage's 'Finished' line minus the previous boundary."""
    marks: list[tuple[str, float]] = []
    for line in output.splitlines():
        m = _LOG.match(line.strip())
        if not m:
            continue
        t = int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3]) + int(m[4]) / 1000
        if m[5] == "Flow run" and m[7].startswith("Beginning"):
            marks.append(("start", t))
        elif m[5] == "Task run" and m[7].startswith("Finished") and m[6] in STAGES:
            marks.append((m[6], t))
    out = {}
    for (_, a), (name, b) in zip(marks, marks[1:]):
        out[name] = round((b - a) % 86400, 2)
    return out


def floor(corpus: Path) -> float:
    """Read every file's bytes, decode, and load them into a DuckDB table in one statement."""
    t0 = time.monotonic()
    names, texts = [], []
    for dirpath, _, files in os.walk(corpus):
        for f in files:
            if f.endswith(".txt"):
                p = os.path.join(dirpath, f)
                with open(p, "rb") as fh:
                    texts.append(fh.read().decode("utf-8", errors="replace"))
                names.append(p)
    df = pl.DataFrame({"source_file": names, "text": texts})
    con = duckdb.connect(":memory:")
    con.register("df", df.to_arrow())
    con.execute("CREATE TABLE t AS SELECT * FROM df")
    con.close()
    return time.monotonic() - t0


def corpus_mb(corpus: Path) -> float:
    return sum(f.stat().st_size for f in corpus.rglob("*.txt")) / 1e6


def accuracy(db: Path, corpus: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    pred = con.execute("SELECT source_file, authority, scope, region_code, drones FROM marts.claims").fetchall()
    con.close()
    s = claim_f1(load_gold(corpus / "gold.jsonl"), pred)
    return {k: round(s[k], 4) for k in ("precision", "recall", "f1")}


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{os.cpu_count()} cores ({cpu}), {psutil.virtual_memory().total / 2**30:.0f} GiB RAM, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "work")
    ap.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PREFECT_HOME": str(a.work / "prefect-home"),
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}

    empty = a.work / "empty"
    empty.mkdir(exist_ok=True)
    shutil.rmtree(a.work / "empty-db", ignore_errors=True)
    timed_run([*SKYTALLY_CMD, "run", "--input", str(empty), "--db", str(a.work / "empty-db" / "w.duckdb"), "--as-of", AS_OF], env)  # warm-up
    fixed = None
    for _ in range(3):   # the least of three: the machine's other load only ever adds time
        shutil.rmtree(a.work / "empty-db", ignore_errors=True)
        r = timed_run([*SKYTALLY_CMD, "run", "--input", str(empty), "--db", str(a.work / "empty-db" / "w.duckdb"), "--as-of", AS_OF], env)
        fixed = r if fixed is None or r["seconds"] < fixed["seconds"] else fixed
    print(f"fixed cost (empty folder): {fixed['seconds']:.1f}s, peak {fixed['peak_rss_mb']:.0f} MB", flush=True)

    rows = []
    for n in a.sizes:
        corpus = a.work / f"corpus-{n}"
        if not (corpus / "gold.jsonl").exists():
            shutil.rmtree(corpus, ignore_errors=True)
            g = timed_run([*SKYTALLY_CMD, "generate", "--docs", str(n), "--seed", str(a.seed), "--out", str(corpus)], env)
            print(f"generated {n} in {g['seconds']:.1f}s", flush=True)
        mb = corpus_mb(corpus)
        fl = min(floor(corpus) for _ in range(2))
        db = a.work / f"w-{n}" / "w.duckdb"
        shutil.rmtree(db.parent, ignore_errors=True)
        full = timed_run([*SKYTALLY_CMD, "run", "--input", str(corpus), "--db", str(db), "--as-of", AS_OF], env)
        if full["rc"] != 0:
            print(full["output"][-3000:])
            raise SystemExit(f"run failed on {n} articles")
        again = timed_run([*SKYTALLY_CMD, "run", "--input", str(corpus), "--db", str(db), "--as-of", AS_OF], env)
        per_corpus = full["seconds"] - fixed["seconds"]
        row = {
            "n": n, "mb": round(mb, 1), "wall_s": round(full["seconds"], 1), "articles_per_s": round(n / full["seconds"], 1),
            "mb_per_s": round(mb / full["seconds"], 2), "peak_rss_mb": round(full["peak_rss_mb"]),
            "stages_s": stage_seconds(full["output"]), "floor_s": round(fl, 2), "per_corpus_s": round(per_corpus, 1),
            "ratio_to_floor": round(per_corpus / fl, 1) if fl else None, "rerun_s": round(again["seconds"], 1),
            "accuracy": accuracy(db, corpus),
        }
        print(json.dumps(row), flush=True)
        rows.append(row)
    write_results(a.results, fixed, rows, a.seed)
    return 0


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def write_results(path: Path, fixed: dict, rows: list[dict], seed: int) -> None:
    lines = [
        f"\n## Run of {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}. Commit {_commit()}. Corpus: `skytally generate --seed {seed}`. "
        "Command: `skytally run` (temporary Prefect server). Load average at the start: "
        f"{os.getloadavg()[0]:.1f} (other work shared the 2 cores: figures are upper bounds).",
        "",
        f"Fixed cost (`skytally run` over an empty folder): **{fixed['seconds']:.1f} s**, peak RSS {fixed['peak_rss_mb']:.0f} MB.",
        "",
        "| articles | MB | wall s | articles/s | MB/s | peak RSS MB | floor s | per-corpus s | ratio to floor | re-run s | claim P / R / F1 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        acc = r["accuracy"]
        lines.append(f"| {r['n']:,} | {r['mb']} | {r['wall_s']} | {r['articles_per_s']} | {r['mb_per_s']} | {r['peak_rss_mb']} | "
                     f"{r['floor_s']} | {r['per_corpus_s']} | {r['ratio_to_floor']} | {r['rerun_s']} | "
                     f"{acc['precision']} / {acc['recall']} / {acc['f1']} |")
    lines += ["", "Seconds per stage (from the task-run log):", "",
              "| articles | " + " | ".join(STAGES) + " |", "| --- |" + " --- |" * len(STAGES)]
    for r in rows:
        lines.append(f"| {r['n']:,} | " + " | ".join(str(r["stages_s"].get(s, "")) for s in STAGES) + " |")
    with path.open("a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
