"""A Russian sentence read into the engine's records (figures, clauses, items with their regions, source,
officials, windows, dates, districts), so reports, claims, flags and decisions are the English engine's.

Words come from transforms/reference/ru/ (lexicon stems, number words and months by dictionary form); places
are matched on lemmas (transforms/morph.py). The constructions read are the rules below, each with examples."""
from __future__ import annotations

import re
from dataclasses import dataclass

from transforms import morph, places
from transforms.extract.attribution import SourceCue, quoted_spans
from transforms.extract.figures import Figure, Left
from transforms.extract.parse import Clause, Sent, read_clauses
from transforms.extract.rules import Rule
from transforms.extract.ru_time import date_cues, moment_period, windows
from transforms.lexicon import rx
from transforms.reference import number_words, qualifier_phrases
from transforms.timeparse import period_of_window

RU_RULES = [
    Rule("ru_drone_noun_figure", "figure",
         "a number whose noun, after any adjectives, names a drone ('25 украинских беспилотных летательных аппаратов')",
         takes=("Дежурными средствами ПВО уничтожены {25} украинских беспилотных летательных аппаратов над "
                "территорией Курской области.",)),
    Rule("ru_dash_figure", "figure",
         "a number joined by a dash to its place, in a list line or an elliptical clause ('20 – над территорией "
         "Брянской области', 'над Курской – два', 'дронов — 14 — сбито над')",
         takes=("Уничтожены 12 БПЛА над Курской областью, {восемь} – над территорией Брянской области.",
                "Уничтожены 14 БПЛА: 12 – над территорией Курской области, {два} над территорией Белгородской области.")),
    Rule("ru_each_figure", "figure",
         "'по N' is N for each of the places that follow ('по три БПЛА сбиты над Белгородской и Орловской областями')",
         takes=("Уничтожены 10 БПЛА: четыре – над Курской областью, по {три} – над территориями Орловской и "
                "Брянской областей.",)),
    Rule("ru_singular_drone", "figure",
         "a singular drone noun with an interception participle and no numeral is one drone ('уничтожен украинский "
         "беспилотный летательный аппарат')",
         takes=("Около 16.40 мск средствами ПВО {уничтожен} украинский беспилотный летательный аппарат над территорией "
                "Липецкой области.",)),
    Rule("ru_bare_figure_verb", "figure",
         "a number with no noun right before an interception verb, continuing a count ('ещё четыре заглушены')",
         takes=("Над Республикой Крым сбиты семь беспилотников, ещё {четыре} заглушены средствами РЭБ.",
                "Уничтожены 15 БПЛА, из которых {девять} сбиты над территорией Брянской области, шесть – над Курской.")),
    Rule("ru_counts_other_noun", "figure",
         "a number whose noun is not a drone (munitions, attacks, houses, people, districts, hours) counts that noun",
         leaves=("Сбиты {пять} управляемых авиационных бомб и 127 беспилотных летательных аппаратов.",
                 "Противник совершил {9} атак беспилотников по сёлам района, сбиты 3 БПЛА над Белгородской областью.")),
    Rule("ru_heading_subset", "figure",
         "'в том числе N, летевших на Москву': the part of a region's figure flying towards a place, not a new claim",
         leaves=("Уничтожены 11 БПЛА над территорией Московского региона, в том числе {5} БПЛА, летевших на Москву.",)),
    Rule("ru_historic_total", "sentence",
         "a total since the start of the war or over a year ('с начала специальной военной операции') is not a claim",
         leaves=("Всего с начала проведения специальной военной операции уничтожены {51 960} беспилотных летательных "
                 "аппаратов.",)),
    Rule("ru_ukraine_figures", "sentence",
         "a sentence giving Ukraine's own air-force figures or Russia's attacks on Ukraine counts drones over Ukraine",
         leaves=("В Воздушных силах ВСУ сообщили, что Россия атаковала Украину {112} ударными беспилотниками.",)),
]

_TOKEN = re.compile(r"\d{1,3}(?:\s\d{3})+(?![\d.,:])|\d+(?:[.,:]\d+)*(?:-[А-Яа-яЁёA-Za-z]+)?|[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)*|[–—-]|\S")
_DASH = {"–", "—", "-"}
_PREP = {"над", "в", "во", "на", "у", "под"}
_SKIP_TO_NOUN = 6           # words between a number and its noun ("12 сбитых над Белгородской областью беспилотниках")
_SPEECH = re.compile(r"(?i)\b(?:сообщ\w+|написал\w*|заявил\w*|заявля\w+|говорится|по данным|по информации|по словам|"
                     r"по версии|утвержда\w+|рассказал\w*|отметил\w*|уточнил\w*)\b")
_ACTOR = re.compile(r"(?i)(?:пво|сил\w*|средств\w*|подразделени\w*|расчет\w*|расчёт\w*|авиаци\w*)\s+(?:\w+\s+){0,2}$")
_DISTRICT_NOUNS = {"район", "округ", "городской", "муниципальный", "поселение"}
_REGION_NOUNS = {"область", "край", "регион", "республика"}
_INCREMENT = {"еще", "ещё"}


@dataclass
class _Tok:
    start: int
    end: int
    text: str

    @property
    def low(self) -> str:
        return self.text.lower().replace("ё", "е")


def tokens(text: str) -> list[_Tok]:
    return [_Tok(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]


def _num_value(toks: list[_Tok], i: int) -> tuple[int, int] | None:
    """(value, tokens used) of a number at toks[i]: digits ('51 960') or words ('сто двадцать семь', 'двух')."""
    t = toks[i].text
    if re.fullmatch(r"\d{1,3}(?:\s\d{3})+|\d+", t):
        return int(re.sub(r"\s", "", t)), 1
    words = number_words("ru")
    total, used = 0, 0
    while i + used < len(toks):
        lem = morph.lemma(toks[i + used].text)
        if lem not in words or not re.fullmatch(r"[А-Яа-яЁё]+", toks[i + used].text):
            break
        v, kind = words[lem]
        if kind == "scale":
            total = max(total, 1) * v
        else:
            total += v
        used += 1
        # "три десятка" (three tens): a unit may still take its scale word
        if kind == "unit" and not (i + used < len(toks) and words.get(morph.lemma(toks[i + used].text), (0, ""))[1] == "scale"):
            break
    return (total, used) if used else None


def _qualifier(text: str, start: int) -> str:
    before = text[max(0, start - 20):start].lower()
    for phrase, q in qualifier_phrases("ru"):
        if re.search(rf"(?:^|\W){re.escape(phrase)}\s+$", before):
            return q
    return "exact"


@dataclass
class _Place:
    start: int
    end: int
    kind: str          # region, district
    code: str
    name: str
    towards: bool      # the direction of flight ("летевших на Москву")


def _head_noun(toks: list[_Tok], j: int) -> str | None:
    """The noun a list of place adjectives ends in ('над Трубчевским, Погарским и Севским районами' -> район)."""
    for t in toks[j:j + 12]:
        lem = morph.lemma(t.text)
        if lem in _DISTRICT_NOUNS or lem in _REGION_NOUNS:
            return lem
        if t.text in (",",) or t.low in ("и", "а", "также") or lem.endswith(("ский", "цкий", "ской")):
            continue
        return None
    return None


def place_hits(text: str, toks: list[_Tok], masked: list[tuple[int, int]]) -> list[_Place]:  # noqa: C901 - one pass over a Russian sentence's tokens, longest place name first; not yet split
    idx = morph.place_index()
    out: list[_Place] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if not re.match(r"[А-Яа-яЁё]", t.text) or any(a <= t.start < b for a, b in masked):
            i += 1
            continue
        hit = None
        for n in range(morph.MAX_PLACE_WORDS, 0, -1):
            span = toks[i:i + n]
            if len(span) < n or not all(re.match(r"[А-Яа-яЁё]", s.text) for s in span):
                continue
            keys = [()]
            for s in span:
                keys = [k + (lem,) for k in keys for lem in morph.lemma_set(s.text)]
            found = next((idx[k] for k in keys if k in idx), None)
            if found:
                hit = (n, found)
                break
        if hit is None:
            # an adjective of a district the tables do not hold: "над Россошанским районом"
            lem = morph.lemma(t.text)
            if t.text[:1].isupper() and lem.endswith(("ский", "цкий")) and _head_noun(toks, i + 1) in _DISTRICT_NOUNS:
                out.append(_Place(t.start, t.end, "district", "", morph.translit(lem), _towards(text, t.start)))
            i += 1
            continue
        n, found = hit
        end = toks[i + n - 1].end
        head = _head_noun(toks, i + n)
        regions = [p for p in found if p.kind == "region"]
        districts = [p for p in found if p.kind == "district"]
        cities = [p for p in found if p.kind == "city"]
        towards = _towards(text, t.start)
        if regions and not (districts and head in _DISTRICT_NOUNS):
            out.append(_Place(t.start, end, "region", regions[0].code, regions[0].name, towards))
        elif districts:
            out.append(_Place(t.start, end, "district", districts[0].code, districts[0].name, towards))
            for c in cities:   # a city that is also a district stands for its region too ("над Калугой")
                out.append(_Place(t.start, end, "region", c.code, c.name, towards))
        elif cities:
            out.append(_Place(t.start, end, "region", cities[0].code, cities[0].name, towards))
            out.append(_Place(t.start, end, "district", cities[0].code, cities[0].name, towards))
        i += n
    return out


# "Кроме Московской области и Москвы, 47 сбиты над Брянской": places set aside; "над акваторией Черного моря у
# побережья Крыма": a coast that locates the sea, not a second place
_ASIDE = re.compile(r"(?i)(?:\b(?:кроме|помимо)\s+(?:[^,;:]{0,60}\s)?|\b(?:у|вблизи|вдоль|близ)\s+(?:побережья|берегов|берега)\s+)$")


def _aside(text: str, pos: int) -> bool:
    return bool(_ASIDE.search(text[max(0, pos - 70):pos]))


def _towards(text: str, pos: int) -> bool:
    return bool(re.search(rf"(?:{rx('direction', 'ru').pattern})\s+(?:\w+\s+){{0,2}}$", text[max(0, pos - 40):pos], re.IGNORECASE))


def _authority(text: str, officials: list[places.OfficialHit]) -> SourceCue | None:
    quoted = quoted_spans(text)
    cues = []
    for kind, strength in (("mod", "strong"), ("governor", "strong"), ("mayor", "strong"), ("other", "explicit"),
                           ("weak_other", "weak")):
        for m in rx(kind, "ru").finditer(text):
            weak = any(a < m.start() < b for a, b in quoted)
            # "силами ПВО Министерства обороны": the ministry's forces acted; whoever posts it speaks
            weak = weak or (kind == "mod" and bool(_ACTOR.search(text[max(0, m.start() - 40):m.start()])))
            cues.append(SourceCue("other" if kind == "weak_other" else kind, "weak" if weak else strength, m.start()))
    for o in officials:
        kind = o.official.office if o.official.office in ("governor", "mayor") else "governor"
        if not any(a < o.start < b for a, b in quoted):
            cues.append(SourceCue(kind, "strong", o.start))
    if not cues:
        return None
    rank = {"strong": 0, "explicit": 1, "weak": 2}
    speaking = [c for c in cues if c.strength == "strong" and _SPEECH.search(text[max(0, c.pos - 40):c.pos + 60])]
    return (speaking or sorted(cues, key=lambda c: (rank[c.strength], c.pos)))[0]


def _noun_after(toks: list[_Tok], j: int) -> tuple[str | None, int]:
    """'drone' or 'other' for the first noun after a number (adjectives and places skipped), and its index."""
    drone, reject = rx("drone", "ru"), rx("reject_noun", "ru")
    k = j
    verb = rx("intercept", "ru")
    while k < len(toks) and k < j + _SKIP_TO_NOUN:
        t = toks[k]
        if t.text in _DASH or t.text in (",", ".", ";", ":", "(", ")"):
            return None, k
        # a noun after a preposition or a verb is not the number's ("девять сбиты над территорией области")
        if t.low in _PREP or (verb.fullmatch(t.text) and k == j):
            return None, k
        if drone.fullmatch(t.text) or t.low.startswith("летательн"):
            return "drone", k
        if reject.fullmatch(t.text) or re.fullmatch(r"[A-Z]{3,}", t.text) and t.text not in ("БПЛА", "FPV"):
            return "other", k
        if re.fullmatch(r"\d.*", t.text) or (t.low in ("из",) and k == j):
            return None, k
        k += 1
    return None, k


def read_sentence(s: Sent, text: str, candidate: bool) -> None:
    """Fill a Sent from a Russian sentence (the English reader's fields, the same meanings)."""
    toks = tokens(text)
    wins = windows(text)
    win_spans = [sp for _, sp in wins]
    s.windows = [w for w, _ in wins]
    s.dates = date_cues(text, win_spans)
    date_spans = [(m.start(), m.end()) for m in re.finditer(r"\d{1,2}\s+[а-я]+\.?(?:\s+\d{4})?", text)
                  if any(c.pos == m.start() for c in s.dates)]
    masked = win_spans + date_spans
    found = place_hits(text, toks, masked)
    regs = [p for p in found if p.kind == "region" and not _aside(text, p.start)]
    located = [p for p in regs if not p.towards] or regs     # a direction alone still places the figure
    s.region_mentions = [places.RegionHit(p.start, p.end, p.code) for p in located]
    s.districts = [places.DistrictHit(p.start, p.end, (p.name,)) for p in found if p.kind == "district"]
    s.officials = places.official_hits(text)
    s.authority = _authority(text, s.officials)
    worded = "night" if rx("night", "ru").search(text) else "day" if rx("day", "ru").search(text) else None
    if s.windows:
        s.period, s.period_worded = period_of_window(s.windows[0]), worded
    else:
        s.period = moment_period(text) or worded
    s.foreign = bool(rx("foreign", "ru").search(text))     # also without figures: the next sentence may continue it
    if not candidate:
        return
    s.parsed = True
    figures, left = _figures(text, toks, masked, {p.start for p in found})
    s.left.extend(left)
    # a sentence about Ukraine's figures or a historic total leaves every number in it, whatever each counts
    why = "ru_ukraine_figures" if s.foreign else "ru_historic_total" if rx("historic", "ru").search(text) else None
    if why:
        s.left = [Left(x.start, x.end, x.value, why) for x in [*figures, *left]]
        return
    clauses = _clauses(text, figures, s.region_mentions)
    has_verb = bool(rx("intercept", "ru").search(text))
    read_clauses(s, text, clauses, has_verb)
    for it in s.items:
        it.regions = list(dict.fromkeys(it.regions))


def _place_follows(toks: list[_Tok], j: int, place_starts: set[int], within: int = 3) -> bool:
    """A place named within a few words ('над территорией Белгородской области', 'в Краснодарском крае')."""
    return any(t.start in place_starts for t in toks[j:j + within])


def _figures(text: str, toks: list[_Tok], masked: list[tuple[int, int]],  # noqa: C901 - one pass over a Russian sentence's tokens reading its figures; not yet split
             place_starts: set[int] = frozenset()) -> tuple[list[Figure], list[Left]]:
    figures, left = [], []
    verb = rx("intercept", "ru")
    i = 0
    while i < len(toks):
        t = toks[i]
        if any(a <= t.start < b for a, b in masked) or re.fullmatch(r"\d+[.,:]\d+.*|\d+-\w+", t.text):
            i += 1
            continue
        nv = _num_value(toks, i)
        if nv is None:
            i += 1
            continue
        value, used = nv
        start, end = t.start, toks[i + used - 1].end
        prev = toks[i - 1].low if i else ""
        prev2 = toks[i - 2].low if i > 1 else ""
        nxt = toks[i + used] if i + used < len(toks) else None
        noun, k = _noun_after(toks, i + used)
        each = prev == "по"
        increment = prev in _INCREMENT or prev2 in _INCREMENT and prev in ("один", "одна")
        qual = _qualifier(text, start)
        subset_before = re.search(rf"(?:{rx('subset', 'ru').pattern})\s+$", text[max(0, start - 20):start], re.IGNORECASE)
        heading = bool(re.match(rf"[^.;]{{0,40}}?(?:{rx('direction', 'ru').pattern})", text[end:], re.IGNORECASE))
        rule = None
        if noun == "other":
            left.append(Left(start, end, value, "ru_counts_other_noun"))
        elif subset_before and heading:
            left.append(Left(start, end, value, "ru_heading_subset"))
        elif noun == "drone":
            rule = "ru_drone_noun_figure"
        elif nxt is not None and nxt.text in _DASH and i + used + 1 < len(toks) and toks[i + used + 1].low in _PREP:
            rule = "ru_dash_figure"
        elif nxt is not None and nxt.low in _PREP and _place_follows(toks, i + used + 1, place_starts):
            rule = "ru_dash_figure"      # the dash left out: "12 – над Курской областью, два над Белгородской"
        elif prev in _DASH and i > 1 and (rx("drone", "ru").fullmatch(toks[i - 2].text)
                                         or any(p.low in _PREP for p in toks[max(0, i - 8):i - 1])):
            rule = "ru_dash_figure"      # "над Курской областью – два", "дронов — 14 — сбито"
        elif nxt is not None and (verb.fullmatch(nxt.text) or (nxt.low in ("и", "были", "был", "была", "было")
                                                                and i + used + 1 < len(toks)
                                                                and verb.fullmatch(toks[i + used + 1].text))):
            rule = "ru_bare_figure_verb"      # "ещё четыре заглушены", "16 были уничтожены над ..."
        elif prev == "(" and nxt is not None and nxt.text == ")" and any(
                rx("drone", "ru").fullmatch(t.text) for t in toks[max(0, i - 4):i]):
            rule = "ru_dash_figure"           # "Наибольшее число дронов (16) сбито над ..."
        elif nxt is not None and nxt.low == "из" and i + used + 1 < len(toks) and toks[i + used + 1].low in ("них", "которых") \
                and _place_follows(toks, i + used + 2, place_starts, 5):
            rule = "ru_dash_figure"           # "11 из них сбили над территорией Воронежской области"
        elif each and nxt is not None and nxt.text in _DASH:
            rule = "ru_dash_figure"
        else:
            left.append(Left(start, end, value, "bare_figure_no_noun"))
        if rule:
            rule = "ru_each_figure" if each else rule
            figures.append(Figure(start, end, value, qual, each, noun == "drone", increment, rule))
        i += used
    if not figures and not any(x.rule == "ru_counts_other_noun" for x in left):
        figures.extend(_singular(text, toks))
    return figures, left


def _singular(text: str, toks: list[_Tok]) -> list[Figure]:
    """'уничтожен украинский беспилотный летательный аппарат', 'сбит беспилотник': one drone, no numeral."""
    verb, noun = rx("intercept_singular", "ru"), rx("drone_singular", "ru")
    for i, t in enumerate(toks):
        if verb.fullmatch(t.text) and any(noun.fullmatch(w.text) for w in toks[max(0, i - 6):i + 7]):
            return [Figure(t.start, t.end, 1, "exact", False, True, False, "ru_singular_drone")]
    return []


def _clauses(text: str, figures: list[Figure], regions: list[places.RegionHit]) -> list[Clause]:
    """Clauses cut at commas, semicolons and colons; a piece with no figure joins the clause it stands beside
    (a list of places: 'над территориями Белгородской, Курской, Брянской областей')."""
    cuts = [0] + [m.end() for m in re.finditer(r"[,;:](?!\d)", text)] + [len(text)]
    pieces = [(a, b) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]
    segs: list[list[int]] = []
    pending_start = None
    for a, b in pieces:
        has_fig = any(a <= f.start < b for f in figures)
        if has_fig:
            segs.append([pending_start if pending_start is not None else a, b])
            pending_start = None
        elif segs:
            segs[-1][1] = b
        else:
            pending_start = a if pending_start is None else pending_start
    if pending_start is not None:
        segs.append([pending_start, len(text)])
    out = []
    total = rx("total", "ru")
    for a, b in segs:
        figs = [f for f in figures if a <= f.start < b]
        regs = [r for r in regions if a <= r.start < b]
        out.append(Clause((a, b), figs, regs, bool(total.search(text[a:b])), text[a:b]))
    return out


def region_named(label: str) -> str | None:
    """The one region a Russian label names ('Telegram-канал губернатора Брянской области' -> RU-BRY)."""
    codes = {p.code for p in place_hits(label, tokens(label), []) if p.kind == "region"}
    return codes.pop() if len(codes) == 1 else None
