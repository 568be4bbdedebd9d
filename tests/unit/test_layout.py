"""Guardrails of the layout: one reader of the environment, and no settings built when a module is imported."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["flows", "transforms", "warehouse", "expectations", "report", "synth"]
# a read of one SKYTALLY_* variable by its name: os.environ.get("SKYTALLY_X"), os.getenv('SKYTALLY_X'), environ["..."]
ENV_READ = re.compile(r"""(?:environ(?:\.get)?|getenv)\s*[\[(]\s*f?["']SKYTALLY_""")


def package_files() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py") if "__pycache__" not in p.parts)


def test_only_the_settings_module_reads_skytally_variables():
    readers = [f"{p.relative_to(ROOT)}:{i}" for p in package_files() if p != ROOT / "flows" / "settings.py"
               for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if ENV_READ.search(line)]
    assert readers == []


def test_the_check_finds_a_read():
    assert ENV_READ.search('x = os.environ.get("SKYTALLY_LOCK_WAIT", 60)')
    assert ENV_READ.search("os.getenv('SKYTALLY_FAULT')")
    assert not ENV_READ.search('env_name("dask")')


def test_no_settings_object_is_built_at_import():
    """Settings() at module level (a decorator argument, a constant) would read and validate the environment when
    the module is imported, before the CLI could name a bad variable."""
    offenders = []
    for p in package_files():
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if "Settings(" in line and not line.startswith((" ", "\t", "class ", "#")):
                offenders.append(f"{p.relative_to(ROOT)}:{i}: {line.strip()}")
    assert offenders == []
