"""Clock windows and calendar dates as news reports write them."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from transforms.clean import MONTHS, _MONTH_RE

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WD = "|".join(WEEKDAYS)

# ---------------------------------------------------------------- dates
_ORD = r"(?:st|nd|rd|th)?"
DATE_MD = rf"(?P<m1>{_MONTH_RE})\.?\s+(?P<d1>\d{{1,2}}){_ORD}(?:,?\s+(?P<y1>(?:19|20)\d\d))?(?![\d:])"
DATE_DM = rf"(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m2>{_MONTH_RE})\.?(?:,?\s+(?P<y2>(?:19|20)\d\d))?\b"
DATE_ISO = r"(?P<iso>(?:19|20)\d\d-\d\d-\d\d)"
DATE_ANY = rf"(?:{DATE_ISO}|{DATE_MD}|{DATE_DM})"
DATE_RX = re.compile(DATE_ANY, re.IGNORECASE)
_ISO_DIGITS = re.compile(r"\d{4}-\d\d-\d\d")

# the night of X / overnight into X / the night from X to Y: the Moscow day the night ends on
NIGHT_OF = re.compile(
    rf"(?:night|overnight)\s+(?:of|into|to|on|from)\s+(?:(?P<wd>{_WD}),?\s+)?(?:(?:the\s+)?(?:{DATE_ANY}))"
    rf"(?:\s+(?:to|into|and)\s+(?:(?:{_WD}),?\s+)?(?P<end>[^,.;]{{3,25}}))?",
    re.IGNORECASE,
)
NIGHT_INTO_WEEKDAY = re.compile(rf"(?:night|overnight)\s+(?:of|into|to|on)\s+(?P<wd>{_WD})\b(?!,?\s+\w+\s+\d)", re.IGNORECASE)
WEEKDAY_RX = re.compile(rf"\b(?:on|late on|early on|earlier on|later on|last|this|since|by|(?:hours|morning|evening|afternoon|night)\s+of)\s+(?P<wd>{_WD})\b", re.IGNORECASE)
REL_PREV = re.compile(r"\b(?:the\s+previous\s+(?:night|day|evening)|the\s+night\s+before|the\s+day\s+before|a\s+day\s+earlier)\b", re.IGNORECASE)
REL_YESTERDAY = re.compile(r"\byesterday\b", re.IGNORECASE)
REL_TODAY = re.compile(r"\b(?:overnight|last\s+night|(?:the\s+)?past\s+night|tonight|this\s+morning|today|this\s+afternoon|earlier\s+today|on\s+the\s+night|past\s+24\s+hours)\b", re.IGNORECASE)


@dataclass(frozen=True)
class DateCue:
    kind: str            # 'explicit', 'weekday', 'previous', 'yesterday', 'today'
    month: int | None = None
    day: int | None = None
    year: int | None = None
    weekday: int | None = None
    pos: int = 0


def _explicit(m: re.Match, prefix: str = "") -> DateCue | None:
    g = m.groupdict()
    if g.get("iso"):
        d = date.fromisoformat(g["iso"])
        return DateCue("explicit", d.month, d.day, d.year, pos=m.start())
    mon = g.get("m1") or g.get("m2")
    day = g.get("d1") or g.get("d2")
    yr = g.get("y1") or g.get("y2")
    if not mon or not day or not 1 <= int(day) <= 31:
        return None
    return DateCue("explicit", MONTHS[mon.lower()], int(day), int(yr) if yr else None, pos=m.start())


_MONTH_WORDS = tuple(MONTHS)


def date_cues(sentence: str) -> list[DateCue]:  # noqa: C901 - one pass over a sentence's date forms, most specific first; not yet split
    """Every date cue of a sentence, most specific first (a night's end date before other dates)."""
    cues: list[DateCue] = []
    low = sentence.lower()
    # literal words first: most sentences name no month, night or weekday, and the patterns are costly to scan
    has_date = any(w in low for w in _MONTH_WORDS) or bool(_ISO_DIGITS.search(sentence))
    has_night = "night" in low
    for m in (NIGHT_OF.finditer(sentence) if has_night and has_date else ()):
        end = m.group("end")
        if end:
            em = DATE_RX.search(end)
            if em:
                c = _explicit(em)
                if c:
                    cues.append(DateCue("explicit", c.month, c.day, c.year, pos=m.start()))
                    continue
        sub = DATE_RX.search(sentence, m.start())
        if sub:
            c = _explicit(sub)
            if c:
                cues.append(DateCue("explicit", c.month, c.day, c.year, pos=m.start()))
    for m in (DATE_RX.finditer(sentence) if has_date else ()):
        c = _explicit(m)
        if c and not any(x.month == c.month and x.day == c.day for x in cues):
            cues.append(c)
    if not cues and "day" in low:   # every weekday ends in -day
        m = (NIGHT_INTO_WEEKDAY.search(sentence) if has_night else None) or WEEKDAY_RX.search(sentence)
        if m:
            cues.append(DateCue("weekday", weekday=WEEKDAYS.index(m["wd"].lower()), pos=m.start()))
    if not cues:
        if m := REL_PREV.search(sentence):
            cues.append(DateCue("previous", pos=m.start()))
        elif m := REL_YESTERDAY.search(sentence):
            cues.append(DateCue("yesterday", pos=m.start()))
        elif m := REL_TODAY.search(sentence):
            cues.append(DateCue("today", pos=m.start()))
    return cues


def headline_date(text: str) -> date | None:
    """A full date (day, month and year) in the first lines of an article: a live blog's or digest's day."""
    for line in text.split("\n")[:3]:
        for m in DATE_RX.finditer(line):
            c = _explicit(m)
            if c and c.year:
                return _safe(c.year, c.month, c.day)
    return None


def resolve_date(cue: DateCue, published: date | None, as_of: date, context: date | None,  # noqa: C901 - the date of a statement from its cues in a stated order of preference; not yet split
                 published_year_known: bool = True) -> tuple[date | None, str]:
    """(event date, precision) for a cue. `context` is the date of the report just before, if any.

    When the published date's year was inferred (a dateline without a year), its weekday is unknown:
    a weekday then names the day of the statement, taken as the published day."""
    if cue.kind == "explicit":
        if cue.year:
            return _safe(cue.year, cue.month, cue.day), "day"
        anchor = published or as_of
        d = _safe(anchor.year, cue.month, cue.day)
        if d and d > anchor + timedelta(days=2):
            d = _safe(anchor.year - 1, cue.month, cue.day)
        return d, ("day" if published else "year_inferred")
    if cue.kind == "previous":
        if context:
            return context - timedelta(days=1), "day"
        if published:
            return published - timedelta(days=1), "day"
        return None, "none"
    if published is None:
        return None, "none"
    if cue.kind == "weekday":
        if not published_year_known:
            return published, "year_inferred"
        back = (published.weekday() - cue.weekday) % 7
        return published - timedelta(days=back), "day"
    if cue.kind == "yesterday":
        return published - timedelta(days=1), "day"
    return published, "day"  # today / overnight / last night


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


# ---------------------------------------------------------------- windows
_T = r"(?:\d{1,2}(?=\s*(?:and|to|-|–)\s*\d{1,2}(?::\d\d)?\s*[ap]\.?\s?m)|\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s?m\.?)?|\d{1,2}\s*[ap]\.?\s?m\.?|\d{4}(?=\s*(?:h\b|hrs|hours|gmt|utc|msk|moscow|and|to|-|–))|noon|midday|midnight)"
_ZONE = r"(?:msk|moscow\s+time|gmt|utc|kyiv\s+time|local\s+time|\(msk\)|\(gmt\)|\(utc\))"
_PAREN = r"(?:\s*\([^()]{1,24}\))?"
_ON_DATE = rf"(?:\s+(?:on|of)\s+(?:(?:{_WD}),?\s+)?(?:the\s+)?[^,;()]{{3,22}}?(?:,\s*(?:19|20)\d\d)?(?=\s+(?:to|and|until|till|through|moscow|msk|gmt|utc|kyiv|local)\b|\s*\(|[,.;:]|$))?"
WINDOW_RX = re.compile(
    rf"(?:\b(?:between|from|since)\s+)(?P<t1>{_T})(?:\s*(?P<z1>{_ZONE}))?{_PAREN}(?P<d1>{_ON_DATE}){_PAREN}\s*,?\s*(?:and|to|until|till|through|-|–|—)\s*"
    rf"(?P<t2>{_T})(?:\s*(?P<z2>{_ZONE}))?{_PAREN}(?P<d2>{_ON_DATE}){_PAREN}(?:,?\s*(?P<z3>{_ZONE}))?",
    re.IGNORECASE,
)
ZONE_OFFSET = {"msk": 3, "moscow time": 3, "gmt": 0, "utc": 0, "kyiv time": None, "local time": 3}


@dataclass(frozen=True)
class Window:
    start: time
    end: time
    start_pos: int
    end_date: DateCue | None = None
    next_day: bool = False    # the zone conversion moved the end past midnight


def parse_clock(s: str) -> time | None:
    t = s.lower().replace(" ", "").replace(".", ":").rstrip(":")
    t = t.replace("a:m", "am").replace("p:m", "pm").replace("am:", "am").replace("pm:", "pm")
    if t in ("noon", "midday"):
        return time(12, 0)
    if t == "midnight":
        return time(0, 0)
    m = re.fullmatch(r"(\d{1,2})(?::?(\d{2}))?(am|pm)?", t)
    if not m:
        return None
    h, mi, ap = int(m[1]), int(m[2] or 0), m[3]
    if ap:
        if not 1 <= h <= 12:
            return None
        h = (h % 12) + (12 if ap == "pm" else 0)
    if h == 24 and mi == 0:
        h = 0
    if h > 23 or mi > 59:
        return None
    return time(h, mi)


def _zone(z: str | None) -> str | None:
    if not z:
        return None
    return re.sub(r"\s+", " ", z.strip("() ").lower())


def window_matches(sentence: str) -> list[re.Match[str]]:
    """WINDOW_RX's matches; a window opens with 'between', 'from' or 'since', so a sentence without them has none."""
    low = sentence.lower()
    return list(WINDOW_RX.finditer(sentence)) if ("from" in low or "between" in low or "since" in low) else []


def windows(sentence: str, matches: list[re.Match[str]] | None = None) -> list[Window]:  # noqa: C901 - one pass over a sentence's window matches, each end converted to Moscow time; not yet split
    """Clock windows in Moscow time (converted from GMT/UTC when stated); `matches` when already scanned."""
    out = []
    for m in window_matches(sentence) if matches is None else matches:
        t1, t2 = m["t1"], m["t2"]
        # "from 9 to 11" is not a window unless one end is clearly a clock time
        if not any(re.search(r"[:.]|[ap]\.?\s?m|noon|midnight|^\d{4}$", t, re.I) for t in (t1, t2)):
            continue
        # 12-hour: "between 9 and 11 p.m." puts both ends in the evening
        if re.search(r"[ap]\.?\s?m", t2, re.I) and not re.search(r"[ap]\.?\s?m|[:.]|noon|midday|midnight", t1, re.I):
            ap = re.search(r"([ap])\.?\s?m", t2, re.I)[1]
            t1 = f"{t1}{ap}m"
        a, b = parse_clock(t1), parse_clock(t2)
        if a is None or b is None:
            continue
        # "from 7:10 p.m. to 7:45 Moscow time": an end without a.m./p.m. later on the clock face is the same evening
        if (re.search(r"p\.?\s?m", t1, re.I) and not re.search(r"[ap]\.?\s?m", t2, re.I) and b.hour < 12
                and (b.hour + 12, b.minute) > (a.hour, a.minute)):
            b = time(b.hour + 12, b.minute)
        zone = _zone(m["z2"]) or _zone(m["z3"]) or _zone(m["z1"])
        off = ZONE_OFFSET.get(zone, 3) if zone else 3
        if off is None:
            continue
        if off != 3:
            a, b = _shift(a, 3 - off), _shift(b, 3 - off)
        end_cue = None
        if m["d2"]:
            dm = DATE_RX.search(m["d2"])
            if dm:
                end_cue = _explicit(dm)
            elif wm := re.search(rf"\b({_WD})\b", m["d2"], re.IGNORECASE):
                end_cue = DateCue("weekday", weekday=WEEKDAYS.index(wm[1].lower()))
        # a window stated in GMT/UTC whose end passes midnight in Moscow ends on the next Moscow day
        rollover = bool(off != 3 and parse_clock(t2) and (parse_clock(t2).hour + (3 - off)) >= 24)
        out.append(Window(a, b, m.start(), end_cue, rollover))
    return out


def _shift(t: time, hours: int) -> time:
    return time((t.hour + hours) % 24, t.minute)


def period_of_window(w: Window) -> str:
    """A window across midnight, or one in the small hours ("from 00:30 to 07:00"), is a night; the ministry's
    morning, afternoon and evening windows ("from 20:00 to 23:00") are its day reports."""
    s, e = w.start.hour * 60 + w.start.minute, w.end.hour * 60 + w.end.minute
    if e <= s or (s < 6 * 60 and e <= 9 * 60):
        return "night"
    return "day"
