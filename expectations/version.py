"""The version of what turns staged data into flags and published tables: the checks (this package), the
warehouse's SQL and modules, and how editors' decisions are applied. A run whose input and this version are
those of the latest published run carries its results over instead of checking again (flows.stages.validate)."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from transforms.staging import code_digest

ROOT = Path(__file__).resolve().parents[1]
# the libraries whose behaviour is part of the checks' results
CHECK_LIBRARIES = ("great-expectations", "duckdb", "pandas")


def check_files(root: Path = ROOT) -> list[Path]:
    files = [p for pkg in ("expectations", "warehouse") for p in (root / pkg).rglob("*")
             if p.is_file() and p.suffix in (".py", ".sql") and "__pycache__" not in p.parts]
    files.append(root / "flows" / "review.py")     # applies the editors' decisions
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


@cache
def checks_version() -> str:
    """16 hex digits; computed once per process (the code it has loaded)."""
    return code_digest(ROOT, check_files(), CHECK_LIBRARIES)
