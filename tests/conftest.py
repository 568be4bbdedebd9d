"""Shared fixtures: paths, and the pipeline's stages run without Prefect (the one seam where tests
swap the orchestrator for direct calls; the end-to-end tests use the real `skytally run`)."""
from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
DEVSET = ROOT / "tests" / "data" / "devset"
SHARED = ROOT.parent / "shared"

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def run_stages(input_dir: Path, db_path: Path, as_of: date = date(2025, 12, 31), run_id: str = "test-run",
               report: bool = False, **options) -> dict:
    """ingest -> stage -> validate -> publish (-> report) as plain functions; options are Settings fields."""
    from flows import stages
    from flows.settings import Settings

    settings = Settings(input_dir=input_dir, db_path=db_path, as_of=as_of, **options)
    ing = stages.ingest(settings, run_id)
    stg = stages.stage(settings, run_id)
    val = stages.validate(settings, run_id, ing)
    pub = stages.publish(settings, run_id, carried_from=val.carried_from)
    out = {"ingest": ing, "stage": stg, "validate": val, "publish": pub, "settings": settings}
    if report:
        from report.write import write_report

        out["report"] = write_report(db_path, run_id, val.data_docs, val.carried_from)
    return out


def query(db_path: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    """The sample corpus through every stage once per test session."""
    db = tmp_path_factory.mktemp("sample") / "w.duckdb"
    run_stages(SAMPLE, db, as_of=date(2025, 7, 31))
    return db


def copy_corpus(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst
