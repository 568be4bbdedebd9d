"""The editors' report (report/): escaping of untrusted article text, and the page in a real browser.

The pipeline stages run here without Prefect, in the order of flows.nightly: ingest, stage, validate, publish,
then write_report. Each corpus is run once per module.

Browser tests (marked slow) drive Debian's headless Chromium through its chromedriver with Selenium; they are
skipped when /usr/bin/chromium or /usr/bin/chromedriver is missing (`.ci/install-browser.sh` installs both).
"""
from __future__ import annotations

from contextlib import contextmanager

import re
import time
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date
from markupsafe import escape      # the escaping the page's template (Jinja2) applies
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample"
SAMPLE_AS_OF = date(2025, 7, 31)
ARTIFACTS = REPO / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROME_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)

# ------------------------------------------------------------------ hostile input
# Each payload sets window.__pwned (and the title) if it ever runs. No digits in them: a digit next to
# "drones" would be extracted as a figure of its own.
P_SCRIPT = "<script>window.__pwned='script';document.title='pwned'</script>"
P_IMG = "<img src=x onerror=\"window.__pwned='img';document.title='pwned'\">"
P_SVG = "\"><svg onload=\"window.__pwned='svg';document.title='pwned'\">"
P_DETAILS = "<details open ontoggle=\"window.__pwned='details';document.title='pwned'\">"
P_TABLE = "</td></tr></table><b>bold</b>"
PAYLOADS = (P_SCRIPT, P_IMG, P_SVG, P_DETAILS, P_TABLE)

# file and folder names cannot hold '/', so no closing tags there
ARTICLE_NAME = "kaluga <img src=x onerror=\"window.__pwned='file';document.title='pwned'\"> \"><svg onload=\"window.__pwned='file-svg'\">.txt"
EMPTY_NAME = "empty <img src=x onerror=\"window.__pwned='quarantine'\">.txt"
INPUT_DIR_NAME = "articles \"><img src=x onerror=\"window.__pwned='dir'\">"
BOILERPLATE_LINE = f"Read also: {P_SCRIPT} Heat wave expected in central Russia next week"

# Both figures name a district that is not in Kaluga Oblast (Trubchevsky is in Bryansk Oblast, Verkhnelugsky
# is nowhere: a district of another region is now read as naming that region too, an ambiguous split), so both
# claims get an unknown_district flag and their sentences show up as evidence.
ARTICLE = f"""Drones downed over Kaluga region

KALUGA, July 20. Air defence forces destroyed {P_SCRIPT} two Ukrainian drones over the Lyudinovsky and Trubchevsky districts of the Kaluga region overnight {P_IMG}, Governor Vladislav Shapsha said.

{P_SVG} Three more drones were shot down over the Verkhnelugsky district of the Kaluga region {P_TABLE} {P_DETAILS} on Sunday morning, Shapsha added.

{BOILERPLATE_LINE}
"""


# ------------------------------------------------------------------ running the pipeline without Prefect
@dataclass
class Run:
    run_id: str
    db_path: Path
    report: Path
    data_docs: str | None
    input_dir: Path

    @property
    def html(self) -> str:
        return self.report.read_text(encoding="utf-8")

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(self.db_path), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()


def run_pipeline(input_dir: Path, db_path: Path, as_of: date) -> Run:
    """flows.nightly's order of stages, called directly."""
    from report.write import write_report
    from flows import stages
    from flows.settings import Settings

    settings = Settings(input_dir=input_dir, db_path=db_path, as_of=as_of, progress=False,
                        decisions_file=input_dir / "decisions.csv")
    run_id = stages.new_run_id()
    ing = stages.ingest(settings, run_id)
    stg = stages.stage(settings, run_id)
    val = stages.validate(settings, run_id, ing)
    stages.publish(settings, run_id, {"ingest": asdict(ing), "stage": asdict(stg), "flags": val.by_flag})
    report = write_report(settings.db_path, run_id, val.data_docs)
    return Run(run_id, db_path, Path(report), val.data_docs, input_dir)


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory) -> Run:
    out = tmp_path_factory.mktemp("sample_run")
    return run_pipeline(SAMPLE, out / "skytally.duckdb", SAMPLE_AS_OF)


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> Run:
    base = tmp_path_factory.mktemp("hostile_run")
    inp = base / INPUT_DIR_NAME
    inp.mkdir()
    (inp / ARTICLE_NAME).write_text(ARTICLE, encoding="utf-8")
    (inp / EMPTY_NAME).write_bytes(b"")          # quarantined: its name shows in the quarantine table
    (base / "db").mkdir()
    return run_pipeline(inp, base / "db" / "skytally.duckdb", date(2025, 7, 31))


# ------------------------------------------------------------------ parsing the page (stdlib, no browser)
class _Page(HTMLParser):
    """Tags, on* attributes and per-section table rows (cell texts) outside the chart SVG."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.handlers: list[tuple[str, str]] = []
        self.rows: dict[str, list[list[str]]] = {}
        self._section = ""
        self._chart_depth = 0
        self._cells: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._chart_depth:
            if tag == "div":
                self._chart_depth += 1
            return
        if tag == "div" and "chart-svg" in (attrs.get("class") or ""):
            self._chart_depth = 1
            return
        self.tags[tag] += 1
        self.handlers += [(tag, a) for a in attrs if a.lower().startswith("on")]
        if tag == "h2":
            self._section = attrs.get("id") or ""
        elif tag == "tr":
            self._cells = []
        elif tag == "td" and self._cells is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if self._chart_depth:
            if tag == "div":
                self._chart_depth -= 1
            return
        if tag == "td" and self._cell is not None and self._cells is not None:
            self._cells.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._cells is not None:
            if self._cells:
                self.rows.setdefault(self._section, []).append(self._cells)
            self._cells = None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "meta"):
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self._cell is not None and not self._chart_depth:
            self._cell.append(data)


def parse(html: str) -> _Page:
    p = _Page()
    p.feed(html)
    p.close()
    return p


REPORT_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p", "code", "div", "b",
               "table", "tr", "th", "td", "br", "span", "mark", "a", "nav", "section", "ul", "li"}


# ------------------------------------------------------------------ escaping (no browser)
def test_hostile_input_reaches_the_report(hostile_run):
    """The payloads really are in the claims' evidence and file names, so the escaping tests below test something."""
    rows = hostile_run.query(
        "SELECT c.claim_id, c.source_file, c.evidence FROM marts.claims c JOIN dq.flags f USING (claim_id) "
        "WHERE f.run_id = ? AND f.flag = 'unknown_district' ORDER BY c.char_start", [hostile_run.run_id])
    assert len(rows) == 2, rows
    assert {r[1] for r in rows} == {ARTICLE_NAME}
    evidence = " ".join(r[2] for r in rows)
    for p in PAYLOADS:
        assert p in evidence
    assert hostile_run.query("SELECT source_file FROM raw.quarantine") == [(EMPTY_NAME,)]


def test_report_escapes_article_text_and_names(hostile_run):
    html = hostile_run.html
    for raw in PAYLOADS + (ARTICLE_NAME, EMPTY_NAME, INPUT_DIR_NAME):
        assert raw not in html, f"unescaped in the report: {raw!r}"
        assert escape(raw) in html, f"missing (escaped) from the report: {raw!r}"
    page = parse(html)
    assert page.handlers == [], f"event-handler attributes in the page: {page.handlers}"
    assert set(page.tags) <= REPORT_TAGS, f"unexpected elements: {set(page.tags) - REPORT_TAGS}"


def test_flagged_rows_show_the_evidence_verbatim(hostile_run):
    """Parsed back, each flag row has its five cells and the evidence cell reads exactly the stored sentence."""
    page = parse(hostile_run.html)
    rows = page.rows.get("statements", [])
    flagged = hostile_run.query(
        "SELECT c.claim_id, c.evidence FROM marts.claims c JOIN dq.flags f USING (claim_id) WHERE f.run_id = ?",
        [hostile_run.run_id])
    evidence = dict(flagged)
    assert len(rows) == len(flagged) >= 2
    for cells in rows:
        assert len(cells) == 5, cells
        claim_id = cells[1][-16:]
        assert cells[2] == evidence[claim_id]
    assert escape(ARTICLE_NAME) + "#" in hostile_run.html          # the statement's key names the article
    quarantined = page.rows.get("quarantine", [])
    assert [c[0] for c in quarantined] == [EMPTY_NAME]
    # the boilerplate line (with its <script>) is listed as removed text, as text
    article_level = page.rows.get("article-flags", [])
    assert any(c[0] == "boilerplate" and P_SCRIPT in c[3] for c in article_level), article_level


def test_every_flag_of_the_run_is_listed_once(sample_run):
    """Each warning and error of the run appears once with its statement or article; article-level findings
    (info included) in their own table; the open card is dq.latest_flags WHERE open."""
    page = parse(sample_run.html)
    (n_shown, n_article, n_open), = sample_run.query(
        "SELECT count(*) FILTER (WHERE severity <> 'info' AND flag <> 'quarantined'), "
        "count(*) FILTER (WHERE claim_id IS NULL AND flag <> 'quarantined'), count(*) FILTER (WHERE open) "
        "FROM dq.run_flags WHERE run_id = ?", [sample_run.run_id])
    assert n_shown > 0 and len(page.rows.get("statements", [])) == n_shown
    assert len(page.rows.get("article-flags", [])) == n_article
    assert f"<b id='open-count'>{n_open}</b>open flags" in sample_run.html
    assert sample_run.query("SELECT count(*) FROM dq.flags WHERE run_id = ? AND source_file IS NULL",
                            [sample_run.run_id]) == [(0,)]


def test_report_is_beside_its_warehouse_by_name(sample_run):
    assert sample_run.report == sample_run.db_path.with_name("skytally.report") / "index.html"
    assert f"<code id='warehouse'>{escape(str(sample_run.db_path))}</code>" in sample_run.html
    pages = sorted(p.name for p in (sample_run.report.parent / "archive" / sample_run.run_id).glob("*.html"))
    assert pages[0] == "flags-1.html" and "index.html" in pages
    # every link between the pages leads to a file
    for page in [sample_run.report, *sample_run.report.parent.glob("archive/*/*.html")]:
        for href in re.findall(r"href='([^'#]+)", page.read_text(encoding="utf-8")):
            assert (page.parent / unquote(href)).is_file(), (page, href)


# ------------------------------------------------------------------ the real browser
@contextmanager
def chrome_driver(profile: Path | None = None, window: str | None = None, page_load_timeout: int = 30):
    """Debian's headless Chromium through its chromedriver (the test is skipped, with the reason, when either is
    missing); browser console messages are kept for the tests to read."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (bash .ci/install-browser.sh)")
    if not CHROMEDRIVER.exists():
        pytest.skip(f"{CHROMEDRIVER} is missing: install Debian's chromium-driver (bash .ci/install-browser.sh)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed in this environment")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in CHROME_FLAGS:
        opts.add_argument(flag)
    if profile is not None:
        opts.add_argument(f"--user-data-dir={profile}")
    if window is not None:
        opts.add_argument(f"--window-size={window}")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # an explicit driver path: Selenium Manager (which would download drivers) is not used
    driver = webdriver.Chrome(options=opts, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(page_load_timeout)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chrome_driver(tmp_path_factory.mktemp("chromium-profile"), "1280,1000") as driver:
        yield driver


def open_page(driver, path: Path) -> list[dict]:
    """Load a local file and return the console messages it logged."""
    driver.get_log("browser")                     # drop what earlier pages logged
    driver.get(path.resolve().as_uri())
    assert driver.execute_script("return document.readyState") == "complete"
    return driver.get_log("browser")


# rows (with cells) of the first table in the section headed by <h2 id=...>
SECTION_ROWS_JS = """
    const rowsOf = (id) => {
        for (let e = document.getElementById(id).nextElementSibling; e && e.tagName !== 'H2'; e = e.nextElementSibling)
            if (e.tagName === 'TABLE') return [...e.rows].filter(r => r.querySelector('td'));
        return [];
    };
"""


def severe(logs: list[dict]) -> list[dict]:
    return [e for e in logs if e.get("level") == "SEVERE"]


@pytest.fixture(scope="module")
def sample_page(browser, sample_run):
    logs = open_page(browser, sample_run.report)
    return browser, logs


@pytest.mark.slow
def test_sample_report_has_no_console_errors(sample_page, sample_run):
    driver, logs = sample_page
    assert severe(logs) == [], severe(logs)
    assert driver.title == f"skytally report {sample_run.run_id}"


@pytest.mark.slow
def test_statement_tables_list_the_flagged_claims(sample_page, sample_run):
    driver, _ = sample_page
    shown = driver.execute_script("""
        return [...document.querySelectorAll('section.statement tr')].filter(r => r.querySelector('td'))
               .map(r => { const c = r.cells[1].querySelector('code'); return c ? c.textContent : null; })
               .filter(x => x !== null);""")
    flagged = Counter(cid for (cid,) in sample_run.query(
        "SELECT claim_id FROM dq.flags WHERE run_id = ? AND claim_id IS NOT NULL AND severity <> 'info'",
        [sample_run.run_id]))
    assert sum(flagged.values()) > 0 and Counter(shown) == flagged


@pytest.mark.slow
def test_charts_are_drawn_within_the_page(sample_page, sample_run):
    driver, _ = sample_page
    charts = driver.execute_script("""
        const m = document.querySelector('main').getBoundingClientRect();
        return [...document.querySelectorAll('.chart-svg svg')].map(s => {
            const r = s.getBoundingClientRect();
            return {w: r.width, h: r.height, overflow: r.right - m.right,
                    panels: s.querySelectorAll('g.panel').length,
                    bars: [...s.querySelectorAll('rect.bar')].filter(b => b.getBBox().height > 0).length,
                    points: s.querySelectorAll('circle.point').length,
                    titles: [...s.querySelectorAll('rect.bar > title, circle.point > title')].length}; });""")
    assert len(charts) == 2, charts
    regions, authorities = charts
    for c in charts:
        assert c["w"] > 300 and c["h"] > 100 and c["overflow"] <= 1, c
    (n_regions, n_bars), = sample_run.query(
        "WITH top AS (SELECT region_name FROM marts.daily_envelope GROUP BY 1 ORDER BY sum(high_drones) DESC, region_name LIMIT 8) "
        "SELECT count(DISTINCT region_name), count(DISTINCT (event_date, CASE WHEN region_name IN (SELECT region_name FROM top) "
        "THEN region_name ELSE 'other' END)) FROM marts.daily_envelope")
    assert regions["panels"] == min(n_regions, 9) and regions["bars"] == n_bars == regions["titles"]
    n_points, = sample_run.query("SELECT count(*) FROM marts.daily_totals WHERE coalesce(total_drones, itemised_drones) IS NOT NULL")[0]
    assert authorities["points"] == n_points == authorities["titles"]


@pytest.mark.slow
def test_data_docs_link_target_exists_and_works_offline(sample_page, sample_run, browser):
    driver, _ = sample_page
    href = driver.execute_script("const a = document.getElementById('data-docs'); return a ? a.href : null;")
    assert href, "no Data Docs link"
    assert href.startswith("file://") and "/gx/gx/" not in href
    target = Path(unquote(urlparse(href).path))
    assert target.is_file(), target
    assert target.resolve() == Path(sample_run.data_docs).resolve()
    site = target.parent
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<(?:script|link)\b[^>]*(?:src|href)=[\"']https?://", text), page
    open_page(browser, target)
    links = browser.execute_script("return [...document.querySelectorAll('a')].map(a => a.getAttribute('href'));")
    validations = [h for h in links if h.startswith("validations/")]
    assert len(validations) >= 2                       # the two suites of this run, listed without a script
    open_page(browser, site / validations[0])
    assert len(browser.execute_script("return document.body.innerText")) > 500
    assert browser.execute_script("return getComputedStyle(document.querySelector('td')).borderTopStyle") == "solid"
    driver.get(sample_run.report.resolve().as_uri())


@pytest.mark.slow
def test_archive_filter_hides_what_it_leaves_out(browser, sample_run):
    """On an archive page, 'open flags only' and one kind leave only those rows (and their statements) shown."""
    pages = sorted((sample_run.report.parent / "archive" / sample_run.run_id).glob("flags-*.html"))
    assert pages
    open_page(browser, pages[0])
    shown = """return [...document.querySelectorAll('tr.flag-row')].filter(r => r.offsetParent !== null)
                      .map(r => [r.classList.contains('open'), [...r.classList].find(c => c.startsWith('flag-') && c !== 'flag-row')]);"""
    every = browser.execute_script(shown)
    assert every and any(o for o, _ in every)
    browser.find_element("id", "show-open").click()
    assert browser.execute_script(shown) == [r for r in every if r[0]]
    kind = every[0][1]
    browser.find_element("id", "kind-" + kind.removeprefix("flag-")).click()
    assert browser.execute_script(shown) == [r for r in every if r[0] and r[1] == kind]
    browser.find_element("id", "show-all").click()
    assert browser.execute_script(shown) == [r for r in every if r[1] == kind]
    hidden_sections = browser.execute_script(
        "return [...document.querySelectorAll('section.statement')].filter(s => s.offsetParent === null).length")
    assert hidden_sections == browser.execute_script(
        f"return [...document.querySelectorAll('section.statement')].filter(s => !s.querySelector('tr.{kind}')).length")


@pytest.mark.slow
@pytest.mark.parametrize("payload", [P_SCRIPT, P_IMG, P_SVG, P_DETAILS], ids=["script", "img", "svg", "details"])
def test_payloads_run_when_not_escaped(browser, tmp_path, payload):
    """Control: each payload does set window.__pwned in this browser when pasted raw, so the check below can fail."""
    page = tmp_path / "raw.html"
    page.write_text(f"<!doctype html><html><body><table><tr><td>{payload}</td></tr></table></body></html>")
    open_page(browser, page)
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 5).until(lambda d: d.execute_script("return window.__pwned") is not None)
    assert browser.title == "pwned"


@pytest.mark.slow
def test_hostile_report_runs_no_script(browser, hostile_run):
    logs = open_page(browser, hostile_run.report)
    time.sleep(0.3)                               # give late handlers (img onerror, ontoggle) their chance
    state = browser.execute_script(SECTION_ROWS_JS + """
        const outside = [...document.querySelectorAll('*')].filter(e => !e.closest('.chart-svg'));
        return {pwned: window.__pwned === undefined ? null : String(window.__pwned),
                title: document.title,
                scripts: document.scripts.length,
                foreign: outside.filter(e => ['SCRIPT','IMG','SVG','svg','IFRAME','DETAILS'].includes(e.tagName))
                                .map(e => e.tagName),
                handlers: outside.flatMap(e => [...e.attributes].filter(a => a.name.startsWith('on'))
                                                                .map(a => e.tagName + '@' + a.name)),
                cells: [...document.querySelectorAll('section.statement tr')].filter(r => r.querySelector('td')).map(r => r.cells.length),
                evidence: [...document.querySelectorAll('section.statement tr')].filter(r => r.querySelector('td')).map(r => r.cells[2].textContent),
                files: [...document.querySelectorAll('section.statement h3 code')].map(c => c.textContent.split('#')[0]),
                quarantined: rowsOf('quarantine').map(r => r.cells[0].textContent)};""")
    assert state["pwned"] is None, f"a payload ran: {state['pwned']}"
    assert state["title"].startswith("skytally report ")
    assert state["scripts"] == 0 and state["foreign"] == [] and state["handlers"] == [], state
    assert severe(logs) == [], "console errors (a CSP violation means markup got through)"
    stored = sorted(e for (e,) in hostile_run.query(
        "SELECT c.evidence FROM marts.claims c JOIN dq.flags f USING (claim_id) WHERE f.run_id = ?", [hostile_run.run_id]))
    assert sorted(state["evidence"]) == stored      # the browser shows the payloads as text, verbatim
    assert len(stored) >= 2
    assert state["cells"] == [5] * len(stored)
    assert set(state["files"]) == {ARTICLE_NAME}
    assert state["quarantined"] == [EMPTY_NAME]


def test_chart_of_a_large_warehouse_keeps_recent_days_and_top_regions():
    """8,000 daily rows (a 10,000-article run): the chart keeps the last 60 days and the top regions."""
    from datetime import date, timedelta

    from report.chart import regions_svg

    rows = [{"event_date": date(2025, 1, 1) + timedelta(days=d), "region_name": f"Region {r}", "high_drones": 1 + (d * r) % 7,
             "low_drones": 1, "n_authorities": 2, "authorities_agree": False, "high_authority": "mod"}
            for d in range(200) for r in range(40)]
    svg = regions_svg(rows)
    assert svg.startswith("<svg") and svg.count("<rect class='bar'") == 60 * 9 and len(svg) < 200_000


# ------------------------------------------------------------------ figures left in flagged articles (no browser)
# flagged.txt: Trubchevsky is not a district of Kaluga Oblast (unknown_district); "20" (a day of the month) and
# "3" (houses) are left, the second beside a script tag. clean.txt raises no flag and leaves "18" and "5".
P_LEFT = "<script>alert()</script>"             # short: within the words shown after the figure
FLAGGED_ARTICLE = f"""Drones downed over Kaluga region

KALUGA, July 20. Air defence forces destroyed two Ukrainian drones over the Trubchevsky district of the Kaluga region overnight, Governor Vladislav Shapsha said.

The windows of 3 houses {P_LEFT} were damaged, he added.
"""
CLEAN_ARTICLE = """Drones downed over Belgorod region

BELGOROD, July 18. Air defence forces destroyed four Ukrainian drones over the Belgorod region overnight, Governor Vyacheslav Gladkov said.

The windows of 5 houses were damaged, he added.
"""


@pytest.fixture(scope="module")
def left_run(tmp_path_factory) -> Run:
    from tests.conftest import run_stages

    base = tmp_path_factory.mktemp("left_run")
    inp = base / "articles"
    inp.mkdir()
    (inp / "flagged.txt").write_text(FLAGGED_ARTICLE, encoding="utf-8")
    (inp / "clean.txt").write_text(CLEAN_ARTICLE, encoding="utf-8")
    out = run_stages(inp, base / "w.duckdb", as_of=date(2025, 7, 31), run_id="left-run", report=True, progress=False)
    return Run("left-run", base / "w.duckdb", Path(out["report"]), out["validate"].data_docs, inp)


def left_rows(html: str) -> list[tuple[str, list[str]]]:
    """(article, cells after the article cell) per row of the figures-left table; the article cell spans its rows."""
    out, article = [], ""
    for cells in parse(html).rows.get("figures-left", []):
        if len(cells) == 4:
            article, cells = cells[0], cells[1:]
        out.append((article, cells))
    return out


def test_left_figures_of_a_flagged_article_are_listed_with_their_rule(left_run):
    flags = left_run.query("SELECT DISTINCT source_file FROM dq.flags WHERE run_id = ?", [left_run.run_id])
    assert flags == [("flagged.txt",)]          # the premise: one article flagged, the other not
    left = left_run.query("SELECT figure, rule, rule_description FROM marts.figure_decisions "
                          "WHERE source_file = 'flagged.txt' AND NOT taken ORDER BY char_start")
    assert [f for f, _, _ in left] == ["20", "3"]
    rows = left_rows(left_run.html)
    assert [a.startswith("flagged.txt") for a, _ in rows] == [True, True]
    for (_, cells), (figure, rule, why) in zip(rows, left):
        context, shown_rule, shown_why = cells
        assert figure in context and shown_rule == rule and shown_why == why and why
    # the few words around the figure, and the rule as marts.extraction_rules names it
    houses = rows[1][1]
    assert houses[0].startswith("…") or houses[0].startswith("The windows of 3 houses")
    assert "windows of 3 houses" in houses[0]
    assert houses[1] == "counts_other_noun"
    assert left_run.query("SELECT description FROM marts.extraction_rules WHERE rule = 'counts_other_noun'") == [(houses[2],)]
    # the figure is marked, and a taken figure ("two", the claim) is not listed
    assert "<mark>3</mark>" in left_run.html
    assert not any("two" == c[0] for _, c in rows)


def test_left_figures_context_is_escaped(left_run):
    html = left_run.html
    section = html[html.index("<h2 id='figures-left'>"):html.index("<h2 id='quarantine'>")]
    assert P_LEFT not in html
    assert escape(P_LEFT) in section
    rows = left_rows(html)
    assert [len(c) for _, c in rows] == [3, 3]    # the table is whole
    assert P_LEFT in rows[1][1][0]                # and the browser's text is the article's, verbatim
    page = parse(html)
    assert page.handlers == [] and set(page.tags) <= REPORT_TAGS, (page.handlers, set(page.tags) - REPORT_TAGS)


def test_article_without_flags_gets_no_left_figures(left_run):
    left = left_run.query("SELECT figure FROM marts.figure_decisions WHERE source_file = 'clean.txt' AND NOT taken")
    assert left, "the premise: the clean article has left figures too"
    rows = left_rows(left_run.html)
    assert rows and all(a.startswith("flagged.txt") for a, _ in rows)
    html = left_run.html
    section = html[html.index("<h2 id='figures-left'>"):html.index("<h2 id='quarantine'>")]
    assert "clean.txt" not in section


def test_left_figures_are_bounded(left_run, tmp_path, monkeypatch):
    """At most LEFT_PER_ARTICLE figures per article and LEFT_ARTICLES articles; the rest are counted."""
    from report import build
    from report.render import render

    con = duckdb.connect(str(left_run.db_path), read_only=True)
    try:
        monkeypatch.setattr(build, "LEFT_PER_ARTICLE", 1)
        rows = left_rows(render(build.build(con, left_run.run_id, tmp_path, None)))
        assert len(rows) == 2
        assert rows[0][1][1] == "day_of_month"
        assert rows[1][1] == ["and 1 more left in this article (all in marts.figure_decisions)"]
        monkeypatch.setattr(build, "LEFT_ARTICLES", 0)
        html = render(build.build(con, left_run.run_id, tmp_path, None))
        assert left_rows(html) == []
        assert "1 more flagged article with figures left" in html
    finally:
        con.close()


def test_sample_lists_left_figures_of_flagged_articles_only(sample_run):
    from report.build import LEFT_PER_ARTICLE

    expected = dict(sample_run.query("""
        SELECT d.source_file, count(*) FROM marts.figure_decisions d
        WHERE NOT d.taken AND d.source_file IN (
            SELECT coalesce(f.source_file, c.source_file) FROM dq.flags f LEFT JOIN marts.claims c USING (claim_id)
            WHERE f.run_id = ?)
        GROUP BY 1""", [sample_run.run_id]))
    assert expected
    shown = Counter()
    for article, cells in left_rows(sample_run.html):
        name = next(f for f in expected if article.startswith(f))
        if len(cells) == 3:
            shown[name] += 1
    assert set(shown) == set(expected)
    assert shown == Counter({f: min(n, LEFT_PER_ARTICLE) for f, n in expected.items()})
