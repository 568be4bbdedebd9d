"""python -m synth N SEED OUT [--overwrite]: write the corpus and print its counts and the seconds taken
(`skytally generate` is the command users run)."""
import json
import sys
import time
from pathlib import Path

from synth.writer import generate

t0 = time.perf_counter()
counts = generate(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]), overwrite="--overwrite" in sys.argv)
counts["seconds"] = round(time.perf_counter() - t0, 2)
print(json.dumps(counts, indent=1))
