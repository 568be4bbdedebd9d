"""The editors' report: static HTML pages in a folder beside the warehouse, nothing fetched from the network.

model (the view-model) <- build (from warehouse.report_queries) -> render (Jinja2, templates/) -> write.
"""
from __future__ import annotations

from pathlib import Path


def report_dir(db_path: Path | str) -> Path:
    """The report's folder: beside the warehouse, named after it (skytally.report/ for skytally.duckdb), so two
    warehouses in one folder keep their own reports. Great Expectations keeps its project and Data Docs in it too."""
    db_path = Path(db_path)
    return db_path.with_name((db_path.stem if db_path.suffix else db_path.name) + ".report")
