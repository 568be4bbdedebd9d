"""The report of a large warehouse after one more night, in a real Chromium: under the size budget, tonight
first, every section readable at 1,400 and 800 px (screenshots in the test output, not the repo).

The warehouse is built once per session: `skytally generate` 10,000 articles, the stages for night 1, then 200
more articles landing in night2/ and the stages again (about 4 min on 2 busy cores; 130 s + 94 s measured).
SKYTALLY_LARGE_DOCS sets the first night's size (e.g. 2000 for a quick run); the budget is asserted either way.
Screenshots go to SKYTALLY_TEST_OUTPUT (default: artifacts/report-screens, ignored by git).
"""
from __future__ import annotations

import base64
import csv
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import ROOT, query, run_stages
from tests.e2e.test_report import chrome_driver, severe

DOCS = int(os.environ.get("SKYTALLY_LARGE_DOCS", "10000"))
TONIGHT = 200
BUDGET = 2_000_000           # bytes of HTML for the first page (the budget at 100,000 articles held)
OUTPUT = Path(os.environ.get("SKYTALLY_TEST_OUTPUT", ROOT / "artifacts" / "report-screens"))
SECTIONS = ["tonight", "days", "statements", "article-flags", "figures-left", "quarantine", "totals", "charts",
            "flags", "decisions", "checks", "pages"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def large(tmp_path_factory) -> Path:
    from synth import generate

    base = tmp_path_factory.mktemp("large")
    land = base / "landing"
    generate(DOCS, 1, land)
    (land / "gold.jsonl").unlink()
    db = base / "skytally.duckdb"
    run_stages(land, db, as_of=date(2025, 12, 31), run_id="night-1", progress=False)
    more = base / "more"
    generate(TONIGHT, 2, more)
    shutil.copytree(more, land / "night2", ignore=shutil.ignore_patterns("*.csv", "*.jsonl"))
    rows = list(csv.DictReader((more / "manifest.csv").open(newline="")))
    with (land / "manifest.csv").open("a", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        for r in rows:
            w.writerow({**r, "file": "night2/" + r["file"]})
    run_stages(land, db, as_of=date(2026, 1, 1), run_id="night-2", report=True, progress=False)
    return db


@pytest.fixture(scope="module")
def chromium():
    with chrome_driver(page_load_timeout=60) as driver:
        yield driver


def test_first_page_is_under_the_budget_and_grows_with_tonight(large):
    index = large.with_name("skytally.report") / "index.html"
    size = index.stat().st_size
    assert size < BUDGET, f"{size} bytes"
    arrived = query(large, "SELECT count(*) FROM raw.articles WHERE run_id = 'night-2'")[0][0]
    assert 0 < arrived <= TONIGHT
    html = index.read_text(encoding="utf-8")
    assert f"<b>{arrived}</b>articles arrived" in html
    # every archive page is bounded too (a fixed number of statements each)
    pages = sorted((index.parent / "archive" / "night-2").glob("flags-*.html"))
    assert pages and max(p.stat().st_size for p in pages) < BUDGET


def test_tonight_first_and_each_section_screenshot(large, chromium):
    index = large.with_name("skytally.report") / "index.html"
    OUTPUT.mkdir(parents=True, exist_ok=True)
    chromium.get_log("browser")
    for width in (1400, 800):
        chromium.set_window_size(width, 1000)
        chromium.get(index.resolve().as_uri())
        assert severe(chromium.get_log("browser")) == []
        order = chromium.execute_script("return [...document.querySelectorAll('h2')].map(h => h.id)")
        assert order[0] == "tonight" and order == [s for s in SECTIONS if s in order], order
        top = chromium.execute_script("return document.getElementById('tonight').getBoundingClientRect().top")
        assert top < 200                                  # tonight is on the first screen
        # nothing sticks out sideways at this width
        overflow = chromium.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{overflow} px of horizontal scroll at {width} px"
        for section in order:
            top, bottom, w = chromium.execute_script("""
                const h = document.getElementById(arguments[0]); let e = h.nextElementSibling;
                while (e && e.tagName !== 'H2') e = e.nextElementSibling;
                const t = h.getBoundingClientRect().top + scrollY;
                const b = e ? e.getBoundingClientRect().top + scrollY : document.documentElement.scrollHeight;
                return [t, b, document.documentElement.clientWidth];""", section)
            shot = chromium.execute_cdp_cmd("Page.captureScreenshot", {
                "clip": {"x": 0, "y": top, "width": w, "height": max(1, min(bottom - top, 6000)), "scale": 1},
                "captureBeyondViewport": True})
            data = base64.b64decode(shot["data"])
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            (OUTPUT / f"{section}-{width}.png").write_bytes(data)
    assert len(list(OUTPUT.glob("*-1400.png"))) == len(order)
