"""Benchmark skytally against the floor of what this machine can do.

    .venv/bin/python benchmarks/run.py [--sizes 1000 10000 100000] [--seed 1] [--work benchmarks/work]

For each size N it generates N labelled articles (`skytally generate`), then measures in one go:
- the fixed cost: `skytally run` over an empty folder;
- the full `skytally run`: wall time, articles/s, MB/s, peak resident memory of the process tree,
  and time per stage (from the Prefect task-run log lines);
- the floor: read every file's bytes in Python, decode, load them into a DuckDB table in one statement;
- per-corpus cost (full minus fixed) as a ratio to the floor; claim accuracy on the generated labels;
- a re-run with nothing new (and how many articles it extracted: dq.runs.n_extracted, 0 when incremental);
- with --workers-compare N: a from-scratch run of N articles with SKYTALLY_WORKERS=1 (extraction in the flow's
  process) beside the default (one worker process per core), for the speed-up of the process pool;
- the fixed cost against a running Prefect server (`prefect server start`, PREFECT_API_URL) too.
The machine's 1-minute load average is recorded before each measured run: on a shared machine the figures are
upper bounds. Results are appended to benchmarks/RESULTS.md with the machine's description and the date.
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
STARTED = datetime.now(timezone.utc)
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


def load() -> float:
    return round(os.getloadavg()[0], 1)


def fixed_cost(work: Path, env: dict, runs: int = 3) -> dict:
    """`skytally run` over an empty folder: the least of `runs` (after a warm-up), with the load before each."""
    empty = work / "empty"
    empty.mkdir(exist_ok=True)
    db = work / "empty-db" / "w.duckdb"
    cmd = [*SKYTALLY_CMD, "run", "--input", str(empty), "--db", str(db), "--as-of", AS_OF]
    shutil.rmtree(db.parent, ignore_errors=True)
    timed_run(cmd, env)   # warm-up
    best, loads = None, []
    for _ in range(runs):   # the least: the machine's other load only ever adds time
        shutil.rmtree(db.parent, ignore_errors=True)
        loads.append(load())
        r = timed_run(cmd, env)
        if r["rc"] != 0:
            raise SystemExit("empty-folder run failed:\n" + r["output"][-3000:])
        r["load"] = loads[-1]
        best = r if best is None or r["seconds"] < best["seconds"] else best
    best["loads"] = loads
    return best


def running_server(work: Path, env: dict) -> tuple[subprocess.Popen, str]:
    """A Prefect API server started for the benchmark (loopback, its own PREFECT_HOME), and its API URL."""
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server_env = {**env, "PREFECT_HOME": str(work / "prefect-server-home"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    proc = subprocess.Popen([str(Path(sys.executable).parent / "prefect"), "server", "start", "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=server_env)
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the Prefect server did not start within 120 s")


def extracted(db: Path) -> int | None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT n_extracted FROM dq.runs WHERE outcome = 'published' ORDER BY finished_at DESC LIMIT 1").fetchone()[0]
    finally:
        con.close()


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
    ap.add_argument("--workers-compare", type=int, default=None, metavar="N",
                    help="also run N articles with SKYTALLY_WORKERS=1 (the process pool's speed-up)")
    ap.add_argument("--no-server", action="store_true", help="skip the fixed cost against a running Prefect server")
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PREFECT_HOME": str(a.work / "prefect-home"),
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}

    fixed = fixed_cost(a.work, env)
    print(f"fixed cost (empty folder): {fixed['seconds']:.1f}s, peak {fixed['peak_rss_mb']:.0f} MB, load {fixed['loads']}", flush=True)
    external = None
    if not a.no_server:
        server, url = running_server(a.work, env)
        try:
            external = fixed_cost(a.work, {**env, "PREFECT_API_URL": url})
        finally:
            server.terminate()
            server.wait(timeout=30)
        print(f"fixed cost against a running server: {external['seconds']:.1f}s, load {external['loads']}", flush=True)

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
        load_full = load()
        full = timed_run([*SKYTALLY_CMD, "run", "--input", str(corpus), "--db", str(db), "--as-of", AS_OF], env)
        if full["rc"] != 0:
            print(full["output"][-3000:])
            raise SystemExit(f"run failed on {n} articles")
        load_again = load()
        again = timed_run([*SKYTALLY_CMD, "run", "--input", str(corpus), "--db", str(db), "--as-of", AS_OF], env)
        one_worker = None
        if n == a.workers_compare:
            db1 = a.work / f"w-{n}-1worker" / "w.duckdb"
            shutil.rmtree(db1.parent, ignore_errors=True)
            load_one = load()
            r1 = timed_run([*SKYTALLY_CMD, "run", "--input", str(corpus), "--db", str(db1), "--as-of", AS_OF],
                           {**env, "SKYTALLY_WORKERS": "1"})
            one_worker = {"wall_s": round(r1["seconds"], 1), "stages_s": stage_seconds(r1["output"]), "load": load_one,
                          "peak_rss_mb": round(r1["peak_rss_mb"])}
        per_corpus = full["seconds"] - fixed["seconds"]
        row = {
            "n": n, "mb": round(mb, 1), "wall_s": round(full["seconds"], 1), "articles_per_s": round(n / full["seconds"], 1),
            "mb_per_s": round(mb / full["seconds"], 2), "peak_rss_mb": round(full["peak_rss_mb"]),
            "stages_s": stage_seconds(full["output"]), "floor_s": round(fl, 2), "per_corpus_s": round(per_corpus, 1),
            "ratio_to_floor": round(per_corpus / fl, 1) if fl else None, "rerun_s": round(again["seconds"], 1),
            "rerun_extracted": extracted(db), "rerun_stages_s": stage_seconds(again["output"]),
            "load_full": load_full, "load_rerun": load_again, "one_worker": one_worker,
            "accuracy": accuracy(db, corpus),
        }
        print(json.dumps(row), flush=True)
        rows.append(row)
        write_results(a.results, fixed, external, rows, a.seed)   # after each size: a stopped run keeps what it measured
    return 0


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def write_results(path: Path, fixed: dict, external: dict | None, rows: list[dict], seed: int) -> None:
    """Append (or, after the next size, replace) this run's section of RESULTS.md."""
    title = f"\n## Run of {STARTED:%Y-%m-%d %H:%M} UTC (commit {_commit()})"
    lines = [
        title,
        "",
        f"Machine: {machine()}. Corpus: `skytally generate --seed {seed}`. Command: `skytally run` (temporary Prefect "
        "server unless said otherwise). The 1-minute load average before each run is given beside it (about 1 is "
        "the benchmark itself on an otherwise idle machine; more means other work shared the cores).",
        "",
        f"Fixed cost (`skytally run` over an empty folder, least of 3): **{fixed['seconds']:.1f} s**, peak RSS "
        f"{fixed['peak_rss_mb']:.0f} MB (load {', '.join(map(str, fixed['loads']))}).",
    ]
    if external:
        lines.append(f"Against a running Prefect server (`prefect server start`, PREFECT_API_URL): **{external['seconds']:.1f} s** "
                     f"(load {', '.join(map(str, external['loads']))}).")
    lines += [
        "",
        "| articles | MB | wall s (load) | articles/s | MB/s | peak RSS MB | floor s | per-corpus s | ratio to floor | "
        "re-run s (load) | re-run extracted | claim P / R / F1 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        acc = r["accuracy"]
        lines.append(f"| {r['n']:,} | {r['mb']} | {r['wall_s']} ({r['load_full']}) | {r['articles_per_s']} | {r['mb_per_s']} | "
                     f"{r['peak_rss_mb']} | {r['floor_s']} | {r['per_corpus_s']} | {r['ratio_to_floor']} | "
                     f"{r['rerun_s']} ({r['load_rerun']}) | {r['rerun_extracted']} | "
                     f"{acc['precision']} / {acc['recall']} / {acc['f1']} |")
    lines += ["", "Seconds per stage (from the task-run log), first run / re-run:", "",
              "| articles | " + " | ".join(STAGES) + " |", "| --- |" + " --- |" * len(STAGES)]
    for r in rows:
        lines.append(f"| {r['n']:,} | " + " | ".join(f"{r['stages_s'].get(s, '')} / {r['rerun_stages_s'].get(s, '')}"
                                                     for s in STAGES) + " |")
    for r in rows:
        if r["one_worker"]:
            o = r["one_worker"]
            lines += ["", f"Process pool at {r['n']:,} articles: one worker (SKYTALLY_WORKERS=1, load {o['load']}) "
                      f"{o['wall_s']} s, stage {o['stages_s'].get('stage')} s, peak RSS {o['peak_rss_mb']} MB; "
                      f"default ({os.cpu_count()} workers, load {r['load_full']}) {r['wall_s']} s, stage "
                      f"{r['stages_s'].get('stage')} s."]
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if title in text:
        text = text[:text.index(title)]
    path.write_text(text + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
