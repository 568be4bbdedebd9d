"""One sentence read: its clauses, the figures in each with the regions they go to, and what else it
says (source, officials, windows, dates, period, districts)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from transforms import places
from transforms.extract.attribution import SourceCue, authority_cue, drop_trailing_vague_source
from transforms.extract.figures import DRONE_NOUN, LOCATED, Figure, Left, read_clause, sentence_cues
from transforms.extract.rules import Rule
from transforms.lexicon import rx
from transforms.timeparse import DateCue, Window, date_cues, period_of_window, window_matches, windows


@dataclass
class Item:
    """A figure taken in a sentence, with the regions it goes to."""
    start: int                 # figure offsets within the sentence
    end: int
    value: int
    qualifier: str
    regions: list[str]
    each: bool
    total_cue: bool
    seg_start: int
    seg_end: int
    rule: str                  # the figure rule that took it
    increment: bool = False    # "another three", "two more"
    the_region: bool = False   # placed "over the region": the region the report named last


@dataclass
class Sent:
    idx: int
    start: int
    end: int
    text: str
    is_headline: bool
    parsed: bool = False                              # its figures were read (a candidate sentence)
    foreign: bool = False                             # it gives Ukraine's figures (in part or whole)
    items: list[Item] = field(default_factory=list)
    left: list[Left] = field(default_factory=list)         # numbers left, with the rule that left them
    authority: SourceCue | None = None
    officials: list[places.OfficialHit] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    dates: list[DateCue] = field(default_factory=list)
    period: str | None = None
    districts: list[places.DistrictHit] = field(default_factory=list)
    region_mentions: list[places.RegionHit] = field(default_factory=list)
    period_worded: str | None = None    # period word in a sentence that also states a window
    lang: str = "en"


_SEG_SPLIT = re.compile(r",(?!\d{3})|;|:(?=\s)|\s[—–-]\s|—|–|\bwhile\b|\bwhereas\b|\bwith\b(?=\s+(?:the\s+)?(?:\d|a further|another|\w+\s+(?:more|drones|uavs)|[a-z]+\s+(?:over|in)\b))", re.IGNORECASE)
_DASHED_NUMBER = re.compile(r"(?<![\d—–-])[—–-](\d+)[—–-](?![\d—–-])")   # not inside "2025-03-11"
# "12 – over the Bryansk region", "three UAVs — over the territory of ...", "▪️ 5 – over ...": a dash between a
# figure (with its noun) and its place is not a clause break
_LEAD_FIGURE_DASH = re.compile(
    r"((?:^|[\s,;:])(?:[^\w\s,;:]+\s*)?(?:and\s+)?(?:another\s+|one\s+more\s+|a\s+further\s+)?(?:\d+|[a-z]+(?:-[a-z]+)?)"
    r"(?:\s+(?:more|each|ukrainian|drones?|uavs?|unmanned\s+aerial\s+vehicles?))*)(\s+[—–-]\s+|\s*[—–]\s*)(?=(?:over|in|above|across|off|near)\b)",
    re.IGNORECASE)
# Ukraine's air force and Russia's own launches: figures about drones over Ukraine, not claims of Russia's
_FOREIGN = re.compile(
    r"ukrain\w*\s+air\s+defen[cs]e|general\s+staff|\b(?:kyiv|kiev)\s+(?:says|said|claims|claimed|reported|reports)\b|\bover\s+ukraine\b|\bair\s+force\b|ukrain\w*\s+air\s+force|ukraine['’]s\s+air\s+force|air\s+force\s+of\s+ukraine|\bshahed|\bgeran|russian\s+drones|russia\s+launched|russian\s+forces\s+launched|launched\s+by\s+russia",
    re.IGNORECASE,
)
# "Moscow said on Monday ...": a capital standing for its government is a speaker, not a place
_CAPITAL_SPEAKS = re.compile(r"\b(?:Moscow|Kyiv|Kiev)(?=\s+(?:has\s+|had\s+|also\s+)?(?:said|says|claimed|claims|reported|reports|announced|stated)\b)")
_SEMICOLON_PARTS = re.compile(r"[^;]+")
# names that hold a place name but locate nothing: "the Black Sea Fleet", "a Black Sea resort", and a title
# ("Kursk Governor", "Moscow Region Governor", "Krasnodar Territory's governor") that names whose region it is
_NAME_NOT_PLACE = re.compile(
    r"\bBlack\s+Sea\s+(?:Fleet|fleet|coast|peninsula|port|resort|town|city)\b"
    r"|\b[A-Z][\w-]+(?:\s+(?:Oblast|Region|Territory|Krai|region|oblast|territory|krai))?(?:['’]s)?(?=\s+(?:acting\s+)?(?:[Gg]overnor|[Mm]ayor)\b)")
_RUSSIAN_SOURCE = re.compile(rf"{rx('mod').pattern}|{rx('governor').pattern}|{rx('mayor').pattern}", re.IGNORECASE)
# "MOSCOW, May 10 (Reuters) -", "MOSCOW, MAY 10 -", "Moscow (AFP) -", "Kazan, AGENCY –": the dateline's place is
# where the story was filed, not a region of its claims
_DATELINE_PLACE = re.compile(
    r"^\s*[A-Z][A-Za-z'. -]{2,30}(?=[,.]\s+(?:[A-Z][A-Za-z]+\.?\s+)?\d)|^\s*[A-Z][A-Za-z'. -]{2,30}(?=\s*\((?:[A-Z][\w .]*)\)\s*[-–—])"
    r"|^\s*[A-Z][A-Za-z'. -]{2,30}(?=,\s+[A-Z][A-Z.]+\s*[-–—])|\((?:Reuters|AP|AFP|Interfax|TASS|RIA Novosti|Bloomberg)\)")


def _clause_of(text: str, pos: int) -> tuple[int, int]:
    """The span between the commas or semicolons around pos."""
    a = max(text.rfind(",", 0, pos), text.rfind(";", 0, pos)) + 1
    ends = [i for i in (text.find(",", pos), text.find(";", pos)) if i >= 0]
    return a, min(ends) if ends else len(text)


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


@dataclass
class Clause:
    """A clause of a sentence: its figures and the regions named in it."""
    seg: tuple[int, int]
    figures: list[Figure]
    regions: list[places.RegionHit]
    total_cue: bool
    text: str = ""           # the clause's words


# Sentence-level rules: numbers the figure rules took, left because of the sentence they stand in.
SENTENCE_RULES = [
    Rule("ukraine_air_force_or_launches", "sentence",
         "a sentence about Ukraine's air force figures or Russia's own launches counts drones over Ukraine",
         takes=("The Russian Defence Ministry said {12} drones were destroyed over the Kursk region.",),
         leaves=("Ukraine's air force said it shot down {31} of 47 Russian drones overnight.",)),
    Rule("elliptical_other_noun", "sentence",
         "in a sentence with no drone noun, a bare figure beside one that counts another noun counts that noun",
         takes=("The ministry said {5} were destroyed over the Kursk region and 3 drones over Bryansk.",),
         leaves=("The ministry said 12 drones were destroyed over the Kursk region. Five of the boats were destroyed by "
                 "patrol ships and {two} by naval aviation.",)),
    Rule("no_verb_no_place", "sentence",
         "a figure in a sentence with no interception verb and no place is not a claim ('12 drones attacked')",
         takes=("Air defences destroyed {12} drones over the Kursk region, the ministry said.",),
         leaves=("Officials said {12} drones were seen near the border overnight.",)),
]


def parse_sentence(idx: int, start: int, raw: str, is_headline: bool, candidate: bool,
                   historic: bool | None = None, correction: bool | None = None, lang: str = "en") -> Sent:
    """The sentence read (offsets of its items are within it; idx and start place it in its article).

    A reading depends only on the sentence's words and marks, and relays repeat a statement's sentences word for
    word (half the sentences read in a 10,000-article generated corpus repeat one read before): each distinct
    sentence is read once per process and later ones get a copy (their readers change items, so never shared)."""
    return _copy_sent(_read_sentence(raw, is_headline, candidate, historic, correction, lang), idx, start)


def forget_readings() -> None:
    """Drop the sentence readings kept between articles (after a stage: the process has other work to hold)."""
    _read_sentence.cache_clear()


def _copy_sent(s: Sent, idx: int, start: int) -> Sent:
    # the lists and the items are what the report and claim steps change; hits, cues and windows are frozen
    return replace(s, idx=idx, start=start, end=start + len(s.text), left=list(s.left),
                   items=[replace(it, regions=list(it.regions)) for it in s.items], officials=list(s.officials),
                   windows=list(s.windows), dates=list(s.dates), districts=list(s.districts),
                   region_mentions=list(s.region_mentions))


@lru_cache(maxsize=20_000)   # a few KB per reading: bounded, whatever the corpus
def _read_sentence(raw: str, is_headline: bool, candidate: bool, historic: bool | None, correction: bool | None,  # noqa: C901 - the spans a sentence masks before places are read, one branch per kind; then its clauses
                   lang: str) -> Sent:
    idx = start = 0
    if lang == "ru":
        from transforms.extract.ru import read_sentence   # the Russian reader builds on this module's records
        s = Sent(idx, start, start + len(raw), raw, is_headline, lang="ru")
        read_sentence(s, raw, candidate)
        return s
    # "drones—13—recorded": the dashes around a figure are not clause breaks (same length kept)
    text = _DASHED_NUMBER.sub(lambda m: " " + m.group(1) + " ", raw)
    # "23 – over Bryansk Oblast," (one region per line): the dash after a leading figure joins it to its place
    if "–" in text or "—" in text or " - " in text:
        text = _LEAD_FIGURE_DASH.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)
    s = Sent(idx, start, start + len(raw), raw, is_headline)
    window_rx_matches = window_matches(text)
    win_spans = [(m.start(), m.end()) for m in window_rx_matches]
    s.districts = places.district_hits(text)
    masked = [(d.start, d.end) for d in s.districts] + win_spans
    masked += [(m.start(), m.end()) for m in re.finditer(r"(?i)\bmoscow\s+time\b", text)]
    masked += [(m.start(), m.end()) for m in _DATELINE_PLACE.finditer(text)]
    if "Moscow" in text or "Kyiv" in text or "Kiev" in text:
        masked += [(m.start(), m.end()) for m in _CAPITAL_SPEAKS.finditer(text)]
    if "Black Sea" in text or "overnor" in text or "ayor" in text:
        masked += [(m.start(), m.end()) for m in _NAME_NOT_PLACE.finditer(text)]
    hits = places.region_hits(text, masked)
    # "one drone was downed in Ramensky district": a district of one known region places the figure in that region
    # when the sentence does not name the region itself
    # in its own clause: beside a region ("over the Kursk region's Graivoron district") a district of another region
    # is an unknown_district of the region named, not a second place
    if s.districts:
        named = {h.code for h in hits}
        extra = [places.RegionHit(d.start, d.end, code) for d in s.districts
                 if (code := places.district_region(d.names)) and code not in named
                 and not any(a <= h.start < b for h in hits for a, b in [_clause_of(text, d.start)])]
        hits = sorted(hits + extra, key=lambda h: h.start)
    s.region_mentions = _located_places(text, hits)
    s.officials = places.official_hits(raw)
    s.windows = windows(text, window_rx_matches)
    # dates written inside a window ("from 20:00 on Monday to 07:00 on Tuesday") belong to the window
    s.dates = [d for d in date_cues(text) if not any(a <= d.pos < b for a, b in win_spans)]
    s.authority = authority_cue(text, s.officials)
    # the period as worded ("overnight", "during daylight hours"), kept apart from the clock times
    worded = "night" if rx("night").search(text) else "day" if rx("day").search(text) else None
    if s.windows:
        s.period = period_of_window(s.windows[0])
        s.period_worded = worded
    else:
        s.period = worded
    if not candidate:
        return s
    s.parsed = True
    clauses = []
    cues = sentence_cues(text, historic, correction)
    for seg in _segments(text):
        figures, left = read_clause(text, seg, win_spans, cues)
        s.left.extend(left)
        regs = [r for r in s.region_mentions if seg[0] <= r.start < seg[1]]
        clauses.append(Clause(seg, _mark_each(text, seg, figures), regs, bool(rx("total").search(text[seg[0]:seg[1]])),
                              text[seg[0]:seg[1]]))
    # "Kursk governor says 14 downed; Ukraine says it shot down 32 Russian drones": judged part by part
    # a part after one about Ukraine's figures continues it unless it names a Russian source of its own
    foreign, prev_foreign = [], False
    for m in _SEMICOLON_PARTS.finditer(text):
        part = m.group(0)
        prev_foreign = bool(_FOREIGN.search(part)) or (prev_foreign and not _RUSSIAN_SOURCE.search(part))
        if prev_foreign:
            foreign.append((m.start(), m.end()))
    if foreign:
        for c in clauses:
            mine = [f for f in c.figures if any(a <= f.start < b for a, b in foreign)]
            s.left.extend(Left(f.start, f.end, f.value, "ukraine_air_force_or_launches") for f in mine)
            c.figures = [f for f in c.figures if f not in mine]
        clauses = [c for c in clauses if c.figures or not any(a <= c.seg[0] < b for a, b in foreign)]
    s.foreign = bool(foreign)
    _leave_elliptical_other_nouns(s, text, clauses)
    s.authority = drop_trailing_vague_source(s.authority, text)
    read_clauses(s, text, _merge_region_lists(text, clauses))
    # de-duplicate region codes within an item ("Bryansk and the Bryansk region")
    for it in s.items:
        it.regions = list(dict.fromkeys(it.regions))
    return s


# "flying towards Moscow", "heading for the capital", "on approach to Moscow": the direction of flight
_TOWARDS = re.compile(r"(?:\b(?:flying|heading|headed|en\s+route|bound|moving|approaching|on\s+(?:the\s+)?approach(?:es)?)"
                      r"(?:\s+(?:towards?|for|to|at))?|\btowards?|\b(?:an?\s+)?attacks?\s+on)\s+(?:the\s+)?(?:city\s+of\s+)?$",
                      re.IGNORECASE)   # "an attack on Moscow": the target, not where the drone came down


def _located_places(text: str, hits: list[places.RegionHit]) -> list[places.RegionHit]:
    """A place named as the direction of flight describes, it does not locate: it is dropped when the sentence
    names another place ('4 over the Moscow region, including 3 flying towards Moscow'), kept when alone."""
    towards = [h for h in hits if _TOWARDS.search(text, max(0, h.start - 40), h.start)]
    return [h for h in hits if h not in towards] if len(towards) < len(hits) else hits


def _leave_elliptical_other_nouns(s: Sent, text: str, clauses: list[Clause]) -> None:
    """'Five of the boats were destroyed by patrol ships and two by naval aviation': in a sentence with no drone noun,
    a bare figure beside one that counts another noun counts that noun too (when the sentence names no place)."""
    if DRONE_NOUN.search(text) or s.region_mentions or not any(x.rule == "counts_other_noun" for x in s.left):
        return
    for c in clauses:
        bare = [f for f in c.figures if f.rule == "bare_figure" and not c.regions]
        s.left.extend(Left(f.start, f.end, f.value, "elliptical_other_noun") for f in bare)
        c.figures = [f for f in c.figures if f not in bare]


def carry_foreign(sents: list[Sent]) -> None:
    """'... Ukraine's air force said. Seventy-nine were shot down over the north of the country': a sentence of bare
    figures with no place and no source of its own, right after one giving Ukraine's figures, continues it."""
    for prev, s in zip(sents, sents[1:]):
        if (prev.foreign and s.idx == prev.idx + 1 and s.items and not s.region_mentions
                and (s.authority is None or s.authority.strength == "weak")
                and (s.lang == "ru" or all(it.rule == "bare_figure" for it in s.items))):
            s.left.extend(Left(it.start, it.end, it.value, "ukraine_air_force_or_launches") for it in s.items)
            s.items, s.foreign = [], True


def _merge_region_lists(text: str, clauses: list[Clause]) -> list[Clause]:
    """A clause with regions but no figure right after one with both continues its list of regions."""
    merged: list[Clause] = []
    for p in clauses:
        # "one drone each in Bryansk region, | also on the border, | and in Lipetsk region": an aside with neither
        # figure nor place does not end the list
        if not p.figures and not p.regions and merged:
            continue
        # "five each over the Kaluga, | Oryol and Lipetsk Regions and two over ...": regions before this
        # clause's first figure finish the previous clause's list
        prev = merged[-1] if merged else None
        if (prev and p.figures and p.regions and prev.figures and prev.regions and p.regions[0].start < p.figures[0].start
                and prev.figures[0].start < prev.regions[0].start and LOCATED.match(text[p.figures[0].end:])):
            lead = [r for r in p.regions if r.start < p.figures[0].start]
            if re.fullmatch(r"[\s\w,'’-]*", text[p.seg[0]:lead[-1].start]) and not _HAS_FIGURE.search(text, p.seg[0], lead[-1].start):
                prev.regions = prev.regions + lead
                p = Clause(p.seg, p.figures, [r for r in p.regions if r.start >= p.figures[0].start], p.total_cue, p.text)
        # ("over the Bryansk, | Kursk and Oryol regions in less than two hours": a number after the list is not its own)
        if prev and p.regions and not p.figures and prev.figures and prev.regions and not p.total_cue \
                and not _HAS_FIGURE.search(text, p.seg[0], p.regions[-1].end):
            prev.regions = prev.regions + p.regions
            prev.seg = (prev.seg[0], p.seg[1])
            continue
        merged.append(p)
    return merged


def read_clauses(s: Sent, text: str, clauses: list[Clause], has_verb: bool | None = None) -> None:  # noqa: C901 - figures meet their regions by one branch per list construction (pending regions, increments, each)
    """Figures to items, each with the regions it goes to."""
    has_verb = bool(rx("intercept").search(text)) if has_verb is None else has_verb
    pending_regions: list[places.RegionHit] = []
    pending_item: Item | None = None
    for cl in clauses:
        figs, regs, seg = cl.figures, cl.regions, cl.seg
        if len(figs) > 1 and regs:
            if regs[0].start < figs[0].start:
                # "the Oryol region accounted for eight and the Tula region for six": regions lead their figures
                for i, f in enumerate(figs):
                    lo = figs[i - 1].end if i else seg[0]
                    s.items.append(_item(f, [r for r in regs if lo <= r.start < f.start], cl))
            else:
                # "13 over Kaluga and 10 over Bryansk": each figure takes the regions up to the next figure
                for i, f in enumerate(figs):
                    lim = figs[i + 1].start if i + 1 < len(figs) else seg[1]
                    s.items.append(_item(f, [r for r in regs if f.start <= r.start < lim], cl))
            pending_regions, pending_item = [], None
            continue
        if figs:
            f = figs[0]
            regs = _before_others(text, f, regs)
            # "he reported another three": an increment continues a tally of interceptions without its verb
            if not has_verb and not (regs or pending_regions) and not f.increment and not f.digest \
                    and not _APPOSITIVE_PLACE.match(text, f.end) \
                    and not (f.drone_noun and re.search(r"(?i)\b(?:total|tally)\b", text)):
                s.left.extend(Left(x.start, x.end, x.value, "no_verb_no_place") for x in figs)
                continue
            if regs:
                after_f = [r for r in regs if r.start > f.end]
                if after_f and len(after_f) < len(regs) and LOCATED.match(text[f.end:]):
                    regs = after_f   # "including three flying to Moscow and one over the Oryol region"
                s.items.append(_item(f, regs, cl))
                pending_regions, pending_item = [], None
            elif pending_regions:
                s.items.append(_item(f, pending_regions, cl))
                pending_regions, pending_item = [], None
            else:
                it = _item(f, [], cl)
                s.items.append(it)
                pending_item = it if not (f.drone_noun and has_verb) and not cl.total_cue else None
            for extra in figs[1:]:
                s.items.append(_item(extra, [], cl))
        elif regs:
            if pending_item is not None and not pending_item.regions:
                pending_item.regions = [r.code for r in regs]
                pending_item = None
            else:
                pending_regions = regs


# "seven over the Oryol region and others over the Belgorod and Voronezh regions": the places after
# 'others' / 'the rest' / 'several' are theirs, not the figure's
_OTHERS = re.compile(r"\b(?:and|while|with|but)\s+(?:the\s+)?(?:others?|rest|remainder|several|some|a\s+few|a\s+number)\b", re.IGNORECASE)


def _before_others(text: str, f: Figure, regs: list) -> list:
    m = _OTHERS.search(text, f.end)
    return [r for r in regs if r.start < m.start()] if m else regs


# "The largest share, 31, was over the Bryansk region": the figure's place is in the next clause
_APPOSITIVE_PLACE = re.compile(r"\s*(?:drones?|uavs?)?\s*,\s*(?:was|were)\s+(?:\w+\s+)?(?:over|in|above)\b", re.IGNORECASE)
_HAS_FIGURE = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|twenty|thirty|forty|fifty)\b", re.IGNORECASE)
_EACH = re.compile(r"\beach\b(?!\s+other)", re.IGNORECASE)


def _mark_each(text: str, seg: tuple[int, int], figures: list[Figure]) -> list[Figure]:
    """'each' applies to the figure it follows (up to the next figure); a lone figure takes any 'each' in its clause."""
    out = []
    for i, f in enumerate(figures):
        lo, hi = (seg[0], seg[1]) if len(figures) == 1 else (f.end, figures[i + 1].start if i + 1 < len(figures) else seg[1])
        out.append(f if f.each or not _EACH.search(text, lo, hi) else replace(f, each=True))
    return out


_THE_REGION = re.compile(r"\b(?:over|in|above)\s+the\s+(?:same\s+)?(?:region|oblast|area|republic|territory)\b(?!\s+of)",
                         re.IGNORECASE)


def _item(f: Figure, regs: list, cl: Clause) -> Item:
    codes = [r.code if isinstance(r, places.RegionHit) else r for r in regs]
    the_region = not codes and bool(_THE_REGION.search(cl.text, f.end - cl.seg[0]))
    return Item(f.start, f.end, f.value, f.qualifier, codes, f.each, cl.total_cue, cl.seg[0], cl.seg[1], f.rule,
                f.increment, the_region)
