"""The view-model of the report, built from the warehouse's reads (warehouse.report_queries: no SQL here).

The pure helpers (claim_in_words, marked_evidence, left_context, left_articles) shape rows into the
records of report.model; build() runs the reads and assembles the page's Report.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from expectations.rules import BY_FLAG
from report.chart import authorities_svg, regions_svg
from report.model import (
    Archive,
    ArchivePage,
    ArticleFinding,
    Chart,
    DailyTotal,
    Day,
    DecisionRow,
    ExpectationResult,
    Expectations,
    FlagKind,
    FlagRow,
    LeftArticle,
    LeftFigure,
    LeftFigures,
    LeftOut,
    Marked,
    QuarantinedFile,
    Report,
    RunHeader,
    StatementGroup,
    Tonight,
)
from warehouse import report_queries as q

if TYPE_CHECKING:
    import duckdb

# the "Figures left in flagged articles" section stays small on a large run: the first figures of
# each article in reading order, the most severely flagged articles first; the rest is counted
LEFT_PER_ARTICLE = 6
LEFT_ARTICLES = 50
LEFT_CONTEXT = 40      # characters of text shown on each side of a left figure
# the first page grows with tonight's work, not the archive: at most this many statements (the rest are in the
# archive pages, which hold a fixed number each)
TONIGHT_ROWS = 800         # flag rows on the first page (about 0.8 kB each): tonight's articles first
ARCHIVE_PER_PAGE = 200
RECENT_DECISIONS = 20


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
    """left_figures rows (already cut to per_article each and to the first articles, in order; n_articles: how
    many articles had figures left) grouped by article, at most max_articles."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(r["source_file"], []).append(r)
    articles = [
        LeftArticle(source_file=str(name), n_left=figs[0]["n_left"],
                    figures=[LeftFigure(left_context(r["text_before"], r["figure"], r["text_after"]),
                                        str(r["rule"]), r["rule_description"] or "") for r in figs])
        for name, figs in list(groups.items())[:max_articles]
    ]
    n_articles = rows[0]["n_articles"] if rows else 0
    return LeftFigures(per_article=per_article, articles=articles, more_articles=max(0, n_articles - max_articles))


def _description(flag: str) -> str | None:
    rule = BY_FLAG.get(flag)
    return rule.description if rule else None


def observed_in_words(observed: str | None) -> str:
    """What Great Expectations observed (its JSON) in words: '3 of 163 rows (1.8 %) do not', 'observed 0'."""
    if not observed:
        return ""
    try:
        o = json.loads(observed)
    except ValueError:
        return str(observed)
    if not isinstance(o, dict):
        return str(o)
    n, total = o.get("unexpected_count"), o.get("element_count")
    if n is not None and total is not None:
        if n == 0:
            return f"all {total} rows pass"
        pct = o.get("unexpected_percent")
        share = f" ({pct:.1f} %)" if isinstance(pct, (int, float)) else ""
        return f"{n} of {total} rows{share} do not"
    if n is not None:
        return "no row fails" if n == 0 else f"{n} rows do not"
    if "observed_value" in o:
        return f"observed {o['observed_value']}"
    return detail_in_words(observed)


def day_why(d: dict[str, Any]) -> str:
    if d["event_date"] is None:
        return "no calendar date could be pinned: these claims stay out of the daily tables"
    parts = []
    if d["reasons"]:
        parts.append(f"open: {d['reasons']}")
    if d["rejected"]:
        parts.append(f"{d['rejected']} rejected by an editor")
    if d["held_back"] - d["rejected"] > 0:
        parts.append(f"{d['held_back'] - d['rejected']} failed a check")
    return "; ".join(parts) or "no open flag"


def _day(d: dict[str, Any]) -> Day:
    return Day(d["event_date"], d["status"], day_why(d), d["claims"], d["claims_tonight"], d["articles"],
               d["open_flags"], d["rejected"], d["held_back"])


def statement_groups(rows: Iterable[dict[str, Any]]) -> Iterator[StatementGroup]:
    """statement_flags rows (in order: newest day first, each statement's rows together) grouped by statement or
    article, one group at a time as the rows come (the archive's rows are never all held)."""
    key: tuple[str, str] | None = None
    g: dict[str, Any] = {}
    for r in rows:
        k = ("statement", r["report_id"]) if r["report_id"] else ("article", r["source_file"] or "")
        if k != key:
            if key is not None:
                yield StatementGroup(*key, g["source_file"], g["day"], g["tonight"], g["flags"])
            key = k
            g = {"source_file": r["source_file"] or "", "day": r["day"], "tonight": bool(r["tonight"]), "flags": []}
        g["flags"].append(FlagRow(
            flag=r["flag"], severity=r["severity"], message=r["message"], detail=detail_in_words(r["detail"]),
            open=bool(r["open"]), decision=r["decision"],
            decided_by=r["decided_by"], new=bool(r["new"]), claim_id=r["claim_id"],
            claim=claim_in_words(r) if r["claim_id"] and r["authority"] else "",
            evidence=marked_evidence(r["evidence"], r["sentence_start"], r["char_start"], r["char_end"])
            if r["claim_id"] and r["evidence"] else Marked(""),
            dq_status=r["dq_status"]))
    if key is not None:
        yield StatementGroup(*key, g["source_file"], g["day"], g["tonight"], g["flags"])


def first_page(groups: Iterable[StatementGroup], max_rows: int) -> tuple[list[StatementGroup], int]:
    """The statements of tonight's page, in the archive's order (newest day first): those of the articles that
    arrived tonight, then those with new flags, while their flag rows fit in max_rows (at least one); and how many
    statements `groups` held. The groups are read once, as they come, and only those that may be on the page are
    kept (a first night of 100,000 articles has half a million flag rows, all of them tonight's)."""
    tonight: list[tuple[int, StatementGroup]] = []   # tonight's statements, in order, while they fit
    tonight_rows = 0
    tonight_full = False                             # one of tonight's did not fit: the page holds tonight's only
    new: list[tuple[int, StatementGroup]] = []       # statements with new flags, in order, while they could fit
    new_rows = 0
    new_closed = False
    n = 0
    for n, g in enumerate(groups, 1):
        if g.tonight:
            if not tonight_full and (not tonight or tonight_rows + len(g.flags) <= max_rows):
                tonight.append((n, g))
                tonight_rows += len(g.flags)
            else:
                tonight_full = True
        elif g.n_new and not new_closed:
            if not new or new_rows + len(g.flags) <= max_rows:
                new.append((n, g))
                new_rows += len(g.flags)
            else:
                new_closed = True
    chosen = list(tonight)
    rows = tonight_rows
    for i, g in ([] if tonight_full else new):
        if chosen and rows + len(g.flags) > max_rows:
            break
        chosen.append((i, g))
        rows += len(g.flags)
    return [g for _, g in sorted(chosen, key=lambda ig: ig[0])], n


def pages_of(groups: Iterable[StatementGroup], per_page: int) -> Iterator[ArchivePage]:
    """The archive's pages of `per_page` statements each, one at a time as the groups come."""
    chunk: list[StatementGroup] = []
    n = 0
    for g in groups:
        chunk.append(g)
        if len(chunk) == per_page:
            n += 1
            yield _page(n, chunk)
            chunk = []
    if chunk:
        yield _page(n + 1, chunk)


def _page(n: int, chunk: list[StatementGroup]) -> ArchivePage:
    days = [g.day for g in chunk if g.day is not None]
    return ArchivePage(n, f"archive/flags-{n}.html", max(days) if days else None, min(days) if days else None,
                       chunk, len(chunk))


def archive_pages(con: duckdb.DuckDBPyConnection, run_id: str) -> Iterator[ArchivePage]:
    """Every flagged statement of the run, page by page as read from the warehouse (see pages_of)."""
    rows = (r for batch in q.statement_flag_batches(con, run_id) for r in batch)
    return pages_of(statement_groups(rows), ARCHIVE_PER_PAGE)


def _decision(r: dict[str, Any]) -> DecisionRow:
    return DecisionRow(r["decision_id"], r["decided_at"], r["editor"], r["action"], r["target_kind"], r["target"],
                       r["undoes"], r["reason"], bool(r["in_force"]), r["claims"], bool(r["orphaned"]))


def _total(r: dict[str, Any]) -> DailyTotal:
    return DailyTotal(r["event_date"], r["authority"], r["total_drones"], r["itemised_drones"],
                      r["unattributed_drones"], r["n_reports"], r["n_articles"],
                      bool(r["has_flagged_claims"]), bool(r["has_overlapping_windows"]))


def build(con: duckdb.DuckDBPyConnection, run_id: str, out_dir: Path, data_docs: str | None,
          warehouse: str = "", unchanged: bool = False) -> Report:
    """The report of run_id from the warehouse on con (read only); data_docs is linked relative to out_dir.

    unchanged: the run changed nothing (it carried over the previous run's results): no day was touched and no
    flag is new, so the sections about tonight's days and statements are empty without reading every flag, and
    the archive (left empty here) is the previous run's, which the writer keeps."""
    run = q.run(con, run_id) or {}
    header = RunHeader(run_id, run.get("as_of"), run.get("input_dir"), run.get("finished_at"), warehouse)
    t = q.tonight(con, run_id)
    day_rows = [] if unchanged else q.days(con, run_id)
    days = [_day(d) for d in day_rows]
    touched = {d["event_date"] for d in day_rows if d["touched_tonight"]}
    # tonight's page: only the statements of tonight's articles or with new flags are read (the archive pages
    # are written apart, page by page: archive_pages)
    tonight_rows = () if unchanged else (r for batch in q.statement_flag_batches(con, run_id, tonight_only=True)
                                         for r in batch)
    tonight_groups, n_tonight = first_page(statement_groups(tonight_rows), TONIGHT_ROWS)
    decisions = [_decision(r) for r in q.decisions(con, run_id)]
    quarantine = [QuarantinedFile(r["source_file"], r["bytes"], r["reason"], bool(r["tonight"]))
                  for r in q.quarantine(con, run_id)]
    totals = [] if unchanged else [_total(r) for r in q.daily_totals(con)]
    archive = Archive(run=header, days=days, pages=[],
                      daily_totals=list(reversed(totals)), decisions=decisions, quarantine=quarantine)
    return Report(
        run=header,
        tonight=Tonight(**t),
        left_out=[LeftOut(r["reason"], r["claims"]) for r in q.left_out(con)],
        days=[d for d in days if d.event_date in touched],
        statements=tonight_groups,
        more_statements=n_tonight - len(tonight_groups),
        flag_kinds=[FlagKind(r["flag"], r["severity"], r["n"], r["files"], _description(r["flag"]) or "", r["open"])
                    for r in q.flags_by_kind(con, run_id)],
        article_findings=[ArticleFinding(r["flag"], r["severity"], r["source_file"], r["message"])
                          for r in q.article_flags(con, run_id)],
        left_figures=left_articles(q.left_figures(con, run_id, LEFT_PER_ARTICLE, LEFT_ARTICLES), LEFT_PER_ARTICLE,
                                   LEFT_ARTICLES),
        quarantine=[f for f in quarantine if f.tonight],
        decisions=decisions[:RECENT_DECISIONS],
        n_decisions=len(decisions),
        charts=[Chart("Highest figure claimed per day, by region (last 60 days of data)",
                      regions_svg(q.chart_regions(con)),
                      "One panel per region with the most drones, the rest as other regions; each bar is the highest "
                      "figure any authority claimed that day (marts.daily_envelope). Hover a bar for the figures."),
                Chart("Drones claimed per night, by authority (last 60 days of data)",
                      authorities_svg(q.chart_authorities(con)),
                      "The authority's overall figure of the day, or the sum of its regional figures when it gave no "
                      "overall one (marts.daily_totals). Hover a point for the figure.")],
        daily_totals=[x for x in totals if x.event_date in touched],
        expectations=Expectations(
            data_docs_href=os.path.relpath(data_docs, out_dir) if data_docs else None,
            results=[ExpectationResult(r["suite"], r["rule"], r["severity"], bool(r["success"]), r["description"],
                                       observed_in_words(r["observed"])) for r in q.expectation_results(con, run_id)]),
        archive=archive,
    )
