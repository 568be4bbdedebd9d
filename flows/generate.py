"""Synthetic labelled articles for tests and benchmarks (`skytally generate`).

    generate(n_docs, seed, out_dir, subdirs=100) -> dict of counts

writes `n_docs` English news articles about drones said to have been shot down over Russian
regions, `gold.jsonl` with their labels (format of `../shared/seeds/LABELS.md`) and
`manifest.csv` (file, published, source_url, outlet) into `out_dir`.

Design
- A deterministic *world* holds what the authorities said: for every night a Ministry of
  Defence (MoD) report (window, total, regional breakdown), for every day zero to two daytime
  MoD reports, governors' figures per region and period (usually equal to the ministry's,
  sometimes not), the Moscow mayor's posts. Every world value comes from its own
  `random.Random` seeded by (seed, date, kind), so many articles relay the same report with
  the same numbers, whatever order they are generated in.
- Each article is built by one of many style functions from a per-article
  `random.Random(seed, index)`. Text and labels come from the same calls: every sentence
  that states a figure is rendered by a helper that also records the claim; flags are
  derived from what was rendered (breakdown arithmetic, cross-report comparisons, inserted
  boilerplate, null dates), never set by hand.
- Only the stdlib is used; no global random state; no set is iterated for output.

Layout: with more than `FLAT_LIMIT` documents (and subdirs > 1) files go to
`out/NNNN/doc_XXXXXX.txt` with NNNN = index % subdirs; otherwise flat. Basenames are unique;
`manifest.csv` gives the path relative to `out`, `gold.jsonl` the basename (the scorer
matches the basename of `source_file`).
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from transforms import reference

FLAT_LIMIT = 1000
FIRST_DAY = date(2024, 1, 1)
MAX_DAYS = 730

FLAG_ORDER = [
    "breakdown_sum_mismatch", "breakdown_partial", "source_discrepancy", "window_mismatch",
    "unknown_district", "official_name_mismatch", "overlapping_windows", "ambiguous_count",
    "boilerplate", "date_unresolved",
]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MON_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# Regions the world draws from, with weights (border regions and the seas dominate).
REGION_WEIGHTS = {
    "RU-BRY": 14, "RU-KRS": 12, "RU-BEL": 10, "RU-KLU": 7, "RU-MOS": 7, "RU-ORL": 6,
    "RU-SMO": 5, "RU-TUL": 5, "RU-VOR": 5, "RU-ROS": 5, "RU-LIP": 4, "UA-43": 4, "RU-KDA": 4,
    "black-sea": 4, "sea-of-azov": 2, "RU-RYA": 2, "RU-TVE": 2, "RU-LEN": 1.5, "RU-TAM": 1.5,
    "RU-VGG": 1.5, "RU-NGR": 1, "RU-PSK": 1, "UA-40": 1, "RU-AST": 0.8, "RU-SAR": 0.8,
    "RU-NIZ": 0.6, "RU-YAR": 0.6, "RU-PNZ": 0.5, "RU-TA": 0.5, "RU-VLA": 0.4, "RU-IVA": 0.4,
    "RU-SAM": 0.3, "RU-BA": 0.3, "RU-KGD": 0.2, "caspian-sea": 0.3, "baltic-sea": 0.2,
}
SOUTH = ("RU-ROS", "RU-KDA", "UA-43", "UA-40", "black-sea", "sea-of-azov", "RU-VGG", "RU-AST",
         "caspian-sea")
# Regions on Moscow time: only these governors are given clock windows.
MSK_REGIONS = ("RU-BRY", "RU-KRS", "RU-BEL", "RU-KLU", "RU-MOS", "RU-ORL", "RU-SMO", "RU-TUL",
               "RU-VOR", "RU-ROS", "RU-LIP", "UA-43", "RU-KDA", "RU-RYA", "RU-TVE", "RU-LEN",
               "RU-TAM", "RU-VGG", "RU-NGR", "RU-PSK", "UA-40", "RU-NIZ", "RU-YAR", "RU-PNZ",
               "RU-TA", "RU-VLA", "RU-IVA")
NO_PLURAL = ("RU-MOS", "RU-VLA", "RU-NIZ")  # never folded into "the A and B regions"

CYR_HOMOGLYPH = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "c": "\u0441", "p": "\u0440",
                 "x": "\u0445", "y": "\u0443", "A": "\u0410", "B": "\u0412", "E": "\u0415",
                 "K": "\u041a", "M": "\u041c", "O": "\u041e", "T": "\u0422", "H": "\u041d"}
WRONG_FIRST = {"Vladislav": "Vyacheslav", "Vyacheslav": "Vladislav", "Alexander": "Alexei",
               "Andrei": "Anatoly", "Dmitry": "Denis", "Igor": "Oleg", "Vasily": "Viktor",
               "Sergei": "Stanislav", "Mikhail": "Maxim", "Yury": "Yegor", "Pavel": "Pyotr",
               "Veniamin": "Valentin", "Yevgeny": "Yegor", "Gleb": "Grigory"}


# ----------------------------------------------------------------------------- reference data

@dataclass(frozen=True)
class District:
    region: str
    name: str
    aliases: tuple


@dataclass
class Ref:
    regions: dict  # code -> transforms.reference.Region
    districts: dict  # region code -> [District]
    officials: dict  # region code -> [transforms.reference.Official]
    weights: list  # [(code, weight)] of usable regions
    foreign: dict  # region code -> [District] of other regions that cannot resolve in it


@lru_cache(maxsize=1)
def load_reference() -> Ref:
    """The extractor's own reference tables (transforms.reference), arranged for drawing from."""
    regions = reference.regions()
    # a district named like a city or region ('Kursk', 'Obninsk') would read as that place, not a district
    places = reference.region_aliases()
    districts = {}
    for code, rows in reference.districts().items():
        if code in regions:
            districts[code] = [District(code, name, aliases) for name, aliases in rows if name.lower() not in places]
    officials = {}
    for o in reference.officials():
        officials.setdefault(o.region_code, []).append(o)
    weights = [(c, w) for c, w in REGION_WEIGHTS.items() if c in regions]
    foreign = {}
    for code, ds in districts.items():
        own = {d.name.lower() for d in ds} | {a for d in ds for a in d.aliases}
        foreign[code] = [d for oc, ods in sorted(districts.items()) if oc != code for d in ods
                         if d.name.lower() not in own and not (set(d.aliases) & own)]
    return Ref(regions, districts, officials, weights, foreign)


def title_of(ref: Ref, off) -> str:
    """How the office is called: 'mayor', 'head' (of a republic) or 'governor'."""
    if off.office == "mayor":
        return "mayor"
    return "head" if ref.regions[off.region_code].kind == "republic" else "governor"


def acting_on(off, d: date) -> bool:
    """An official whose tenure began on record is acting until the September election after it
    (Russia's single voting day)."""
    if off.in_office_from is None:
        return False
    y, m = off.in_office_from
    return (d.year, d.month) < ((y, 9) if m < 9 else (y + 1, 9))


def official_for(ref: Ref, code: str, d: date):
    """The one official clearly in office on d (None in a month of transition)."""
    ym = (d.year, d.month)
    cands = [o for o in ref.officials.get(code, ())
             if (o.in_office_from is None or ym > o.in_office_from) and (o.in_office_until is None or ym < o.in_office_until)]
    return cands[0] if len(cands) == 1 else None


def former_official(ref: Ref, code: str, d: date):
    ym = (d.year, d.month)
    for o in ref.officials.get(code, ()):
        end = o.in_office_until
        if end is not None and ym > (end[0], end[1] + 1) and o.in_office_from is None:
            return o
    return None


# ----------------------------------------------------------------------------- small helpers

class Rng(random.Random):
    """random.Random with cheaper choice/randint (one call to random() each; same determinism)."""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))


ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen").split()
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def words(n: int) -> str:
    if n < 20:
        return ONES[n]
    if n < 100:
        t, u = divmod(n, 10)
        return TENS[t] + ("-" + ONES[u] if u else "")
    return str(n)


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def join_and(parts: list, conj: str = "and", oxford: bool = False) -> str:
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return f"{parts[0]} {conj} {parts[1]}"
    return ", ".join(parts[:-1]) + ("," if oxford else "") + f" {conj} " + parts[-1]


def hm(t: datetime) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def wchoice(rng: random.Random, pairs):
    total = 0.0
    for _, w in pairs:
        total += w
    x = rng.random() * total
    for item, w in pairs:
        x -= w
        if x < 0:
            return item
    return pairs[-1][0]


def weighted_sample(rng: random.Random, pairs, k: int) -> list:
    pool = list(pairs)
    out = []
    while pool and len(out) < k:
        item = wchoice(rng, pool)
        out.append(item)
        pool = [p for p in pool if p[0] != item]
    return out


def split_count(rng: random.Random, total: int, k: int) -> list:
    """k positive integers summing to total, skewed (first is the largest share)."""
    k = max(1, min(k, total))
    weights = [rng.random() ** 1.6 + 0.05 for _ in range(k)]
    s = sum(weights)
    parts = [1 + int((total - k) * w / s) for w in weights]
    rest = total - sum(parts)
    i = 0
    while rest > 0:
        parts[i % k] += 1
        rest -= 1
        i += 1
    return sorted(parts, reverse=True)


# ----------------------------------------------------------------------------- the world

@dataclass
class ModReport:
    start: datetime  # Moscow time
    end: datetime
    period: str
    items: list  # [(code, count)] as published, descending
    total: int  # as published (differs from the sum when the ministry's arithmetic is off)
    towards_moscow: int = 0  # part of the RU-MOS figure "flying towards Moscow"

    @property
    def date(self) -> date:
        return self.end.date()

    def count_for(self, code):
        for c, n in self.items:
            if c == code:
                return n
        return None


@dataclass
class GovReport:
    code: str
    official: reference.Official
    count: int
    qualifier: str
    districts: list  # canonical names
    window: tuple | None  # (start, end) datetimes, Moscow time
    period: str
    date: date


class World:
    def __init__(self, seed: int, ref: Ref, n_days: int):
        self.seed = seed
        self.ref = ref
        self.n_days = n_days
        self._night = {}
        self._days = {}
        self._gov = {}

    def rng(self, d: date, kind: int, extra: int = 0) -> random.Random:
        return Rng((self.seed << 56) + (d.toordinal() << 24) + (kind << 16) + (extra & 0xFFFF))

    def regions_for(self, rng, k):
        south = rng.random() < 0.25
        pairs = [(c, w * (3.0 if (c in SOUTH) == south else 0.6)) for c, w in self.ref.weights]
        return weighted_sample(rng, pairs, k)

    def night(self, d: date) -> ModReport:
        rep = self._night.get(d)
        if rep is not None:
            return rep
        rng = self.rng(d, 1)
        prev = datetime(d.year, d.month, d.day) - timedelta(days=1)
        sh, sm = wchoice(rng, [((20, 0), 35), ((23, 0), 20), ((21, 0), 10), ((22, 0), 8),
                               ((19, 0), 5), ((20, 30), 5), ((23, 30), 5), ((0, 0), 5),
                               ((22, 30), 4), ((21, 30), 3)])
        eh, em = wchoice(rng, [((7, 0), 50), ((6, 0), 15), ((5, 0), 6), ((8, 0), 8), ((6, 30), 6),
                               ((7, 30), 5), ((5, 30), 4), ((4, 0), 3), ((3, 0), 3)])
        start = prev.replace(hour=sh, minute=sm) if sh >= 12 else prev + timedelta(days=1, hours=sh, minutes=sm)
        end = prev + timedelta(days=1, hours=eh, minutes=em)
        size = wchoice(rng, [("s", 30), ("m", 45), ("l", 20), ("xl", 5)])
        total = {"s": rng.randint(2, 14), "m": rng.randint(15, 60), "l": rng.randint(61, 130),
                 "xl": rng.randint(131, 300)}[size]
        k = {"s": rng.randint(1, 4), "m": rng.randint(3, 8), "l": rng.randint(5, 11),
             "xl": rng.randint(8, 14)}[size]
        codes = self.regions_for(rng, max(2, k))
        counts = split_count(rng, total, len(codes))
        items = list(zip(codes, counts))
        items.sort(key=lambda x: -x[1])
        published_total = total
        if rng.random() < 0.04 and total > 6:
            published_total = total - rng.randint(1, 3)  # the ministry's sum does not add up
        towards = 0
        mos = [n for c, n in items if c == "RU-MOS"]
        if mos and mos[0] >= 2 and rng.random() < 0.7:
            towards = rng.randint(1, mos[0] - 1) if mos[0] > 2 else 1
        rep = ModReport(start, end, "night", items, published_total, towards)
        self._night[d] = rep
        return rep

    def days(self, d: date) -> list:
        reps = self._days.get(d)
        if reps is not None:
            return reps
        rng = self.rng(d, 2)
        reps = []
        n = wchoice(rng, [(0, 30), (1, 50), (2, 20)])
        base = datetime(d.year, d.month, d.day)
        t = base + timedelta(hours=rng.choice([8, 8, 9, 9, 10, 11, 12]), minutes=rng.choice([0, 0, 0, 20, 30]))
        for i in range(n):
            if i == 1:
                rel = wchoice(rng, [("adjacent", 45), ("overlap", 25), ("gap", 30)])
                if rel == "overlap":
                    t = reps[0].end - timedelta(minutes=rng.choice([30, 60, 60, 90]))
                elif rel == "gap":
                    t = reps[0].end + timedelta(minutes=rng.choice([60, 120, 180]))
                else:
                    t = reps[0].end
            dur = timedelta(minutes=rng.choice([120, 180, 240, 270, 300, 330, 360, 420]))
            end = t + dur
            if end > base + timedelta(hours=21):
                end = base + timedelta(hours=21)
            if end - t < timedelta(hours=1):
                break
            total = wchoice(rng, [(rng.randint(2, 6), 40), (rng.randint(7, 20), 50), (rng.randint(21, 45), 10)])
            codes = self.regions_for(rng, rng.randint(2, min(4, total)))
            counts = split_count(rng, total, len(codes))
            items = sorted(zip(codes, counts), key=lambda x: -x[1])
            published = total
            if rng.random() < 0.04 and total > 5:
                published = total - rng.randint(1, 2)
            towards = 0
            mos = [c for c, x in items if c == "RU-MOS"]
            if mos and dict(items)["RU-MOS"] >= 2 and rng.random() < 0.5:
                towards = 1
            reps.append(ModReport(t, end, "day", items, published, towards))
        # now and then an evening report runs into the next night's window
        if reps and rng.random() < 0.12:
            nxt = self.night(d + timedelta(days=1))
            last = reps[-1]
            if nxt.start.hour >= 19 and nxt.start.date() == d:
                new_end = nxt.start + timedelta(hours=1)
                if new_end > last.end and new_end.date() == d:
                    last.end = new_end
        self._days[d] = reps
        return reps

    def mod_for(self, d: date, period: str):
        if period == "night":
            return self.night(d)
        ds = self.days(d)
        return ds[0] if ds else None

    def gov(self, d: date, period: str, code: str) -> GovReport | None:
        key = (d, period, code)
        if key in self._gov:
            return self._gov[key]
        off = official_for(self.ref, code, d)
        if off is None or off.office != "governor":
            self._gov[key] = None
            return None
        rng = self.rng(d, 3 if period == "night" else 4, extra=sum(map(ord, code)) * 7 + len(code))
        mod = self.mod_for(d, period)
        n = mod.count_for(code) if mod else None
        qual = "exact"
        if n is not None:
            if rng.random() < 0.85:
                count = n
            else:
                count = max(1, n + rng.choice([-1, 1]) * rng.randint(1, max(2, n // 2)))
                if count == n:
                    count = n + 1
            r = rng.random()
            if r < 0.06 and count >= 5 and count % 5 == 0 and (count == n or abs(count - n) >= 3):
                qual = "approx"
            elif r < 0.10 and 3 <= count < n:
                qual = "at_least"
        else:
            count = wchoice(rng, [(rng.randint(1, 5), 70), (rng.randint(6, 15), 25), (rng.randint(16, 40), 5)])
            r = rng.random()
            if r < 0.08 and count >= 5 and count % 5 == 0:
                qual = "approx"
            elif r < 0.13 and count >= 3:
                qual = "at_least"
        dists = []
        pool = self.ref.districts.get(code)
        if pool and rng.random() < 0.75:
            k = min(len(pool), wchoice(rng, [(1, 30), (2, 35), (3, 25), (4, 10)]), count)
            dists = [x.name for x in rng.sample(pool, k)]
        window = None
        if code in MSK_REGIONS and rng.random() < 0.35:
            if mod is not None:
                span = mod.end - mod.start
                if rng.random() < 0.7:
                    a = timedelta(minutes=rng.choice([0, 10, 20, 30, 40, 60, 90]))
                    b = timedelta(minutes=rng.choice([0, 10, 20, 30, 50, 60, 120]))
                    if span - a - b >= timedelta(hours=1):
                        window = (mod.start + a, mod.end - b)
                else:
                    a = timedelta(minutes=rng.choice([30, 60, 90, 120]))
                    b = timedelta(minutes=rng.choice([10, 30, 60, 180, 240]))
                    if span - b + a >= timedelta(hours=1):
                        window = (mod.start - a, mod.end - b)
            elif period == "night":
                base = datetime(d.year, d.month, d.day)
                window = (base - timedelta(hours=rng.choice([1, 2, 3, 4])), base + timedelta(hours=rng.choice([3, 4, 5, 6]), minutes=rng.choice([0, 30, 40])))
            else:
                base = datetime(d.year, d.month, d.day)
                s = base + timedelta(hours=rng.choice([9, 10, 11, 12, 13]), minutes=rng.choice([0, 15, 20, 40]))
                window = (s, s + timedelta(minutes=rng.choice([60, 90, 150, 200, 240])))
            if window is not None and period == "night" and not (window[0].date() < d or window[0].hour < 3):
                window = None
        rep = GovReport(code, off, count, qual, dists, window, period, d)
        self._gov[key] = rep
        return rep

    def mayor_posts(self, d: date, period: str) -> list:
        """The Moscow mayor's posts: [(time posted, count)]; [] when the capital was not targeted."""
        mod = self.mod_for(d, period)
        if mod is None or not mod.towards_moscow:
            return []
        rng = self.rng(d, 5 if period == "night" else 6)
        n = mod.towards_moscow
        k = min(n, wchoice(rng, [(1, 40), (2, 30), (3, 20), (4, 10)]))
        parts = split_count(rng, n, k)
        rng.shuffle(parts)
        span = (mod.end - mod.start).total_seconds() / 60
        times = sorted(mod.start + timedelta(minutes=int(span * rng.uniform(0.05, 0.95))) for _ in parts)
        return list(zip(times, parts))


# ----------------------------------------------------------------------------- rendering context

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


class Doc:
    def __init__(self, rng: random.Random, idx: int, world: World, ref: Ref):
        self.rng = rng
        self.idx = idx
        self.world = world
        self.ref = ref
        self.claims = []
        self.flags = []
        self.reports = []
        self.notes = []
        self.paras = []
        self.top = []  # boilerplate before the body
        self.headline = ""
        self.style = ""
        self.outlet = ""
        self.published = None  # date
        self.published_str = ""
        self.anchor = None  # (date, has_year)
        r = rng.random()
        self.numstyle = "ap" if r < 0.55 else ("digits" if r < 0.8 else "words")
        self.md_style = wchoice(rng, [("us", 55), ("uk", 35), ("abbr", 10)])
        r = rng.random()
        self.rform = "region" if r < 0.62 else ("Region" if r < 0.78 else ("oblast" if r < 0.9 else "mixed"))
        self.curly = rng.random() < 0.35
        self.dash = rng.choice([" - ", " - ", " \u2014 ", " \u2013 "])
        self.uav = rng.choice(["drones", "drones", "drones", "UAVs", "unmanned aerial vehicles"])
        self.surname = ""
        self.used = []  # trap templates already used
        self._wl = {}
        self.last_event = None
        self.lines = False

    # -- flags and claims
    def flag(self, name: str):
        if name not in self.flags:
            self.flags.append(name)

    def add_claim(self, authority, official, scope, region, count, qualifier, window, event, period,
                  districts=()):
        if window:
            ws = self._wl.get(window)
            if ws is None:
                ws = self._wl[window] = (hm(window[0]), hm(window[1]))
        else:
            ws = (None, None)
        self.claims.append({
            "authority": authority, "official": official, "scope": scope, "region": region,
            "districts": list(districts), "count": count, "qualifier": qualifier,
            "window_start": ws[0], "window_end": ws[1],
            "event_date": event, "period": period})

    # -- numbers
    def num(self, n: int, start: bool = False, style: str | None = None) -> str:
        st = style or self.numstyle
        if st == "words" and n < 100:
            s = words(n)
        elif st == "ap" and (n < 10 or (start and n < 100)):
            s = words(n)
        elif start and n < 100 and st != "digits":
            s = words(n)
        else:
            s = f"{n:,}" if n >= 1000 else str(n)
        return cap(s) if start else s

    def qnum(self, n: int, qual: str, start: bool = False) -> str:
        rng = self.rng
        if qual == "exact":
            if n == 12 and self.numstyle != "digits" and rng.random() < 0.3:
                return "A dozen" if start else "a dozen"
            return self.num(n, start)
        if qual == "at_least":
            p = rng.choice(["more than", "more than", "at least", "over", "no fewer than", "no less than", "upwards of"])
        else:
            if n == 12 and rng.random() < 0.4:
                return "About a dozen" if start else "about a dozen"
            p = rng.choice(["about", "about", "around", "some", "nearly", "roughly", "approximately", "almost"])
        s = f"{p} {self.num(n)}"
        return cap(s) if start else s

    # -- dates
    def md(self, d: date) -> str:
        if self.md_style == "uk":
            return f"{d.day} {MONTHS[d.month - 1]}"
        if self.md_style == "abbr":
            return f"{MON_ABBR[d.month - 1]} {d.day}"
        return f"{MONTHS[d.month - 1]} {d.day}"

    def mdy(self, d: date) -> str:
        if self.md_style == "uk":
            return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        return f"{self.md(d)}, {d.year}"

    def modes(self, d: date, allow_none: bool = True) -> list:
        """Date modes that can be used for an event on d in this article."""
        out = ["monthday", "full"]
        a = self.anchor
        if a is not None:
            if a[0] == d:
                out += ["anchor", "anchor", "anchor"]
            if a[1] and 0 <= (a[0] - d).days <= 5:
                out += ["weekday", "weekday", "weekday"]
        elif allow_none:
            out += ["weekday", "anchor"]
        return out

    def label_date(self, d: date, mode: str):
        """The event_date a careful reader records for an event on d written in this mode."""
        a = self.anchor
        if mode == "full":
            return d.isoformat()
        if mode == "monthday":
            return d.isoformat() if (a is not None and a[1]) else f"{d.month:02d}-{d.day:02d}"
        if mode == "anchor":
            if a is None:
                return None
            return d.isoformat() if a[1] else f"{d.month:02d}-{d.day:02d}"
        if mode == "weekday":
            return d.isoformat() if (a is not None and a[1]) else None
        return None

    def when(self, d: date, period: str | None, mode: str, said: bool = True, morning: bool = False) -> tuple:
        """(phrase for the time of the event, phrase for when the statement was made).

        The second part (' on Tuesday') must be rendered after the verb of saying whenever it
        is not empty; with said=False it is always empty."""
        rng = self.rng
        if not said:
            a, _ = self.when(d, period, mode, True, morning)
            while a == "overnight" and mode == "weekday":
                a, _ = self.when(d, period, mode, True, morning)
            return a, ""
        if morning and period == "day":  # a window that starts before noon: no 'afternoon'
            a, b = self.when(d, period, mode, True, False)
            while "afternoon" in a:
                a, b = self.when(d, period, mode, True, False)
            return a, b
        wd = WEEKDAYS[d.weekday()]
        if period == "night":
            if mode == "anchor":
                return rng.choice(["overnight", "overnight", "last night", "during the past night",
                                   "over the past night"]), rng.choice(["", "", f" on {wd}"])
            if mode == "weekday":
                r = rng.random()
                if r < 0.4:
                    return f"overnight into {wd}", rng.choice(["", f" on {wd}"])
                if r < 0.6:
                    return f"in the early hours of {wd}", ""
                return "overnight", f" on {wd}"
            if mode == "monthday":
                r = rng.random()
                if r < 0.45:
                    return f"on the night of {self.md(d)}", ""
                if r < 0.75:
                    return f"overnight into {wd}, {self.md(d)}", ""
                return f"overnight into {self.md(d)}", ""
            if mode == "full":
                if rng.random() < 0.5:
                    return f"on the night of {self.mdy(d)}", ""
                return f"overnight into {wd}, {self.mdy(d)}", ""
            return "overnight", ""
        if period == "day":  # every phrase says it was daytime
            if mode == "anchor":
                return rng.choice(["earlier today, in the daytime", f"on {wd} afternoon", "during the day",
                                   "in the afternoon", f"during the day on {wd}", "in daylight hours"]), ""
            if mode == "weekday":
                return rng.choice([f"on {wd} afternoon", f"during the day on {wd}", f"in the daytime on {wd}"]), ""
            if mode == "monthday":
                return rng.choice([f"in the daytime on {self.md(d)}", f"on the afternoon of {wd}, {self.md(d)}",
                                   f"during the day on {self.md(d)}"]), ""
            if mode == "full":
                return rng.choice([f"during the day on {wd}, {self.mdy(d)}", f"in the daytime on {self.mdy(d)}"]), ""
            return rng.choice(["during daylight hours", "in the daytime", "during the day"]), ""
        # no period stated
        if mode == "monthday":
            return f"on {self.md(d)}", ""
        if mode == "full":
            return f"on {self.mdy(d)}", ""
        return f"on {wd}", ""

    # -- windows
    def window_phrase(self, w: tuple, style: str, dated: str | None) -> str:
        """Render a (start, end) Moscow-time window. dated: None, 'weekday' or 'monthday'."""
        rng = self.rng
        s, e = w
        if style in ("gmt", "utc"):
            s, e = s - timedelta(hours=3), e - timedelta(hours=3)
            z = "GMT" if style == "gmt" else "UTC"
            f = lambda t: f"{t.hour:02d}{t.minute:02d}"
            if style == "utc" and rng.random() < 0.5:
                f = hm
            if dated == "weekday":
                return f"between {f(s)} {z} on {WEEKDAYS[s.weekday()]} and {f(e)} {z} on {WEEKDAYS[e.weekday()]}"
            if dated == "monthday":
                return f"between {f(s)} {z} on {self.md(s.date())} and {f(e)} {z} on {self.md(e.date())}"
            return rng.choice([f"between {f(s)} and {f(e)} {z}", f"from {f(s)} {z} to {f(e)} {z}"])
        if style == "msk12":
            def f(t):
                if t.minute == 0 and t.hour == 0:
                    return "midnight"
                if t.minute == 0 and t.hour == 12:
                    return "noon"
                h = t.hour % 12 or 12
                mm = f":{t.minute:02d}" if t.minute else ""
                return f"{h}{mm} {'a.m.' if t.hour < 12 else 'p.m.'}"
            r = rng.random()
            if r < 0.25:
                g = f
                if r < 0.12:
                    f = lambda t: g(t).replace("a.m.", "am").replace("p.m.", "pm")
                else:
                    f = lambda t: g(t).replace("a.m.", "AM").replace("p.m.", "PM")
            zone = rng.choice([" Moscow time", " Moscow time", " MSK", ""])
            if dated == "weekday":
                return f"from {f(s)} on {WEEKDAYS[s.weekday()]} to {f(e)} on {WEEKDAYS[e.weekday()]}{zone}"
            if dated == "monthday":
                return f"from {f(s)} on {self.md(s.date())} to {f(e)} on {self.md(e.date())}{zone}"
            return rng.choice([f"between {f(s)} and {f(e)}{zone}", f"from {f(s)} to {f(e)}{zone}"])
        # 24-hour Moscow time
        zone = rng.choice([" Moscow time", " Moscow time", " MSK", " (Moscow time)", ""]) if style == "msk24" else ""
        if dated == "weekday":
            return rng.choice([f"from {hm(s)} on {WEEKDAYS[s.weekday()]} to {hm(e)} on {WEEKDAYS[e.weekday()]}{zone}",
                               f"between {hm(s)} on {WEEKDAYS[s.weekday()]} and {hm(e)} on {WEEKDAYS[e.weekday()]}{zone}"])
        if dated == "monthday":
            if zone == " Moscow time" and rng.random() < 0.5:
                return f"from {hm(s)} Moscow time on {self.md(s.date())} to {hm(e)} Moscow time on {self.md(e.date())}"
            return f"from {hm(s)} on {self.md(s.date())} to {hm(e)} on {self.md(e.date())}{zone}"
        return rng.choice([f"from {hm(s)} to {hm(e)}{zone}", f"between {hm(s)} and {hm(e)}{zone}"])

    # -- regions
    def region_base(self, code: str) -> str:
        r = self.ref.regions[code]
        if r.kind == "oblast":
            return r.name.removesuffix(" Oblast")
        if r.kind == "krai":
            return r.name.removesuffix(" Krai")
        return r.name

    def rname(self, code: str, form: str | None = None) -> str:
        """One region as written ('the Bryansk region', 'Crimea', 'the Black Sea', ...)."""
        r = self.ref.regions[code]
        form = form or self.rform
        if form == "mixed":
            form = self.rng.choice(["region", "Region", "oblast"])
        if r.kind == "water":
            if code == "sea-of-azov" and self.rng.random() < 0.2:
                return "the Azov Sea"
            return "the " + r.name
        if code == "UA-43":
            return self.rng.choice(["Crimea", "Crimea", "the Republic of Crimea"])
        if r.kind == "federal_city":
            return r.name
        if r.kind == "republic":
            if code == "RU-TA":
                return self.rng.choice(["Tatarstan", "the Republic of Tatarstan"])
            if code == "RU-BA":
                return self.rng.choice(["Bashkortostan", "Bashkiria"])
            return r.name
        base = self.region_base(code)
        if r.kind == "krai":
            if form == "oblast":
                return f"{base} Krai"
            if form == "Region":
                return f"the {base} Territory"
            return f"the {base} region"
        if form == "oblast":
            return f"{base} Oblast"
        if form == "Region":
            return f"the {base} Region"
        return f"the {base} region"

    def pluralizable(self, code: str) -> bool:
        r = self.ref.regions[code]
        return r.kind in ("oblast", "krai") and code not in NO_PLURAL

    def rgroup(self, codes: list, territory: bool = False) -> str:
        if all(self.pluralizable(c) for c in codes) and self.rform in ("region", "Region") and self.rng.random() < 0.85:
            word = "regions" if self.rform == "region" else "Regions"
            g = f"the {join_and([self.region_base(c) for c in codes])} {word}"
            return f"the territories of {g}" if territory and self.rng.random() < 0.5 else g
        return join_and([self.rname(c) for c in codes])

    # -- officials
    def official_name(self, off: reference.Official, mismatch: bool) -> tuple:
        """(full name as written, surname as written, kind of mismatch or '')."""
        rng = self.rng
        first, _, last = off.name.partition(" ")
        if not mismatch:
            latin = [a for a in off.aliases if a.isascii()]
            if latin and rng.random() < 0.15:
                alt = rng.choice(latin).title()
                return alt, alt.partition(" ")[2], ""
            return off.name, last, ""
        kinds = ["misspelt", "cyr_first", "homoglyph", "wrong_first"]
        kind = rng.choice(kinds)
        if kind == "cyr_first":
            cyr = [a for a in off.aliases if not a.isascii()]
            if cyr:
                return f"{cyr[0].split(' ')[0].capitalize()} {last}", last, kind
            kind = "homoglyph"
        if kind == "wrong_first" and first in WRONG_FIRST:
            return f"{WRONG_FIRST[first]} {last}", last, kind
        if kind in ("homoglyph", "wrong_first"):
            pos = [i for i, ch in enumerate(last) if ch in CYR_HOMOGLYPH]
            if pos:
                i = rng.choice(pos)
                bad = last[:i] + CYR_HOMOGLYPH[last[i]] + last[i + 1:]
                return f"{first} {bad}", bad, "homoglyph"
        # misspelt surname: one letter changed
        subs = {"z": "s", "v": "f", "y": "i", "i": "e", "o": "a", "k": "c", "e": "i", "a": "o"}
        pos = [i for i, ch in enumerate(last) if i >= 2 and ch in subs]
        i = pos[-1] if pos and rng.random() < 0.5 else (rng.choice(pos) if pos else len(last) - 1)
        ch = last[i]
        bad = last[:i] + subs.get(ch, ch + ch) + last[i + 1:]
        valid = {a.split(" ")[-1] for a in off.aliases}
        if bad.lower() in valid:
            bad = last + last[-1]
        return f"{first} {bad}", bad, "misspelt"

    def gov_title(self, off: reference.Official, d: date, code: str) -> str:
        """'Governor', 'Acting Governor', 'Head of Tatarstan' ... (capitalised, before the name)."""
        title = title_of(self.ref, off)
        if title == "mayor":
            return "Moscow Mayor"
        if code == "UA-43":
            return "Crimea's Russian-installed head"
        if title == "head":
            return f"Head of {self.rname(code, 'region').removeprefix('the ')}"
        return "Acting Governor" if acting_on(off, d) else "Governor"

    def region_adj(self, code: str) -> str:
        """'Bryansk' as used in 'Bryansk Governor X'."""
        if code == "UA-40":
            return "Sevastopol"
        return self.region_base(code) if self.ref.regions[code].kind in ("oblast", "krai") and code != "RU-MOS" else (
            "Moscow Region" if code == "RU-MOS" else self.rname(code).removeprefix("the "))

    # -- districts
    def district_list(self, code: str, canon: list, allow_unknown: bool = True) -> tuple:
        """(phrase naming the districts, labels). Sometimes adds a district of another region."""
        rng = self.rng
        ds = {d.name: d for d in self.ref.districts.get(code, [])}
        form = rng.choice(["canon", "canon", "canon", "short", "skiy", "gloss"])
        written, labels = [], []
        for name in canon:
            d = ds[name]
            w = name
            if form == "short":
                shorts = [a for a in d.aliases if a.isascii() and a[:4] == name.lower()[:4]
                          and not a.endswith(("sky", "skiy", "skii"))]
                if shorts:
                    w = shorts[-1].title()
            elif form == "skiy" and name.endswith("sky"):
                w = name[:-3] + rng.choice(["skiy", "skii", "ski"])
            elif form == "gloss":
                cyr = [a for a in d.aliases if not a.isascii() and a.endswith("ий")]
                shorts = [a for a in d.aliases if a.isascii() and a[:4] == name.lower()[:4]
                          and not a.endswith(("sky", "skiy", "skii"))]
                if cyr:
                    w = f"{shorts[-1].title() if shorts else name} ({cyr[0].capitalize()})"
            if rng.random() < 0.04 and form == "canon" and len(name) > 7:
                i = rng.randint(2, len(name) - 5)
                bad = name[:i] + name[i + 1:]
                if name[i] in "aeiou" and bad not in ds and all(bad.lower() not in x.aliases for x in ds.values()):
                    w = bad
            written.append(w)
            labels.append(name)
        if allow_unknown and rng.random() < 0.06 and self.ref.foreign.get(code):
            fd = rng.choice(self.ref.foreign[code])
            pos = rng.randint(0, len(written))
            written.insert(pos, fd.name)
            labels.insert(pos, fd.name)
            self.flag("unknown_district")
            self.notes.append(f"'{fd.name} district' is not in {self.ref.regions[code].name}: kept as written, unknown_district.")
        plural = len(written) > 1
        phrase = join_and(written) + (" districts" if plural else " district")
        return phrase, labels

    # -- reports
    def cross_flags(self):
        reps = self.reports
        for i, a in enumerate(reps):
            for b in reps[i + 1:]:
                same_auth = a.authority == b.authority and a.official == b.official
                if same_auth:
                    if a.window and b.window and a.window != b.window and \
                            a.window[0] < b.window[1] and b.window[0] < a.window[1]:
                        self.flag("overlapping_windows")
                    continue
                if a.date != b.date or a.period != b.period or a.period is None:
                    continue
                for code, (na, qa) in a.regions.items():
                    if code in b.regions:
                        nb, qb = b.regions[code]
                        if inconsistent(na, qa, nb, qb):
                            self.flag("source_discrepancy")
                if a.window and b.window and "mod" in (a.authority, b.authority) and a.authority != b.authority:
                    m, o = (a, b) if a.authority == "mod" else (b, a)
                    inside = m.window[0] <= o.window[0] and o.window[1] <= m.window[1]
                    if not inside:
                        self.flag("window_mismatch")


def inconsistent(na, qa, nb, qb) -> bool:
    if qa == "exact" and qb == "exact":
        return na != nb
    if qa == "at_least" and qb == "exact":
        return nb < na
    if qb == "at_least" and qa == "exact":
        return na < nb
    if "approx" in (qa, qb):
        return abs(na - nb) >= 3
    return False


# ----------------------------------------------------------------------------- report blocks

def render_items(doc: Doc, items: list, *, amb_ok: bool, territory: bool, with_noun: bool,
                 towards: int = 0, start: bool = False) -> tuple:
    """Render a regional breakdown.

    Returns (list of item phrases, [(code, count)] as a careful reader records them, whether an
    unsplit 'N over A and B' was written)."""
    rng = doc.rng
    groups = []  # [(codes, count, mode)]
    i = 0
    while i < len(items):
        j = i
        while j + 1 < len(items) and items[j + 1][1] == items[i][1]:
            j += 1
        codes = [c for c, _ in items[i:j + 1]]
        n = items[i][1]
        if len(codes) > 1 and rng.random() < 0.65:
            groups.append((codes, n, "each"))
        else:
            groups.extend(([c], n, "single") for c in codes)
        i = j + 1
    amb = False
    if amb_ok:
        cand = [k for k, g in enumerate(groups) if g[2] == "each" and len(g[0]) == 2]
        if cand and rng.random() < 0.5:
            k = rng.choice(cand)
            groups[k] = (groups[k][0], groups[k][1], "amb")
            amb = True
    if rng.random() < 0.12 and not amb:
        first = groups[0]
        rest = groups[1:]
        rng.shuffle(rest)
        groups = [first] + rest
    parts = []
    recorded = []
    for k, (codes, n, mode) in enumerate(groups):
        first = k == 0
        num = doc.num(n, start=start and first)
        noun = ""
        if first and with_noun:
            noun = " " + ("drone" if n == 1 else rng.choice(["drones", doc.uav]))
            if rng.random() < 0.4 and mode == "single":
                noun += " were destroyed" if n > 1 else " was destroyed"
        if mode == "single":
            code = codes[0]
            if territory and doc.ref.regions[code].kind == "water":
                loc = f"over the waters of {doc.rname(code)}"
            elif territory:
                loc = f"over the territory of {doc.rname(code)}"
            else:
                loc = f"over {doc.rname(code)}"
            extra = ""
            if code == "RU-MOS" and towards and towards < n:
                extra = rng.choice([f", including {doc.num(towards)} flying towards Moscow",
                                    f", {doc.num(towards)} of them heading for Moscow",
                                    f", including {doc.num(towards)} that {'was' if towards == 1 else 'were'} flying towards the capital"])
            parts.append(f"{num}{noun} {loc}{extra}")
        elif mode == "each":
            g = doc.rgroup(codes, territory)
            if rng.random() < 0.8:
                parts.append(f"{num}{noun} each over {g}")
            else:
                parts.append(f"{num}{noun} over each of {g}")
        else:
            parts.append(f"{num}{noun} over {doc.rgroup(codes)}")
        recorded.extend((c, n) for c in codes)
    return parts, recorded, amb


def pick_form(rng: random.Random, forms: list, said_on: str) -> str:
    """forms: [(has a slot for said_on, text)]. Never drops a non-empty said_on."""
    ok = [t for has, t in forms if has or not said_on]
    t = rng.choice(ok)
    return t() if callable(t) else t


def mod_report(doc: Doc, rep: ModReport, *, mode: str, wstyle: str | None, wdated: str | None = None,
               partial: int = 0, allow_amb: bool = True, lead: bool = True, quote: bool | None = None,
               attribution: str = "ministry", said_on_ok: bool = True, regions_word: bool = True) -> list:
    """Paragraphs relaying a MoD report; records its claims. partial=k: only the top k items.

    lead=False renders the report as one paragraph starting with the ministry as subject."""
    rng = doc.rng
    d = rep.date
    period = rep.period
    window = (rep.start, rep.end) if wstyle else None
    if wdated == "monthday":
        mode = "monthday"
    elif wdated == "weekday":
        mode = "weekday"
    event = doc.label_date(d, mode)
    when, said_on = doc.when(d, period, mode, said=said_on_ok, morning=bool(wstyle) and rep.start.hour < 12)
    if wdated:
        when = ""
    items = rep.items[:partial] if partial else rep.items
    complete = not partial and sum(n for _, n in rep.items) == rep.total
    amb_ok = allow_amb and complete and len(items) >= 3
    total = rep.total
    wp = doc.window_phrase(window, wstyle, wdated) if window else ""
    n_regions = len([c for c, _ in rep.items if doc.ref.regions[c].kind != "water"])
    has_water = any(doc.ref.regions[c].kind == "water" for c, _ in rep.items)
    over_k = ""
    if regions_word and n_regions > 1 and rng.random() < 0.7:
        if has_water:
            over_k = rng.choice([" over several regions and adjacent waters", " over Russian regions and the sea"])
        else:
            over_k = rng.choice([f" over {words(n_regions)} regions", f" over {words(n_regions)} Russian regions",
                                 f" over {words(n_regions)} regions of the country"]) if n_regions < 20 else " over several regions"
    elif regions_word and n_regions > 1:
        over_k = rng.choice([" over several regions", " over Russian territory", ""])
    ministry = {"ministry": rng.choice(["the Russian Defence Ministry", "the Defence Ministry", "Russia's Defence Ministry",
                                        "the Russian Ministry of Defence", "the Ministry of Defence"]),
                "ap": "the Russian Defense Ministry"}[attribution]
    subj = ministry if ministry.startswith("the ") else "the Defence Ministry"
    uav = rng.choice(["Ukrainian drones", "Ukrainian drones", f"Ukrainian {doc.uav}", "drones",
                      "Ukrainian fixed-wing drones", "Ukrainian aircraft-type unmanned aerial vehicles"])
    T = doc.num(total)
    Tcap = doc.num(total, start=True)
    wpart = f" {wp}" if wp else ""
    whenpart = f" {when}" if when else ""
    paras = []
    if not lead:
        quote = False
    elif quote is None:
        quote = rng.random() < 0.35 and not partial
    window_in_lead = bool(wp) and lead and rng.random() < 0.55
    if lead:
        w_lead = wpart if window_in_lead else ""
        forms = [
            (True, lambda: f"Russian air defence systems intercepted and destroyed {T} {uav}{over_k}{whenpart}{w_lead}, {ministry} said{said_on}."),
            (True, lambda: f"{Tcap} {uav} were shot down{whenpart}{over_k}{w_lead}, {ministry} said{said_on}."),
            (True, lambda: f"Russia's air defence units destroyed {T} {uav}{over_k}{whenpart}{w_lead}, {ministry} said{said_on}."),
            (True, lambda: f"{cap(ministry)} said{said_on} that its air defences had destroyed {T} {uav}{whenpart}{w_lead}{over_k}."),
            (False, lambda: f"Air defences downed {T} {uav}{whenpart}{over_k}{w_lead}, according to {ministry}."),
            (True, lambda: f"{cap(ministry)} reported{said_on} the interception of {T} {uav}{over_k}{whenpart}{w_lead}."),
        ]
        if period == "day":
            forms.append((True, lambda: f"On-duty air defences destroyed {T} {uav}{over_k}{whenpart}{w_lead}, {ministry} said{said_on} in the evening."))
        paras.append(pick_form(rng, forms, said_on))
    parts, recorded, amb = render_items(doc, items, amb_ok=amb_ok, territory=rng.random() < 0.3,
                                        with_noun=rng.random() < 0.5, towards=rep.towards_moscow)
    lst = join_and(parts)
    tail = ""
    if not partial and len(parts) >= 5 and rng.random() < 0.3:
        cut = len(parts) // 2 + 1
        lst = join_and(parts[:cut])
        tail = rng.choice([" It also reported ", " It also listed ", " The rest were destroyed as follows: "]) + join_and(parts[cut:]) + "."
    w_body = "" if window_in_lead else wpart
    if partial:
        rest_note = rng.choice([" The ministry did not say where the remaining drones were brought down.",
                                " It did not give a breakdown for the other regions.",
                                " The statement did not list the remaining regions.", ""])
        if lead:
            forms = [
                lambda: f"The drones were intercepted{w_body}{over_k if not w_body else ''}, including {lst}, according to the ministry.{rest_note}",
                lambda: f"According to the ministry, the drones were destroyed{w_body}, including {lst}.{rest_note}",
                lambda: f"Among them, {lst}, the ministry said.{rest_note}" if not w_body else f"The drones were brought down{w_body}. Among them, {lst}, the ministry said.{rest_note}",
            ]
            paras.append(rng.choice(forms)())
        else:
            paras.append(f"{cap(subj)} said{said_on} that {T} {uav} had been destroyed{whenpart}{w_body}{over_k}, including {lst}.{rest_note}")
    elif quote:
        opener = cap(wp) if (wp and not window_in_lead) else (
            rng.choice(["During the past night", "Over the past night"]) if period == "night" else "During the day")
        kind = rng.choice(["fixed-wing UAVs", "unmanned aerial vehicles", "aircraft-type drones"])
        paras.append(f"\"{opener}, on-duty air defence assets intercepted and destroyed {T} Ukrainian {kind}: {lst},\""
                     + rng.choice([" the ministry said in a statement posted on its Telegram channel.",
                                   " the ministry's statement read.", " the ministry said."]) + tail)
    else:
        if lead and w_body:
            forms = [lambda: f"The drones were destroyed{w_body}, the ministry said: {lst}.{tail}",
                     lambda: f"According to the ministry, the drones were intercepted{w_body}: {lst}.{tail}",
                     lambda: f"The ministry said the drones were brought down{w_body}. {cap(lst)}.{tail}"
                     if not lst[:1].isdigit() or doc.numstyle == "digits" else
                     f"The ministry said the drones were brought down{w_body}, {lst}.{tail}"]
        elif lead:
            forms = [lambda: f"According to the ministry, {lst}.{tail}",
                     lambda: f"Of these, {lst}.{tail}",
                     lambda: f"The breakdown by region: {lst}.{tail}"]
            if not lst[:1].isdigit() or doc.numstyle == "digits":
                forms.append(lambda: f"{cap(lst)}, the ministry said.{tail}")
        else:
            forms = [lambda: f"{cap(subj)} said{said_on} that {T} {uav} had been destroyed{whenpart}{w_body}{over_k}: {lst}.{tail}",
                     lambda: f"{cap(subj)} reported{said_on} {T} {uav} destroyed{whenpart}{w_body}{over_k} - {lst}.{tail}"]
        paras.append(rng.choice(forms)())
    # claims
    doc.add_claim("mod", None, "total", None, total, "exact", window, event, period)
    regions = {}
    for code, n in recorded:
        doc.add_claim("mod", None, "region", code, n, "exact", window, event, period)
        regions[code] = (n, "exact")
    s = sum(n for _, n in recorded)
    arith = "+".join(str(n) for _, n in recorded)
    if s > total:
        doc.flag("breakdown_sum_mismatch")
        doc.notes.append(f"MoD breakdown {arith}={s} exceeds the total {total}: breakdown_sum_mismatch.")
        if rng.random() < 0.5 and not partial:
            paras.append(rng.choice([
                "The ministry's regional figures do not add up to the total it announced.",
                "The regional numbers listed by the ministry come to more than its headline figure, and the statement was not corrected.",
            ]))
    elif s < total:
        doc.flag("breakdown_partial")
        doc.notes.append(f"MoD breakdown {arith}={s} of {total}: breakdown_partial.")
    else:
        doc.notes.append(f"MoD {arith}={total}, complete.")
    if amb:
        doc.flag("ambiguous_count")
        doc.notes.append("An unsplit 'N over A and B' only adds up to the total as N each: one claim per region, ambiguous_count.")
    if window and wstyle in ("gmt", "utc"):
        doc.notes.append(f"Window given in {wstyle.upper()}, labelled in Moscow time {hm(window[0])}-{hm(window[1])}.")
    if event is None:
        doc.notes.append(f"MoD report of {d.isoformat()} cannot be dated from the text.")
    doc.reports.append(Rendered("mod", None, d, period, window, regions, (total, "exact"), s, len(recorded)))
    doc.last_event = event
    return paras


def mod_region_only(doc: Doc, rep: ModReport, code: str, *, mode: str, wstyle: str | None) -> str:
    """A one-sentence MoD figure for a single region (no total)."""
    rng = doc.rng
    n = rep.count_for(code)
    window = (rep.start, rep.end) if wstyle else None
    event = doc.label_date(rep.date, mode)
    when, said_on = doc.when(rep.date, rep.period, mode, morning=bool(wstyle) and rep.start.hour < 12)
    wp = f" {doc.window_phrase(window, wstyle, None)}" if window else ""
    dr = "drone" if n == 1 else "drones"
    had = "had" if n > 1 else "had"
    s = pick_form(rng, [
        (True, lambda: f"The Defence Ministry said{said_on} that {doc.num(n)} {dr} {had} been destroyed over {doc.rname(code)} {when}{wp}."),
        (False, lambda: f"According to the Defence Ministry, air defences shot down {doc.num(n)} {dr} over {doc.rname(code)} {when}{wp}."),
        (True, lambda: f"The Russian Defence Ministry reported{said_on} {doc.num(n)} {dr} destroyed over {doc.rname(code)}{wp} {when}."),
    ], said_on)
    doc.add_claim("mod", None, "region", code, n, "exact", window, event, rep.period)
    doc.reports.append(Rendered("mod", None, rep.date, rep.period, window, {code: (n, "exact")}, None, n, 1))
    doc.notes.append("The ministry's figure for one region only, no total.")
    return s


def gov_intro(doc: Doc, off: reference.Official, full: str, code: str, d: date) -> str:
    rng = doc.rng
    region = doc.rname(code)
    if code == "UA-40":
        return rng.choice([f"Sevastopol Governor {full}", f"{full}, the governor of Sevastopol,"])
    if code == "UA-43":
        return rng.choice([f"{full}, the Russian-installed head of Crimea,", f"the head of Crimea, {full},"])
    if title_of(doc.ref, off) == "head":
        return rng.choice([f"{full}, the head of {region},", f"the head of the republic, {full},"])
    title = doc.gov_title(off, d, code)
    adj = doc.region_adj(code)
    return rng.choice([f"{adj} {title} {full}", f"{title} {full}", f"{full}, the governor of {region},",
                       f"the head of {region}, {full},", f"{adj} {title.lower()} {full}"])


def gov_report(doc: Doc, g: GovReport, *, mode: str, mismatch: bool = False, window_ok: bool = True,
               quote: bool | None = None) -> list:
    rng = doc.rng
    code = g.code
    off = g.official
    event = doc.label_date(g.date, mode)
    when, said_on = doc.when(g.date, g.period, mode, morning=bool(g.window and window_ok) and g.window[0].hour < 12)
    full, surname, mis = doc.official_name(off, mismatch)
    official_label = off.name
    if mismatch and rng.random() < 0.25:
        fo = former_official(doc.ref, code, g.date)
        if fo is not None:
            official_label = fo.name
            full, surname, mis = fo.name, fo.name.partition(" ")[2], "wrong office"
    if mis:
        doc.flag("official_name_mismatch")
        doc.notes.append(f"Official written '{full}' ({mis}); labelled {official_label}: official_name_mismatch.")
    doc.surname = surname
    region = doc.rname(code)
    intro = gov_intro(doc, off, full, code, g.date)
    window = g.window if window_ok else None
    wp = doc.window_phrase(window, rng.choice(["msk24b", "msk24b", "msk24", "msk12"]), None) if window else ""
    dist_phrase, dist_labels = ("", [])
    if g.districts:
        dist_phrase, dist_labels = doc.district_list(code, g.districts)
    one = g.count == 1 and g.qualifier == "exact"
    N = doc.qnum(g.count, g.qualifier)
    if one:
        N = rng.choice(["one", "a single"]) if doc.numstyle != "digits" else "1"
    verb = rng.choice(["destroyed", "shot down", "destroyed", "destroyed and suppressed"])
    thing = "UAV" if one else rng.choice(["UAVs", "drones", "aircraft-type UAVs"])
    over = f"over the territory of the {dist_phrase}" if dist_phrase else rng.choice(["over the region", f"over {region}"])
    if code == "UA-40":
        over = rng.choice(["over Sevastopol", "over the city", "in the skies over Sevastopol"])
    key = doc.region_base(code) if doc.ref.regions[code].kind in ("oblast", "krai") else region.removeprefix("the ")
    if key not in intro and key not in over:  # the region is always named, not only implied by the official
        over = f"{over} of {region}" if dist_phrase else f"over {region}"
    paras = []
    if quote is None:
        quote = rng.random() < 0.6
    if quote:
        lead_forms = [
            (True, lambda: f"{cap(intro)} said{said_on} that air defence forces had repelled a drone attack on {region} {when}."),
            (True, lambda: f"{cap(when)}, air defence units over {region} engaged Ukrainian drones, {intro} wrote on Telegram{said_on}."),
            (True, lambda: f"{cap(intro)} reported{said_on} a drone attack on {region} {when}."),
        ]
        q_open = f"{cap(wp)}, air defence" if wp else "Air defence"
        v = rng.choice([verb, verb, "repelled an attack by"])
        calm = rng.choice(["There were no casualties or destruction.", "According to preliminary information, there were no casualties.",
                           "No one was injured.", "There is no damage to infrastructure."])
        ops = rng.choice([" Operational services are working at the scene.",
                          " Emergency services are working at the sites where the debris fell.", " Specialists are working on site.", ""])
        paras.append(pick_form(rng, lead_forms, said_on))
        paras.append(f"\"{q_open} forces {v} {N} {thing} {over}. {calm}{ops}\" {surname} wrote"
                     + rng.choice([" on his Telegram channel.", ".", " in a post on Telegram."]))
    else:
        wtxt = f" {wp}" if wp else ""
        was = "was" if one else "were"
        forms = [
            (True, lambda: f"{cap(intro)} said{said_on} that {N} {thing} had been {verb} {over} {when}{wtxt}."),
            (True, lambda: f"Air defence forces {verb} {N} {thing} {over} {when}{wtxt}, {intro} said{said_on}."),
            (False, lambda: f"{cap(when)}{wtxt}, {N} {thing} {was} destroyed {over}, according to {intro.rstrip(',')}."),
            (True, lambda: f"{cap(when)}{wtxt}, {N} {thing} {was} destroyed {over}, {intro} wrote on Telegram{said_on}."),
        ]
        paras.append(pick_form(rng, forms, said_on))
    doc.add_claim("governor", official_label, "region", code, g.count, g.qualifier, window, event, g.period, dist_labels)
    doc.reports.append(Rendered("governor", official_label, g.date, g.period, window, {code: (g.count, g.qualifier)}))
    if event is None:
        doc.notes.append(f"{official_label}'s figure cannot be dated from the text.")
    return paras


# ----------------------------------------------------------------------------- filler and traps

BACKGROUND = [
    "Since the beginning of the special military operation, the Kyiv regime has regularly attempted to attack targets on Russian territory with unmanned aerial vehicles.",
    "Kyiv does not usually comment on the ministry's figures, which cannot be independently verified.",
    "Ukraine says its strikes target infrastructure that is key to Moscow's war effort, such as oil refineries, fuel depots and airfields. Russia describes the attacks as terrorism.",
    "Regional authorities said emergency services had been sent to several locations where fragments of the aircraft came down, and asked residents not to approach any debris.",
    "The ministry publishes its tallies several times a day, and the time windows it uses change from statement to statement, which makes the figures difficult to compare.",
    "Drone alerts sounded in several towns throughout the night, and residents shared videos of air defence fire on social media.",
    "Neither side's account could be independently verified.",
    "The border regions have faced near-daily drone attacks for months, and local officials say the raids mostly target roads, farms and power lines.",
    "Analysts who follow the ministry's statements say governors and the ministry often count different hours of the night.",
    "The authorities asked residents who find fragments not to touch them and to call the single emergency number.",
    "Ukrainian officials rarely comment on specific attacks inside Russia.",
    "Air raid alerts were in force in several districts for much of the night, local officials said.",
]

FLIGHT_TRAPS = [
    "Temporary restrictions on arrivals and departures were imposed at the airport in {city}, the Federal Air Transport Agency said. By the morning, {a} flights had been delayed and {b} cancelled.",
    "Rosaviatsia introduced restrictions at {city} airport for several hours; {a} departures were delayed and {b} flights were diverted to other airports.",
    "The attacks disrupted air traffic: {a} flights were delayed across the Moscow air hub and {b} were cancelled, according to online departure boards.",
]
DAMAGE_TRAPS = [
    "In the {district} district, falling debris damaged {a} private houses and {b} cars, the regional authorities said. Nobody was hurt.",
    "Two people were injured when debris fell on a residential street, and the windows of {a} apartment buildings were broken.",
    "Fragments damaged a power line, leaving about {c} households without electricity for several hours.",
    "About {f} firefighters were involved in putting out a blaze at an industrial site that covered an area of {c} square metres.",
    "{A} residents were treated for minor injuries and {b} houses had their roofs damaged, local officials said.",
]
UKRAINE_TRAPS = [
    "Ukraine's air force said on the same day that Russia had launched {a} drones and {b} missiles at Ukraine overnight, and that {c} of the drones had been shot down.",
    "Ukraine's air force said Russia had attacked with {a} Shahed-type drones overnight, of which {c} were destroyed by Ukrainian air defences.",
]
HISTORIC_TRAPS = [
    "Russia's defence ministry says it has destroyed more than {big} Ukrainian drones over Russian territory since the start of the year, a figure that cannot be verified.",
    "Since the start of the year, over {big} drones have been reported destroyed over the region, according to the outlet's own count.",
    "In the previous month alone, the ministry's daily statements added up to more than {big} drones.",
]
WEAPON_TRAPS = [
    "Separately, the ministry said its forces had shot down {a} Neptune missiles and {b} guided aerial bombs.",
    "The Black Sea Fleet destroyed {a} Ukrainian uncrewed surface vessels heading towards Novorossiysk, the ministry added.",
    "Air defences also intercepted {a} HIMARS rockets over the border area, the military said.",
]
CITIES = ["Kaluga", "Bryansk", "Kursk", "Belgorod", "Tambov", "Yaroslavl", "Sochi", "Kazan", "Volgograd",
          "Vnukovo", "Sheremetyevo", "Domodedovo", "Lipetsk", "Voronezh", "Oryol", "Rostov-on-Don"]


def trap(doc: Doc, kind: str) -> str:
    """A paragraph with numbers that are not interception claims (each template once per article)."""
    rng = doc.rng
    a, b = (rng.randint(2, 6), rng.randint(2, 5)) if kind == "weapon" else (rng.randint(2, 40), rng.randint(2, 15))
    c = rng.randint(a + 1, 3000) if kind != "ukraine" else rng.randint(2, a)
    big = f"{rng.randint(11, 190) * 100:,}"
    pool = {"flight": FLIGHT_TRAPS, "damage": DAMAGE_TRAPS, "ukraine": UKRAINE_TRAPS,
            "historic": HISTORIC_TRAPS}.get(kind, WEAPON_TRAPS)
    pool = [t for t in pool if t not in doc.used] or pool
    t = rng.choice(pool)
    doc.used.append(t)
    dist = rng.choice(["Shebekinsky", "Klintsovsky", "Rylsky", "Ramensky", "Kozelsky", "Glushkovsky", "Starodubsky"])
    return t.format(a=doc.num(a), b=doc.num(b), c=c if c < 1000 else f"{c:,}", A=doc.num(a, start=True), f=rng.randint(3, 30) * 10,
                    big=big, city=rng.choice(CITIES), district=dist)


def filler(doc: Doc, k: int, traps=("flight", "damage", "ukraine", "historic", "weapon")) -> list:
    rng = doc.rng
    out = []
    bg = rng.sample(BACKGROUND, min(k, len(BACKGROUND)))
    for i in range(k):
        if traps and rng.random() < 0.45:
            out.append(trap(doc, rng.choice(traps)))
        else:
            out.append(bg[i])
    return out


# ----------------------------------------------------------------------------- boilerplate

UNRELATED = [
    "Heat wave expected in central Russia next week, forecasters warn",
    "Regional budget to fund new school buses for rural districts",
    "Christmas market opens in Kaliningrad despite cold snap",
    "Local football club signs new head coach",
    "Central Bank keeps key rate unchanged",
    "Five ways to save on heating this winter",
    "New bridge across the Oka to open ahead of schedule",
    "Celebrity chef opens restaurant on the river embankment",
    "Museum night draws record crowds",
    "Farmers expect a strong grain harvest this year",
    "How to apply for a fishing licence online",
    "City council approves plan for new tram line",
]
FOOTERS = [
    "Subscribe to our newsletter and get the most important news of the day in your inbox every morning.",
    "Subscribe to our Telegram channel to be the first to know about breaking news.",
    "This website uses cookies to analyse traffic and personalise content. By continuing to use the site you consent to the processing of your data. Accept | Settings",
    "We use cookies to give you the best experience on our website. Continuing to browse means you accept our cookie policy.",
    "Share this article: Telegram | VK | X | Copy link",
    "Tags: drones, air defence, regions",
    "(c) {year} {outlet}. All rights reserved. Any use of materials is allowed only with a direct link to the source.",
    "\u00a9 {outlet}. All rights reserved.",
    "Your email address will not be published. Required fields are marked *",
    "[mc4wp_form id=\"{n}\"]",
    "Our journalism is free for everyone. Support independent reporting - donate today.",
    "Follow us on Telegram for live updates.",
    "Advertisement",
]


def add_boilerplate(doc: Doc):
    rng = doc.rng
    if rng.random() >= 0.32:
        return
    added = []
    r = rng.random()
    if r < 0.35:
        doc.top.append(doc.headline)
        added.append("repeated headline")
    if rng.random() < 0.1:
        doc.top.append(rng.choice(FOOTERS[2:4]))
        added.append("cookie banner")
    if rng.random() < 0.3 and len(doc.paras) > 3:
        pos = rng.randint(2, len(doc.paras) - 1)
        doc.paras.insert(pos, rng.choice(["Read also: ", "Read more: ", "See also: "]) + rng.choice(UNRELATED))
        added.append("read-also link")
    if rng.random() < 0.75 or not added:
        k = rng.randint(1, 4)
        for t in rng.sample(FOOTERS, k):
            doc.paras.append(t.format(year=(doc.published or date(2025, 1, 1)).year, outlet=doc.outlet,
                                      n=rng.randint(100, 999)))
        if rng.random() < 0.3:
            doc.paras.append(rng.choice(["Related:", "More from the region:", "Most read:"]))
            doc.paras.extend(rng.sample(UNRELATED, 2))
        added.append("footer")
    doc.flag("boilerplate")
    doc.notes.append("Boilerplate: " + ", ".join(added) + ".")


# ----------------------------------------------------------------------------- article styles

WIRE_OUTLETS = ["Novosti Wire Service", "Interregional News Agency", "Global Wire Review", "Continental Press Review",
                "Eastern Dispatch Online", "Harbour Street Journal", "Steppe Wire", "Volga Wire Monitor",
                "Central Russia Wire", "Neva Baltic Wire", "Atlantic Desk", "Southern Federal Wire"]
REGIONAL_OUTLETS = {
    "RU-KLU": ["Ugra Region Online", "Kaluga Evening Courier", "Obninsk Week", "Oka Valley News"],
    "RU-BRY": ["Desna Daily", "Bryansk Forest Post"], "RU-BEL": ["Belgorod Line", "Border Region Bulletin"],
    "RU-KRS": ["Seym River News", "Seim River Herald"], "RU-ORL": ["Oka Valley Times", "Oryol Courier"],
    "RU-TUL": ["Tula Evening Online"], "RU-VOR": ["Chernozemye Daily", "Upper Don Gazette"],
    "RU-LIP": ["Chernozem Today"], "RU-ROS": ["Don Coast Bulletin"], "RU-KDA": ["Kuban Coast Online"],
    "UA-43": ["Crimean Shore News"], "UA-40": ["Crimean Shore News", "Sevastopol Bay Post"],
    "RU-MOS": ["Capital Region Observer"], "RU-SMO": ["Smolensk Gate"], "RU-MOW": ["Capital Line News", "Capital Ledger"],
}
GENERAL_OUTLETS = ["Central Russia Today", "Western Russia Monitor", "Regions Roundup", "Frontier Digest",
                   "Midland Report", "Regional Herald", "Evening Digest RU", "Frontline Live Desk",
                   "Open Numbers Blog", "Strategic Affairs Weekly", "Defence Industry Observer",
                   "Energy Front Review", "Sky Traffic Daily", "Maritime Security Watch"]


def choose_dates(doc: Doc, d: date, *, p_none: float = 0.2, lag=(0, 1), dateline: bool = False,
                 header_year: bool = False):
    """Set published date and anchor for an article about an event ending on d."""
    rng = doc.rng
    if rng.random() < p_none:
        doc.published = None
        if dateline:
            doc.anchor = (d, False)
        elif header_year:
            doc.anchor = (d, True)
        else:
            doc.anchor = None
    else:
        p = d + timedelta(days=0 if dateline else rng.choice(lag))
        doc.published = p
        doc.anchor = (p, True)
        if rng.random() < 0.12:
            doc.published_str = f"{p.isoformat()}T{rng.randint(9, 23):02d}:{rng.randint(0, 59):02d}:00+03:00"
        else:
            doc.published_str = p.isoformat()


def pick_mode(doc: Doc, d: date, prefer=None) -> str:
    ms = doc.modes(d)
    if prefer:
        for m in prefer:
            if m in ms:
                return m
    return doc.rng.choice(ms)


def dateline(doc: Doc, d: date, agency: str) -> str:
    md = f"{MONTHS[d.month - 1]} {d.day}" if agency != "interfax" else f"{MON_ABBR[d.month - 1]} {d.day}"
    city = doc.rng.choice(["MOSCOW", "MOSCOW", "MOSCOW", "KURSK", "BELGOROD", "BRYANSK", "ROSTOV-ON-DON", "SIMFEROPOL"])
    if agency == "tass":
        return f"{city}, {md}. /TASS/."
    if agency == "interfax":
        return f"{city}, {md} (Interfax) -"
    if agency == "ria":
        return f"{city}, {md} - RIA Novosti."
    return f"{city}, {md}."


def headline_mod(doc: Doc, rep: ModReport, when_word: str) -> str:
    rng = doc.rng
    n = rep.total
    k = len([c for c, _ in rep.items if doc.ref.regions[c].kind != "water"])
    forms = [f"Air defences down {n} Ukrainian drones over Russian regions {when_word}",
             f"Russia says it downed {n} Ukrainian drones {when_word}",
             f"MoD: {n} Ukrainian drones destroyed {when_word}",
             f"{n} drones shot down over {words(k) if k > 1 else 'one'} region{'s' if k > 1 else ''}, ministry says",
             f"Dozens of drones downed over Russia {when_word}" if n >= 24 else f"Drones downed over border regions {when_word}",
             "Ministry reports new drone attack on Russian regions"]
    return rng.choice(forms).strip()


def style_wire(doc: Doc, d: date):
    rng = doc.rng
    w = doc.world
    agency = wchoice(rng, [("tass", 30), ("interfax", 20), ("ria", 15), ("reuters", 20), ("ap", 15)])
    doc.style = f"wire_{agency}"
    night = rng.random() < 0.72
    rep = w.night(d) if night else (w.days(d)[0] if w.days(d) else w.night(d))
    night = rep.period == "night"
    has_dl = agency in ("tass", "interfax", "ria") and rng.random() < 0.85
    choose_dates(doc, d, p_none=0.25 if has_dl else 0.15, dateline=has_dl)
    doc.outlet = rng.choice(WIRE_OUTLETS)
    if agency == "ria":
        doc.numstyle = "words" if rng.random() < 0.6 else doc.numstyle
    wstyle = {"tass": "msk24", "interfax": "msk24", "ria": "msk24", "reuters": "gmt", "ap": "msk12"}[agency]
    if rng.random() < 0.2:
        wstyle = rng.choice(["msk24", "msk12", "gmt", "utc"])
    if rng.random() < 0.12:
        wstyle = None
    wdated = None
    if wstyle and rng.random() < 0.25:
        wdated = "monthday" if rng.random() < 0.6 else ("weekday" if doc.anchor and doc.anchor[1] else None)
    mode = pick_mode(doc, d, ["anchor", "weekday"] if rng.random() < 0.7 else None)
    partial = 0
    if len(rep.items) >= 3 and rng.random() < 0.22:
        partial = rng.randint(1, len(rep.items) - 1)
    if agency == "reuters" and len(rep.items) >= 3 and rng.random() < 0.2:
        partial = rng.randint(1, 2)
    doc.headline = headline_mod(doc, rep, "overnight" if night else "in the daytime")
    paras = mod_report(doc, rep, mode=mode, wstyle=wstyle, wdated=wdated, partial=partial,
                       attribution="ap" if agency == "ap" else "ministry")
    if has_dl:
        paras[0] = dateline(doc, d, agency) + " " + paras[0]
    elif agency == "reuters":
        paras[0] = rng.choice(["(Reuters) - ", "LONDON (Reuters) - ", ""]) + paras[0]
    elif agency == "ap":
        paras[0] = rng.choice(["MOSCOW (AP) - ", "KYIV, Ukraine (AP) - ", ""]) + paras[0]
    doc.paras.extend(paras)
    # the previous night's figure, now and then
    if night and rng.random() < 0.12:
        prev = w.night(d - timedelta(days=1))
        ev = doc.last_event  # 'the previous night' is resolved from the main report's date
        if ev is not None and not (len(ev) == 5 and d.month == 3 and d.day == 1):
            pd = d - timedelta(days=1)
            pev = pd.isoformat() if len(ev) == 10 else f"{pd.month:02d}-{pd.day:02d}"
            doc.paras.append(rng.choice([
                f"The previous night, the ministry reported {doc.num(prev.total)} drones destroyed.",
                f"A night earlier, the ministry said its air defences had destroyed {doc.num(prev.total)} Ukrainian drones.",
            ]))
            doc.add_claim("mod", None, "total", None, prev.total, "exact", None, pev, "night")
            doc.reports.append(Rendered("mod", None, pd, "night", None, {}, (prev.total, "exact")))
            doc.notes.append("'The previous night' is one day before the main report.")
    # governors without figures, or with
    if rng.random() < 0.35:
        code = rng.choice([c for c, _ in rep.items])
        g = w.gov(d, rep.period, code)
        if g is not None and rng.random() < 0.5 and doc.anchor is not None:
            gm = pick_mode(doc, d, ["anchor", "weekday"])
            doc.paras.extend(gov_report(doc, g, mode=gm, mismatch=rng.random() < 0.05, quote=False))
        else:
            off = official_for(doc.ref, code, d)
            if off is not None and title_of(doc.ref, off) == "governor" and code not in ("UA-43", "UA-40"):
                doc.paras.append(rng.choice([
                    f"{doc.region_adj(code)} Governor {off.name} said there were no casualties or damage in the region.",
                    f"{off.name}, the governor of {doc.rname(code)}, wrote on Telegram that emergency services were inspecting the sites where debris had fallen.",
                    f"Governor {off.name} did not say how many drones had been aimed at {doc.rname(code)}.",
                ]))
    doc.paras.extend(filler(doc, rng.randint(1, 4)))
    if agency == "interfax" and rng.random() < 0.6:
        doc.paras.append("Interfax has no independent information about the attack.")
    if agency == "reuters" and rng.random() < 0.6:
        doc.paras.append("Reuters could not independently verify the report. There was no immediate comment from Ukraine.")


def style_governor(doc: Doc, d: date):
    rng = doc.rng
    w = doc.world
    period = "night" if rng.random() < 0.7 else "day"
    mod = w.mod_for(d, period)
    cands = [c for c, _ in mod.items] if mod else []
    extra = ["RU-KLU", "RU-BRY", "RU-BEL", "RU-KRS", "RU-ORL", "RU-TUL", "RU-VOR", "RU-LIP", "RU-SMO",
             "UA-40", "UA-43", "RU-ROS", "RU-MOS"]
    pool = cands if cands and rng.random() < 0.8 else extra
    order = pool[:]
    rng.shuffle(order)
    g = None
    for code in order:
        g = w.gov(d, period, code)
        if g is not None:
            break
    if g is None:
        return style_wire(doc, d)
    doc.style = f"governor_{period}"
    choose_dates(doc, d, p_none=0.2, lag=(0, 0, 0, 1))
    doc.outlet = rng.choice(REGIONAL_OUTLETS.get(code, GENERAL_OUTLETS))
    mode = pick_mode(doc, d, ["anchor", "weekday", "monthday"] if rng.random() < 0.8 else None)
    mismatch = rng.random() < 0.07
    doc.paras.extend(gov_report(doc, g, mode=mode, mismatch=mismatch))
    surname = doc.surname
    n_text = doc.qnum(g.count, g.qualifier, start=True) if g.qualifier != "exact" else doc.num(g.count, start=True)
    doc.headline = rng.choice([
        f"{surname}: {doc.qnum(g.count, g.qualifier).lower() if g.qualifier != 'exact' else g.count} drones shot down over {doc.rname(code, 'region').removeprefix('the ')}",
        f"{n_text} drone{'s' if g.count != 1 else ''} destroyed over {doc.rname(code, 'region')}",
        f"Air defence repels drone attack on {doc.rname(code, 'region').removeprefix('the ')}",
        f"Governor reports drones downed over {words(len(g.districts))} districts" if len(g.districts) > 1 else f"Drone attack on {doc.rname(code, 'region').removeprefix('the ')} repelled",
    ])
    if rng.random() < 0.5:
        doc.paras.append(rng.choice([
            f"{surname} again asked residents not to approach fragments of drones, not to pick them up and not to film or publish photographs of the places where they fell.",
            "Residents said they had heard several loud bangs before dawn." if period == "night" else "Residents said they had heard several loud bangs around lunchtime.",
            "The regional emergency service said specialists had removed fragments found in a field.",
        ]))
    # the ministry's figure for the same period
    if mod is not None and rng.random() < 0.6:
        mmode = pick_mode(doc, d, [mode])
        r = rng.random()
        wstyle = rng.choice(["msk24", "msk24", "msk12", None])
        if r < 0.3 and mod.count_for(code) is not None:
            doc.paras.append(mod_region_only(doc, mod, code, mode=mmode, wstyle=wstyle))
        elif r < 0.42 and mod.total > 10:
            # a qualified total without a breakdown: "more than 20"
            q = (mod.total - 1) // 5 * 5
            ev = doc.label_date(d, mmode)
            when2, said2 = doc.when(d, period, mmode)
            doc.paras.append(rng.choice([
                f"The Defence Ministry said{said2} that more than {doc.num(q)} drones had been destroyed {when2} over several regions, but did not give a breakdown by region.",
                f"According to the Defence Ministry, which reported{said2} at least {doc.num(q)} drones destroyed {when2}, {rng.choice(['the attack was one of the largest this month', 'most of the drones were shot down over the border regions'])}.",
            ]))
            doc.add_claim("mod", None, "total", None, q, "at_least", None, ev, period)
            doc.reports.append(Rendered("mod", None, d, period, None, {}, (q, "at_least")))
            doc.notes.append(f"'more than/at least {q}' from the ministry: at_least, no breakdown.")
        elif r < 0.7:
            k = len(mod.items)
            partial = 0
            if k > 1 and rng.random() < 0.5:
                idx = [i for i, (c, _) in enumerate(mod.items) if c == code]
                partial = max(idx[0] + 1 if idx else 1, rng.randint(1, k - 1))
                if partial >= k:
                    partial = 0
            doc.paras.extend(mod_report(doc, mod, mode=mmode, wstyle=wstyle, partial=partial, lead=False,
                                        allow_amb=False))
        else:
            doc.paras.extend(mod_report(doc, mod, mode=mmode, wstyle=wstyle, allow_amb=True))
        mine = [r for r in doc.reports if r.authority == "mod"]
        if mine and code in mine[0].regions and mine[0].regions[code][0] != g.count and g.qualifier == "exact":
            doc.paras.append(rng.choice([
                "The ministry's figure for the region differs from the governor's.",
                "Gaps between regional and federal numbers are not unusual: governors and the ministry often count different hours.",
            ]))
    doc.paras.extend(filler(doc, rng.randint(1, 3), traps=("damage", "flight", "historic")))


def style_mayor(doc: Doc, d: date):
    rng = doc.rng
    w = doc.world
    period = "night" if rng.random() < 0.75 else "day"
    posts = w.mayor_posts(d, period)
    if not posts:
        other = "day" if period == "night" else "night"
        posts = w.mayor_posts(d, other)
        period = other
    if not posts:
        return style_wire(doc, d)
    doc.style = f"mayor_{period}"
    off = official_for(doc.ref, "RU-MOW", d)
    if off is None:
        return style_wire(doc, d)
    choose_dates(doc, d, p_none=0.15, lag=(0, 0, 1))
    doc.outlet = rng.choice(REGIONAL_OUTLETS["RU-MOW"])
    mode = pick_mode(doc, d, ["anchor", "weekday"])
    event = doc.label_date(d, mode)
    when, said_on = doc.when(d, period, mode)
    mismatch = rng.random() < 0.06
    full, surname, mis = doc.official_name(off, mismatch)
    if mis:
        doc.flag("official_name_mismatch")
        doc.notes.append(f"Mayor written '{full}' ({mis}).")
    total = sum(n for _, n in posts)
    doc.headline = rng.choice([f"{surname} reports drones flying towards Moscow shot down",
                               f"Drones heading for Moscow downed {('overnight' if period == 'night' else 'in the afternoon')}, mayor says",
                               "Moscow airports restrict flights as drones target the capital"])
    if len(posts) == 1 or rng.random() < 0.3:
        # one summary statement
        n = total if len(posts) > 1 else posts[0][1]
        if len(posts) > 1:
            posts = [(posts[-1][0], total)]
        doc.paras.append(rng.choice([
            f"Moscow Mayor {full} said{said_on} that air defence forces had shot down {doc.num(n)} drone{'s' if n > 1 else ''} flying towards the capital {when}.",
            f"{cap(when)}, air defence units shot down {doc.num(n)} drone{'s' if n > 1 else ''} heading for Moscow, Mayor {full} said{said_on}.",
        ]))
        doc.paras.append(f"\"Air defence forces of the Ministry of Defence repelled an attack by {n} UAV{'s' if n > 1 else ''} flying towards Moscow. Emergency services specialists are working at the site where the debris fell,\" {surname} wrote on his Telegram channel.")
        doc.add_claim("mayor", off.name, "region", "RU-MOW", n, "exact", None, event, period)
        doc.reports.append(Rendered("mayor", off.name, d, period, None, {"RU-MOW": (n, "exact")}))
    else:
        k = len(posts)
        doc.paras.append(f"Moscow Mayor {full} reported{said_on} {words(k)} separate attempts by drones to reach the capital {when}.")
        t0, n0 = posts[0]
        doc.paras.append(f"\"Air defence forces of the Ministry of Defence repelled an attack by {doc.num(n0)} UAV{'s' if n0 > 1 else ''} flying towards Moscow. Emergency services specialists are working at the site where the debris fell,\" {surname} wrote on his Telegram channel at {hm(t0)}.")
        bits = []
        for t, n in posts[1:]:
            more = rng.choice(["more", "more", "further"])
            if n == 1:
                bits.append(rng.choice([f"at {hm(t)} he reported that one {more} had been destroyed on approach to Moscow",
                                        f"at {hm(t)} he wrote that another drone had been shot down"]))
            else:
                bits.append(f"at {hm(t)} the mayor posted that {doc.num(n)} {more} drones heading for the city had been shot down")
        doc.paras.append(cap(join_and(bits)) + ". In none of the posts did he say exactly where the fragments came down.")
        for t, n in posts:
            doc.add_claim("mayor", off.name, "region", "RU-MOW", n, "exact", None, event, period)
        doc.reports.append(Rendered("mayor", off.name, d, period, None, {}))
        doc.notes.append("Each of the mayor's posts is its own claim; post times are not windows.")
    if event is None:
        doc.notes.append("The mayor's posts cannot be dated from the text.")
    doc.paras.append(trap(doc, "flight"))
    mod = w.mod_for(d, period)
    if mod is not None and rng.random() < 0.45:
        mmode = pick_mode(doc, d, [mode])
        doc.paras.extend(mod_report(doc, mod, mode=mmode, wstyle=rng.choice(["msk24", "msk12", None]), lead=False,
                                    allow_amb=False))
    doc.paras.extend(filler(doc, rng.randint(0, 2), traps=("damage",)))


def style_roundup(doc: Doc, d: date):
    rng = doc.rng
    w = doc.world
    period = "night"
    mod = w.night(d)
    govs = [w.gov(d, period, c) for c, _ in mod.items]
    govs = [g for g in govs if g is not None]
    if len(govs) < 2:
        return style_governor(doc, d)
    govs = govs[: rng.randint(2, min(5, len(govs)))]
    doc.style = "governors_roundup"
    choose_dates(doc, d, p_none=0.15, lag=(0, 0, 1))
    doc.outlet = rng.choice(GENERAL_OUTLETS[:6])
    mode = pick_mode(doc, d, ["weekday", "anchor", "monthday"])
    when, _ = doc.when(d, period, mode)
    doc.headline = rng.choice(["Governors report drone attacks on border regions",
                               "Drone raids on several regions: what the governors said",
                               f"Regions count drones downed {('overnight' if 'overnight' in when else 'in the night')}"])
    doc.paras.append(f"Governors of at least {words(len(govs) + rng.randint(0, 3))} regions reported drone attacks {when}.")
    windowed = False
    for g in govs:
        ps = gov_report(doc, g, mode=mode, window_ok=not windowed, quote=rng.random() < 0.3,
                        mismatch=rng.random() < 0.04)
        windowed = windowed or g.window is not None
        doc.paras.extend(ps)
    silent = [c for c in ("RU-LIP", "RU-KLU", "RU-TUL", "RU-VOR", "RU-BEL") if c not in [g.code for g in govs]]
    if silent:
        c = rng.choice(silent)
        off = official_for(doc.ref, c, d)
        if off is not None and title_of(doc.ref, off) == "governor":
            doc.paras.append(f"{doc.region_adj(c)} Governor {off.name} said there had been an air raid alert in the region but did not give a number of drones.")
    if rng.random() < 0.4:
        doc.paras.extend(mod_report(doc, mod, mode=pick_mode(doc, d, [mode]), wstyle=rng.choice(["msk24", None]),
                                    lead=False, allow_amb=False))
    doc.paras.extend(filler(doc, rng.randint(1, 2), traps=("damage",)))


def style_two_mod(doc: Doc, d: date):
    rng = doc.rng
    w = doc.world
    days = w.days(d)
    if len(days) >= 2 and rng.random() < 0.6:
        reps = days[:2]
        kind = "two daytime reports"
    elif days and rng.random() < 0.7:
        reps = [days[-1], w.night(d + timedelta(days=1))]
        kind = "evening and night reports"
    else:
        return style_wire(doc, d)
    doc.style = "mod_two_reports"
    last = reps[-1].date
    choose_dates(doc, last, p_none=0.15, lag=(0, 0, 1))
    doc.outlet = rng.choice(WIRE_OUTLETS + GENERAL_OUTLETS[:4])
    doc.headline = rng.choice(["Ministry reports two waves of drone attacks", "Two drone tallies in one day from the ministry",
                               "MoD issues second statement on drones"])
    doc.paras.append(rng.choice(["The Russian Defence Ministry reported two waves of Ukrainian drone attacks in separate statements.",
                                 "Russia's Defence Ministry issued two statements on drone attacks."]))
    wstyle = rng.choice(["msk24", "msk24b", "msk12"])
    for i, rep in enumerate(reps):
        mode = pick_mode(doc, rep.date, ["weekday", "monthday"] if i == 0 else ["weekday", "anchor", "monthday"])
        ps = mod_report(doc, rep, mode=mode, wstyle=wstyle, lead=False, allow_amb=False, regions_word=False)
        pre = "In the first statement, " if i == 0 else rng.choice(["In a later statement, ", "Later, ", "In its next statement, "])
        ps[0] = pre + (ps[0][0].lower() + ps[0][1:] if ps[0].startswith("The ") else ps[0])
        doc.paras.extend(ps)
    a, b = reps[0], reps[1]
    if a.end > b.start and rng.random() < 0.6:
        doc.paras.append("The two statements cover partly the same hours, and the ministry did not say whether any drones were counted twice.")
    doc.notes.append(f"Two MoD reports ({kind}).")
    doc.paras.extend(filler(doc, rng.randint(1, 3)))


def style_digest(doc: Doc, d: date):
    rng = doc.rng
    w = doc.world
    rep = w.night(d)
    doc.style = "digest"
    choose_dates(doc, d, p_none=0.35, lag=(0, 0, 1))
    doc.outlet = rng.choice(["Evening Digest RU", "Midland Report", "Regional Herald", "Frontier Digest"])
    mode = pick_mode(doc, d, ["monthday", "full"] if rng.random() < 0.6 else None)
    when, _ = doc.when(d, "night", mode)
    doc.headline = f"Evening digest: what happened {when}" if "night" in when or "overnight" in when else "Evening digest: the main events of the day"
    doc.paras.append("Here is our short summary of the main events of the day.")
    ps = mod_report(doc, rep, mode=mode, wstyle=rng.choice(["msk24", "msk24b", None]), allow_amb=True,
                    partial=rng.randint(1, len(rep.items) - 1) if len(rep.items) > 2 and rng.random() < 0.25 else 0)
    doc.paras.append("Drones. " + " ".join(ps))
    doc.paras.append(f"Airports. Restrictions were introduced at airports in {rng.choice(CITIES)} and {rng.choice(CITIES)} during the night. Rosaviatsia said the measures were temporary.")
    doc.paras.append(f"Weather. Forecasters promise temperatures of up to {rng.randint(18, 35)} degrees in central Russia in the coming days, with thunderstorms in the evenings.")
    if rng.random() < 0.6:
        doc.paras.append(f"Economy. Analysts polled by business media expect the Central Bank to cut its key rate by {rng.choice([50, 100, 150, 200])} basis points at its next meeting.")
    if rng.random() < 0.5:
        doc.paras.append("Sport. Local football club fans are waiting for the start of the new season, which opens next weekend with an away match.")
    doc.paras.append("That is all for today. Good night, and see you tomorrow.")


def style_other(doc: Doc, d: date):
    """Unattributed or unofficial figures (authority other)."""
    rng = doc.rng
    w = doc.world
    rep = w.night(d)
    doc.style = "other_unnamed"
    choose_dates(doc, d, p_none=0.3, lag=(0, 0, 1))
    doc.outlet = rng.choice(GENERAL_OUTLETS[:6])
    mode = pick_mode(doc, d, ["anchor", "weekday"])
    event = doc.label_date(d, mode)
    when, _ = doc.when(d, "night", mode, said=False)
    qual = wchoice(rng, [("at_least", 40), ("approx", 35), ("exact", 25)])
    base = rep.total
    if qual == "at_least":
        n = max(1, (base - 1) // 5 * 5) if base > 5 else base
    elif qual == "approx":
        n = max(5, int(round(base / 5.0)) * 5) if base >= 8 else base
    else:
        n = base
    src = rng.choice(["according to reports on Russian Telegram channels", "according to local media",
                      "Russian media reported", "monitoring channels said", "according to unconfirmed reports"])
    N = doc.qnum(n, qual)
    doc.headline = rng.choice([f"Drones downed over Russian regions {when}", "Dozens of drones reported downed over Russia" if n >= 24 else "Drones reported downed over border regions"])
    sentence = rng.choice([f"Russian air defence forces shot down {N} drones {when}, {src}.",
                           f"{cap(N)} drones were reportedly shot down over Russian regions {when}."])
    sub = []
    if len(rep.items) >= 2 and rng.random() < 0.5:
        code, m = rep.items[0]
        q2 = "approx" if qual == "approx" and m >= 5 else "exact"
        if q2 == "approx":
            m = max(5, int(round(m / 5.0)) * 5)
        if m < n:
            sub = [(code, m, q2)]
            sentence = sentence[:-1] + f", including {doc.qnum(m, q2)} over {doc.rname(code)}."
    doc.paras.append(sentence)
    doc.add_claim("other", None, "total", None, n, qual, None, event, "night")
    regions = {}
    for code, m, q2 in sub:
        doc.add_claim("other", None, "region", code, m, q2, None, event, "night")
        regions[code] = (m, q2)
        doc.flag("breakdown_partial")
        doc.notes.append(f"Unattributed total {n} ({qual}) with only {m} itemised: breakdown_partial.")
    doc.reports.append(Rendered("other", None, d, "night", None, regions, (n, qual)))
    if event is None:
        doc.notes.append("Unattributed figure with no date anchor: date_unresolved.")
    doc.notes.append("No named source: authority other.")
    doc.paras.append(rng.choice(["The reports did not say where the other drones were brought down.",
                                 "The Defence Ministry had not published its own figures by the time of writing.",
                                 "There was no official confirmation."]))
    doc.paras.extend(filler(doc, rng.randint(1, 3), traps=("damage", "flight")))


def style_liveblog(doc: Doc, d: date):
    rng = doc.rng
    w = doc.world
    night = w.night(d)
    days = w.days(d)
    doc.style = "liveblog"
    choose_dates(doc, d, p_none=0.5, lag=(0,), header_year=True)
    doc.outlet = rng.choice(["Frontline Live Desk", "Central Russia Today"])
    doc.headline = "Live: drone attacks on Russian regions - updates"
    doc.paras.append(f"{d.day} {MONTHS[d.month - 1]} {d.year}" if rng.random() < 0.5 else f"{WEEKDAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}, {d.year}")
    if doc.anchor is None:
        doc.anchor = (d, True)
    t = night.end + timedelta(minutes=rng.randint(5, 50))
    ps = mod_report(doc, night, mode="anchor", wstyle=rng.choice(["msk24", "msk24b"]), allow_amb=False,
                    said_on_ok=False, regions_word=False, lead=False)
    doc.paras.append(f"{hm(t)} - {' '.join(ps)}")
    code = rng.choice([c for c, _ in night.items])
    g = w.gov(d, "night", code)
    t = t + timedelta(minutes=rng.randint(10, 90))
    if g is not None:
        ps = gov_report(doc, g, mode="anchor", quote=False)
        doc.paras.append(f"{hm(t)} - {' '.join(ps)}")
    else:
        doc.paras.append(f"{hm(t)} - Regional authorities say there were no casualties.")
    t = t + timedelta(minutes=rng.randint(30, 200))
    doc.paras.append(f"{hm(t)} - " + trap(doc, "flight"))
    if days and t < days[0].end:
        t = days[0].end + timedelta(minutes=rng.randint(10, 60))
        ps = mod_report(doc, days[0], mode="anchor", wstyle="msk24", allow_amb=False, said_on_ok=False,
                        regions_word=False, lead=False)
        doc.paras.append(f"{hm(t)} - The ministry has issued a daytime update. " + " ".join(ps))
    doc.paras.append(f"{hm(t + timedelta(minutes=rng.randint(20, 90)))} - We are closing this live blog for today. Thank you for following.")


def style_longform(doc: Doc, d: date):
    """Verbose, seed-like feature: one sentence per line, governor daytime or night + other reports."""
    rng = doc.rng
    w = doc.world
    doc.style = "longform"
    choose_dates(doc, d, p_none=0.6, lag=(0, 1, 2))
    doc.outlet = rng.choice(["Open Numbers Blog", "Western Russia Monitor", "Strategic Affairs Weekly", "Frontier Digest"])
    doc.lines = True
    period = rng.choice(["day", "night"])
    code = rng.choice(["RU-KLU", "RU-KLU", "RU-BRY", "RU-KRS", "RU-BEL"])
    g = w.gov(d, period, code)
    doc.headline = rng.choice([f"Silent Battle Over {doc.rname(code, 'oblast')}: Air Defences Engage Drones",
                               f"Another Night of Drones Over {doc.rname(code, 'oblast')}",
                               f"What the Governor's Posts Tell Us About the Drone War Over {doc.rname(code, 'oblast')}"])
    doc.paras.append(f"In a tense development that underscores the escalating air defence efforts across Russia's western regions, officials in {doc.rname(code, 'oblast')} confirmed another drone attack.")
    if g is None:
        return style_wire(doc, d)
    mode = pick_mode(doc, d)
    doc.paras.extend(gov_report(doc, g, mode=mode, mismatch=rng.random() < 0.15, quote=False))
    doc.paras.append("The governor's message carried a tone of urgency, emphasising that operational groups had been deployed to the crash sites to assess the situation.")
    doc.paras.append("Despite the intensity of the incident, preliminary reports indicated no casualties or damage to critical infrastructure.")
    # a MoD report from another day, dated by month and day
    d2 = d - timedelta(days=rng.randint(1, 4))
    rep2 = w.night(d2) if rng.random() < 0.6 else (w.days(d2)[0] if w.days(d2) else w.night(d2))
    doc.paras.append(f"The incident follows a broader pattern of heightened aerial threats.")
    ps = mod_report(doc, rep2, mode="monthday" if rng.random() < 0.7 else "full",
                    wstyle=rng.choice(["msk12", "msk24", None]), attribution="ministry", allow_amb=True,
                    regions_word=True)
    doc.paras.extend(ps)
    if rng.random() < 0.5:
        d3 = d2 - timedelta(days=rng.randint(1, 3))
        rep3 = w.night(d3)
        ev = doc.label_date(d3, "monthday")
        doc.paras.append(f"On the night of {doc.md(d3)}, Russian air defence systems reportedly shot down an additional {doc.num(rep3.total)} drones, indicating a potential surge in aerial threats.")
        doc.add_claim("other", None, "total", None, rep3.total, "exact", None, ev, "night")
        doc.reports.append(Rendered("other", None, d3, "night", None, {}, (rep3.total, "exact")))
        doc.notes.append("'Reportedly' with no named source: authority other.")
    doc.paras.append("These figures, sourced from official channels, paint a picture of a coordinated campaign, though no confirmed strikes on populated areas have been reported to date.")
    doc.paras.append("Analysts speculate that the drones could have been part of a broader strategy to test Russian air defences or gather intelligence on infrastructure.")
    doc.paras.append(trap(doc, "historic"))
    doc.paras.append("As the conflict continues to evolve, the air defence successes in the region serve as a reminder of the critical role played by territorial defence forces.")
    if rng.random() < 0.6:
        doc.paras.append("Your email address will not be published. Required fields are marked *")
        doc.paras.append("Zeen is a next generation WordPress theme. It's powerful, beautifully designed and comes with everything you need to engage your visitors and increase conversions.")
        doc.flag("boilerplate")
        doc.notes.append("WordPress footer.")


NEGATIVE_TEXTS = {
    "production": ("The drone race: how Russia and Ukraine are scaling up production", [
        "Both Russia and Ukraine are racing to increase their output of unmanned aircraft, turning drones into the defining weapon of the war, defence analysts say.",
        "Ukraine's government plans to purchase about {m} million first-person-view drones this year, the country's defence ministry has said. Officials say domestic manufacturers could produce up to {m2} million drones a year if they had stable financing.",
        "Russia has expanded production of Geran-2 long-range attack drones at a plant in the Alabuga special economic zone in Tatarstan. Estimates by independent researchers put the plant's output at about {k},{h}00 drones a month.",
        "Western officials say that components for both sides' drones still largely come from China, despite sanctions and export controls.",
        "Experts say the next stage of the race will be artificial intelligence and fibre-optic guidance, with cables up to {km} kilometres long.",
    ]),
    "refinery": ("Drone attack sparks fire at refinery", [
        "A drone attack caused a fire at an oil refinery in the {reg} overnight, the regional governor said, without giving a number of drones.",
        "Debris fell on the territory of the refinery while the attack was being repelled, and a fire broke out at one of the units. {a} people were injured, one of them seriously.",
        "The refinery can process about {m2} million tonnes of crude oil a year. About {f} firefighters and {e} pieces of equipment were involved in putting out the blaze.",
        "Ukraine says strikes on refineries are aimed at reducing fuel supplies to the Russian army. Russia describes them as terrorist attacks on civilian infrastructure.",
    ]),
    "airports": ("Moscow airports restrict flights during drone alert", [
        "Flights at Moscow's airports were restricted for several hours during a drone alert, the Federal Air Transport Agency said.",
        "According to the airports' online boards, {f} flights were delayed and {e} were cancelled; at least {a} flights were diverted to other airports.",
        "Passengers complained of long queues at check-in, and airlines offered free rebooking. The restrictions were lifted by the morning.",
        "Officials did not give a number of drones. Drone alerts have repeatedly disrupted air traffic in the capital this year.",
    ]),
    "damage": ("Drone debris damages houses in border village", [
        "Falling drone debris damaged {f} private houses and {e} cars in a village in the {reg}, the governor said.",
        "{A} people were injured and taken to hospital. Their condition is stable, doctors said.",
        "The governor did not say how many drones had flown over the region. Families whose homes were damaged will receive compensation.",
        "Residents said they had been woken by a loud explosion shortly after 3 a.m.",
    ]),
    "naval": ("Black Sea Fleet repels attack by uncrewed boats", [
        "The Black Sea Fleet destroyed {e} Ukrainian uncrewed surface vessels near the Crimean coast overnight, officials said.",
        "Sea drones have repeatedly been used against Russian warships and port infrastructure. Two Neptune missiles were also shot down, according to the military.",
        "Traffic across the Crimean Bridge was suspended for {a} hours as a precaution.",
    ]),
    "historic": ("Counting the drones: what the ministry's daily tallies add up to", [
        "For more than a year, Russia's Defence Ministry has published almost every morning a count of Ukrainian drones it says were destroyed overnight. We went through the statements to see what they add up to.",
        "Since January 1, the ministry's reports add up to well over {big} drones. In the busiest month alone, the published figures came to more than {big2}.",
        "The Bryansk, Kursk and Belgorod regions, which border Ukraine, account for roughly half of all interceptions named in the statements. Since the start of the year, over {big3} drones have been reported destroyed over the Kaluga region.",
        "These numbers need to be treated with caution: the ministry does not publish how many drones were launched, and its time windows change from day to day.",
    ]),
    "organisation": ("How Russia organises its air defence against drones", [
        "Russia's air defence against drones relies on a mix of missile systems, anti-aircraft guns, electronic warfare and mobile fire groups, officials and analysts say.",
        "Regional governments have set up volunteer units that patrol at night with machine guns and searchlights to shoot at low-flying drones.",
        "Large plants and refineries have installed nets and cages over key units. Analysts say electronic warfare now accounts for a large share of drones brought down.",
        "The Defence Ministry does not publish how many interceptors it uses, and independent verification of its figures is not possible.",
    ]),
}


def style_negative(doc: Doc, d: date):
    rng = doc.rng
    kind = rng.choice(list(NEGATIVE_TEXTS))
    doc.style = f"negative_{kind}"
    choose_dates(doc, d, p_none=0.35, lag=(0, 1, 2, 5))
    doc.outlet = rng.choice(GENERAL_OUTLETS[8:] + GENERAL_OUTLETS[:4])
    title, paras = NEGATIVE_TEXTS[kind]
    doc.headline = title
    vals = dict(m=rng.choice(["2.5", "4.5", "3"]), m2=rng.randint(4, 17), k=rng.randint(1, 3), h=rng.randint(1, 9),
                km=rng.randint(10, 40), reg=rng.choice(["Ryazan region", "Volgograd region", "Krasnodar Territory", "Belgorod region", "Kursk region"]),
                a=doc.num(rng.randint(2, 9)), A=doc.num(rng.randint(2, 9), start=True), f=rng.randint(20, 120),
                e=doc.num(rng.randint(2, 12)), big=f"{rng.randint(50, 190) * 100:,}", big2=f"{rng.randint(20, 60) * 100:,}",
                big3=f"{rng.randint(5, 30) * 100:,}")
    for p in paras:
        doc.paras.append(p.format(**vals))
    if rng.random() < 0.5:
        doc.paras.append(rng.choice(BACKGROUND))
    doc.notes.append(f"Negative ({kind}): no interception figure.")


STYLES = [
    (style_wire, 30), (style_governor, 18), (style_mayor, 5), (style_roundup, 6), (style_two_mod, 5),
    (style_digest, 5), (style_other, 6), (style_liveblog, 3), (style_longform, 5), (style_negative, 12),
]


# ----------------------------------------------------------------------------- assembly

SENT_SPLIT = re.compile(r"(?<![ap]\.m\.)(?<=[.!?])\s+(?=[A-Z\"])")


def finish(doc: Doc) -> bytes:
    rng = doc.rng
    paras = [p for p in doc.paras if p]
    if doc.lines:
        lines = []
        for p in paras:
            lines.extend(s for s in SENT_SPLIT.split(p) if s)
        body = "\n".join(lines)
        sep = "\n\n"
    else:
        sep = "\n\n" if rng.random() < 0.75 else "\n"
        body = sep.join(paras)
    top = sep.join(doc.top)
    text = doc.headline + "\n\n" + (top + sep if top else "") + body + "\n"
    if doc.curly:
        out = []
        for line in text.split("\n"):
            if '"' in line:
                parts = line.split('"')
                line = parts[0] + "".join(("\u201c" if i % 2 else "\u201d") + s for i, s in enumerate(parts[1:], 1)) \
                    if len(parts) % 2 == 1 else line
            out.append(line.replace("'", "\u2019"))
        text = "\n".join(out)
    if doc.dash != " - ":
        text = text.replace(" - ", doc.dash)
    if rng.random() < 0.03:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if rng.random() < 0.06:
        data = b"\xef\xbb\xbf" + data
    return data


def fix_flags(doc: Doc):
    doc.cross_flags()
    if any(c["event_date"] is None for c in doc.claims):
        doc.flag("date_unresolved")
    return [f for f in FLAG_ORDER if f in doc.flags] + [f for f in doc.flags if f not in FLAG_ORDER]


def make_doc(seed: int, idx: int, world: World, ref: Ref, n_days: int) -> tuple:
    rng = Rng((seed << 32) + idx)
    doc = Doc(rng, idx, world, ref)
    d = FIRST_DAY + timedelta(days=rng.randrange(n_days))
    style = wchoice(rng, STYLES)
    style(doc, d)
    add_boilerplate(doc)
    flags = fix_flags(doc)
    data = finish(doc)
    return doc, flags, data


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


PARALLEL_MIN = 4000  # below this many documents, one process


def _chunk(args) -> tuple:
    """Generate documents [lo, hi): write their files, return (gold text, manifest text, counts)."""
    seed, lo, hi, n_docs, n_days, out_dir, subdirs = args
    ref = load_reference()
    key = (seed, n_days)
    world = _WORLDS.get(key)
    if world is None:
        _WORLDS.clear()
        world = _WORLDS[key] = World(seed, ref, n_days)
    nested = subdirs > 1 and n_docs > FLAT_LIMIT
    width = max(6, len(str(max(n_docs - 1, 0))))
    counts = _new_counts()
    gold = []
    man = io.StringIO()
    mw = csv.writer(man, lineterminator="\n")
    base = str(out_dir)
    for i in range(lo, hi):
        doc, flags, data = make_doc(seed, i, world, ref, n_days)
        name = f"doc_{i:0{width}d}.txt"
        rel = f"{i % subdirs:04d}/{name}" if nested else name
        fd = os.open(os.path.join(base, rel), _WFLAGS, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        url = ""
        if doc.rng.random() < 0.5:
            url = f"https://{_slug(doc.outlet)}.example/news/{_slug(doc.headline)[:60]}-{i:x}"
        mw.writerow([rel, doc.published_str if doc.published else "", url, doc.outlet])
        rec = {"doc": name, "source_url": url or None,
               "published": doc.published.isoformat() if doc.published else None,
               "claims": doc.claims, "optional_claims": [], "flags": flags,
               "notes": f"Generated ({doc.style}). " + " ".join(doc.notes)}
        gold.append(json.dumps(rec, ensure_ascii=False))
        counts["docs"] += 1
        counts["claims"] += len(doc.claims)
        counts["bytes"] += len(data)
        if not doc.claims:
            counts["negative_docs"] += 1
        for fl in flags:
            counts["flags"][fl] = counts["flags"].get(fl, 0) + 1
        counts["styles"][doc.style] = counts["styles"].get(doc.style, 0) + 1
        for c in doc.claims:
            counts["authorities"][c["authority"]] = counts["authorities"].get(c["authority"], 0) + 1
    return ("\n".join(gold) + "\n") if gold else "", man.getvalue(), counts


_WORLDS: dict = {}
_WFLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def _new_counts() -> dict:
    return {"docs": 0, "claims": 0, "negative_docs": 0, "bytes": 0, "flags": {f: 0 for f in FLAG_ORDER},
            "styles": {}, "authorities": {}}


def _merge(total: dict, part: dict):
    for k in ("docs", "claims", "negative_docs", "bytes"):
        total[k] += part[k]
    for k in ("flags", "styles", "authorities"):
        for kk, v in part[k].items():
            total[k][kk] = total[k].get(kk, 0) + v


def generate(n_docs: int, seed: int, out_dir: Path, subdirs: int = 100, overwrite: bool = False,
             workers: int | None = None) -> dict:
    """Write n_docs articles with gold.jsonl and manifest.csv into out_dir; return counts.

    Returns {"docs", "claims", "negative_docs", "bytes", "flags": {flag: documents}, "styles":
    {style: documents}, "authorities": {authority: claims}, "layout": "flat"|"nested"}.

    The output is byte-identical for the same (n_docs, seed) and reference tables, whatever
    the number of worker processes: document i depends only on (seed, i, the world's date
    range, which grows with n_docs). out_dir must be empty or absent unless overwrite=True
    (which first deletes earlier generated files: doc_*.txt, NNNN/ folders of them, gold.jsonl,
    manifest.csv). workers: processes to use (default: up to the CPU count for large sets).
    """
    if n_docs < 0:
        raise ValueError("n_docs must be >= 0")
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        if not overwrite:
            raise FileExistsError(f"{out_dir} is not empty (use overwrite=True to replace generated files)")
        _clean(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    n_days = max(30, min(MAX_DAYS, n_docs // 25))
    nested = subdirs > 1 and n_docs > FLAT_LIMIT
    if nested:
        for k in range(min(subdirs, n_docs)):
            (out_dir / f"{k:04d}").mkdir(exist_ok=True)
    if workers is None:
        workers = min(os.cpu_count() or 1, 8) if n_docs >= PARALLEL_MIN else 1
    workers = max(1, workers)
    step = max(250, min(5000, -(-n_docs // (workers * 4)))) if workers > 1 else 5000
    jobs = [(seed, lo, min(lo + step, n_docs), n_docs, n_days, str(out_dir), subdirs)
            for lo in range(0, n_docs, step)]
    counts = _new_counts()
    with open(out_dir / "gold.jsonl", "w", encoding="utf-8", newline="\n") as gf, \
            open(out_dir / "manifest.csv", "w", encoding="utf-8", newline="\n") as mf:
        mf.write("file,published,source_url,outlet\n")
        if workers > 1 and len(jobs) > 1:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            import threading

            # fork is fast, but not safe when the caller runs other threads
            fork_ok = "fork" in mp.get_all_start_methods() and threading.active_count() == 1
            ctx = mp.get_context("fork" if fork_ok else "spawn")
            with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as ex:
                for g, m, c in ex.map(_chunk, jobs):  # in order
                    gf.write(g)
                    mf.write(m)
                    _merge(counts, c)
        else:
            for j in jobs:
                g, m, c = _chunk(j)
                gf.write(g)
                mf.write(m)
                _merge(counts, c)
    counts["layout"] = "nested" if nested else "flat"
    return counts


def _clean(out_dir: Path):
    pat = re.compile(r"doc_\d+\.txt$")
    for p in list(out_dir.iterdir()):
        if p.is_file() and (pat.match(p.name) or p.name in ("gold.jsonl", "manifest.csv")):
            p.unlink()
        elif p.is_dir() and re.fullmatch(r"\d{4}", p.name):
            for q in p.iterdir():
                if q.is_file() and pat.match(q.name):
                    q.unlink()
            if not any(p.iterdir()):
                p.rmdir()


if __name__ == "__main__":  # python -m flows.generate N SEED OUT
    import sys
    import time

    t0 = time.perf_counter()
    res = generate(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]), overwrite="--overwrite" in sys.argv)
    res["seconds"] = round(time.perf_counter() - t0, 2)
    print(json.dumps(res, indent=1))
