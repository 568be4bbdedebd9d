"""Reports: the sentences of one statement (a total and its breakdown, one speaker, one window, one
date), and the source, official, window, period and date each report resolves to."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from transforms import places
from transforms.extract.attribution import Channel
from transforms.extract.parse import Sent
from transforms.reference import officials
from transforms.timeparse import DateCue, Window, period_of_window, resolve_date

@dataclass
class Report:
    sents: list[Sent]
    authority: str | None = None
    official: places.OfficialHit | None = None
    window: Window | None = None
    date: date | None = None
    precision: str = "none"
    period: str | None = None


@dataclass
class ArticleContext:
    source_file: str
    published: date | None
    as_of: date
    published_year_known: bool = True
    channel: Channel | None = None       # the authority whose own channel published the article


def _lead_kind(cur: "Report", by_idx: dict[int, Sent]) -> str | None:
    """The source kind a report opened with: its first sentence's, else the sentence before it."""
    for s in [cur.sents[0]] + [by_idx[i] for i in (cur.sents[0].idx - 1,) if i in by_idx and not by_idx[i].items]:
        if s.authority and s.authority.strength != "weak":
            return s.authority.kind
    return None


def _officials_named(sents: list[Sent]) -> set[str]:
    return {o.official.name for s in sents for o in s.officials}


def _other_official(s: Sent, cur: "Report", by_idx: dict[int, Sent]) -> bool:
    """A sentence naming another official than the report's ("..., Bryansk Governor Bogomaz said") opens a new report."""
    mine = _officials_named([s])
    if not mine:
        return False
    if _lead_kind(cur, by_idx) not in ("governor", "mayor"):
        return True      # a governor's own post after the ministry's report
    before = [by_idx[i] for i in (cur.sents[0].idx - 1,) if i in by_idx and not by_idx[i].items]
    theirs = _officials_named(cur.sents + before)
    return bool(theirs) and mine.isdisjoint(theirs)


def split_reports(sents: list[Sent]) -> list[Report]:
    reports: list[Report] = []
    cur: Report | None = None
    last_idx = -10
    by_idx = {s.idx: s for s in sents}
    for s in sents:
        if not s.items:
            continue
        has_total = any(not it.regions for it in s.items)
        own_auth = s.authority and s.authority.strength == "strong" and s.authority.pos < s.items[0].start
        new = (
            cur is None
            or s.idx - last_idx > 2
            or s.is_headline or cur.sents[-1].is_headline
            or (has_total and any(not it.regions for x in cur.sents for it in x.items) and not _restates(s, cur))
            # a named source opens its own report unless the report so far named nobody ("Russia said it shot down
            # 27 ... In its post, the defence ministry said 15 were over Bryansk")
            or (own_auth and s.authority.kind != _lead_kind(cur, by_idx) and not _names_unsourced_breakdown(s, cur, by_idx))
            or _other_official(s, cur, by_idx)
            or (s.dates and s.dates[0].kind in ("previous", "yesterday"))   # "The previous night, ..." is another night
            or (s.dates and any(x.dates for x in cur.sents) and not _same_day_cue(s.dates[0], next(x.dates[0] for x in cur.sents if x.dates)))
            or (s.windows and any(x.windows for x in cur.sents) and (s.windows[0].start, s.windows[0].end) != next((x.windows[0].start, x.windows[0].end) for x in cur.sents if x.windows))
        )
        if new:
            cur = Report([s])
            reports.append(cur)
        else:
            cur.sents.append(s)
        last_idx = s.idx
    return reports


def _names_unsourced_breakdown(s: Sent, cur: "Report", by_idx: dict[int, Sent]) -> bool:
    """'Russia said it shot down 27 drones. In its post, the defence ministry said 15 were over Bryansk and 12 over
    Kursk': regional figures that fit inside a total nobody was named for continue that report and name its source."""
    if _lead_kind(cur, by_idx) is not None or s.authority.kind in ("governor", "mayor"):
        return False
    totals = [it.value for x in cur.sents for it in x.items if not it.regions]
    return bool(totals) and all(it.regions for it in s.items) and sum(it.value for it in s.items) <= max(totals)


def _covers(region_code: str, r: Report) -> bool:
    """The report's places are the official's region (Moscow's mayor also covers the oblast), or it names none."""
    named = {c for s in r.sents for it in s.items for c in it.regions}
    mine = {region_code, "RU-MOS"} if region_code == "RU-MOW" else {region_code}
    return not named or named <= mine


def _same_day_cue(a: DateCue, b: DateCue) -> bool:
    """Two cues for the same day, wherever they stand in their sentences; a vague 'overnight' never splits."""
    if "today" in (a.kind, b.kind):
        return True
    return (a.kind, a.month, a.day, a.year, a.weekday) == (b.kind, b.month, b.day, b.year, b.weekday)


def _restates(s: Sent, cur: Report) -> bool:
    """The sentence repeats the report's overall figure (a quote of the same statement) rather than a new one."""
    current = {it.value for x in cur.sents for it in x.items if not it.regions}
    return all(it.value in current for it in s.items if not it.regions)


def _context_before(report: Report, by_idx: dict[int, Sent]) -> list[Sent]:
    """The figure-less sentences just before a report, nearest first, up to three sentences back: the speaker of
    a quote is often named before its opening ('This was reported by the ministry. "Tonight ... six UAVs ..."').
    A headline counts only as a source label ('Russian Ministry of Defense:')."""
    out = []
    for i in range(report.sents[0].idx - 1, report.sents[0].idx - 4, -1):
        prev = by_idx.get(i)
        if prev is None:
            continue
        if prev.items:
            break
        if prev.is_headline and not prev.text.rstrip().endswith(":"):
            break
        out.append(prev)
    return out


def _quote_close(idx: int, by_idx: dict[int, Sent]) -> Sent | None:
    """The figure-less sentence, up to three on, that closes a quote opened at sentence idx."""
    for i in range(idx + 1, idx + 4):
        s = by_idx.get(i)
        if s is None or s.items:
            return None
        if any(q in s.text for q in ('"', "”", "»")):
            return s
    return None


def resolve_reports(reports: list[Report], sents: list[Sent], ctx: ArticleContext) -> None:  # noqa: C901 - speaker, window and date of a statement: each falls back in a stated order (own sentence, next, context, channel)
    by_idx = {s.idx: s for s in sents}
    prev_report: Report | None = None
    for r in reports:
        context = _context_before(r, by_idx)                                  # for the speaker
        before = [s for s in context if s.idx == r.sents[0].idx - 1]          # for the window, period, date
        after = by_idx.get(r.sents[-1].idx + 1)
        # a quote's last sentence may stand between its figures and its speaker ('... 13 drones. There were no
        # casualties." Vorobyov wrote')
        if after is None and r.sents[-1].idx + 1 not in by_idx:
            after = by_idx.get(r.sents[-1].idx + 2)
        after = [after] if after is not None and not after.items and not after.is_headline else []
        # a quote of several sentences: its speaker is named after the sentence that closes it
        if r.sents[-1].text.lstrip()[:1] in ('"', "“", "«") and not (after and after[0].authority):
            closing = _quote_close(r.sents[-1].idx, by_idx)
            after = [closing] if closing is not None else after
        between = [by_idx[i] for i in range(r.sents[0].idx + 1, r.sents[-1].idx) if i in by_idx and not by_idx[i].items]
        if len(r.sents) == 1 and after and not any(s.windows for s in r.sents + before):
            between = after   # "... destroyed 25 drones." "They were intercepted from 22:00 to 06:30."
        # source: the report's own sentences, then the sentence before, then an adjacent earlier report,
        # then the sentence after (which often names the governor who posted it), then a vague cue.
        # the lead sentence's source first: a later sentence of the report may only mention someone else
        lead = [r.sents[0].authority] if r.sents[0].authority and r.sents[0].authority.strength != "weak" else []
        own = lead or [s.authority for s in r.sents[1:] if s.authority and s.authority.strength != "weak"]
        # "Russia said it destroyed 41 ... The defence ministry said the drones were intercepted ...": a sentence
        # inside the report's span that holds no figure but names the speaker
        inner = [by_idx[i] for i in range(r.sents[0].idx + 1, r.sents[-1].idx) if i in by_idx and not by_idx[i].items]
        own = own or [s.authority for s in inner if s.authority and s.authority.strength == "strong"]
        ctx_auth = [s.authority for s in context if s.authority and s.authority.strength != "weak"][:1]
        adj_prev = prev_report is not None and r.sents[0].idx - prev_report.sents[-1].idx <= 2 and not r.sents[0].is_headline
        nxt = [s.authority for s in after if s.authority and s.authority.strength == "strong"]
        # a quote's speaker is usually named right after it ('"... 13 drones over the region," Vorobyov wrote')
        quoted = r.sents[0].text.lstrip()[:1] in ('"', "“", "«") and bool(nxt)
        if lead or (own and not ctx_auth):
            r.authority = sorted(own, key=lambda a: {"strong": 0, "explicit": 1}[a.strength])[0].kind
        elif quoted:
            r.authority = nxt[0].kind
        elif ctx_auth:
            r.authority = ctx_auth[0].kind
        elif adj_prev and prev_report.authority and not (
                # "... the governor said. Overnight air defences downed 31 drones over Russia": a figure for the whole
                # country is not the governor's
                prev_report.authority in ("governor", "mayor") and any(it.total_cue for x in r.sents for it in x.items)):
            r.authority = prev_report.authority
        elif nxt:
            r.authority = nxt[0].kind
        else:
            r.authority = "other"
        if r.authority in ("governor", "mayor"):
            pool = r.sents + after + context if quoted else r.sents + context + after
            offs = [o for s in pool for o in s.officials if o.official.office == r.authority] or [o for s in pool for o in s.officials]
            r.official = offs[0] if offs else None
            if r.official is None and adj_prev and prev_report.authority == r.authority:
                r.official = prev_report.official
            # a governor or mayor named outside the report speaks for his own region only: "Moscow's mayor said ...
            # Two more drones were brought down over Taganrog" is not the mayor's figure
            if not (lead or own or quoted) and r.official and not _covers(r.official.official.region_code, r):
                r.authority, r.official = "other", None
        # window
        for s in r.sents + between + before:
            if s.windows:
                r.window = s.windows[0]
                break
        # period
        if r.window:
            r.period = period_of_window(r.window)
        else:
            r.period = next((s.period for s in r.sents + between + before if s.period), None)
        # date
        cue: DateCue | None = None
        if r.window and r.window.end_date and r.window.end_date.kind == "explicit":
            cue = r.window.end_date
        elif r.window and r.window.end_date and ctx.published is not None:
            cue = r.window.end_date
        else:
            for s in r.sents + between + before:
                if s.dates:
                    cue = s.dates[0]
                    break
        context_date = prev_report.date if prev_report is not None else None
        if cue is not None:
            r.date, r.precision = resolve_date(cue, ctx.published, ctx.as_of, context_date, ctx.published_year_known)
            if r.date is not None and r.window is not None and r.window.next_day and cue.kind != "today":
                r.date += timedelta(days=1)
        elif context_date is not None:
            # no date of its own: the article is still on the day of the report before it
            r.date, r.precision = context_date, prev_report.precision
        elif ctx.published is not None:
            r.date, r.precision = ctx.published, "day"
        if r.authority == "other" and ctx.channel is not None:
            _speaker_from_channel(r, ctx.channel)
        prev_report = r


def _speaker_from_channel(r: Report, channel: Channel) -> None:
    """A post on an authority's own channel that names no speaker is the authority's (the ministry's channel, a
    governor's, the Moscow mayor's); its official is the one in office on the report's day."""
    r.authority, r.official = channel.authority, None
    if channel.authority in ("governor", "mayor") and channel.region_code:
        held = [o for o in officials() if o.office == channel.authority and o.region_code == channel.region_code
                and (r.date is None or o.held_office_on(r.date) is not False)]
        if held:
            r.official = places.OfficialHit(0, 0, held[0], None, None)


