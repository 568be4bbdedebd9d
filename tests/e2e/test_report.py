"""The editors' report (report/): escaping of untrusted article text, and the page in a real browser.

The pipeline stages run here without Prefect, in the order of flows.nightly: ingest, stage, validate, publish,
then write_report. Each corpus is run once per module.

Browser tests (marked slow) drive Debian's headless Chromium through its chromedriver with Selenium; they are
skipped when /usr/bin/chromium or /usr/bin/chromedriver is missing (`.ci/install-browser.sh` installs both).
"""
from __future__ import annotations

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

# Both figures name a district that is not in Kaluga Oblast (Trubchevsky, Pochepsky are in Bryansk
# Oblast), so both claims get an unknown_district flag and their sentences show up as evidence.
ARTICLE = f"""Drones downed over Kaluga region

KALUGA, July 20. Air defence forces destroyed {P_SCRIPT} two Ukrainian drones over the Lyudinovsky and Trubchevsky districts of the Kaluga region overnight {P_IMG}, Governor Vladislav Shapsha said.

{P_SVG} Three more drones were shot down over the Zhukovsky and Pochepsky districts of the Kaluga region {P_TABLE} {P_DETAILS} on Sunday morning, Shapsha added.

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
        if tag == "div" and attrs.get("id") == "chart-svg":
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


REPORT_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "p", "code", "div", "b",
               "table", "tr", "th", "td", "br", "span", "mark", "a"}


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
    """Parsed back, each flagged row has its six cells and the evidence cell reads exactly the stored sentence."""
    page = parse(hostile_run.html)
    rows = page.rows.get("flagged-claims", [])
    flagged = hostile_run.query(
        "SELECT c.claim_id, c.evidence FROM marts.claims c JOIN dq.flags f USING (claim_id) WHERE f.run_id = ?",
        [hostile_run.run_id])
    evidence = dict(flagged)
    assert len(rows) == len(flagged) >= 2
    for cells in rows:
        assert len(cells) == 6, cells
        article_cell = cells[1]
        assert article_cell.startswith(ARTICLE_NAME)
        claim_id = article_cell[len(ARTICLE_NAME):].strip()
        assert cells[3] == evidence[claim_id]
    quarantined = page.rows.get("quarantine", [])
    assert [c[0] for c in quarantined] == [EMPTY_NAME]
    # the boilerplate line (with its <script>) is listed as removed text, as text
    article_level = page.rows.get("article-flags", [])
    assert any(c[0] == "boilerplate" and P_SCRIPT in c[3] for c in article_level), article_level


def test_every_flag_of_the_run_is_listed(sample_run):
    """Each dq.flags row of the run appears once: with its claim, as an article-level finding, or as a quarantined file."""
    page = parse(sample_run.html)
    flags = sample_run.query("SELECT flag, count(*) FROM dq.flags WHERE run_id = ? GROUP BY flag", [sample_run.run_id])
    n_flags = sum(n for _, n in flags)
    n_quarantined = dict(flags).get("quarantined", 0)
    shown = len(page.rows.get("flagged-claims", [])) + len(page.rows.get("article-flags", []))
    assert n_flags > 0
    assert shown == n_flags - n_quarantined
    assert len(page.rows.get("quarantine", [])) == sample_run.query("SELECT count(*) FROM raw.quarantine")[0][0]
    # the headline card agrees
    assert f"<b>{n_flags}</b>flags" in sample_run.html


# ------------------------------------------------------------------ the real browser
@pytest.fixture(scope="module")
def browser(tmp_path_factory):
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
    opts.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    opts.add_argument("--window-size=1280,1000")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # an explicit driver path: Selenium Manager (which would download drivers) is not used
    driver = webdriver.Chrome(options=opts, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


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
def test_flagged_claims_table_lists_the_flagged_claims(sample_page, sample_run):
    driver, _ = sample_page
    shown = driver.execute_script(SECTION_ROWS_JS + """
        return rowsOf('flagged-claims').map(r => r.cells[1].querySelector('code').textContent);""")
    flagged = Counter(cid for (cid,) in sample_run.query(
        "SELECT claim_id FROM dq.flags WHERE run_id = ? AND claim_id IS NOT NULL", [sample_run.run_id]))
    assert sum(flagged.values()) > 0
    known = {cid for (cid,) in sample_run.query("SELECT claim_id FROM marts.claims")}
    dangling = {cid: n for cid, n in flagged.items() if cid not in known}
    # every flag whose claim exists is listed with it, as often as it was raised
    assert Counter(shown) == Counter({cid: n for cid, n in flagged.items() if cid in known})
    if dangling:
        pytest.xfail(
            f"{sum(dangling.values())} dq.flags rows have a claim_id that matches no claim ({sorted(dangling)}): "
            "article-level findings are stored with claim_id 'NaN' instead of NULL (stages.validate reads "
            "staging.stg_findings with .df(); pandas 3 gives a VARCHAR column holding NULLs and values the "
            "dtype StringDtype(na_value=nan), and polars writes the NaN as the string 'NaN')")
    assert len(shown) == sum(flagged.values())


@pytest.mark.slow
def test_chart_svg_is_drawn(sample_page, sample_run):
    driver, _ = sample_page
    chart = driver.execute_script("""
        const s = document.querySelector('#chart-svg svg');
        if (!s) return null;
        const r = s.getBoundingClientRect(), m = document.querySelector('main').getBoundingClientRect();
        return {w: r.width, h: r.height, overflow: r.right - (m.right - 24),
                panels: s.querySelectorAll('g.mark-rect.role-mark').length,
                bars: [...s.querySelectorAll('g.mark-rect.role-mark path')]
                      .filter(p => p.getBBox().width > 0 && p.getBBox().height > 0).length};""")
    assert chart is not None, "no <svg> in #chart-svg"
    assert chart["w"] > 100 and chart["h"] > 100, chart
    assert chart["overflow"] <= 1, "the chart sticks out of the page (1280 px window): legend out of sight"
    (n_authorities, n_bars), = sample_run.query(
        "SELECT count(DISTINCT authority), count(DISTINCT (event_date, region_name, authority)) "
        "FROM marts.daily_region WHERE drones > 0")
    assert n_bars > 0
    assert chart["panels"] == n_authorities          # one panel per authority
    assert chart["bars"] == n_bars                   # one visible bar segment per day, region and authority


@pytest.mark.slow
def test_data_docs_link_target_exists(sample_page, sample_run):
    driver, _ = sample_page
    href = driver.execute_script("const a = document.getElementById('data-docs'); return a ? a.href : null;")
    assert href, "no Data Docs link"
    assert href.startswith("file://")
    target = Path(unquote(urlparse(href).path))
    assert target.is_file(), target
    assert target.resolve() == Path(sample_run.data_docs).resolve()


@pytest.mark.slow
def test_screenshot(sample_page):
    driver, _ = sample_page
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / "report.png"
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(height, 800), 16000))
    try:
        assert driver.save_screenshot(str(out))
    finally:
        driver.set_window_size(1280, 1000)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


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
        const outside = [...document.querySelectorAll('*')].filter(e => !e.closest('#chart-svg'));
        return {pwned: window.__pwned === undefined ? null : String(window.__pwned),
                title: document.title,
                scripts: document.scripts.length,
                foreign: outside.filter(e => ['SCRIPT','IMG','SVG','svg','IFRAME','DETAILS'].includes(e.tagName))
                                .map(e => e.tagName),
                handlers: outside.flatMap(e => [...e.attributes].filter(a => a.name.startsWith('on'))
                                                                .map(a => e.tagName + '@' + a.name)),
                cells: rowsOf('flagged-claims').map(r => r.cells.length),
                evidence: rowsOf('flagged-claims').map(r => r.cells[3].textContent),
                files: rowsOf('flagged-claims').map(r => r.cells[1].firstChild.textContent),
                quarantined: rowsOf('quarantine').map(r => r.cells[0].textContent)};""")
    assert state["pwned"] is None, f"a payload ran: {state['pwned']}"
    assert state["title"].startswith("skytally report ")
    assert state["scripts"] == 0 and state["foreign"] == [] and state["handlers"] == [], state
    assert severe(logs) == [], "console errors (a CSP violation means markup got through)"
    stored = sorted(e for (e,) in hostile_run.query(
        "SELECT c.evidence FROM marts.claims c JOIN dq.flags f USING (claim_id) WHERE f.run_id = ?", [hostile_run.run_id]))
    assert sorted(state["evidence"]) == stored      # the browser shows the payloads as text, verbatim
    assert len(stored) >= 2
    assert state["cells"] == [6] * len(stored)
    assert state["files"] == [ARTICLE_NAME] * len(stored)
    assert state["quarantined"] == [EMPTY_NAME]


def test_chart_of_a_large_warehouse_keeps_recent_days_and_top_regions():
    """8,000 daily rows (a 10,000-article run) used to exceed Altair's row limit and fail the run."""
    from datetime import date, timedelta

    from report.chart import chart_svg

    rows = [{"event_date": date(2025, 1, 1) + timedelta(days=d), "region_name": f"Region {r}", "authority": a,
             "drones": 1 + (d * r) % 7, "n_reports": 1}
            for d in range(200) for r in range(20) for a in ("mod", "governor")]
    svg = chart_svg(rows)
    assert svg.startswith("<svg") and "Region 0" in svg


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
