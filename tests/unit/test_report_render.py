"""The report's template rendered from hand-built view-models: no warehouse, no DuckDB, no browser.

What an editor relies on: every section shows its rows, each empty section says so, and text that came
from an article or a file name (or an editor) reaches the page as text, never as markup.
"""
from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
import re
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from report.build import (
    claim_in_words, detail_in_words, left_articles, left_context, marked_evidence, observed_in_words, pages_of,
    statement_groups,
)
from report.chart import PALETTE, authorities_svg, regions_svg
from report.model import (
    Archive, ArchivePage, ArticleFinding, Chart, DailyTotal, Day, DecisionRow, ExpectationResult, Expectations,
    FlagKind, FlagRow, LeftArticle, LeftFigure, LeftFigures, LeftOut, Marked, QuarantinedFile, Report, RunHeader,
    StatementGroup, Tonight,
)
from report.render import render, render_archive_index, render_archive_page

REPO = Path(__file__).resolve().parents[2]


# ------------------------------------------------------------------ a view-model by hand
def make_report(text=lambda field: field, **overrides) -> Report:
    """A report with one row in every section; text(field) gives the value of each free-text field."""
    t = text
    run = RunHeader(run_id=t("run_id"), as_of=date(2025, 7, 31), input_dir=t("input_dir"),
                    finished_at=datetime(2025, 8, 1, 2, 3, 4), warehouse=t("warehouse"))
    group = StatementGroup("statement", t("statement_key"), t("claim_file"), date(2025, 7, 20), True, [FlagRow(
        flag="unknown_district", severity="warn", message=t("flag_message"), detail=t("flag_detail"),
        open=False, decision="reject", decided_by=t("decided_by"), new=True,
        claim_id="c0ffee0000000001", claim=t("claim_words"),
        evidence=Marked(t("evidence_before"), t("evidence_figure"), t("evidence_after")), dq_status="fail")])
    decision = DecisionRow(1, datetime(2025, 7, 16, 10, 0), t("editor"), "reject", "statement", t("decision_target"),
                           None, t("decision_reason"), True, 3, False)
    quarantine = [QuarantinedFile(t("quarantine_file"), 0, t("quarantine_reason"), True)]
    totals = [DailyTotal(date(2025, 7, 20), "mod", 14, 12, 2, 1, 1, True, False)]
    day = Day(date(2025, 7, 20), "needs review", t("day_why"), 5, 5, 2, 1, 0, 0)
    report = Report(
        run=run,
        tonight=Tonight(3, 0, 5, 2, 1, 4, 1, 30, 120, t("previous_run")),
        left_out=[LeftOut("no date", 2)],
        days=[day],
        statements=[group],
        more_statements=0,
        flag_kinds=[FlagKind("unknown_district", "warn", 2, 1, t("flag_description"), 1)],
        article_findings=[ArticleFinding("boilerplate", "info", t("finding_file"), t("finding_message"))],
        left_figures=LeftFigures(per_article=6, articles=[LeftArticle(
            source_file=t("left_file"), n_left=3,
            figures=[LeftFigure(Marked(t("left_before"), t("left_figure"), t("left_after")), "counts_other_noun",
                                t("left_why"))])]),
        quarantine=quarantine,
        decisions=[decision],
        n_decisions=1,
        charts=[Chart("regions", "<svg xmlns='http://www.w3.org/2000/svg'><text>chart</text></svg>", "note"),
                Chart("authorities", None)],
        daily_totals=totals,
        expectations=Expectations(data_docs_href=t("data_docs_href"), results=[
            ExpectationResult("staged_claims", "implausible_count", "error", True, t("expectation_description"),
                              t("expectation_observed"))]),
        archive=Archive(run, [day], [ArchivePage(1, "archive/flags-1.html", date(2025, 7, 20), date(2025, 7, 20),
                                                 [group])], totals, [decision], quarantine),
    )
    return replace(report, **overrides)


# every field above that holds text from an article, a file or folder name, an editor or GX
TEXT_FIELDS = (
    "run_id", "input_dir", "warehouse", "statement_key", "flag_message", "flag_detail",
    "decided_by", "claim_words", "evidence_before", "evidence_figure", "evidence_after",
    "editor", "decision_target", "decision_reason", "quarantine_file", "quarantine_reason", "day_why",
    "previous_run", "flag_description", "finding_file", "finding_message", "left_file", "left_before",
    "left_figure", "left_after", "left_why", "data_docs_href", "expectation_description", "expectation_observed",
)
# what the archive pages show of them
ARCHIVE_FIELDS = ("run_id", "warehouse", "statement_key", "flag_message", "claim_words", "evidence_before", "editor",
                  "decision_reason", "quarantine_file", "day_why")


# ------------------------------------------------------------------ reading the page back
class Page(HTMLParser):
    """Elements, on* attributes, and per section (the id of the last <h2>) the cell texts of each row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.handlers: list[str] = []
        self.rows: dict[str, list[list[str]]] = {}
        self.text: dict[str, list[str]] = {}
        self.section = ""
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_chart = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        self.handlers += [f"{tag}@{a}" for a in attrs if a.lower().startswith("on")]
        if tag == "div" and "chart-svg" in (attrs.get("class") or ""):
            self._in_chart = 1
        if tag == "h2":
            self.section = attrs.get("id") or ""
        elif tag == "tr":
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row:
                self.rows.setdefault(self.section, []).append(self._row)
            self._row = None

    def handle_data(self, data):
        self.text.setdefault(self.section, []).append(data)
        if self._cell is not None:
            self._cell.append(data)


def page(html: str) -> Page:
    p = Page()
    p.feed(html)
    p.close()
    return p


def section_text(p: Page, section: str) -> str:
    return "".join(p.text.get(section, []))


# ------------------------------------------------------------------ escaping
def hostile(field: str) -> str:
    return f"<script>alert('{field}')</script> & \"{field}\" <img src=x onerror=alert(1)>"


def test_text_is_escaped_in_every_place_the_page_shows_it():
    report = make_report(hostile)
    html = render(report)
    for field in TEXT_FIELDS:
        raw = hostile(field)
        assert raw not in html, f"{field} reached the page unescaped"
        assert escape(raw) in html, f"{field} is missing from the page"
    p = page(html)
    # the only elements are the page's own; the one <svg> is the chart's, and it is not escaped
    assert "script" not in p.tags and "img" not in p.tags and p.handlers == []
    assert p.tags.count("svg") == 1 and "<svg xmlns='http://www.w3.org/2000/svg'><text>chart</text></svg>" in html
    # read back, the text is the article's, character for character (here: the evidence cell)
    evidence = p.rows["statements"][0][2]
    assert evidence == hostile("evidence_before") + hostile("evidence_figure") + hostile("evidence_after")
    archive = render_archive_index(report.archive) + render_archive_page(report.run, report.archive.pages[0], 1)
    for field in ARCHIVE_FIELDS:
        assert hostile(field) not in archive and escape(hostile(field)) in archive, field
    assert page(archive).handlers == [] and "script" not in page(archive).tags


def test_an_ampersand_is_escaped_once():
    html = render(make_report(lambda field: f"Tom & Jerry's {field}"))
    assert "Tom &amp; Jerry&#39;s evidence_before" in html
    assert "&amp;amp;" not in html and "Tom & Jerry" not in html


def test_title_and_header_name_the_warehouse_and_the_run():
    html = render(make_report())
    assert "<title>skytally report run_id</title>" in html
    header = section_text(page(html), "")
    assert ("Warehouse warehouse · run run_id · as of 2025-07-31 · input input_dir · finished 2025-08-01 02:03:04 UTC"
            in header)


# ------------------------------------------------------------------ each section shows its rows
def test_tonight_comes_first_with_the_open_count():
    html = render(make_report())
    assert html.index("<h2 id='tonight'>") < min(html.index(f"<h2 id='{s}'>") for s in
                                                 ("days", "statements", "charts", "flags", "decisions", "checks"))
    assert "<b id='open-count'>1</b>open flags" in html and "<b>3</b>articles arrived" in html
    assert page(html).rows["tonight"] == [["no date", "2"]]          # claims left out, by reason


def test_days_rows_give_status_and_why():
    assert page(render(make_report())).rows["days"] == [["2025-07-20", "needs review", "day_why", "5", "2", "1"]]


def test_statement_groups_show_each_flag_with_its_decision():
    html = render(make_report())
    row, = page(html).rows["statements"]
    assert row == ["unknown_districtwarn new", "claim_wordsc0ffee0000000001",
                   "evidence_beforeevidence_figureevidence_after", "flag_messageflag_detail", "rejected by decided_by"]
    assert "statement <code>statement_key</code>" in html and "<span class='new'>1 new</span>" in html


def test_flag_kinds_rows():
    report = make_report(flag_kinds=[FlagKind("unknown_district", "warn", 2, 1, "a district", 1),
                                     FlagKind("boilerplate", "info", 5, 4, "removed text", 0)])
    assert page(render(report)).rows["flags"] == [["unknown_district", "warn", "2", "1", "1", "a district"],
                                                  ["boilerplate", "info", "5", "0", "4", "removed text"]]


def test_article_findings_rows():
    assert page(render(make_report())).rows["article-flags"] == [["boilerplate", "info", "finding_file",
                                                                  "finding_message"]]


def test_left_figures_rows_span_the_article_and_count_the_rest():
    html = render(make_report())
    rows = page(html).rows["figures-left"]
    assert rows == [["left_file3 left", "left_beforeleft_figureleft_after", "counts_other_noun", "left_why"],
                    ["and 2 more left in this article (all in marts.figure_decisions)"]]
    assert "rowspan='2'" in html and "<mark>left_figure</mark>" in html
    assert "at most 6 per article" in section_text(page(html), "figures-left")


def test_left_figures_count_the_articles_not_listed():
    text = section_text(page(render(make_report(left_figures=LeftFigures(6, [], more_articles=2)))), "figures-left")
    assert "No figure was left in a flagged article." in text
    assert "2 more flagged articles with figures left not listed here" in text


def test_quarantine_rows():
    p = page(render(make_report()))
    assert p.rows["quarantine"] == [["quarantine_file", "0", "quarantine_reason"]]
    assert "original bytes are kept in raw.quarantine" in section_text(p, "quarantine")


def test_decisions_rows():
    assert page(render(make_report())).rows["decisions"] == [
        ["1", "2025-07-16 10:00:00", "editor", "reject", "statement decision_target", "decision_reason",
         "yes, 3 claims"]]


def test_charts_are_inline_svg_or_say_there_is_nothing():
    html = render(make_report())
    assert "<div class='chart-svg' id='chart-1'><svg xmlns=" in html
    assert "No dated claims passed the checks: nothing to chart." in section_text(page(html), "charts")


def test_daily_totals_rows_show_not_reported_as_a_dash():
    totals = [DailyTotal(date(2025, 7, 20), "mod", 14, 12, 2, 1, 1, True, False),
              DailyTotal(date(2025, 7, 21), "governor", None, 3, None, 2, 2, False, True)]
    p = page(render(make_report(daily_totals=totals)))
    assert p.rows["totals"] == [["2025-07-20", "mod", "14", "12", "2", "1", "1", "flagged"],
                                ["2025-07-21", "governor", "—", "3", "—", "2", "2", " overlapping windows"]]
    assert "— means not reported (never zero)." in section_text(p, "totals")


def test_checks_rows_in_words_and_data_docs_link():
    html = render(make_report())
    assert page(html).rows["checks"] == [["expectation_description", "implausible_count", "error", "passed",
                                          "expectation_observed"]]
    assert "<a id='data-docs' href='data_docs_href'>data_docs_href</a>" in html
    without = render(make_report(expectations=Expectations(None, [])))
    assert "data-docs" not in without and "checks" not in page(without).rows


@pytest.mark.parametrize("field, section, says", [
    ("flag_kinds", "flags", "No flags."),
    ("statements", "statements", "No warning or error on tonight's articles."),
    ("article_findings", "article-flags", "None."),
    ("quarantine", "quarantine", "None."),
    ("decisions", "decisions", "None recorded."),
    ("days", "days", "No day was touched."),
])
def test_an_empty_section_says_so(field, section, says):
    p = page(render(make_report(**{field: []})))
    assert section not in p.rows
    assert section_text(p, section).rstrip().endswith(says)


def test_sections_in_page_order():
    html = render(make_report())
    ids = ["tonight", "days", "statements", "article-flags", "figures-left", "quarantine", "totals", "charts",
           "flags", "decisions", "checks", "pages"]
    positions = [html.index(f"<h2 id='{i}'>") for i in ids]
    assert positions == sorted(positions)


def test_archive_pages_link_to_each_other():
    report = make_report()
    group = report.statements[0]
    pages = list(pages_of([group] * 5, per_page=2))
    assert [(p.number, p.href, len(p.statements)) for p in pages] == [
        (1, "archive/flags-1.html", 2), (2, "archive/flags-2.html", 2), (3, "archive/flags-3.html", 1)]
    middle = render_archive_page(report.run, pages[1], 3)
    assert "href='flags-1.html'>&larr; newer" in middle and "href='flags-3.html'>older &rarr;" in middle
    index = render_archive_index(replace(report.archive, pages=pages))
    assert index.count("href='../../archive/flags-") == 3


# ------------------------------------------------------------------ building rows into records (pure)
def test_marked_evidence_places_the_figure_or_leaves_the_sentence_whole():
    sentence = "Air defence destroyed two drones."
    # the sentence starts at 100 in the cleaned text; "two" is at 122-125
    assert marked_evidence(sentence, 100, 122, 125) == Marked("Air defence destroyed ", "two", " drones.")
    assert marked_evidence(sentence, 100, 90, 93) == Marked(sentence)       # the figure is before the sentence
    assert marked_evidence(sentence, None, 122, 125) == Marked(sentence)    # the sentence is not in the text
    assert marked_evidence(None, 100, 122, 125) == Marked("")


def test_left_context_cuts_at_a_space_and_says_where():
    before = "one two three four five six seven eight nine ten eleven twelve"
    after = " houses were damaged in the attack on the village of Nikolskoye and nearby"
    m = left_context(before + " ", "3", after, width=20)
    assert m.mark == "3"
    assert m.before.startswith("…") and before.endswith(m.before[1:].rstrip())
    assert m.after.endswith("…") and after.startswith(m.after[:-1]) and len(m.after) <= 21
    assert left_context("in\n\nthe  text ", "5", None) == Marked("in the text ", "5", "")


def test_claim_in_words():
    claim = {"authority": "governor", "official": "Vladislav Shapsha", "drones": 5, "qualifier": "at_least",
             "region_name": "Kaluga Oblast", "window_start_local": time(20, 0), "window_end_local": time(7, 0),
             "event_date": date(2025, 7, 20)}
    assert claim_in_words(claim) == ("governor (Vladislav Shapsha): 5 (at_least) over Kaluga Oblast, 20:00-07:00, "
                                     "2025-07-20")
    bare = {**claim, "official": None, "qualifier": "exact", "region_name": None, "window_start_local": None,
            "event_date": None}
    assert claim_in_words(bare) == "governor: 5 in total"


def test_detail_in_words():
    assert detail_in_words('{"total": 8, "itemised": 10, "lines": [1, 2]}') == "total: 8, itemised: 10"
    assert detail_in_words("not json") == "not json"
    assert detail_in_words("[1, 2]") == "[1, 2]"
    assert detail_in_words(None) == ""


def test_observed_in_words():
    assert observed_in_words('{"unexpected_count": 3, "element_count": 163, "unexpected_percent": 1.84}') == \
        "3 of 163 rows (1.8 %) do not"
    assert observed_in_words('{"unexpected_count": 0, "element_count": 163}') == "all 163 rows pass"
    assert observed_in_words('{"observed_value": 0}') == "observed 0"
    assert observed_in_words(None) == ""


def test_statement_groups_keep_order_and_group_article_flags():
    base = {"detail": None, "decision": None, "decided_by": None, "open": True, "new": False, "tonight": True,
            "authority": "mod", "official": None, "scope": "region", "region_name": "Kursk Oblast", "drones": 4,
            "qualifier": "exact", "window_start_local": None, "window_end_local": None, "event_date": date(2025, 7, 20),
            "period": "night", "evidence": "Four over Kursk.", "char_start": 0, "char_end": 4, "dq_status": "warn",
            "sentence_start": 0, "severity": "warn", "message": "m", "day": date(2025, 7, 20)}
    rows = [{**base, "source_file": "a.txt", "report_id": "a.txt#0", "claim_id": "c1", "flag": "x"},
            {**base, "source_file": "a.txt", "report_id": "a.txt#0", "claim_id": "c2", "flag": "y"},
            {**base, "source_file": "a.txt", "report_id": None, "claim_id": None, "flag": "official_name_mismatch"},
            {**base, "source_file": "b.txt", "report_id": "b.txt#1", "claim_id": "c3", "flag": "x", "new": True}]
    groups = list(statement_groups(rows))
    assert [(g.kind, g.key, len(g.flags), g.n_open, g.n_new) for g in groups] == [
        ("statement", "a.txt#0", 2, 2, 0), ("article", "a.txt", 1, 1, 0), ("statement", "b.txt#1", 1, 1, 1)]
    assert groups[0].flags[0].claim == "mod: 4 over Kursk Oblast, 2025-07-20" and groups[1].flags[0].claim == ""


def test_region_chart_small_multiples_distinct_colours_and_values_on_hover():
    rows = [{"event_date": date(2025, 7, 1) + timedelta(days=d), "region_name": f"Region <{r}>", "high_drones": 1 + r,
             "low_drones": 1, "n_authorities": 2, "authorities_agree": r == 0, "high_authority": "mod"}
            for d in range(90) for r in range(20)]
    svg = regions_svg(rows)
    panels = re.findall(r"<g class='panel' data-region='([^']*)'", svg)
    assert len(panels) == len(PALETTE) + 1 and panels[-1] == "other regions"     # top regions + the rest
    assert panels[0] == "Region &lt;19&gt;" and "Region <19>" not in svg          # names escaped
    fills = [re.search(r"<rect class='bar'[^>]*fill='([^']+)'", g).group(1)
             for g in re.findall(r"<g class='panel'.*?</g>", svg)]
    assert len(set(fills)) == len(fills)                                         # one colour each
    bars = re.findall(r"<rect class='bar'[^>]*><title>([^<]*)</title>", svg)
    assert len(bars) == 60 * len(panels)                                        # the last 60 days only
    svg_tag = svg[:svg.index(">")]
    assert "width='100%'" in svg_tag and "viewBox=" in svg_tag and "height=" not in svg_tag  # scales with the page
    assert bars[0].startswith("2025-07-31: Region &lt;19&gt;: 20 (mod, lowest 1, 2 authorities)")


def test_authority_chart_one_line_per_authority():
    rows = [{"event_date": date(2025, 7, 1) + timedelta(days=d), "authority": a, "drones": 10 + d,
             "itemised_only": a == "governor"} for d in range(10) for a in ("mod", "governor")]
    svg = authorities_svg(rows)
    assert re.findall(r"data-authority='(\w+)'", svg) == ["governor", "mod"]
    assert svg.count("<circle class='point'") == 20
    assert "2025-07-10: governor 19 (sum of its regional figures)" in svg
    assert regions_svg([]) is None and authorities_svg([]) is None


def test_left_articles_group_in_order_and_count_what_is_cut():
    rows = [{"source_file": f, "n_left": n, "figure": str(i), "rule": "day_of_month", "rule_description": "a day",
             "text_before": "on", "text_after": "July", "n_articles": 3}
            for f, n, i in (("b.txt", 2, 1), ("b.txt", 2, 2), ("a.txt", 9, 3), ("c.txt", 1, 4))]
    left = left_articles(rows, per_article=2, max_articles=2)
    assert [(a.source_file, a.n_left, [f.context.mark for f in a.figures]) for a in left.articles] == [
        ("b.txt", 2, ["1", "2"]), ("a.txt", 9, ["3"])]
    assert [a.not_shown for a in left.articles] == [0, 8]
    assert left.more_articles == 1 and left.per_article == 2


# ------------------------------------------------------------------ no warehouse needed
def test_rendering_needs_no_duckdb():
    """The template and its view-model import without DuckDB (or Altair) being loaded."""
    code = ("import sys, report.render, report.model\n"
            "assert 'duckdb' not in sys.modules and 'altair' not in sys.modules, sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, timeout=60)


def test_an_archive_page_filters_by_kind_and_open_without_script():
    """The archive pages offer a filter (every flag / open only; one kind) made of radio buttons and style rules:
    the pages' policy runs no script. Each row carries its flag and whether it is open."""
    report = make_report()
    group = report.archive.pages[0].statements[0]
    closed = replace(group.flags[0], flag="breakdown_partial", open=False)
    page_ = replace(report.archive.pages[0], statements=[replace(group, flags=[*group.flags, closed])])
    html = render_archive_page(report.run, page_, 1)
    kinds = sorted({group.flags[0].flag, "breakdown_partial"})
    assert page_.kinds == kinds
    assert re.findall(r"id='kind-(\w+)'", html) == ["all", *kinds]
    assert "id='show-open'" in html and "<script" not in html
    rows = re.findall(r"<tr class='[^']*flag-row ([^']*)'", html)
    assert rows == [f"flag-{group.flags[0].flag}{' open' if group.flags[0].open else ''}", "flag-breakdown_partial"]
    for k in kinds:
        assert f"main:has(#kind-{k}:checked) tr.flag-row:not(.flag-{k})" in html
