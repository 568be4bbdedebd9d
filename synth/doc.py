"""One article being written: its choices of style, its paragraphs, and the labels recorded as it is written."""
from __future__ import annotations

from datetime import date

from synth import labels
from synth.events import World
from synth.naming import Naming
from synth.rand import Rng, wchoice
from synth.templates import table
from synth.text import hm
from synth.wording import Wording
from synth.world import Ref


class Doc(Wording, Naming):
    def __init__(self, rng: Rng, idx: int, world: World, ref: Ref):
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
        self.uav = rng.choice(table("phrases")["figures"]["drones"])
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
        self.claims.append(labels.claim(authority, official, scope, region, count, qualifier, *ws, event, period,
                                        districts))

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
        return labels.event_label(self.anchor, d, mode)

    def final_flags(self) -> list[str]:
        return labels.final_flags(self.flags, self.reports, self.claims)
