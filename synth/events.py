"""What the authorities said, day by day: the Ministry of Defence's night and daytime reports, the governors'
figures, the Moscow mayor's posts.

Every value comes from its own `Rng` seeded by (seed, date, kind), so many articles relay the same report with
the same numbers, whatever order they are generated in."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from synth.rand import Rng, split_count, wchoice, weighted_sample
from synth.world import MSK_REGIONS, SOUTH, Ref, official_for
from transforms import reference


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

    def rng(self, d: date, kind: int, extra: int = 0) -> Rng:
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

    def days(self, d: date) -> list:  # noqa: C901 - the generator's world: one pass per day; not yet split
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
            end = min(end, base + timedelta(hours=21))
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

    def gov(self, d: date, period: str, code: str) -> GovReport | None:  # noqa: C901 - the generator's world: one governor's night; not yet split
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

