"""The report's charts as inline SVG, drawn here from warehouse numbers and reference names (every text escaped).

No script: the SVG scales to the page's width (a viewBox, width 100%), and each bar or point carries a <title>
that the browser shows on hover (the day, who, the figure).

- regions_svg: small multiples, one panel per region (the regions with most drones over the last 60 days of
  data, the rest as "other regions"), one bar per day: the highest figure any authority claims that day.
- authorities_svg: one line per authority: drones claimed per night over the last 60 days.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from markupsafe import escape

# Okabe-Ito (distinguishable with colour-blindness) and two more; "other regions" in grey
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C564B", "#000000"]
OTHER = "#8E969E"
AUTHORITY_COLOURS = {"mod": "#0072B2", "governor": "#D55E00", "mayor": "#009E73", "other": "#8E969E"}
TOP_REGIONS = len(PALETTE)
DAYS = 60


def _days(last: date) -> list[date]:
    return [last - timedelta(days=DAYS - 1 - i) for i in range(DAYS)]


def regions_svg(rows: list[dict[str, Any]]) -> str | None:
    """rows: event_date, region_name, high_drones, low_drones, n_authorities, high_authority (chart_regions.sql)."""
    if not rows:
        return None
    last = max(r["event_date"] for r in rows)
    days = _days(last)
    totals: dict[str, int] = defaultdict(int)
    for r in rows:
        totals[r["region_name"]] += r["high_drones"]
    top = sorted(totals, key=lambda n: (-totals[n], n))[:TOP_REGIONS]
    panels: dict[str, dict[date, list[dict]]] = {name: defaultdict(list) for name in top}
    if len(totals) > len(top):
        panels["other regions"] = defaultdict(list)
    for r in rows:
        name = r["region_name"] if r["region_name"] in top else "other regions"
        panels[name][r["event_date"]].append(r)
    cols, pw, ph, pad = 3, 300, 110, 28
    n_rows = (len(panels) + cols - 1) // cols
    width, height = cols * pw, n_rows * (ph + pad) + 8
    peak = max(sum(x["high_drones"] for x in v) for p in panels.values() for v in p.values()) or 1
    bar = (pw - 40) / DAYS
    out = [(f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='100%' role='img' "
            f"class='chart chart-regions' aria-label='highest figure claimed per day and region'>")]
    for i, (name, by_day) in enumerate(panels.items()):
        x0, y0 = (i % cols) * pw + 30, (i // cols) * (ph + pad) + pad
        colour = OTHER if name == "other regions" else PALETTE[i]
        out.append(f"<g class='panel' data-region='{escape(name)}'>"
                   f"<text x='{x0}' y='{y0 - 8}' font-size='13' font-weight='600'>{escape(name)} "
                   f"<tspan fill='#667' font-weight='400'>({totals_of(by_day)} drones)</tspan></text>"
                   f"<line x1='{x0}' y1='{y0 + ph - 16}' x2='{x0 + pw - 40}' y2='{y0 + ph - 16}' stroke='#ccd'/>")
        for k, day in enumerate(days):
            entries = by_day.get(day)
            if not entries:
                continue
            value = sum(x["high_drones"] for x in entries)
            h = max(1.0, (ph - 20) * value / peak)
            x = x0 + k * bar
            who = "; ".join(f"{x['region_name']}: {x['high_drones']} ({x['high_authority']}"
                            + (f", lowest {x['low_drones']}" if x["low_drones"] != x["high_drones"] else "")
                            + f", {x['n_authorities']} {'authority' if x['n_authorities'] == 1 else 'authorities'})"
                            for x in entries)
            out.append(f"<rect class='bar' x='{x:.1f}' y='{y0 + ph - 16 - h:.1f}' width='{max(bar - 1, 1):.1f}' "
                       f"height='{h:.1f}' fill='{colour}'><title>{day.isoformat()}: {escape(who)}</title></rect>")
        out.append(f"<text x='{x0}' y='{y0 + ph - 2}' font-size='10' fill='#667'>{days[0].isoformat()}</text>"
                   f"<text x='{x0 + pw - 40}' y='{y0 + ph - 2}' font-size='10' fill='#667' text-anchor='end'>"
                   f"{days[-1].isoformat()}</text></g>")
    out.append("</svg>")
    return "".join(out)


def totals_of(by_day: dict[date, list[dict]]) -> int:
    return sum(x["high_drones"] for v in by_day.values() for x in v)


def authorities_svg(rows: list[dict[str, Any]]) -> str | None:
    """rows: event_date, authority, drones, itemised_only (chart_authorities.sql)."""
    if not rows:
        return None
    last = max(r["event_date"] for r in rows)
    days = _days(last)
    index = {d: i for i, d in enumerate(days)}
    series: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if r["event_date"] in index:
            series[r["authority"]].append(r)
    width, height, left, top, bottom = 900, 260, 44, 16, 40
    peak = max(r["drones"] for r in rows) or 1
    step = (width - left - 20) / (DAYS - 1)

    def xy(r):
        return left + index[r["event_date"]] * step, top + (height - top - bottom) * (1 - r["drones"] / peak)

    out = [(f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='100%' role='img' "
            f"class='chart chart-authorities' aria-label='drones claimed per night by authority'>"),
           f"<line x1='{left}' y1='{height - bottom}' x2='{width - 20}' y2='{height - bottom}' stroke='#ccd'/>",
           f"<text x='{left - 6}' y='{top + 4}' font-size='10' text-anchor='end' fill='#667'>{peak}</text>",
           f"<text x='{left - 6}' y='{height - bottom}' font-size='10' text-anchor='end' fill='#667'>0</text>",
           f"<text x='{left}' y='{height - bottom + 14}' font-size='10' fill='#667'>{days[0].isoformat()}</text>",
           (f"<text x='{width - 20}' y='{height - bottom + 14}' font-size='10' fill='#667' text-anchor='end'>"
            f"{days[-1].isoformat()}</text>")]
    for j, (authority, points) in enumerate(sorted(series.items())):
        colour = AUTHORITY_COLOURS.get(authority, PALETTE[j % len(PALETTE)])
        points.sort(key=lambda r: r["event_date"])
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in map(xy, points))
        out.append(f"<g class='series' data-authority='{escape(authority)}'>"
                   f"<polyline points='{path}' fill='none' stroke='{colour}' stroke-width='1.5'/>")
        for r in points:
            x, y = xy(r)
            what = " (sum of its regional figures)" if r["itemised_only"] else ""
            out.append(f"<circle class='point' cx='{x:.1f}' cy='{y:.1f}' r='3' fill='{colour}'><title>"
                       f"{r['event_date'].isoformat()}: {escape(authority)} {r['drones']}{escape(what)}"
                       "</title></circle>")
        out.append("</g>")
    for j, authority in enumerate(sorted(series)):
        colour = AUTHORITY_COLOURS.get(authority, PALETTE[j % len(PALETTE)])
        x = left + 120 * j
        out.append(f"<g class='legend'><rect x='{x}' y='{height - 16}' width='10' height='10' fill='{colour}'/>"
                   f"<text x='{x + 14}' y='{height - 7}' font-size='11'>{escape(authority)}</text></g>")
    out.append("</svg>")
    return "".join(out)
