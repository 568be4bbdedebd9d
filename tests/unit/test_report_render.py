"""The report's template rendered from hand-built view-models: no warehouse, no DuckDB, no browser.

What an editor relies on: every section shows its rows, each empty section says so, and text that came
from an article or a file name (or an editor) reaches the page as text, never as markup.
"""
from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime, time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from report.build import claim_in_words, detail_in_words, left_articles, left_context, marked_evidence
from report.model import (
    AppliedDecision, ArticleFinding, Card, Chart, DailyTotal, ExpectationResult, Expectations, FlaggedClaim,
    FlagKind, LeftArticle, LeftFigure, LeftFigures, Marked, QuarantinedFile, Report, RunHeader,
)
from report.render import render

REPO = Path(__file__).resolve().parents[2]


# ------------------------------------------------------------------ a view-model by hand
def make_report(text=lambda field: field, **overrides) -> Report:
    """A report with one row in every section; text(field) gives the value of each free-text field."""
    t = text
    report = Report(
        run=RunHeader(run_id=t("run_id"), as_of=date(2025, 7, 31), input_dir=t("input_dir"),
                      finished_at=datetime(2025, 8, 1, 2, 3, 4)),
        cards=[Card("files found", 3), Card("flags", 2)],
        flag_kinds=[FlagKind("unknown_district", "warn", 2, 1, t("flag_description"))],
        flagged_claims=[FlaggedClaim(
            flag="unknown_district", severity="warn", source_file=t("claim_file"), claim_id="c0ffee0000000001",
            claim=t("claim_words"), evidence=Marked(t("evidence_before"), t("evidence_figure"), t("evidence_after")),
            message=t("flag_message"), detail=t("flag_detail"), rule_description=t("rule_description"),
            dq_status="warn", editor_decision=t("editor_decision"))],
        article_findings=[ArticleFinding("boilerplate", "info", t("finding_file"), t("finding_message"))],
        left_figures=LeftFigures(per_article=6, articles=[LeftArticle(
            source_file=t("left_file"), n_left=3,
            figures=[LeftFigure(Marked(t("left_before"), t("left_figure"), t("left_after")), "counts_other_noun",
                                t("left_why"))])]),
        quarantine=[QuarantinedFile(t("quarantine_file"), 0, t("quarantine_reason"))],
        decisions=[AppliedDecision("c0ffee0000000001", "reject", t("editor"), t("decision_reason"),
                                   datetime(2025, 7, 16, 10, 0), "applied")],
        chart=Chart("<svg xmlns='http://www.w3.org/2000/svg'><text>chart</text></svg>"),
        daily_totals=[DailyTotal(date(2025, 7, 20), "mod", 14, 12, 2, 1, 1, True, False)],
        expectations=Expectations(data_docs_href=t("data_docs_href"), results=[
            ExpectationResult("staged_claims", "implausible_count", "error", True, t("expectation_description"),
                              t("expectation_observed"))]),
    )
    return replace(report, **overrides)


# every field above that holds text from an article, a file or folder name, an editor or GX
TEXT_FIELDS = (
    "run_id", "input_dir", "flag_description", "claim_file", "claim_words", "evidence_before", "evidence_figure",
    "evidence_after", "flag_message", "flag_detail", "rule_description", "editor_decision", "finding_file",
    "finding_message", "left_file", "left_before", "left_figure", "left_after", "left_why", "quarantine_file",
    "quarantine_reason", "editor", "decision_reason", "data_docs_href", "expectation_description",
    "expectation_observed",
)


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
        if tag == "div" and attrs.get("id") == "chart-svg":
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
    html = render(make_report(hostile))
    for field in TEXT_FIELDS:
        raw = hostile(field)
        assert raw not in html, f"{field} reached the page unescaped"
        assert escape(raw) in html, f"{field} is missing from the page"
    p = page(html)
    # the only elements are the page's own; the one <svg> is the chart's, and it is not escaped
    assert "script" not in p.tags and "img" not in p.tags and p.handlers == []
    assert p.tags.count("svg") == 1 and "<svg xmlns='http://www.w3.org/2000/svg'><text>chart</text></svg>" in html
    # read back, the text is the article's, character for character (here: the evidence cell)
    evidence = p.rows["flagged-claims"][0][3]
    assert evidence == hostile("evidence_before") + hostile("evidence_figure") + hostile("evidence_after")


def test_an_ampersand_is_escaped_once():
    html = render(make_report(lambda field: f"Tom & Jerry's {field}"))
    assert "Tom &amp; Jerry&#39;s evidence_before" in html
    assert "&amp;amp;" not in html and "Tom & Jerry" not in html


def test_title_and_header_name_the_run():
    html = render(make_report())
    assert "<title>skytally report run_id</title>" in html
    header = section_text(page(html), "")
    assert "Run run_id · as of 2025-07-31 · input input_dir · finished 2025-08-01 02:03:04 UTC" in header


# ------------------------------------------------------------------ each section shows its rows
def test_glance_cards():
    html = render(make_report())
    assert "<b>3</b>files found" in html and "<b>2</b>flags" in html   # value then label, as the cards read


def test_flag_kinds_rows():
    report = make_report(flag_kinds=[FlagKind("unknown_district", "warn", 2, 1, "a district"),
                                     FlagKind("boilerplate", "info", 5, 4, "removed text")])
    assert page(render(report)).rows["flags"] == [["unknown_district", "warn", "2", "1", "a district"],
                                                  ["boilerplate", "info", "5", "4", "removed text"]]


def test_flagged_claims_rows():
    row, = page(render(make_report())).rows["flagged-claims"]
    assert row == ["unknown_districtwarn", "claim_filec0ffee0000000001", "claim_words",
                   "evidence_beforeevidence_figureevidence_after",
                   "flag_messageflag_detailrule_description", "warn (editor: editor_decision)"]


def test_flagged_claim_without_detail_decision_or_mark():
    claim = replace(make_report().flagged_claims[0], detail="", rule_description=None, editor_decision=None,
                    evidence=Marked("a sentence the figure is not in"))
    html = render(make_report(flagged_claims=[claim]))
    row, = page(html).rows["flagged-claims"]
    assert row[3:] == ["a sentence the figure is not in", "flag_message", "warn"]
    assert "<mark>" not in html.split("id='flagged-claims'")[1].split("id='article-flags'")[0]


def test_article_findings_rows():
    assert page(render(make_report())).rows["article-flags"] == [["boilerplate", "info", "finding_file",
                                                                  "finding_message"]]


def test_left_figures_rows_span_the_article_and_count_the_rest():
    html = render(make_report())
    rows = page(html).rows["figures-left"]
    # the article cell spans its figure and the "more" row; 3 left, 1 shown
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
        ["c0ffee0000000001", "reject", "editor", "decision_reason", "2025-07-16 10:00:00", "applied"]]


def test_chart_is_inline_svg_or_says_there_is_nothing():
    assert "<div id='chart-svg'><svg xmlns=" in render(make_report())
    text = section_text(page(render(make_report(chart=Chart(None)))), "chart")
    assert "No dated claims passed the checks: nothing to chart." in text


def test_daily_totals_rows_show_not_reported_as_a_dash():
    totals = [DailyTotal(date(2025, 7, 20), "mod", 14, 12, 2, 1, 1, True, False),
              DailyTotal(date(2025, 7, 21), "governor", None, 3, None, 2, 2, False, True)]
    p = page(render(make_report(daily_totals=totals)))
    assert p.rows["totals"] == [["2025-07-20", "mod", "14", "12", "2", "1", "1", "flagged"],
                                ["2025-07-21", "governor", "—", "3", "—", "2", "2", " overlapping windows"]]
    assert "— means not reported (never zero)." in section_text(p, "totals")


def test_expectations_rows_and_data_docs_link():
    html = render(make_report())
    assert page(html).rows["expectations"] == [["staged_claims", "implausible_count", "error", "passed",
                                                "expectation_description", "expectation_observed"]]
    assert "<a id='data-docs' href='data_docs_href'>data_docs_href</a>" in html
    without = render(make_report(expectations=Expectations(None, [])))
    assert "data-docs" not in without and "expectations" not in page(without).rows


@pytest.mark.parametrize("field, section, says", [
    ("flag_kinds", "flags", "No flags."),
    ("flagged_claims", "flagged-claims", "No claim was flagged."),
    ("article_findings", "article-flags", "None."),
    ("quarantine", "quarantine", "None."),
    ("decisions", "decisions", "None recorded."),
])
def test_an_empty_section_says_so(field, section, says):
    p = page(render(make_report(**{field: []})))
    assert section not in p.rows
    assert section_text(p, section).rstrip().endswith(says)


def test_sections_in_page_order():
    html = render(make_report())
    ids = ["glance", "flags", "flagged-claims", "article-flags", "figures-left", "quarantine", "decisions",
           "chart", "totals", "expectations"]
    positions = [html.index(f"<h2 id='{i}'>") for i in ids]
    assert positions == sorted(positions)


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


def test_left_articles_group_in_order_and_count_what_is_cut():
    rows = [{"source_file": f, "n_left": n, "figure": str(i), "rule": "day_of_month", "rule_description": "a day",
             "text_before": "on", "text_after": "July"}
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
