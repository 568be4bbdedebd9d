"""Writing the report beside the warehouse, in the folder named after it (skytally.report/ for skytally.duckdb):
index.html (tonight), archive/<run_id>/index.html and archive/<run_id>/flags-N.html (the archive, a fixed number
of statements a page), and summary.json (the counts the run's summary prints: the same numbers as the page).

Every file is written to a temporary name and moved into place (readers never see a half-written page).
"""
from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

from report import report_dir
from report.build import ARCHIVE_PER_PAGE, archive_pages, build
from report.model import ArchivePage, RunHeader
from report.render import render, render_archive_index, render_archive_page
from warehouse import io as wh
from warehouse import report_queries as q


def data_docs_index(db_path: Path) -> Path:
    """Where Great Expectations writes its Data Docs for this warehouse (its project lives in the report folder)."""
    return report_dir(db_path) / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def safe_name(run_id: str) -> str:
    """A run id as a folder name."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", run_id) or "run"


def _replace(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_report(db_path: Path, run_id: str, data_docs: str | None, carried_from: str | None = None) -> Path:
    """Build run_id's report from the warehouse at db_path and write it into the report folder beside it.

    carried_from: the run whose results this one carried over (nothing changed since): when the page there now is
    that run's, its archive is this run's too and is kept, not rebuilt (the archive is every flag held: rebuilding
    it would make a night with nothing new cost as much as the archive is large)."""
    db_path = Path(db_path)
    out_dir = report_dir(db_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    kept, kept_pages = _archive_of(out_dir, carried_from) if carried_from else (None, [])
    folder = kept or f"archive/{safe_name(run_id)}/"
    # the report only reads; a writer still holding the file is waited for as the run's other stages do
    # its sorts of every flag spill to disk beyond the cap instead of growing with the archive
    con = wh.limit_memory(wh.connect(db_path, read_only=True, wait=wh.lock_wait()), wh.QUERY_MEMORY_LIMIT)
    try:
        report = build(con, run_id, out_dir, data_docs, warehouse=str(db_path), unchanged=kept is not None)
        # the archive of this run goes into its own folder, archive/<run_id>/, which the new index.html links to;
        # index.html is replaced last, then the archives of earlier runs are removed: a reader (or a crash) sees
        # the old page with its archive or the new page with its own, never a mix. Its pages are written as their
        # rows are read, and only their headings kept.
        pages = kept_pages if kept is not None else _write_archive_pages(con, run_id, report.run, out_dir, folder)
    finally:
        con.close()
    archive = replace(report.archive, pages=pages)
    if kept is None:
        _replace(out_dir / folder / "index.html", render_archive_index(archive))
    report = replace(report, archive=archive, archive_href=folder + "index.html")
    if data_docs:
        from report.datadocs import make_offline

        make_offline(Path(data_docs).parent)
    html = render(report)
    from flows.faults import fault_point

    target = out_dir / "index.html"
    tmp = out_dir / ".index.html.tmp"
    tmp.write_text(html, encoding="utf-8")
    fault_point("report:before_replace")
    os.replace(tmp, target)   # readers never see a half-written page
    t = report.tonight
    _replace(out_dir / "summary.json", json.dumps({
        "run_id": run_id, "warehouse": str(db_path), "articles_tonight": t.articles, "claims_tonight": t.claims,
        "new_flags": t.new_flags, "flags": t.flags, "open_flags": t.open_flags,
        "left_out": {x.reason: x.claims for x in report.left_out},
        "days": {str(d.event_date or "no date"): d.status for d in report.days},
        "archive": folder,
        "archive_pages": [[p.number, p.href, p.first_day, p.last_day, p.n_statements] for p in archive.pages],
    }, indent=1, default=str))
    for old in (out_dir / "archive").iterdir():
        if old.is_dir() and f"archive/{old.name}/" != folder:
            shutil.rmtree(old, ignore_errors=True)
    return target


def _write_archive_pages(con, run_id: str, run: RunHeader, out_dir: Path, folder: str) -> list[ArchivePage]:
    n_pages = max(1, -(-q.statement_count(con, run_id) // ARCHIVE_PER_PAGE))
    written = []
    for page in archive_pages(con, run_id):
        page = replace(page, href=folder + page.href.split("/", 1)[1])
        _replace(out_dir / page.href, render_archive_page(run, page, n_pages))
        written.append(replace(page, statements=[]))
    return written


def _archive_of(out_dir: Path, run_id: str) -> tuple[str | None, list[ArchivePage]]:
    """The archive folder the page of run_id links to ('archive/<run>/') and its pages (without their
    statements), if that page is the one there now; else (None, [])."""
    try:
        summary = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, []
    folder = summary.get("archive")
    if summary.get("run_id") != run_id or not folder or not (out_dir / folder / "index.html").is_file():
        return None, []
    return folder, [ArchivePage(n, href, _day(first), _day(last), [], count)
                    for n, href, first, last, count in summary.get("archive_pages", [])]


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
