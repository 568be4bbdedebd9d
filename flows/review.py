"""Editors' decisions on flagged claims, kept in a plain CSV file (claim_id, decision, editor,
reason, decided_at) that a newsroom keeps under version control. The file is only ever appended
to; the last decision on a claim wins when a run applies them."""
from __future__ import annotations

import csv
import os
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from warehouse import dq, marts

FIELDS = ["claim_id", "decision", "editor", "reason", "decided_at"]


class UnknownClaim(ValueError):
    pass


def default_decisions_path(con: duckdb.DuckDBPyConnection) -> Path | None:
    env = os.environ.get("SKYTALLY_DECISIONS_FILE")
    if env:
        return Path(env)
    input_dir = dq.last_input_dir(con)
    return input_dir / "decisions.csv" if input_dir else None


def read_decisions(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def latest_decisions(rows: list[dict]) -> dict[str, dict]:
    """The decision in force on each claim: the last accept or reject recorded for it."""
    latest: dict[str, dict] = {}
    for r in rows:
        cid = (r.get("claim_id") or "").strip()
        if cid and (r.get("decision") or "").strip() in ("accept", "reject"):
            latest[cid] = r
    return latest


def record(con: duckdb.DuckDBPyConnection, path: Path, claim_id: str, decision: str, editor: str, reason: str) -> dict:
    """Append one decision; the claim must exist in the published claims."""
    if decision not in ("accept", "reject"):
        raise ValueError(decision)
    if not marts.claim_exists(con, claim_id):
        raise UnknownClaim(f"no claim {claim_id} in the warehouse")
    row = {"claim_id": claim_id, "decision": decision, "editor": editor, "reason": reason,
           "decided_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat()}
    new = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS)
        if new:
            w.writeheader()
        w.writerow(row)
    return row


def open_flags_text(con: duckdb.DuckDBPyConnection, path: Path) -> str:
    decided = {r["claim_id"] for r in read_decisions(path)}
    rows = dq.open_flags(con)
    open_rows = [r for r in rows if r[0] not in decided]
    lines = [f"{len(open_rows)} flagged claim(s) without a decision (decisions file: {path})"]
    for cid, status, flags, sf, auth, region, n, ev in open_rows:
        lines.append(f"- {cid}  [{status}] {', '.join(flags)}")
        lines.append(f"    {sf}: {auth}, {region}, {n}")
        lines.append(f"    \"{ev[:160]}\"")
    lines.append("Record a decision: skytally review --accept|--reject CLAIM_ID --editor NAME --reason TEXT")
    return "\n".join(lines)
