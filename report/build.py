"""The view-model of the report, built from the warehouse's reads (warehouse.report_queries: no SQL here).

The pure helpers (claim_in_words, marked_evidence, left_context, left_articles) shape rows into the
records of report.model; build() runs the reads and assembles the page's Report.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from expectations.rules import BY_FLAG
from report.chart import chart_svg
from report.model import (
    AppliedDecision, ArticleFinding, Card, Chart, DailyTotal, ExpectationResult, Expectations, FlaggedClaim,
    FlagKind, LeftArticle, LeftFigure, LeftFigures, Marked, QuarantinedFile, Report, RunHeader,
)
from warehouse import report_queries as q

if TYPE_CHECKING:
    import duckdb

# the "Figures left in flagged articles" section stays small on a large run: the first figures of
# each article in reading order, the most severely flagged articles first; the rest is counted
LEFT_PER_ARTICLE = 6
LEFT_ARTICLES = 50
LEFT_CONTEXT = 40      # characters of text shown on each side of a left figure


def claim_in_words(r: dict[str, Any]) -> str:
    """'mod (Governor X): 5 (at_least) over Kursk Oblast, 20:00-07:00, 2025-07-20' from a claim's columns."""
    who = r["authority"] + (f" ({r['official']})" if r["official"] else "")
    qualifier = "" if r["qualifier"] == "exact" else f"({r['qualifier']}) "
    where = f"over {r['region_name']}" if r["region_name"] else "in total"
    window = (f", {str(r['window_start_local'])[:5]}-{str(r['window_end_local'])[:5]}"
              if r["window_start_local"] else "")
    day = f", {r['event_date']}" if r["event_date"] else ""
    return f"{who}: {r['drones']} {qualifier}{where}{window}{day}"


def detail_in_words(detail: str | None) -> str:
    """A flag's detail JSON as 'key: value, ...' (its 'lines' left out); text that is not a JSON object as is."""
    if not detail:
        return ""
    try:
        return ", ".join(f"{k}: {v}" for k, v in json.loads(detail).items() if k != "lines")
    except (ValueError, AttributeError):
        return str(detail)


def marked_evidence(evidence: str | None, sentence_start: int | None, char_start: int, char_end: int) -> Marked:
    """The evidence sentence with the figure marked (offsets are into the cleaned text, the sentence starts at
    sentence_start there); the sentence unmarked when the figure does not fall inside it."""
    if evidence is None:
        return Marked("")
    if sentence_start is None or not (0 <= char_start - sentence_start <= len(evidence)):
        return Marked(evidence)
    a, b = char_start - sentence_start, char_end - sentence_start
    return Marked(evidence[:a], evidence[a:b], evidence[b:])


def left_context(before: str | None, figure: str | None, after: str | None, width: int = LEFT_CONTEXT) -> Marked:
    """A few words either side of a figure on one line, cut at a space, '…' where text was cut."""
    before = re.sub(r"\s+", " ", before or "").lstrip()
    after = re.sub(r"\s+", " ", after or "").rstrip()
    if len(before) > width:
        tail = before[-width:]
        cut = tail.find(" ")
        before = "…" + (tail[cut + 1:] if 0 <= cut < len(tail) - 1 else tail)
    if len(after) > width:
        head = after[:width]
        cut = head.rfind(" ")
        after = (head[:cut] if cut > 0 else head) + "…"
    return Marked(before, figure or "", after)


def left_articles(rows: list[dict[str, Any]], per_article: int, max_articles: int) -> LeftFigures:
    """left_figures rows (already cut to per_article each, in order) grouped by article, at most max_articles."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(r["source_file"], []).append(r)
    articles = [
        LeftArticle(source_file=str(name), n_left=figs[0]["n_left"],
                    figures=[LeftFigure(left_context(r["text_before"], r["figure"], r["text_after"]),
                                        str(r["rule"]), r["rule_description"] or "") for r in figs])
        for name, figs in list(groups.items())[:max_articles]
    ]
    return LeftFigures(per_article=per_article, articles=articles, more_articles=max(0, len(groups) - max_articles))


def _description(flag: str) -> str | None:
    rule = BY_FLAG.get(flag)
    return rule.description if rule else None


def build(con: duckdb.DuckDBPyConnection, run_id: str, out_dir: Path, data_docs: str | None) -> Report:
    """The report of run_id from the warehouse on con (read only); data_docs is linked relative to out_dir."""
    run = q.run(con, run_id) or {}
    counts = q.claim_counts(con)
    by_flag = q.flags_by_kind(con, run_id)
    cards = [Card(label, value or 0) for label, value in (
        ("files found", run.get("n_files")), ("articles read", run.get("n_articles")),
        ("quarantined", run.get("n_quarantined")), ("claims", counts["claims"]),
        ("published ok", counts["ok"]), ("published with warnings", counts["warn"]),
        ("held back (failed)", counts["fail"]), ("flags", sum(r["n"] for r in by_flag)),
    )]
    flagged = [
        FlaggedClaim(
            flag=r["flag"], severity=r["severity"], source_file=r["source_file"], claim_id=r["claim_id"],
            claim=claim_in_words(r),
            evidence=marked_evidence(r["evidence"], r["sentence_start"], r["char_start"], r["char_end"]),
            message=r["message"], detail=detail_in_words(r["detail"]), rule_description=_description(r["flag"]),
            dq_status=r["dq_status"], editor_decision=r["editor_decision"])
        for r in q.flagged_claims(con, run_id)
    ]
    return Report(
        run=RunHeader(run_id, run.get("as_of"), run.get("input_dir"), run.get("finished_at")),
        cards=cards,
        flag_kinds=[FlagKind(r["flag"], r["severity"], r["n"], r["files"], _description(r["flag"]) or "")
                    for r in by_flag],
        flagged_claims=flagged,
        article_findings=[ArticleFinding(r["flag"], r["severity"], r["source_file"], r["message"])
                          for r in q.article_flags(con, run_id)],
        left_figures=left_articles(q.left_figures(con, run_id, LEFT_PER_ARTICLE), LEFT_PER_ARTICLE, LEFT_ARTICLES),
        quarantine=[QuarantinedFile(r["source_file"], r["bytes"], r["reason"]) for r in q.quarantine(con)],
        decisions=[AppliedDecision(r["claim_id"], r["decision"], r["editor"], r["reason"], r["decided_at"], r["status"])
                   for r in q.applied_decisions(con, run_id)],
        chart=Chart(chart_svg(q.daily_region(con))),
        daily_totals=[DailyTotal(r["event_date"], r["authority"], r["total_drones"], r["itemised_drones"],
                                 r["unattributed_drones"], r["n_reports"], r["n_articles"],
                                 bool(r["has_flagged_claims"]), bool(r["has_overlapping_windows"]))
                      for r in q.daily_totals(con)],
        expectations=Expectations(
            data_docs_href=os.path.relpath(data_docs, out_dir) if data_docs else None,
            results=[ExpectationResult(r["suite"], r["rule"], r["severity"], bool(r["success"]), r["description"],
                                       r["observed"]) for r in q.expectation_results(con, run_id)]),
    )
