"""Great Expectations Data Docs that work from the file system, without the network.

GX 1.x pages load Bootstrap, jQuery, bootstrap-table, Vega and Font Awesome from CDNs; offline the index page
is blank (its tables are filled by bootstrap-table from a script) and the other pages lose their styles. After
each build this rewrites the site in place: the CDN <link> and <script> tags are removed, a local stylesheet
(static/styles/skytally-offline.css) is linked instead, and index.html is replaced by a static list of the
validation results and expectation suites found on disk, newest first. Re-running it changes nothing more.
"""
from __future__ import annotations

import html
import os
import re
from pathlib import Path

MARK = "<!-- skytally: offline -->"
CDN_TAG = re.compile(
    r"<link\b[^>]*href=[\"']https?://[^>]*>\s*"
    r"|<script\b[^>]*src=[\"']https?://[^>]*>\s*</script>\s*", re.IGNORECASE)
CSS = """body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:16px 24px;color:#1d232a}
table{border-collapse:collapse;margin:6px 0;background:#fff}
th,td{border:1px solid #e1e4e8;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f7}a{color:#0550ae}img{max-height:40px}.hide,.d-none,.modal{display:none}
.text-danger{color:#a40e26}.text-success{color:#1a7f37}code,pre{font-size:12px;white-space:pre-wrap}
.cooltip .top{display:none}nav,.navbar{margin-bottom:8px}
ol.breadcrumb{list-style:none;padding:0}ol.breadcrumb li{display:inline;margin-right:8px}
"""


def _stylesheet_link(page: Path, site: Path) -> str:
    rel = os.path.relpath(site / "static" / "styles" / "skytally-offline.css", page.parent).replace(os.sep, "/")
    return f"{MARK}<link rel='stylesheet' href='{html.escape(rel)}'>"


def _strip(page: Path, site: Path) -> None:
    text = page.read_text(encoding="utf-8")
    if MARK in text:
        return
    text = CDN_TAG.sub("", text)
    text = text.replace("</head>", _stylesheet_link(page, site) + "</head>", 1)
    page.write_text(text, encoding="utf-8")


def _index(site: Path) -> str:
    validations = sorted(site.glob("validations/**/*.html"), key=lambda p: p.relative_to(site).parts[-2], reverse=True)
    suites = sorted(site.glob("expectations/*.html"))
    rows = []
    for p in validations:
        parts = p.relative_to(site).parts          # validations/<suite>/<run>/<time>/<batch>.html
        suite, run, when = (parts[1], parts[2], parts[3]) if len(parts) >= 5 else ("", "", "")
        failed = "Status: Failed" in p.read_text(encoding="utf-8", errors="replace") or \
                 "ge-failed-icon" in p.read_text(encoding="utf-8", errors="replace")
        href = html.escape(p.relative_to(site).as_posix())
        rows.append(f"<tr><td>{html.escape(when)}</td><td>{html.escape(run)}</td><td>{html.escape(suite)}</td>"
                    f"<td class='{'text-danger' if failed else 'text-success'}'>{'failed' if failed else 'passed'}</td>"
                    f"<td><a href='{href}'>{html.escape(p.stem)}</a></td></tr>")
    suite_items = "".join(f"<li><a href='{html.escape(p.relative_to(site).as_posix())}'>{html.escape(p.stem)}</a></li>"
                          for p in suites)
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Data Docs</title>"
            f"{MARK}<link rel='stylesheet' href='static/styles/skytally-offline.css'></head><body>"
            "<h1>Great Expectations Data Docs</h1>"
            "<p>Written offline by skytally: every page works from the file system.</p>"
            f"<h2 id='validations'>Validation results, newest first</h2><table><tr><th>time (UTC)</th><th>run</th>"
            f"<th>suite</th><th>result</th><th>batch</th></tr>{''.join(rows)}</table>"
            f"<h2 id='suites'>Expectation suites</h2><ul>{suite_items}</ul></body></html>")


def make_offline(site: Path) -> None:
    """Rewrite the Data Docs site at `site` (the folder of its index.html) to need nothing from the network."""
    site = Path(site)
    if not (site / "index.html").exists():
        return
    css = site / "static" / "styles" / "skytally-offline.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    css.write_text(CSS, encoding="utf-8")
    for page in site.rglob("*.html"):
        if page.name != "index.html" or page.parent != site:
            _strip(page, site)
    tmp = site / ".index.html.tmp"
    tmp.write_text(_index(site), encoding="utf-8")
    os.replace(tmp, site / "index.html")
