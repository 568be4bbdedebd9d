"""Extraction speed of a checkout: the pure staging of generated articles, without I/O or Prefect.

    .venv/bin/python benchmarks/extract_speed.py [--checkout DIR] [--docs 10000] [--seed 5] [--repeat 2]

Generates the corpus once (`skytally generate`, cached in benchmarks/work/extract-N-S), reads it into one
frame, and times `flows.stages.stage_batch` over it (clean, extract, decisions) `--repeat` times: the best
wall and CPU seconds and articles per second. `--checkout` measures another checkout of the project (a
`git worktree` of an older commit) on the same corpus, so two versions can be compared side by side.
Wall time moves with whatever else the machine runs; for a figure that does not, count instructions:
`valgrind --tool=callgrind python benchmarks/extract_speed.py --docs 300 --repeat 1`.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkout", type=Path, default=ROOT)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()

    corpus = ROOT / "benchmarks" / "work" / f"extract-{args.docs}-{args.seed}"
    if not (corpus / "gold.jsonl").exists():   # in a child: this process imports only the checkout measured
        subprocess.run([sys.executable, "-m", "flows.cli", "generate", "--docs", str(args.docs), "--seed",
                        str(args.seed), "--out", str(corpus)], cwd=ROOT, check=True, capture_output=True)
    sys.path.insert(0, str(args.checkout.resolve()))
    import polars as pl
    from flows.stages import stage_batch

    files = sorted(corpus.rglob("*.txt"))
    n = len(files)
    raw = pl.DataFrame({"source_file": [str(f.relative_to(corpus)) for f in files], "sha256": ["-"] * n,
                        "text": [f.read_text(encoding="utf-8") for f in files], "published": [None] * n,
                        "outlet": [None] * n, "source_url": [None] * n, "encoding": ["utf-8"] * n},
                       schema={c: pl.String for c in ("source_file", "sha256", "text", "published", "outlet",
                                                      "source_url", "encoding")})
    wall = cpu = float("inf")
    for _ in range(args.repeat):
        _forget_readings()
        w, c = time.perf_counter(), time.process_time()
        stage_batch(raw, date(2025, 12, 31))
        wall, cpu = min(wall, time.perf_counter() - w), min(cpu, time.process_time() - c)
    print(f"{args.checkout}: {n} articles, best of {args.repeat}: wall {wall:.1f} s ({n / wall:.0f} articles/s), "
          f"CPU {cpu:.1f} s ({n / cpu:.0f} articles/s)")


def _forget_readings() -> None:
    """Each repeat starts cold: the sentence readings a process keeps (transforms.extract.parse) are dropped."""
    parse = sys.modules.get("transforms.extract.parse")      # older checkouts have no such module or cache
    read = getattr(parse, "_read_sentence", None)
    if read is not None:
        read.cache_clear()


if __name__ == "__main__":
    main()
