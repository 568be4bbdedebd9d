"""Writing the report beside the warehouse: report/index.html, replaced atomically."""
from __future__ import annotations

import os
from pathlib import Path

from report.build import build
from report.render import render
from warehouse import io as wh


def write_report(db_path: Path, run_id: str, data_docs: str | None) -> Path:
    """Build run_id's report from the warehouse at db_path and write it to report/index.html beside it."""
    out_dir = Path(db_path).parent / "report"
    out_dir.mkdir(parents=True, exist_ok=True)
    # the report only reads; a writer still holding the file is waited for as the run's other stages do
    con = wh.connect(db_path, read_only=True, wait=wh.lock_wait())
    try:
        html = render(build(con, run_id, out_dir, data_docs))
    finally:
        con.close()
    target = out_dir / "index.html"
    tmp = out_dir / ".index.html.tmp"
    tmp.write_text(html, encoding="utf-8")
    from flows.faults import fault_point

    fault_point("report:before_replace")
    os.replace(tmp, target)   # readers never see a half-written page
    return target
