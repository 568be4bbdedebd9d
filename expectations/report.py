"""The editors' report: one static HTML page beside the warehouse, nothing fetched from the network.

Every string that comes from an article (evidence, file names, messages) is escaped: article text
is untrusted. The chart is an inline SVG rendered offline (Altair + vl-convert).
"""
from __future__ import annotations

import json
import os
import re
from html import escape
from pathlib import Path

import duckdb

from expectations.rules import BY_FLAG
from warehouse import io as wh

CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d232a;background:#fafbfc}
main{max-width:1200px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dde;padding-bottom:4px}
.muted{color:#667} table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #e1e4e8;padding:4px 8px;text-align:left;vertical-align:top} th{background:#f3f5f7}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{background:#fff;border:1px solid #e1e4e8;border-radius:6px;padding:8px 14px;min-width:120px}
.card b{display:block;font-size:20px}
.sev-error{color:#a40e26;font-weight:600}.sev-warn{color:#9a6700;font-weight:600}.sev-info{color:#4a5560}
mark{background:#ffe58f;padding:0 2px;border-radius:2px} .evidence{max-width:560px}
.status-fail{background:#ffebe9}.status-warn{background:#fff8c5}
code{font-size:12px}
#chart-svg svg{max-width:100%;height:auto}
"""

# the "Figures left in flagged articles" section stays small on a large run: the first figures of
# each article in reading order, the most severely flagged articles first; the rest is counted
LEFT_PER_ARTICLE = 6
LEFT_ARTICLES = 50
LEFT_CONTEXT = 40      # characters of text shown on each side of a left figure


def _fetch(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


def _highlight(evidence: str, sentence_start: int | None, char_start: int, char_end: int) -> str:
    """Escape the sentence and mark the figure (offsets are into the cleaned text)."""
    if evidence is None:
        return ""
    if sentence_start is None or not (0 <= char_start - sentence_start <= len(evidence)):
        return escape(evidence)
    a, b = char_start - sentence_start, char_end - sentence_start
    return escape(evidence[:a]) + "<mark>" + escape(evidence[a:b]) + "</mark>" + escape(evidence[b:])


def _context(before: str | None, figure: str, after: str | None, width: int = LEFT_CONTEXT) -> str:
    """A few words either side of a figure on one line, escaped, the figure marked (cut at a space)."""
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
    return escape(before) + "<mark>" + escape(figure or "") + "</mark>" + escape(after)


def chart_svg(rows: list[dict]) -> str:
    """Drones claimed per day and region, one panel per authority, as inline SVG (no network)."""
    if not rows:
        return "<p class='muted'>No dated claims passed the checks: nothing to chart.</p>"
    import altair as alt
    import pandas as pd
    import vl_convert as vlc

    df = pd.DataFrame(rows)
    df["event_date"] = pd.to_datetime(df["event_date"])
    # keep the chart readable (and under Altair's row limit) on large warehouses: the last 60 days
    # of data, the 20 regions with most drones by name, the rest as "other regions"
    df = df[df["event_date"] > df["event_date"].max() - pd.Timedelta(days=60)]
    top = df.groupby("region_name")["drones"].sum().nlargest(20).index
    df.loc[~df["region_name"].isin(top), "region_name"] = "other regions"
    df = df.groupby(["event_date", "region_name", "authority"], as_index=False)[["drones", "n_reports"]].sum()
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("yearmonthdate(event_date):O", title="Moscow day"),
            y=alt.Y("sum(drones):Q", title="drones claimed"),
            color=alt.Color("region_name:N", title="region", legend=alt.Legend(columns=2, symbolLimit=60)),
            column=alt.Column("authority:N", title="authority"),
            tooltip=["event_date:T", "region_name:N", "authority:N", "drones:Q", "n_reports:Q"],
        )
        .properties(width=260, height=220)
    )
    svg = vlc.vegalite_to_svg(chart.to_json())
    return svg


def _table(headers: list[str], rows: list[str], intro: str = "", empty: str = "<p>None.</p>") -> str:
    """A report table from already-escaped row cells; `empty` when there are no rows."""
    if not rows:
        return empty
    head = "<table><tr>" + "".join(f"<th>{h}</th>" for h in headers) + "</tr>"
    return "\n".join(([intro] if intro else []) + [head] + [f"<tr>{r}</tr>" for r in rows] + ["</table>"])


def _left_figures(left: list[dict]) -> str:
    """Rows of the figures left in flagged articles: one group per article, its name once (rowspan),
    a last row counting the figures not shown; at most LEFT_ARTICLES articles, the others counted."""
    groups: dict[str, list[dict]] = {}
    for r in left:
        groups.setdefault(r["source_file"], []).append(r)
    rows: list[str] = []
    for source_file, figs in list(groups.items())[:LEFT_ARTICLES]:
        rest = figs[0]["n_left"] - len(figs)
        span = len(figs) + (1 if rest > 0 else 0)
        article = f"<td rowspan='{span}'>{escape(str(source_file))}<br><span class='muted'>{figs[0]['n_left']} left</span></td>"
        for i, r in enumerate(figs):
            rows.append((article if i == 0 else "")
                        + f"<td class='evidence'>{_context(r['text_before'], r['figure'], r['text_after'])}</td>"
                        f"<td><code>{escape(str(r['rule']))}</code></td><td>{escape(r['rule_description'] or '')}</td>")
        if rest > 0:
            rows.append(f"<td colspan='3' class='muted'>and {rest} more left in this article "
                        f"(all in <code>marts.figure_decisions</code>)</td>")
    more = len(groups) - LEFT_ARTICLES
    out = _table(["article", "figure in context", "rule", "why it was left"], rows,
                 intro="<p>Numbers in the articles flagged in this run that the extractor did not take as claims, "
                       f"with the rule that left each: at most {LEFT_PER_ARTICLE} per article, in reading order.</p>",
                 empty="<p>No figure was left in a flagged article.</p>")
    if more > 0:
        out += (f"\n<p class='muted'>{more} more flagged {'article' if more == 1 else 'articles'} with figures left "
                "not listed here: see <code>marts.figure_decisions</code>.</p>")
    return out


def write_report(db_path: Path, run_id: str, data_docs: str | None) -> Path:
    out_dir = Path(db_path).parent / "report"
    out_dir.mkdir(parents=True, exist_ok=True)
    con = wh.connect(db_path, read_only=False)
    try:
        html = render(con, run_id, out_dir, data_docs)
    finally:
        con.close()
    target = out_dir / "index.html"
    tmp = out_dir / ".index.html.tmp"
    tmp.write_text(html, encoding="utf-8")
    from flows.faults import fault_point

    fault_point("report:before_replace")
    os.replace(tmp, target)   # readers never see a half-written page
    return target


def render(con: duckdb.DuckDBPyConnection, run_id: str, out_dir: Path, data_docs: str | None) -> str:
    run = _fetch(con, "SELECT * FROM dq.runs WHERE run_id = ?", [run_id])
    run = run[0] if run else {}
    counts = _fetch(con, """
        SELECT count(*) AS claims,
               count(*) FILTER (WHERE dq_status = 'ok') AS ok,
               count(*) FILTER (WHERE dq_status = 'warn') AS warn,
               count(*) FILTER (WHERE dq_status = 'fail') AS fail
        FROM marts.claims""")[0]
    by_flag = _fetch(con, """
        SELECT flag, severity, count(*) AS n, count(DISTINCT source_file) AS files
        FROM dq.flags WHERE run_id = ? GROUP BY flag, severity ORDER BY
        CASE severity WHEN 'error' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END, n DESC""", [run_id])
    flagged = _fetch(con, """
        SELECT f.flag, f.severity, f.message, f.detail, c.claim_id, c.source_file, c.authority, c.official, c.scope,
               c.region_name, c.drones, c.qualifier, c.window_start_local, c.window_end_local, c.event_date,
               c.evidence, c.char_start, c.char_end, c.dq_status, c.editor_decision,
               instr(a.clean_text, c.evidence) - 1 AS sentence_start
        FROM dq.flags AS f
        JOIN marts.claims AS c USING (claim_id)
        LEFT JOIN staging.stg_articles AS a ON a.source_file = c.source_file
        WHERE f.run_id = ?
        ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END, f.flag, c.source_file, c.char_start""", [run_id])
    # every flag not shown with its claim above is listed here, so none drops out of the report
    # (a claim_id that matches no claim would otherwise vanish in the join of `flagged`)
    article_flags = _fetch(con, """
        SELECT flag, severity, source_file, message FROM dq.flags AS f
        WHERE run_id = ? AND flag <> 'quarantined'
          AND (claim_id IS NULL OR NOT EXISTS (SELECT 1 FROM marts.claims AS c WHERE c.claim_id = f.claim_id))
        ORDER BY flag, source_file""", [run_id])
    # the numbers the extractor did not take as claims, in the articles this run flagged (by file or
    # through one of their claims), at most LEFT_PER_ARTICLE each; n_left counts them all
    left = _fetch(con, """
        WITH flagged AS (
            SELECT coalesce(f.source_file, c.source_file) AS source_file,
                   min(CASE f.severity WHEN 'error' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END) AS worst
            FROM dq.flags AS f LEFT JOIN marts.claims AS c USING (claim_id)
            WHERE f.run_id = ? AND coalesce(f.source_file, c.source_file) IS NOT NULL
            GROUP BY 1
        ), left_figures AS (
            SELECT d.source_file, d.char_start, d.figure, d.rule, d.rule_description, d.text_before, d.text_after,
                   fl.worst,
                   row_number() OVER (PARTITION BY d.source_file ORDER BY d.char_start, d.char_end) AS n,
                   count(*) OVER (PARTITION BY d.source_file) AS n_left
            FROM marts.figure_decisions AS d JOIN flagged AS fl USING (source_file)
            WHERE NOT d.taken
        )
        SELECT * FROM left_figures WHERE n <= ? ORDER BY worst, source_file, n""", [run_id, LEFT_PER_ARTICLE])
    quarantine = _fetch(con, "SELECT source_file, reason, bytes FROM raw.quarantine ORDER BY source_file")
    decisions = _fetch(con, "SELECT * FROM dq.applied_decisions WHERE run_id = ? ORDER BY claim_id", [run_id])
    daily = _fetch(con, "SELECT event_date, region_name, authority, drones, n_reports FROM marts.daily_region ORDER BY event_date")
    totals = _fetch(con, "SELECT * FROM marts.daily_totals ORDER BY event_date, authority")

    h: list[str] = []
    h.append("<!doctype html><html lang='en'><head><meta charset='utf-8'>")
    h.append("<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
    h.append(f"<title>skytally report {escape(run_id)}</title><style>{CSS}</style></head><body><main>")
    h.append("<h1>skytally: data-quality report</h1>")
    h.append(f"<p class='muted'>Run <code>{escape(run_id)}</code> &middot; as of {escape(str(run.get('as_of') or ''))} "
             f"&middot; input <code>{escape(str(run.get('input_dir') or ''))}</code> &middot; finished {escape(str(run.get('finished_at') or ''))} UTC</p>")

    h.append("<h2 id='glance'>The run at a glance</h2><div class='cards'>")
    for label, value in (
        ("files found", run.get("n_files")), ("articles read", run.get("n_articles")),
        ("quarantined", run.get("n_quarantined")), ("claims", counts["claims"]),
        ("published ok", counts["ok"]), ("published with warnings", counts["warn"]),
        ("held back (failed)", counts["fail"]), ("flags", sum(r["n"] for r in by_flag)),
    ):
        h.append(f"<div class='card'><b>{escape(str(value if value is not None else 0))}</b>{escape(label)}</div>")
    h.append("</div>")
    h.append("<p>Claims marked <b>failed</b> stay in <code>marts.claims</code> but are left out of the daily tables; "
             "claims with <b>warnings</b> are published with their flags.</p>")

    h.append("<h2 id='flags'>Flags by kind</h2>")
    if by_flag:
        h.append("<table><tr><th>flag</th><th>severity</th><th>rows</th><th>articles</th><th>what it means</th></tr>")
        for r in by_flag:
            rule = BY_FLAG.get(r["flag"])
            h.append(f"<tr><td><code>{escape(r['flag'])}</code></td><td class='sev-{escape(r['severity'])}'>{escape(r['severity'])}</td>"
                     f"<td>{r['n']}</td><td>{r['files']}</td><td>{escape(rule.description if rule else '')}</td></tr>")
        h.append("</table>")
    else:
        h.append("<p>No flags.</p>")

    h.append("<h2 id='flagged-claims'>Flagged claims</h2>")
    if flagged:
        h.append("<table><tr><th>flag</th><th>article</th><th>claim</th><th class='evidence'>evidence</th><th>compared with</th><th>status</th></tr>")
        for r in flagged:
            claim = f"{r['authority']}{' (' + r['official'] + ')' if r['official'] else ''}: {r['drones']} " \
                    f"{'' if r['qualifier'] == 'exact' else '(' + r['qualifier'] + ') '}" \
                    f"{'over ' + r['region_name'] if r['region_name'] else 'in total'}" \
                    f"{', ' + str(r['window_start_local'])[:5] + '-' + str(r['window_end_local'])[:5] if r['window_start_local'] else ''}" \
                    f"{', ' + str(r['event_date']) if r['event_date'] else ''}"
            detail = ""
            if r["detail"]:
                try:
                    detail = ", ".join(f"{k}: {v}" for k, v in json.loads(r["detail"]).items() if k != "lines")
                except (ValueError, AttributeError):
                    detail = str(r["detail"])
            rule = BY_FLAG.get(r["flag"])
            status = r["dq_status"] + (f" (editor: {r['editor_decision']})" if r["editor_decision"] else "")
            h.append(
                f"<tr class='status-{escape(r['dq_status'])}'><td><code>{escape(r['flag'])}</code><br><span class='sev-{escape(r['severity'])}'>{escape(r['severity'])}</span></td>"
                f"<td>{escape(r['source_file'])}<br><code class='muted'>{escape(r['claim_id'])}</code></td>"
                f"<td>{escape(claim)}</td>"
                f"<td class='evidence'>{_highlight(r['evidence'], r['sentence_start'], r['char_start'], r['char_end'])}</td>"
                f"<td>{escape(r['message'])}{'<br><span class=muted>' + escape(detail) + '</span>' if detail else ''}"
                f"{'<br><span class=muted>' + escape(rule.description) + '</span>' if rule else ''}</td>"
                f"<td>{escape(status)}</td></tr>")
        h.append("</table>")
    else:
        h.append("<p>No claim was flagged.</p>")

    h.append("<h2 id='article-flags'>Article-level findings</h2>")
    h.append(_table(["flag", "severity", "article", "message"], [
        f"<td><code>{escape(r['flag'])}</code></td><td class='sev-{escape(r['severity'])}'>{escape(r['severity'])}</td>"
        f"<td>{escape(str(r['source_file']))}</td><td>{escape(r['message'])}</td>" for r in article_flags]))

    h.append("<h2 id='figures-left'>Figures left in flagged articles</h2>")
    h.append(_left_figures(left))

    h.append("<h2 id='quarantine'>Quarantined files</h2>")
    h.append(_table(["file", "bytes", "reason"], [
        f"<td>{escape(r['source_file'])}</td><td>{escape(str(r['bytes']))}</td><td>{escape(r['reason'])}</td>" for r in quarantine],
        intro="<p>These files could not be read as articles. Their original bytes are kept in <code>raw.quarantine</code>.</p>"))

    h.append("<h2 id='decisions'>Editors' decisions applied</h2>")
    h.append(_table(["claim", "decision", "editor", "reason", "when", "status"], [
        f"<td><code>{escape(r['claim_id'])}</code></td><td>{escape(r['decision'])}</td><td>{escape(r['editor'])}</td>"
        f"<td>{escape(r['reason'] or '')}</td><td>{escape(str(r['decided_at'] or ''))}</td><td>{escape(r['status'])}</td>"
        for r in decisions], empty="<p>None recorded.</p>"))

    h.append("<h2 id='chart'>Drones claimed per day, region and authority</h2>")
    h.append(f"<div id='chart-svg'>{chart_svg(daily)}</div>")

    h.append("<h2 id='totals'>Daily totals</h2>")
    if totals:
        h.append("<table><tr><th>day</th><th>authority</th><th>total</th><th>itemised</th><th>unattributed</th><th>reports</th><th>articles</th><th>flags</th></tr>")
        for r in totals:
            def v(x):
                return "—" if x is None else str(x)
            h.append(f"<tr><td>{escape(str(r['event_date']))}</td><td>{escape(r['authority'])}</td><td>{v(r['total_drones'])}</td>"
                     f"<td>{v(r['itemised_drones'])}</td><td>{v(r['unattributed_drones'])}</td><td>{v(r['n_reports'])}</td>"
                     f"<td>{v(r['n_articles'])}</td><td>{'flagged' if r['has_flagged_claims'] else ''}"
                     f"{' overlapping windows' if r['has_overlapping_windows'] else ''}</td></tr>")
        h.append("</table><p class='muted'>— means not reported (never zero).</p>")

    h.append("<h2 id='expectations'>Expectations</h2>")
    if data_docs:
        rel = os.path.relpath(data_docs, out_dir)
        h.append(f"<p>Great Expectations Data Docs for this run: <a id='data-docs' href='{escape(rel)}'>{escape(rel)}</a></p>")
    exp = _fetch(con, "SELECT suite, rule, severity, success, description, observed FROM dq.expectation_results WHERE run_id = ? ORDER BY suite, success, rule", [run_id])
    if exp:
        h.append("<table><tr><th>suite</th><th>rule</th><th>severity</th><th>result</th><th>description</th><th>observed</th></tr>")
        for r in exp:
            h.append(f"<tr><td>{escape(r['suite'])}</td><td><code>{escape(r['rule'])}</code></td><td class='sev-{escape(r['severity'])}'>{escape(r['severity'])}</td>"
                     f"<td>{'passed' if r['success'] else 'failed'}</td><td>{escape(r['description'])}</td><td><code>{escape(r['observed'] or '')}</code></td></tr>")
        h.append("</table>")
    h.append("</main></body></html>")
    return "\n".join(h)
