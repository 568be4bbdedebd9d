"""Claim extraction: cleaned articles in, one row per claim and one row per finding out.

Polars splits nothing it cannot: Python cuts sentences (abbreviations need care), Polars marks which
sentences can hold a claim or its context (a drone word and a number, a window, a date, a source),
and only those sentences reach the Python parser below.

The parser reads an article as a sequence of *reports*: a figure with who said it, where and when,
usually a total followed by its breakdown over regions. Attributes missing from a claim's own
sentence (source, window, date, region) are taken from the report it belongs to, then from the
sentence just before the report, never from further away.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import polars as pl

from transforms import places
from transforms.lexicon import NUMBER, polars_pattern, qualifier_before, rx, word_value
from transforms.reference import number_words, regions
from transforms.timeparse import (
    DateCue,
    Window,
    date_cues,
    period_of_window,
    resolve_date,
    windows,
)

MSK = timedelta(hours=3)

# ---------------------------------------------------------------- sentences
_ABBREV = re.compile(
    r"(?:\b(?:[ap]\.m|St|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Sgt|Gov|No|vs|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|e\.g|i\.e|etc)\.|\b[A-Z]\.)$"
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)|\n+")


MAX_SENTENCE = 1200   # longer "sentences" (a run-on line of a broken file) are cut at a space


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of a text. Lines are always boundaries."""
    out = []
    for a, b in _split_sentences(text):
        while b - a > MAX_SENTENCE:
            cut = text.rfind(" ", a + MAX_SENTENCE // 2, a + MAX_SENTENCE)
            cut = cut if cut > a else a + MAX_SENTENCE
            out.append((a, cut))
            a = cut + 1 if text[cut:cut + 1] == " " else cut
        if b > a:
            out.append((a, b))
    return out


def _split_sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.group(0)[0] != "\n":
            before = text[max(0, m.start() - 6):m.end()]
            nxt = text[end:end + 20].lstrip()
            if _ABBREV.search(before.rstrip("\"'”’»)]")) and not (
                before.rstrip().lower().endswith(("a.m.", "p.m.")) and nxt[:1].isupper()
                and not re.match(r"(?:Moscow|MSK|GMT|UTC|Kyiv|local)\b", nxt)
            ):
                continue
            if nxt[:1].islower():
                continue
        seg = text[start:end]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            spans.append((start + lead, start + len(seg.rstrip())))
        start = end
    seg = text[start:]
    if seg.strip():
        lead = len(seg) - len(seg.lstrip())
        spans.append((start + lead, start + len(seg.rstrip())))
    return spans


_POLARS_NUMBER = r"(?i)\d|\b(?:" + "|".join(sorted(number_words(), key=len, reverse=True)) + r")\b"


def sentence_frame(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per sentence with Polars-computed marks of what it may hold."""
    files, idxs, starts, ends, texts = [], [], [], [], []
    for sf, text in articles.select("source_file", "clean_text").iter_rows():
        for i, (a, b) in enumerate(split_sentences(text or "")):
            files.append(sf); idxs.append(i); starts.append(a); ends.append(b); texts.append(text[a:b])
    df = pl.DataFrame(
        {"source_file": files, "idx": idxs, "start": starts, "end": ends, "sentence": texts},
        schema={"source_file": pl.String, "idx": pl.Int32, "start": pl.Int32, "end": pl.Int32, "sentence": pl.String},
    )
    s = pl.col("sentence")
    return df.with_columns(
        s.str.contains(polars_pattern("drone")).alias("has_drone"),
        s.str.contains(_POLARS_NUMBER).alias("has_number"),
        s.str.contains(polars_pattern("intercept")).alias("has_verb"),
        s.str.contains(r"(?i)\b(?:ministry|military|governor|mayor|head of|reportedly|agency|officials|authorities|defen[cs]e|minoborony|губернатор|мэр)\b|[A-Z][a-z]+ov\b|[A-Z][a-z]+in\b").alias("has_source"),
        s.str.contains(r"(?i)\b(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|night|overnight|yesterday|today|previous|morning|afternoon|evening|daylight|daytime)\b|\d{4}-\d\d-\d\d|\d{1,2}[:.]\d\d|\d\s*[ap]\.?m|\b\d{4}\s*(?:gmt|utc|msk)").alias("has_time"),
        s.str.contains(r"(?i)\b(?:districts?|raions?|okrugs?|район\w*)\b").alias("has_district"),
    ).with_columns(
        # any figure may be part of a breakdown ("The list also included five over ..."): parse them all
        pl.col("has_number").alias("is_candidate"),
        (pl.col("has_drone") & pl.col("has_number")).alias("is_core"),
    )


# ---------------------------------------------------------------- per-sentence parse
@dataclass
class Item:
    start: int                 # figure offsets within the sentence
    end: int
    value: int
    qualifier: str
    regions: list[str]
    each: bool
    total_cue: bool
    seg_start: int
    seg_end: int


@dataclass
class Sent:
    idx: int
    start: int
    end: int
    text: str
    is_headline: bool
    items: list[Item] = field(default_factory=list)
    authority: tuple[str, str, int] | None = None    # (kind, strength, pos)
    officials: list[places.OfficialHit] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    dates: list[DateCue] = field(default_factory=list)
    period: str | None = None
    districts: list[places.DistrictHit] = field(default_factory=list)
    region_mentions: list[places.RegionHit] = field(default_factory=list)
    ambiguous: list[tuple[Item, str]] = field(default_factory=list)
    period_worded: str | None = None    # period word in a sentence that also states a window


_SEG_SPLIT = re.compile(r",(?!\d{3})|;|:(?=\s)|\s[—–-]\s|—|–|\bwhile\b|\bwhereas\b|\bwith\b(?=\s+(?:the\s+)?(?:\d|a further|another|\w+\s+(?:more|drones|uavs)|[a-z]+\s+(?:over|in)\b))", re.IGNORECASE)
_DASHED_NUMBER = re.compile(r"[—–-](\d+)[—–-]")
_DEFINITE = re.compile(r"(?:\b(?:the|these|those|its|their|all|both|all the|of the)\s+)$", re.IGNORECASE)
_REMAINING = re.compile(r"(?:remaining|other|rest|further|additional|another)\s+$", re.IGNORECASE)
_FOREIGN = re.compile(
    r"\bair\s+force\b|ukrain\w*\s+air\s+force|ukraine['’]s\s+air\s+force|air\s+force\s+of\s+ukraine|\bshahed|\bgeran|russian\s+drones|russia\s+launched|russian\s+forces\s+launched|launched\s+by\s+russia",
    re.IGNORECASE,
)
_MONTH_NEAR = re.compile(r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s*$", re.IGNORECASE)
_MONTH_AFTER = re.compile(r"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b", re.IGNORECASE)
_WORD = re.compile(r"[\w'’-]+")
_BARE_VERB = re.compile(r"^\s+(?:more\s+|others?\s+|of\s+them\s+)?(?:were|was|had\s+been|have\s+been|are|is|got)\s+(?:also\s+|later\s+|reportedly\s+)?(?P<verb>\w+(?:\s+down)?)", re.IGNORECASE)
_LOCATED = re.compile(r"^\s+(?:(?:drones?|uavs?)\s+)?(?:each\s+)?(?:(?:was|were)\s+(?:\w+\s+)?)?(?:over|above|across|off)\s+(?:the\s+)?(?:territory\s+of\s+|waters\s+of\s+|skies\s+over\s+)?(?:the\s+)?[A-ZА-Я]")
_TIMEISH = re.compile(r"^(?:\s*[ap]\.?\s?m\b|\s*o'clock|\s*(?:h|hrs|hours)?\s*\(?(?:gmt|utc|msk)\b|:\d\d)", re.IGNORECASE)
_DATELINE_PLACE = re.compile(r"^\s*[A-Z][A-Z'. -]{2,30}(?=[,.]\s+(?:[A-Z][a-z]+\.?\s+)?\d)|^\s*[A-Z][A-Z'. -]{2,30}(?=\s*\()|\((?:Reuters|AP|AFP|Interfax|TASS|RIA Novosti|Bloomberg)\)")
_ADJ_SKIP = re.compile(
    r"(?:ukrainian|enemy|hostile|fixed-wing|aircraft-type|aircraft|aerial|unmanned|attack|kamikaze|more|further|additional|other|of|the|such|incoming|long-range|jet-powered|jet)$",
    re.IGNORECASE,
)


def _count_items(text: str, seg: tuple[int, int], window_spans: list[tuple[int, int]]) -> list[tuple[int, int, int, str, bool, bool]]:
    """Figures in one segment that count drones: (start, end, value, qualifier, each, has_drone_word)."""
    a, b = seg
    out = []
    seg_text = text[a:b]
    not_interception = rx("not_interception").search(seg_text) or rx("historic").search(text)
    for m in NUMBER.finditer(text, a, b):
        s, e = m.start(), m.end()
        if any(ws <= s < we for ws, we in window_spans):
            continue
        before, after = text[max(0, s - 40):s], text[e:e + 80]
        if _TIMEISH.match(after) or (m["digits"] and len(m["digits"]) == 4 and m["digits"][0] == "0"):
            continue
        if re.search(r"(?i)\b(?:call|dial|number|hotline|phone|line|no\.)\s*$", before):
            continue
        if m["words"] and m["words"].lower() == "dozens":
            continue   # no figure: "dozens of drones" gives none to count
        if m["digits"]:
            value = int(m["digits"].replace(",", ""))
            if _MONTH_NEAR.search(before) or _MONTH_AFTER.match(after):
                continue
            if re.match(r"^(?:st|nd|rd|th)\b|^\s*(?:%|per\s*cent|percent)", after, re.I) or re.search(r"[$€£№#]\s*$", before):
                continue
            if len(m["digits"]) == 4 and 1900 <= value <= 2100:
                continue
        elif m["words"]:
            value = word_value(m["words"])
            if value is None:
                continue
        else:
            value = 1
        words_after = [w.group(0) for w in _WORD.finditer(after[:60])][:5]
        lower_after = after.lower()
        each = bool(re.match(r"^\s*(?:drones?\s+|uavs?\s+)?each\b", lower_after))
        drone_at, reject_at = _first_at(rx("drone"), after[:70]), _first_at(rx("reject_noun"), after[:45])
        # position in words of the drone word and of a rejecting noun
        has_drone = drone_at is not None and _words_between(after, drone_at) <= 4
        # "and 7 were cancelled": a bare figure whose own verb is not an interception counts something else
        if not has_drone:
            vm = _BARE_VERB.match(after)
            if vm and not rx("intercept").match(vm.group("verb")):
                continue
        located = bool(_LOCATED.match(after))   # "seventeen over Smolensk Oblast": a place follows, not a thing counted
        if reject_at is not None and not located and (drone_at is None or reject_at < drone_at) and (
            _words_between(after, reject_at) <= 2
            or (_words_between(after, reject_at) <= 4 and (drone_at is None or _words_between(after, drone_at) > 5)
                and not re.match(r"(?i)(?:regions?|oblasts?|districts?|settlements?|villages?|towns?|cities)\b", after[reject_at:])
                and not re.match(r"^\s+(?:each\s+)?(?:over|in|above|near|across|off|on|were|was|had|have)\b", after, re.I))
        ):
            if not each:
                continue
        small_word = m["article"] or (m["words"] and m["words"].lower() in ("one", "single"))
        if small_word:
            # "a"/"one" only count when a drone word follows at once ("an unmanned aerial vehicle", "one drone")
            # or a place does ("one over Kursk", "one each").
            if not (each or (drone_at is not None and _words_between(after, drone_at) <= 2 and _only_adjectives(after[:drone_at]))
                    or re.match(r"^\s+(?:was\s+\w+\s+)?(?:over|in|above|near|off)\s+(?:the\s+)?(?:[A-Z]|(?:waters|territory|skies|airspace|coast)\b)", after)):
                continue
            if m["article"] and not rx("intercept").search(seg_text):
                continue
            if m["article"] and (not has_drone or re.match(r"^\s*(?:\w+\s+){0,3}?(?:drones?|uavs?|vehicles?)\s+(?:attacks?|strikes?|raids?|debris|wreckage|fragments?|production|launch\w*|operators?|alerts?|threats?)\b", after, re.I)):
                continue
            if m["article"] and re.match(r"^\s*(?:downed|crashed|falling|fallen)\b", after, re.I):
                continue
        if _DEFINITE.search(before) and not _REMAINING.search(before):
            continue
        if re.match(r"^\s+(?:of\s+(?:which|them|those|these)|among\s+them)\b", lower_after) or re.search(r"\bincluding\s+$", before, re.I):
            own = re.split(r"\s(?:and|while|whereas)\s|[,;]", text[e:b], maxsplit=1)[0]   # this figure's own words
            if rx("direction").search(own) and not re.search(r"\b(?:over|in|above)\s+(?:the\s+)?[A-Z]", own):
                continue
        if not_interception and not (m["article"] is None and each):
            continue
        if re.match(r"^\s*(?:more|less|fewer)\s+than\b|^\s*times\b|^\s*to\s+\d", lower_after):
            continue
        q = qualifier_before(text[max(0, s - 30):s])
        if m["words"] and m["words"].lower().startswith("dozens"):
            q = "approx"
        out.append((s, e, value, q, each, has_drone))
    return out


def _first_at(pattern: re.Pattern[str], s: str) -> int | None:
    m = pattern.search(s)
    return m.start() if m else None


def _words_between(s: str, pos: int) -> int:
    return len(_WORD.findall(s[:pos]))


def _only_adjectives(s: str) -> bool:
    return all(_ADJ_SKIP.match(w) for w in _WORD.findall(s))


def _segments(text: str) -> list[tuple[int, int]]:
    cuts = [0]
    for m in _SEG_SPLIT.finditer(text):
        cuts.extend([m.start(), m.end()])
    cuts.append(len(text))
    segs = []
    for i in range(0, len(cuts), 2):
        a, b = cuts[i], cuts[i + 1]
        if text[a:b].strip():
            segs.append((a, b))
    return segs


def parse_sentence(idx: int, start: int, raw: str, is_headline: bool, candidate: bool) -> Sent:
    # "drones—13—recorded": the dashes around a figure are not clause breaks (same length kept)
    text = _DASHED_NUMBER.sub(lambda m: " " + m.group(1) + " ", raw)
    s = Sent(idx, start, start + len(raw), raw, is_headline)
    s.districts = places.district_hits(text)
    masked = [(d.start, d.end) for d in s.districts]
    masked += [(m.start(), m.end()) for m in _window_spans(text)]
    masked += [(m.start(), m.end()) for m in re.finditer(r"(?i)\bmoscow\s+time\b", text)]
    masked += [(m.start(), m.end()) for m in _DATELINE_PLACE.finditer(text)]
    s.region_mentions = places.region_hits(text, masked)
    s.officials = places.official_hits(raw)
    s.windows = windows(text)
    # dates written inside a window ("from 20:00 on Monday to 07:00 on Tuesday") belong to the window
    win = [(m.start(), m.end()) for m in _window_spans(text)]
    s.dates = [d for d in date_cues(text) if not any(a <= d.pos < b for a, b in win)]
    s.authority = _authority(text, s.officials)
    # the period as worded ("overnight", "during daylight hours"), kept apart from the clock times
    worded = "night" if rx("night").search(text) else "day" if rx("day").search(text) else None
    if s.windows:
        s.period = period_of_window(s.windows[0])
        s.period_worded = worded
    else:
        s.period = worded
    if not candidate or _FOREIGN.search(text):
        return s
    _drop_trailing_vague_source(s, text)
    has_verb = bool(rx("intercept").search(text))
    win_spans = [(m.start(), m.end()) for m in _window_spans(text)]
    segs = _segments(text)
    # per segment: figures and regions
    parsed = []
    for seg in segs:
        counts = _mark_each(text, seg, _count_items(text, seg, win_spans))
        regs = [r for r in s.region_mentions if seg[0] <= r.start < seg[1]]
        total_cue = bool(rx("total").search(text[seg[0]:seg[1]]))
        parsed.append([seg, counts, regs, total_cue])
    # a segment with regions but no figure right after one with both continues its list of regions
    merged: list[list] = []
    for p in parsed:
        # "five each over the Kaluga, | Oryol and Lipetsk Regions and two over ...": regions before this
        # segment's first figure finish the previous segment's list
        if (merged and p[1] and p[2] and merged[-1][1] and merged[-1][2] and p[2][0].start < p[1][0][0]
                and merged[-1][1][0][0] < merged[-1][2][0].start and _LOCATED.match(text[p[1][0][1]:])):
            lead = [r for r in p[2] if r.start < p[1][0][0]]
            if re.fullmatch(r"[\s\w,'’-]*", text[p[0][0]:lead[-1].start]) and not _HAS_FIGURE.search(text, p[0][0], lead[-1].start):
                merged[-1][2] = merged[-1][2] + lead
                p = [p[0], p[1], [r for r in p[2] if r.start >= p[1][0][0]], p[3]]
        if merged and p[2] and not p[1] and merged[-1][1] and merged[-1][2] and not p[3] and not _HAS_FIGURE.search(text, p[0][0], p[0][1]):
            merged[-1][2] = merged[-1][2] + p[2]
            merged[-1][0] = (merged[-1][0][0], p[0][1])
            continue
        merged.append(p)
    pending_regions: list[places.RegionHit] = []
    pending_item: Item | None = None
    for seg, counts, regs, total_cue in merged:
        if len(counts) > 1 and regs:
            if regs[0].start < counts[0][0]:
                # "the Oryol region accounted for eight and the Tula region for six": regions lead their figures
                for i, c in enumerate(counts):
                    lo = counts[i - 1][1] if i else seg[0]
                    s.items.append(_item(c, [r for r in regs if lo <= r.start < c[0]], seg, total_cue))
            else:
                # "13 over Kaluga and 10 over Bryansk": each figure takes the regions up to the next figure
                for i, c in enumerate(counts):
                    lim = counts[i + 1][0] if i + 1 < len(counts) else seg[1]
                    s.items.append(_item(c, [r for r in regs if c[0] <= r.start < lim], seg, total_cue))
            pending_regions, pending_item = [], None
            continue
        if counts:
            c = counts[0]
            if not has_verb and not (regs or pending_regions) and not (c[5] and re.search(r"(?i)\b(?:total|tally)\b", text)):
                continue
            if regs:
                after_c = [r for r in regs if r.start > c[1]]
                if after_c and len(after_c) < len(regs) and _LOCATED.match(text[c[1]:]):
                    regs = after_c   # "including three flying to Moscow and one over the Oryol region"
                s.items.append(_item(c, regs, seg, total_cue)); pending_regions, pending_item = [], None
            elif pending_regions:
                s.items.append(_item(c, pending_regions, seg, total_cue)); pending_regions, pending_item = [], None
            else:
                it = _item(c, [], seg, total_cue)
                s.items.append(it)
                pending_item = it if not (c[5] and has_verb) and not total_cue else None
            for extra in counts[1:]:
                s.items.append(_item(extra, [], seg, total_cue))
        elif regs:
            if pending_item is not None and not pending_item.regions:
                pending_item.regions = [r.code for r in regs]
                pending_item = None
            else:
                pending_regions = regs
    # de-duplicate region codes within an item ("Bryansk and the Bryansk region")
    for it in s.items:
        it.regions = list(dict.fromkeys(it.regions))
    return s


_HAS_FIGURE = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|twenty|thirty|forty|fifty)\b", re.IGNORECASE)
_EACH = re.compile(r"\beach\b(?!\s+other)", re.IGNORECASE)


def _mark_each(text: str, seg: tuple[int, int], counts: list[tuple]) -> list[tuple]:
    """'each' applies to the figure it follows (up to the next figure); a lone figure takes any 'each' in its clause."""
    if len(counts) == 1:
        return [counts[0][:4] + (counts[0][4] or bool(_EACH.search(text, seg[0], seg[1])),) + counts[0][5:]]
    out = []
    for i, c in enumerate(counts):
        lim = counts[i + 1][0] if i + 1 < len(counts) else seg[1]
        out.append(c[:4] + (c[4] or bool(_EACH.search(text, c[1], lim)),) + c[5:])
    return out


def _drop_trailing_vague_source(s: Sent, text: str) -> None:
    """A hedge ("reportedly") after the figures describes a detail, not who gave the figures."""
    if s.authority and s.authority[1] != "strong":
        first = min((m.start() for m in NUMBER.finditer(text) if m["digits"] or m["words"]), default=None)
        if first is not None and s.authority[2] > first + 40:
            s.authority = None


def _window_spans(text: str):
    from transforms.timeparse import WINDOW_RX

    return list(WINDOW_RX.finditer(text))


def _item(c, regs, seg, total_cue) -> Item:
    codes = [r.code if isinstance(r, places.RegionHit) else r for r in regs]
    return Item(c[0], c[1], c[2], c[3], codes, c[4], total_cue, seg[0], seg[1])


_QUOTE = re.compile(r"[\"“«][^\"”»]*(?:[\"”»]|$)")


def _authority(text: str, officials: list[places.OfficialHit]) -> tuple[str, str, int] | None:
    cues: list[tuple[str, str, int]] = []
    # a source named inside a quotation is part of what the speaker says, not the speaker
    quoted = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
    for kind, strength in (("mod", "strong"), ("governor", "strong"), ("mayor", "strong"), ("other", "explicit"), ("weak_other", "weak")):
        for m in rx(kind).finditer(text):
            if kind == "mod" and re.search(r"ukrain\w*[\s'’s]*(?:\w+\s+){0,2}$", text[max(0, m.start() - 30):m.start()], re.I):
                continue
            in_quote = any(a < m.start() < b for a, b in quoted)
            cues.append(("other" if kind == "weak_other" else kind, "weak" if in_quote else strength, m.start()))
    speaker = None
    for o in officials:
        kind = o.official.office if o.official.office in ("governor", "mayor") else "governor"
        cues.append((kind, "strong", o.start))
        # "..., Sobyanin wrote" / "according to Gov. Klychkov": the person speaking, whatever their quote names
        if _SPEECH_AFTER.match(text[o.end:o.end + 40]) or _SPEECH_BEFORE.search(text[max(0, o.start - 40):o.start]):
            speaker = (kind, "strong", o.start)
    if speaker:
        return speaker
    if not cues:
        return None
    rank = {"strong": 0, "explicit": 1, "weak": 2}
    # the strongest cue; among equals, the first in the sentence (the attribution usually leads)
    return sorted(cues, key=lambda c: (rank[c[1]], c[2]))[0]


_SPEECH_AFTER = re.compile(r"^[’'s]*\s*(?:\([^)]*\)\s*)?(?:has\s+|had\s+)?(?:said|says|wrote|writes|posted|reported|reports|announced|stated|confirmed|added|summed up|told)\b", re.IGNORECASE)
_SPEECH_BEFORE = re.compile(r"(?:according\s+to|said|wrote)\s+(?:the\s+)?(?:\w+\s+){0,3}$", re.IGNORECASE)


# ---------------------------------------------------------------- reports
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


def _lead_kind(cur: "Report", by_idx: dict[int, Sent]) -> str | None:
    """The source kind a report opened with: its first sentence's, else the sentence before it."""
    for s in [cur.sents[0]] + [by_idx[i] for i in (cur.sents[0].idx - 1,) if i in by_idx and not by_idx[i].items]:
        if s.authority and s.authority[1] != "weak":
            return s.authority[0]
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


def _split_reports(sents: list[Sent]) -> list[Report]:
    reports: list[Report] = []
    cur: Report | None = None
    last_idx = -10
    by_idx = {s.idx: s for s in sents}
    for s in sents:
        if not s.items:
            continue
        has_total = any(not it.regions for it in s.items)
        own_auth = s.authority and s.authority[1] == "strong" and s.authority[2] < s.items[0].start
        new = (
            cur is None
            or s.idx - last_idx > 2
            or s.is_headline or cur.sents[-1].is_headline
            or (has_total and any(not it.regions for x in cur.sents for it in x.items) and not _restates(s, cur))
            or (own_auth and s.authority[0] != _lead_kind(cur, by_idx))
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
    """The sentence just before a report, when it holds no figures of its own."""
    prev = by_idx.get(report.sents[0].idx - 1)
    return [prev] if prev is not None and not prev.items and not prev.is_headline else []


def _resolve_reports(reports: list[Report], sents: list[Sent], ctx: ArticleContext) -> None:
    by_idx = {s.idx: s for s in sents}
    prev_report: Report | None = None
    for r in reports:
        before = _context_before(r, by_idx)
        after = by_idx.get(r.sents[-1].idx + 1)
        after = [after] if after is not None and not after.items and not after.is_headline else []
        between = [by_idx[i] for i in range(r.sents[0].idx + 1, r.sents[-1].idx) if i in by_idx and not by_idx[i].items]
        if len(r.sents) == 1 and after and not any(s.windows for s in r.sents + before):
            between = after   # "... destroyed 25 drones." "They were intercepted from 22:00 to 06:30."
        # source: the report's own sentences, then the sentence before, then an adjacent earlier report,
        # then the sentence after (which often names the governor who posted it), then a vague cue.
        # the lead sentence's source first: a later sentence of the report may only mention someone else
        lead = [r.sents[0].authority] if r.sents[0].authority and r.sents[0].authority[1] != "weak" else []
        own = lead or [s.authority for s in r.sents[1:] if s.authority and s.authority[1] != "weak"]
        ctx_auth = [s.authority for s in before if s.authority and s.authority[1] != "weak"]
        adj_prev = prev_report is not None and r.sents[0].idx - prev_report.sents[-1].idx <= 2 and not r.sents[0].is_headline
        nxt = [s.authority for s in after if s.authority and s.authority[1] == "strong"]
        if lead or (own and not ctx_auth):
            r.authority = sorted(own, key=lambda a: {"strong": 0, "explicit": 1}[a[1]])[0][0]
        elif ctx_auth:
            r.authority = ctx_auth[0][0]
        elif adj_prev and prev_report.authority:
            r.authority = prev_report.authority
        elif nxt:
            r.authority = nxt[0][0]
        else:
            r.authority = "other"
        if r.authority in ("governor", "mayor"):
            pool = r.sents + before + after
            offs = [o for s in pool for o in s.officials if o.official.office == r.authority] or [o for s in pool for o in s.officials]
            r.official = offs[0] if offs else None
            if r.official is None and adj_prev and prev_report.authority == r.authority:
                r.official = prev_report.official
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
        prev_report = r


# ---------------------------------------------------------------- claims
def _claim_id(source_file: str, report_no: int, fig_start: int, region: str | None) -> str:
    return hashlib.sha1(f"{source_file}|{report_no}|{fig_start}|{region or ''}".encode()).hexdigest()[:16]


def _utc(d: date | None, t: time | None, end_t: time | None, is_start: bool) -> datetime | None:
    if d is None or t is None:
        return None
    day = d
    if is_start and end_t is not None and (t.hour, t.minute) > (end_t.hour, end_t.minute):
        day = d - timedelta(days=1)   # the window began the evening before the day it ends
    return datetime.combine(day, t) - MSK


def extract_article(source_file: str, text: str, sent_rows: list[dict], published: date | None, as_of: date,
                    headline: str | None, published_year_known: bool = True) -> tuple[list[dict], list[dict]]:
    """Claims and findings of one article from its candidate/context sentences."""
    ctx = ArticleContext(source_file, published, as_of, published_year_known)
    sents = []
    for row in sent_rows:
        is_head = bool(headline) and row["idx"] == 0 and row["sentence"].strip() == headline.strip()
        sents.append(parse_sentence(row["idx"], row["start"], row["sentence"], is_head, row["is_candidate"]))
    reports = _split_reports(sents)
    _resolve_reports(reports, sents, ctx)
    claims: list[dict] = []
    findings: list[dict] = []
    for rno, r in enumerate(reports):
        items = [it for s in r.sents for it in s.items]
        totals = [(s, it) for s in r.sents for it in s.items if not it.regions]
        region_of_official = r.official.official.region_code if r.official else None
        # a governor's or mayor's figure without a place is for their own region
        if r.authority in ("governor", "mayor"):
            fallback = region_of_official or _only_region(r, sents)
            for s, it in totals:
                if fallback:
                    it.regions = [fallback]
            totals = [(s, it) for s, it in totals if not it.regions]
        total_value = totals[0][1].value if totals else None
        region_items = [(s, it) for s in r.sents for it in s.items if it.regions]
        singles = sum(it.value for _, it in region_items if len(it.regions) == 1 or it.each)
        groups = [(s, it) for s, it in region_items if len(it.regions) > 1 and not it.each]
        split_groups = False
        if groups and total_value is not None:
            each_sum = sum(it.value * (len(it.regions) - 1) for _, it in groups)
            fixed = sum(it.value * len(it.regions) if it.each else it.value for _, it in region_items if len(it.regions) == 1 or it.each)
            split_groups = fixed + sum(it.value * len(it.regions) for _, it in groups) == total_value
            del each_sum
        for s, it in groups:
            names = ", ".join(regions()[c].name for c in it.regions)
            findings.append({
                "source_file": source_file, "claim_id": None, "flag": "ambiguous_count",
                "message": f"'{s.text[it.start:it.end]}' over {names}: the split is not stated; "
                + ("only one each-reading adds up to the total " + str(total_value) + ", so it was split" if split_groups
                   else "the total does not decide it, so no regional figure was recorded"),
                "detail": json.dumps({"figure": it.value, "regions": it.regions, "total": total_value, "split": split_groups}),
            })
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
                findings.append({"source_file": source_file, "claim_id": first["claim_id"], "flag": "period_inconsistent",
                                 "message": f"the text says {wsent.period_worded}time but the window "
                                 f"{r.window.start:%H:%M}-{r.window.end:%H:%M} is a {r.period}time window".replace("daytime", "day-time"),
                                 "detail": json.dumps({"worded": wsent.period_worded, "window_period": r.period})})
        if r.official and r.official.problem:
            findings.append({"source_file": source_file, "claim_id": None, "flag": "official_name_mismatch",
                             "message": r.official.problem, "detail": json.dumps({"written": r.official.written, "reference": r.official.official.name})})
        del items
    claims = _dedupe(claims)
    _attach_districts(claims, reports, sents, findings, source_file)
    for c in claims:
        c.pop("_sent_idx", None)
        c.pop("_seg", None)
        c.pop("_also", None)
    # findings about officials get the claim ids of the report they came from
    return claims, findings


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
        "_sent_idx": s.idx,
        "_seg": (s.start + it.seg_start, s.start + it.seg_end),
        "_headline": s.is_headline,
    }


def _dedupe(claims: list[dict]) -> list[dict]:
    """A figure repeated in one article (headline and body, or restated) is one claim."""
    out: list[dict] = []
    body = [c for c in claims if not c["_headline"]]
    body_values = {c["drones"] for c in body}
    # a headline figure that the body gives too is the body's claim, however the headline words it
    claims = [c for c in claims if not (c["_headline"] and c["drones"] in body_values)]
    for c in claims:
        pool = body if c["_headline"] else out
        dup = next((o for o in pool if o is not c and o["scope"] == c["scope"] and o["region_code"] == c["region_code"]
                    and o["drones"] == c["drones"] and _compatible(o, c)), None)
        if dup is not None and (c["_headline"] or dup in out):
            if not c["_headline"]:
                _fill_from(dup, c)
            continue
        out.append(c)
    for c in out:
        c.pop("_headline", None)
    return out


def _fill_from(kept: dict, restated: dict) -> None:
    """A restatement may say more than the first mention (a governor's quoted post names the districts)."""
    if kept["window_start_local"] is None and restated["window_start_local"] is not None:
        for k in ("window_start_local", "window_end_local", "window_start_utc", "window_end_utc", "period"):
            kept[k] = restated[k]
    kept.setdefault("_also", []).append(restated)


def _compatible(a: dict, b: dict) -> bool:
    for k in ("event_date", "window_start_local", "period"):
        if a[k] is not None and b[k] is not None and a[k] != b[k]:
            return False
    return a["authority"] == b["authority"] or "other" in (a["authority"], b["authority"])


def _attach_districts(claims, reports, sents, findings, source_file) -> None:
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
                    findings.append({
                        "source_file": source_file, "claim_id": c["claim_id"], "flag": "unknown_district",
                        "message": f"'{written}' is not a district of {c['region_name']}"
                        + (f"; nearest: {', '.join(near)}" if near else ""),
                        "detail": json.dumps({"written": written, "region": c["region_code"], "candidates": near}),
                    })
        c["districts"] = list(dict.fromkeys(names))


# ---------------------------------------------------------------- frames
CLAIM_SCHEMA = {
    "claim_id": pl.String, "source_file": pl.String, "report_id": pl.String, "authority": pl.String,
    "official": pl.String, "official_as_written": pl.String, "scope": pl.String, "region_code": pl.String,
    "region_name": pl.String, "districts": pl.List(pl.String), "drones": pl.Int32, "qualifier": pl.String,
    "window_start_local": pl.Time, "window_end_local": pl.Time, "window_start_utc": pl.Datetime("us"),
    "window_end_utc": pl.Datetime("us"), "event_date": pl.Date, "date_precision": pl.String, "period": pl.String,
    "evidence": pl.String, "char_start": pl.Int32, "char_end": pl.Int32, "published_date": pl.Date,
}
FINDING_SCHEMA = {"source_file": pl.String, "claim_id": pl.String, "flag": pl.String, "message": pl.String, "detail": pl.String}


def extract_claims(articles: pl.DataFrame, as_of: date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """articles: source_file, clean_text, headline, published_date. Returns (claims, findings)."""
    sf = sentence_frame(articles)
    # only articles with a candidate sentence, and in them only sentences that can hold a claim or its context
    keep = sf.filter(pl.col("is_core").any().over("source_file")).filter(
        pl.col("is_candidate") | pl.col("has_source") | pl.col("has_time") | pl.col("has_district")
    )
    by_file: dict[str, list[dict]] = {}
    for row in keep.iter_rows(named=True):
        by_file.setdefault(row["source_file"], []).append(row)
    claims: list[dict] = []
    findings: list[dict] = []
    cols = ["source_file", "clean_text", "headline", "published_date"]
    if "published_from" in articles.columns:
        cols.append("published_from")
    meta = {r["source_file"]: r for r in articles.select(cols).iter_rows(named=True)}
    for source_file, rows in by_file.items():
        m = meta[source_file]
        c, f = extract_article(source_file, m["clean_text"], rows, m["published_date"], as_of, m["headline"],
                               m.get("published_from") != "dateline_year_inferred")
        claims.extend(c)
        findings.extend(f)
    return (
        pl.DataFrame(claims, schema=CLAIM_SCHEMA),
        pl.DataFrame(findings, schema=FINDING_SCHEMA),
    )
