"""How numbers, dates, times of day and time windows are written in an article (a mixin of `Doc`: it reads the
article's choices of style, `numstyle` and `md_style`, and its `rng`)."""
from __future__ import annotations

from datetime import date, timedelta

from synth.templates import fill, table
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
        words_ = table("phrases")["figures"]
        if qual == "exact":
            if n == 12 and self.numstyle != "digits" and rng.random() < 0.3:
                return cap(words_["dozen"]) if start else words_["dozen"]
            return self.num(n, start)
        if qual == "at_least":
            p = rng.choice(words_["at_least"])
        else:
            if n == 12 and rng.random() < 0.4:
                return cap(words_["about_a_dozen"]) if start else words_["about_a_dozen"]
            p = rng.choice(words_["approx"])
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
        values = {"wd": WEEKDAYS[d.weekday()], "md": lambda: self.md(d), "mdy": lambda: self.mdy(d)}
        if period == "night":
            phrases = table("phrases")["when"]["night"]
            if mode == "anchor":
                return rng.choice(phrases["anchor"]), fill(rng.choice(phrases["anchor_said"]), **values)
            if mode in ("weekday", "monthday", "full"):
                r = rng.random()
                entry = next(e for e in phrases[mode] if r < e["upto"])
                said_on = entry.get("said", "")
                said_on = rng.choice(said_on) if isinstance(said_on, list) else said_on
                return fill(entry["when"], **values), fill(said_on, **values)
            return phrases["other"], ""
        if period == "day":
            phrases = table("phrases")["when"]["day"]
            return fill(rng.choice(phrases.get(mode, phrases["other"])), **values), ""
        phrases = table("phrases")["when"]["unstated"]
        return fill(phrases.get(mode, phrases["other"]), **values), ""

    # -- windows
    def window_phrase(self, w: tuple, style: str, dated: str | None) -> str:
        """Render a (start, end) Moscow-time window. dated: None, 'weekday' or 'monthday'."""
        rng = self.rng
        s, e = w
        if style in ("gmt", "utc"):
            s, e = s - timedelta(hours=3), e - timedelta(hours=3)
            forms = table("phrases")["window"]["zulu"]
            f = hm if style == "utc" and rng.random() < 0.5 else _zulu
            values = self._window_values(s, e, f, z="GMT" if style == "gmt" else "UTC")
            if dated in ("weekday", "monthday"):
                return fill(forms[dated], **values)
            return fill(rng.choice(forms["plain"]), **values)
        if style == "msk12":
            forms = table("phrases")["window"]["msk12"]
            r = rng.random()
            f = _clock12
            if r < 0.25:
                f = _clock12_lower if r < 0.12 else _clock12_upper
            values = self._window_values(s, e, f, zone=rng.choice(forms["zones"]))
            if dated in ("weekday", "monthday"):
                return fill(forms[dated], **values)
            return fill(rng.choice(forms["plain"]), **values)
        # 24-hour Moscow time
        forms = table("phrases")["window"]["msk24"]
        zone = rng.choice(forms["zones"]) if style == "msk24" else ""
        values = self._window_values(s, e, hm, zone=zone)
        if dated == "weekday":
            return fill(rng.choice(forms["weekday"]), **values)
        if dated == "monthday":
            if zone == " Moscow time" and rng.random() < 0.5:
                return fill(forms["monthday_moscow"], **values)
            return fill(forms["monthday"], **values)
        return fill(rng.choice(forms["plain"]), **values)

    def _window_values(self, s, e, clock, **extra) -> dict:
        return {"s": clock(s), "e": clock(e), "ws": WEEKDAYS[s.weekday()], "we": WEEKDAYS[e.weekday()],
                "ms": lambda: self.md(s.date()), "me": lambda: self.md(e.date()), **extra}


def _clock12(t) -> str:
    """'9:30 p.m.', 'midnight', 'noon'."""
    if t.minute == 0 and t.hour == 0:
        return "midnight"
    if t.minute == 0 and t.hour == 12:
        return "noon"
    h = t.hour % 12 or 12
    mm = f":{t.minute:02d}" if t.minute else ""
    return f"{h}{mm} {'a.m.' if t.hour < 12 else 'p.m.'}"


def _clock12_lower(t) -> str:
    return _clock12(t).replace("a.m.", "am").replace("p.m.", "pm")


def _clock12_upper(t) -> str:
    return _clock12(t).replace("a.m.", "AM").replace("p.m.", "PM")


def _zulu(t) -> str:
    """'0400' (a time in GMT or UTC as wire copy writes it)."""
    return f"{t.hour:02d}{t.minute:02d}"
