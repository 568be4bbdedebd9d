"""How numbers, dates, times of day and time windows are written in an article (a mixin of `Doc`: it reads the
article's choices of style, `numstyle` and `md_style`, and its `rng`)."""
from __future__ import annotations

from datetime import date, timedelta

from synth.text import MON_ABBR, MONTHS, WEEKDAYS, cap, hm, words


class Wording:
    # -- numbers
    def num(self, n: int, start: bool = False, style: str | None = None) -> str:
        st = style or self.numstyle
        spelt = (st == "words" and n < 100) or (st == "ap" and n < 10) or (start and n < 100 and st != "digits")
        if spelt:
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
