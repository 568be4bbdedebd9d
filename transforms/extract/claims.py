"""Claims of one article: its reports' figures as rows (a total, its regions, districts), restated
figures folded into their first mention, and the findings raised on the way."""
from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, time, timedelta

from transforms import places
from transforms.extract.attribution import Channel
from transforms.extract.decisions import article_decisions
from transforms.extract.figures import Left
from transforms.extract.parse import Item, Sent, carry_foreign, parse_sentence
from transforms.extract.reports import ArticleContext, Report, resolve_reports, split_reports
from transforms.lexicon import rx
from transforms.reference import LANGUAGES, regions
from transforms.vocabulary import Flag, finding

MSK = timedelta(hours=3)

# the figure rules of a number with its drone noun, in each language's reader
_DRONE_NOUN_RULES = ("drone_noun_figure", "ru_drone_noun_figure")


def _claim_id(source_file: str, report_no: int, fig_start: int, region: str | None) -> str:
    return hashlib.sha1(f"{source_file}|{report_no}|{fig_start}|{region or ''}".encode()).hexdigest()[:16]


def _utc(d: date | None, t: time | None, end_t: time | None, is_start: bool) -> datetime | None:
    if d is None or t is None:
        return None
    day = d
    if is_start and end_t is not None and (t.hour, t.minute) > (end_t.hour, end_t.minute):
        day = d - timedelta(days=1)   # the window began the evening before the day it ends
    return datetime.combine(day, t) - MSK


def extract_article(source_file: str, text: str, sent_rows: list[dict], published: date | None, as_of: date,  # noqa: C901 - a statement's figures become claims in the order the construction rules need (governor fallback, lead total, covering total, each-reading split); not yet split into named steps
                    headline: str | None, published_year_known: bool = True,
                    channel: Channel | None = None) -> tuple[list[dict], list[dict], list[dict]]:
    """Claims, findings and figure decisions of one article from its candidate/context sentences."""
    ctx = ArticleContext(source_file, published, as_of, published_year_known, channel)
    sents = []
    for row in sent_rows:
        is_head = bool(headline) and row["idx"] == 0 and row["sentence"].strip() == headline.strip()
        sents.append(parse_sentence(row["idx"], row["start"], row["sentence"], is_head, row["is_candidate"],
                                    row.get("has_historic"), row.get("is_correction"), "ru" if row.get("is_ru") else "en"))
    carry_foreign(sents)
    reports = split_reports(sents)
    resolve_reports(reports, sents, ctx)
    claims: list[dict] = []
    findings: list[dict] = []
    dropped: dict[int, str] = {}       # figure offset -> rule, for items that did not become claims
    for rno, r in enumerate(reports):
        totals = [(s, it) for s in r.sents for it in s.items if not it.regions]
        region_of_official = r.official.official.region_code if r.official else None
        # a governor's or mayor's figure without a place is for their own region
        if r.authority in ("governor", "mayor"):
            fallback = region_of_official or _only_region(r, sents)
            for _, it in totals:
                if fallback:
                    it.regions = [fallback]
            totals = [(s, it) for s, it in totals if not it.regions]
            _fold_below_region_items(r)
        else:
            # "four over the Smolensk region ... and another two over the region an hour later": the region named last
            last: list[str] = []
            for it in [it for s in r.sents for it in s.items]:
                if it.regions:
                    last = it.regions if len(it.regions) == 1 else []
                elif it.the_region and last:
                    it.regions = list(last)
            totals = [(s, it) for s, it in totals if not it.regions]
        # "destroyed 27 drones over the Tambov, Penza and Saratov regions. Fifteen were downed over Tambov ...":
        # a statement's first figure, drone noun and all, over several places is its total, not a split
        lead_s, lead = next(((s, it) for s in r.sents for it in s.items), (None, None))
        # so is one whose clause counts the places it covers ("131 drones over 14 regions and the Sea of Azov")
        # (the ministry's "уничтожены три БПЛА над территориями Белгородской, Курской и Тульской областей" is its total
        # even when the figure equals the count of places; in English "two drones over Tula and Kaluga" is one each)
        if (not totals and lead is not None and (len(lead.regions) > 1 or lead.total_cue) and not lead.each
                and (lead.value != len(lead.regions) or lead.rule == "ru_drone_noun_figure")
                and lead.rule in _DRONE_NOUN_RULES and r.authority not in ("governor", "mayor")
                and sum(it.value for x in r.sents for it in x.items if it is not lead and it.regions) <= lead.value):
            lead.regions = []
            totals = [(lead_s, lead)]
        total_value = totals[0][1].value if totals else None
        region_items = [(s, it) for s in r.sents for it in s.items if it.regions]
        # "26 drones over southern regions and the Caspian Sea" beside the statement's total of 26: the total again,
        # with the places it covers, not a regional figure
        covering = [(s, it) for s, it in region_items if it.value == total_value and it.rule in _DRONE_NOUN_RULES
                    and (it.total_cue or len(it.regions) > 1) and not it.each]
        for s, it in covering:
            dropped[s.start + it.start] = "restated_figure"
        region_items = [x for x in region_items if x not in covering]
        groups = [(s, it) for s, it in region_items if len(it.regions) > 1 and not it.each]
        # "two drones over the Tula and Kaluga regions": each named place had at least one, so one each (unless
        # the total says the figure is each region's)
        if groups and not (total_value is not None and _each_reading_adds_up(region_items, groups, total_value)):
            for _, it in groups:
                if it.value == len(it.regions):
                    it.value, it.each = 1, True
            groups = [(s, it) for s, it in groups if not it.each]
        split_groups = bool(groups) and total_value is not None and _each_reading_adds_up(region_items, groups, total_value)
        for s, it in groups:
            if not split_groups:
                dropped[s.start + it.start] = "ambiguous_split_not_stated"
            names = ", ".join(regions()[c].name for c in it.regions)
            findings.append(finding(
                Flag.AMBIGUOUS_COUNT, source_file,
                f"'{s.text[it.start:it.end]}' over {names}: the split is not stated; "
                + ("only one each-reading adds up to the total " + str(total_value) + ", so it was split" if split_groups
                   else "the total does not decide it, so no regional figure was recorded"),
                detail={"figure": it.value, "regions": it.regions, "total": total_value, "split": split_groups}))
        for s, it in totals[:1] + [(s, it) for s, it in region_items]:
            if it.regions and len(it.regions) > 1 and not it.each and not split_groups:
                continue
            targets = it.regions or [None]
            for code in targets:
                claims.append(_claim_row(source_file, text, rno, r, s, it, code, ctx))
        for s, it in totals[1:]:
            claims.append(_claim_row(source_file, text, rno, r, s, it, None, ctx))
        wsent = next((x for x in r.sents + [s for s in sents if s.windows] if r.window and r.window in x.windows), None)
        if wsent is not None and wsent.period_worded and wsent.period_worded != r.period and claims:
            first = next((c for c in claims if c["report_id"] == f"{source_file}#{rno}"), None)
            if first is not None:
                findings.append(finding(
                    Flag.PERIOD_INCONSISTENT, source_file,
                    f"the text says {wsent.period_worded}time but the window "
                    f"{r.window.start:%H:%M}-{r.window.end:%H:%M} is a {r.period}time window".replace("daytime", "day-time"),
                    first["claim_id"], {"worded": wsent.period_worded, "window_period": r.period}))
        problem = r.official.problem if r.official else None
        if (r.official and not problem and r.date and r.precision == "day" and ctx.published_year_known
                and r.official.official.held_office_on(r.date) is False):
            # "Rostov Governor Vasily Golubev" in April 2025: the name is right, the person is wrong for the office
            o = r.official.official
            problem = (f"{o.name} did not hold the office of {o.office} of {regions()[o.region_code].name} on {r.date}"
                       + (f" (from {o.in_office_from[0]}-{o.in_office_from[1]:02d})" if o.in_office_from else "")
                       + (f" (until {o.in_office_until[0]}-{o.in_office_until[1]:02d})" if o.in_office_until else ""))
        if problem:
            findings.append(finding(Flag.OFFICIAL_NAME_MISMATCH, source_file, problem,
                                    detail={"written": r.official.written, "reference": r.official.official.name}))
    claims = _dedupe(claims, dropped)
    _attach_districts(claims, reports, sents, findings, source_file)
    findings.extend(_running_tallies(claims, text, source_file))
    for c in claims:
        c.pop("_sent_idx", None)
        c.pop("_seg", None)
        c.pop("_also", None)
        c.pop("_increment", None)
    return claims, findings, article_decisions(source_file, text, sents, claims, dropped)


def _each_reading_adds_up(region_items: list, groups: list, total: int) -> bool:
    fixed = sum(it.value * len(it.regions) if it.each else it.value for _, it in region_items
                if len(it.regions) == 1 or it.each)
    return fixed + sum(it.value * len(it.regions) for _, it in groups) == total


def _fold_below_region_items(r: Report) -> None:
    """'6 drones over the region: one near Klintsy, another near Starodub and four over the Pogarsky district':
    an official's items below region level that add up to his regional figure are its breakdown, not new claims
    (their districts go to the figure)."""
    pairs = [(s, it) for s in r.sents for it in s.items]
    if len(pairs) < 3:
        return
    (_, lead), parts = pairs[0], pairs[1:]
    if all(it.regions == lead.regions for _, it in parts) and sum(it.value for _, it in parts) == lead.value:
        for s, it in parts:
            s.items.remove(it)
            s.left.append(Left(it.start, it.end, it.value, "below_region_breakdown"))


def _only_region(r: Report, sents: list[Sent]) -> str | None:
    codes = {h.code for s in r.sents for h in s.region_mentions}
    if len(codes) == 1:
        return codes.pop()
    first = {h.code for s in sents[:2] for h in s.region_mentions}
    return first.pop() if len(first) == 1 else None


def _claim_row(source_file, text, rno, r: Report, s: Sent, it: Item, code, ctx) -> dict:
    w = r.window
    fig_start, fig_end = s.start + it.start, s.start + it.end
    reg = regions().get(code) if code else None
    return {
        "claim_id": _claim_id(source_file, rno, fig_start, code),
        "source_file": source_file,
        "report_id": f"{source_file}#{rno}",
        "authority": r.authority,
        "official": r.official.official.name if r.official else None,
        "official_as_written": r.official.written if r.official else None,
        "scope": "region" if code else "total",
        "region_code": code,
        "region_name": reg.name if reg else None,
        "districts": [],
        "drones": it.value,
        "qualifier": it.qualifier,
        "window_start_local": w.start if w else None,
        "window_end_local": w.end if w else None,
        "window_start_utc": _utc(r.date, w.start, w.end, True) if w else None,
        "window_end_utc": _utc(r.date, w.end, None, False) if w else None,
        "event_date": r.date,
        "date_precision": r.precision if r.date else "none",
        "period": r.period,
        "evidence": text[s.start:s.end],
        "char_start": fig_start,
        "char_end": fig_end,
        "published_date": ctx.published,
        # the authority's own post (its channel published the article), not a relay of it
        "from_channel": ctx.channel is not None and ctx.channel.authority == r.authority,
        "_sent_idx": s.idx,
        "_seg": (s.start + it.seg_start, s.start + it.seg_end),
        "_headline": s.is_headline,
        "_increment": it.increment,
    }


def _dedupe(claims: list[dict], dropped: dict[int, str]) -> list[dict]:
    """A figure repeated in one article (headline and body, or restated) is one claim. `dropped` gets the
    figure offset of each claim folded away, with the rule that folded it."""
    out: list[dict] = []
    body = [c for c in claims if not c["_headline"]]
    body_values = {c["drones"] for c in body}

    def restated(c: dict) -> bool:
        # a headline figure that the body gives too is the body's claim, however the headline words it;
        # a rounded one ("nearly 80" for the body's 78, "more than 100" for 121) restates it as well
        n = c["drones"]
        return n in body_values or any(
            (c["qualifier"] == "approx" and abs(v - n) <= max(2, 0.1 * v))
            or (c["qualifier"] == "at_least" and n <= v <= 1.3 * n) for v in body_values)
    for c in claims:
        if c["_headline"] and restated(c):
            dropped[c["char_start"]] = "headline_restates_body"
    claims = [c for c in claims if not (c["_headline"] and restated(c))]
    for c in claims:
        pool = body if c["_headline"] else out
        dup = next((o for o in pool if o is not c and o["scope"] == c["scope"] and o["region_code"] == c["region_code"]
                    and o["drones"] == c["drones"] and _compatible(o, c)), None)
        if dup is not None and (c["_headline"] or dup in out):
            if not c["_headline"]:
                _fill_from(dup, c)
            dropped[c["char_start"]] = "headline_restates_body" if c["_headline"] else "restated_figure"
            continue
        out.append(c)
    for c in out:
        c.pop("_headline", None)
    return out


# "in total, since midnight, six UAVs ...", "over the past 24 hours": a figure that sums the same source's others
_TALLY = re.compile("|".join(rx("tally", lang).pattern for lang in LANGUAGES), re.IGNORECASE)


def _running_tallies(claims: list[dict], text: str, source_file: str) -> list[dict]:
    """One source's running total or interim figure beside its other figures for the same place and day (a mayor's
    increments and his 'in total, six since midnight'; 'more than 10 already' and the morning's 23; a day's roll-up
    beside its night report) double-counts if both are added up: overlapping_windows."""
    out = []
    groups: dict[tuple, list[dict]] = {}
    for c in claims:
        groups.setdefault((c["authority"], c["official"], c["scope"], c["region_code"], c["event_date"]), []).append(c)
    for members in groups.values():
        if len(members) < 2:
            continue
        tallies = [c for c in members if _TALLY.search(c["evidence"])]
        for t in tallies:
            parts = [c for c in members if c is not t and c not in tallies]
            if parts:
                out.append(finding(Flag.OVERLAPPING_WINDOWS, source_file,
                                   f"{t['drones']} is a running total or interim figure beside the same source's "
                                   + ", ".join(str(p["drones"]) for p in parts) + ": adding them up counts drones twice",
                                   t["claim_id"], {"total": t["drones"], "parts": [p["drones"] for p in parts]}))
                break
    return out


def _fill_from(kept: dict, restated: dict) -> None:
    """A restatement may say more than the first mention (a governor's quoted post names the districts, a
    ministry's statement names the source that 'Russia said' left unnamed)."""
    if kept["authority"] == "other" and restated["authority"] != "other":
        kept["authority"], kept["official"], kept["official_as_written"] = (
            restated["authority"], restated["official"], restated["official_as_written"])
    if kept["window_start_local"] is None and restated["window_start_local"] is not None:
        for k in ("window_start_local", "window_end_local", "window_start_utc", "window_end_utc", "period"):
            kept[k] = restated[k]
    kept.setdefault("_also", []).append(restated)


def _compatible(a: dict, b: dict) -> bool:
    if (a["_increment"] or b["_increment"]) and a["authority"] == b["authority"] and not _quotes_increment(a, b):
        return False   # "two more", "another two": the same source's new figure, never a restatement
    for k in ("event_date", "window_start_local", "period"):
        if a[k] is not None and b[k] is not None and a[k] != b[k]:
            return False
    return a["authority"] == b["authority"] or "other" in (a["authority"], b["authority"])


def _quotes_increment(a: dict, b: dict) -> bool:
    """'... destroyed another three drones, the governor said. "Tonight air defences destroyed another three ..."':
    the quoted post restates the relay's increment; so does a live blog entry's heading ('Sobyanin: another drone
    destroyed') its text."""
    def quoted(c: dict) -> bool:
        return c["evidence"].lstrip()[:1] in ('"', "“", "«")

    def heading(c: dict) -> bool:   # a line without a full stop, right before or after the other's sentence
        return c["evidence"].rstrip()[-1:] not in (".", "!", "?", '"', "”", "»", ":") and abs(a["_sent_idx"] - b["_sent_idx"]) == 1
    return a["_increment"] and b["_increment"] and any(quoted(c) or heading(c) for c in (a, b))


def _attach_districts(claims, reports, sents, findings, source_file) -> None:  # noqa: C901 - each claim's districts kept or flagged against its region; not yet split
    by_idx = {s.idx: s for s in sents}
    for c in claims:
        if c["scope"] != "region":
            continue
        s = by_idx[c["_sent_idx"]]
        seg = c["_seg"]
        hits = [d for d in s.districts if seg[0] <= s.start + d.start < seg[1]]
        for other in c.get("_also", []):          # the same figure restated with its districts
            if not hits:
                o = by_idx[other["_sent_idx"]]
                hits = [d for d in o.districts if other["_seg"][0] <= o.start + d.start < other["_seg"][1]]
        if not hits:
            same = [x for x in claims if x["_sent_idx"] == c["_sent_idx"] and x["scope"] == "region"]
            if len(same) == 1:
                hits = list(s.districts)
        if not hits:
            nxt = by_idx.get(s.idx + 1)
            rep_regions = [x for x in claims if x["report_id"] == c["report_id"] and x["scope"] == "region"]
            if nxt is not None and not nxt.items and len(rep_regions) == 1:
                hits = list(nxt.districts)
        # the Moscow mayor's drone placed in a Moscow Oblast district ("in the Ramensky urban district") is the
        # oblast's, not the city's
        written = [n for h in hits for n in h.names]
        if c["region_code"] == "RU-MOW" and written and all(places.resolve_district(n, "RU-MOS")[0] for n in written):
            c["region_code"], c["region_name"] = "RU-MOS", regions()["RU-MOS"].name
        names: list[str] = []
        for h in hits:
            for n in h.names:
                canon, near = places.resolve_district(n, c["region_code"])
                if canon:
                    names.append(canon)
                elif not places.has_gazetteer(c["region_code"]):
                    # no district table for this region yet: keep the name as written, unflagged
                    names.append(re.sub(r"(?i)\s+(?:district|raion)$", "", n))
                else:
                    written = re.sub(r"(?i)\s+(?:district|raion)$", "", n)
                    names.append(written)
                    findings.append(finding(
                        Flag.UNKNOWN_DISTRICT, source_file,
                        f"'{written}' is not a district of {c['region_name']}" + (f"; nearest: {', '.join(near)}" if near else ""),
                        c["claim_id"], {"written": written, "region": c["region_code"], "candidates": near}))
        c["districts"] = list(dict.fromkeys(names))


