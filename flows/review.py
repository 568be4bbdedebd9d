"""Editors' decisions, kept in the warehouse (dq.decisions: who, when, what, why; only ever appended to).

An editor accepts or rejects a claim, a whole statement (its report_id as the report shows it, `file.txt#0`,
or its report_key: every relay of it) or an article; an undo is a new row naming the decision it takes back.
Every run applies the decisions in force (dq.claim_decisions) to its claims; `skytally review` applies a new
one at once: it re-runs the set-level rules without the rejected claims (so no claim stays flagged against a
claim an editor threw out), republishes the marts and rewrites the report.

Decisions can be exported to CSV and imported from it (the same file again adds nothing); the CSV of earlier
versions (claim_id, decision, editor, reason, decided_at), e.g. decisions.csv in the landing folder, is
imported by every run, so it keeps working, but the warehouse is where decisions live.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from warehouse import dq

ACTIONS = ("accept", "reject")
KINDS = ("claim", "statement", "article")
CSV_FIELDS = ["decision_id", "decided_at", "editor", "action", "target_kind", "target", "undoes", "reason", "origin"]
LEGACY_FIELDS = ["claim_id", "decision", "editor", "reason", "decided_at"]


class UnknownTarget(ValueError):
    """The claim, statement, article or decision named does not exist in the warehouse."""


# kept for callers of the earlier name
UnknownClaim = UnknownTarget


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def record(con: duckdb.DuckDBPyConnection, action: str, target_kind: str, target: str, editor: str, reason: str,
           origin: str = "review", decided_at: datetime | None = None) -> dict[str, Any]:
    """Append an accept or reject decision on a claim, statement or article that the warehouse holds."""
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {ACTIONS}: {action!r}")
    if target_kind not in KINDS:
        raise ValueError(f"target kind must be one of {KINDS}: {target_kind!r}")
    if not editor or not reason:
        raise ValueError("a decision needs the editor's name and a reason")
    if not dq.target_exists(con, target_kind, target):
        raise UnknownTarget(f"no {target_kind} {target!r} in the warehouse")
    return dq.append_decision(con, decided_at or utcnow(), editor, action, target_kind, target, None, reason, origin)


def undo(con: duckdb.DuckDBPyConnection, decision_id: int, editor: str, reason: str) -> dict[str, Any]:
    """Append an undo of an accept or reject decision (the decision itself stays, as every row does)."""
    if not editor or not reason:
        raise ValueError("an undo needs the editor's name and a reason")
    if not dq.decision_undoable(con, decision_id):
        raise UnknownTarget(f"no accept or reject decision {decision_id} that is not already undone")
    return dq.append_decision(con, utcnow(), editor, "undo", None, None, decision_id, reason, "review")


# ---------------------------------------------------------------- CSV
def _timestamp(text: str | None) -> datetime | None:
    if not text or not text.strip():
        return None
    t = datetime.fromisoformat(text.strip())
    return t.astimezone(UTC).replace(tzinfo=None) if t.tzinfo else t


def import_csv(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[int, int]:
    """Append the decisions of a CSV file (this module's export, or the earlier claim_id,decision,... file)
    that the warehouse does not hold yet; returns (added, already held). Rows about targets the warehouse does
    not hold are kept too: the run that applies them reports them as orphaned."""
    path = Path(path)
    with path.open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    added = held = 0
    origin = f"import {path.name}"
    for r in rows:
        r = {k: (v or "").strip() for k, v in r.items() if k}
        if "target" in r:           # an export of dq.decisions
            action, kind, target = r.get("action", ""), r.get("target_kind") or None, r.get("target") or None
            undoes = int(r["undoes"]) if r.get("undoes") else None
        else:                       # the earlier decisions.csv: one claim per row
            action, kind, target, undoes = r.get("decision", ""), "claim", r.get("claim_id") or None, None
        if action not in ACTIONS + ("undo",) or (action == "undo") != (undoes is not None) or \
                (action != "undo" and (kind not in KINDS or not target)):
            continue
        decided_at = _timestamp(r.get("decided_at"))
        editor, reason = r.get("editor") or "unknown", r.get("reason") or ""
        if dq.decision_held(con, decided_at, editor, action, kind, target, undoes, reason):
            held += 1
            continue
        dq.append_decision(con, decided_at or utcnow(), editor, action, kind, target, undoes, reason, origin)
        added += 1
    return added, held


def export_csv(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Every decision, in the order recorded, to a CSV file that import_csv reads back; returns the row count."""
    rows = dq.decisions(con)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=CSV_FIELDS)
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if r[k] is None else (r[k].isoformat() if isinstance(r[k], datetime) else r[k]))
                        for k in CSV_FIELDS})
    tmp.replace(path)
    return len(rows)


# ---------------------------------------------------------------- applying decisions
def apply_decisions(con: duckdb.DuckDBPyConnection, run_id: str, csv_path: Path | None) -> None:
    """A run's step (inside its validate transaction): import the decisions CSV if there is one, then record in
    dq.applied_decisions the decision in force on each claim (marts.claims reads them) and the orphans."""
    if csv_path is not None and Path(csv_path).is_file():
        import_csv(con, Path(csv_path))
    dq.apply_decisions(con, run_id)


@dataclass
class Reevaluated:
    run_id: str
    flags_before: int
    flags_after: int
    report: Path | None


def reevaluate(db_path: Path, editor_settings=None) -> Reevaluated | None:
    """After a decision: re-run the set-level rules of the latest published run on the claims not rejected,
    re-apply the decisions, republish the marts and rewrite the report. None when nothing was published yet.

    The column checks and the extraction's findings do not depend on decisions and are kept; the Great
    Expectations Data Docs are not rebuilt (the set-level results in dq.expectation_results are)."""
    from expectations.suite import reevaluate_rules
    from flows.settings import Settings
    from report.write import write_report
    from warehouse import io as wh
    from warehouse import marts

    settings = editor_settings or Settings()
    params = {"plausible_max_drones": settings.plausible_max_drones, "spike_factor": settings.spike_factor,
              "max_event_age_days": settings.max_event_age_days}
    con = wh.connect(db_path)
    try:
        run_id = dq.latest_run_id(con)
        if run_id is None:
            return None
        with wh.transaction(con):
            before = dq.count_flags(con, run_id)
            reevaluate_rules(con, run_id, params)
            dq.apply_decisions(con, run_id)
            marts.rebuild(con, run_id)
            dq.record_reevaluated(con, run_id)
            after = dq.count_flags(con, run_id)
        wh.checkpoint(con)
    finally:
        con.close()
    report = write_report(db_path, run_id, dq_data_docs(db_path))
    return Reevaluated(run_id, before, after, report)


def dq_data_docs(db_path: Path) -> str | None:
    from report.write import data_docs_index

    path = data_docs_index(db_path)
    return str(path) if path.exists() else None


# ---------------------------------------------------------------- what is open
def open_text(con: duckdb.DuckDBPyConnection) -> str:
    """The open flags of the latest published run, grouped by statement (newest day first): the count is
    dq.latest_flags WHERE open, the same the report and the run's summary give."""
    rows = dq.open_flags(con)
    n_open = len(rows)
    statements: dict[tuple, list[dict]] = {}
    for r in rows:
        statements.setdefault((r["event_date"], r["report_id"] or "", r["source_file"] or ""), []).append(r)
    lines = [(f"{n_open} open {'flag' if n_open == 1 else 'flags'} (warnings and errors no editor has decided on) "
              f"in {len(statements)} {'statement or article' if len(statements) == 1 else 'statements or articles'}")]
    for (day, report_id, source_file), flags in statements.items():
        head = f"statement {report_id}" if report_id else f"article {source_file}"
        lines.append(f"- {head}  ({day or 'no date'})")
        for f in flags:
            what = (f"{f['claim_id']} {f['authority']}, {f['region']}, {f['drones']}" if f["claim_id"]
                    else "the article")
            lines.append(f"    [{f['severity']}] {f['flag']}: {what}: {f['message'][:160]}")
    lines += ["Decide: skytally review --accept|--reject ID [--statement|--article] --editor NAME --reason TEXT",
              "       (ID: a claim_id; with --statement a statement such as 'file.txt#0'; with --article a file)"]
    return "\n".join(lines)


def decisions_text(con: duckdb.DuckDBPyConnection) -> str:
    rows = dq.decisions(con)
    in_force = {r[0] for r in con.execute("SELECT decision_id FROM dq.decisions_in_force").fetchall()}
    lines = [f"{len(rows)} decisions recorded (dq.decisions)"]
    for r in reversed(rows):
        what = f"undo of #{r['undoes']}" if r["action"] == "undo" else f"{r['action']} {r['target_kind']} {r['target']}"
        state = " [in force]" if r["decision_id"] in in_force else ""
        lines.append(f"#{r['decision_id']} {r['decided_at']:%Y-%m-%d %H:%M} {r['editor']}: {what}{state}: "
                     f"{r['reason']}")
    return "\n".join(lines)
