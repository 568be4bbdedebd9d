"""The gold labels of a generated article (format of ../shared/seeds/LABELS.md).

Text and labels come from the same calls: every sentence that states a figure records its claim, and the flags
are derived from what was rendered (breakdown arithmetic, cross-report comparisons, boilerplate, null dates),
never set by hand."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

FLAG_ORDER = [
    "breakdown_sum_mismatch", "breakdown_partial", "source_discrepancy", "window_mismatch",
    "unknown_district", "official_name_mismatch", "overlapping_windows", "ambiguous_count",
    "boilerplate", "date_unresolved",
]


@dataclass
class Rendered:
    """One report as rendered in an article (for the cross-report checks)."""
    authority: str
    official: str | None
    date: date  # true Moscow date the window ends
    period: str | None
    window: tuple | None
    regions: dict = field(default_factory=dict)  # code -> (count, qualifier)
    total: tuple | None = None
    items_sum: int = 0
    n_items: int = 0


def claim(authority, official, scope, region, count, qualifier, window_start, window_end, event, period,
          districts=()) -> dict:
    return {"authority": authority, "official": official, "scope": scope, "region": region,
            "districts": list(districts), "count": count, "qualifier": qualifier,
            "window_start": window_start, "window_end": window_end, "event_date": event, "period": period}


def event_label(anchor: tuple | None, d: date, mode: str) -> str | None:
    """The event_date a careful reader records for an event on d written in this date mode, given the article's
    anchor (date, whether its year is known)."""
    if mode == "full":
        return d.isoformat()
    if mode == "monthday":
        return d.isoformat() if (anchor is not None and anchor[1]) else f"{d.month:02d}-{d.day:02d}"
    if mode == "anchor":
        if anchor is None:
            return None
        return d.isoformat() if anchor[1] else f"{d.month:02d}-{d.day:02d}"
    if mode == "weekday":
        return d.isoformat() if (anchor is not None and anchor[1]) else None
    return None


def inconsistent(na, qa, nb, qb) -> bool:
    """Two figures for the same region and period that a careful editor would call different."""
    if qa == "exact" and qb == "exact":
        return na != nb
    if qa == "at_least" and qb == "exact":
        return nb < na
    if qb == "at_least" and qa == "exact":
        return na < nb
    if "approx" in (qa, qb):
        return abs(na - nb) >= 3
    return False


def cross_flags(reports: list[Rendered]) -> list[str]:
    """Flags that come from comparing the reports rendered in one article, in the order found."""
    out = []
    for i, a in enumerate(reports):
        for b in reports[i + 1:]:
            if a.authority == b.authority and a.official == b.official:
                if a.window and b.window and a.window != b.window and \
                        a.window[0] < b.window[1] and b.window[0] < a.window[1]:
                    out.append("overlapping_windows")
                continue
            if a.date != b.date or a.period != b.period or a.period is None:
                continue
            for code, (na, qa) in a.regions.items():
                if code in b.regions and inconsistent(na, qa, *b.regions[code]):
                    out.append("source_discrepancy")
            if a.window and b.window and "mod" in (a.authority, b.authority) and a.authority != b.authority:
                m, o = (a, b) if a.authority == "mod" else (b, a)
                if not (m.window[0] <= o.window[0] and o.window[1] <= m.window[1]):
                    out.append("window_mismatch")
    return out


def final_flags(flags: list[str], reports: list[Rendered], claims: list[dict]) -> list[str]:
    """The article's flags in the vocabulary's order: those raised while rendering, the cross-report ones, and
    date_unresolved exactly when some claim's event_date is null."""
    raised = list(flags) + cross_flags(reports)
    if any(c["event_date"] is None for c in claims):
        raised.append("date_unresolved")
    return [f for f in FLAG_ORDER if f in raised] + [f for f in dict.fromkeys(raised) if f not in FLAG_ORDER]


def gold_record(name: str, url: str, published: date | None, claims: list[dict], flags: list[str], style: str,
                notes: list[str]) -> dict:
    return {"doc": name, "source_url": url or None, "published": published.isoformat() if published else None,
            "claims": claims, "optional_claims": [], "flags": flags,
            "notes": f"Generated ({style}). " + " ".join(notes)}
