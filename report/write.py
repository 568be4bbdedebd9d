"""Writing the report beside the warehouse, in the folder named after it (skytally.report/ for skytally.duckdb):
index.html (tonight), archive/index.html and archive/flags-N.html (the archive, a fixed number of statements a
page), and summary.json (the counts the run's summary prints: the same numbers as the page).

Every file is written to a temporary name and moved into place (readers never see a half-written page); the
archive first and index.html last, and archive pages of an earlier, longer archive are removed.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from report import report_dir
from report.build import build
from report.render import render, render_archive_index, render_archive_page
from warehouse import io as wh


def data_docs_index(db_path: Path) -> Path:
    """Where Great Expectations writes its Data Docs for this warehouse (its project lives in the report folder)."""
    return report_dir(db_path) / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def _replace(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_report(db_path: Path, run_id: str, data_docs: str | None) -> Path:
    """Build run_id's report from the warehouse at db_path and write it into the report folder beside it."""
    db_path = Path(db_path)
    out_dir = report_dir(db_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    # the report only reads; a writer still holding the file is waited for as the run's other stages do
    con = wh.connect(db_path, read_only=True, wait=wh.lock_wait())
    try:
        report = build(con, run_id, out_dir, data_docs, warehouse=str(db_path))
    finally:
        con.close()
    if data_docs:
        from report.datadocs import make_offline

        make_offline(Path(data_docs).parent)
    archive = report.archive
    pages = archive.pages
    for page in pages:
        _replace(out_dir / page.href, render_archive_page(archive.run, page, len(pages)))
    for old in (out_dir / "archive").glob("flags-*.html"):
        if old.stem.split("-")[-1].isdigit() and int(old.stem.split("-")[-1]) > len(pages):
            old.unlink()
    _replace(out_dir / "archive" / "index.html", render_archive_index(archive))
    t = report.tonight
    _replace(out_dir / "summary.json", json.dumps({
        "run_id": run_id, "warehouse": str(db_path), "articles_tonight": t.articles, "claims_tonight": t.claims,
        "new_flags": t.new_flags, "flags": t.flags, "open_flags": t.open_flags,
        "left_out": {x.reason: x.claims for x in report.left_out},
        "days": {str(d.event_date or "no date"): d.status for d in report.days},
    }, indent=1))
    html = render(report)
    from flows.faults import fault_point

    target = out_dir / "index.html"
    tmp = out_dir / ".index.html.tmp"
    tmp.write_text(html, encoding="utf-8")
    fault_point("report:before_replace")
    os.replace(tmp, target)   # readers never see a half-written page
    return target
