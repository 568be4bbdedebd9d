"""How regions, officials and districts are named in an article (a mixin of `Doc`: it reads the article's
region form `rform`, the reference `ref` and its `rng`)."""
from __future__ import annotations

from datetime import date

from synth.templates import fill, table
from synth.text import join_and
from synth.world import NO_PLURAL, acting_on, title_of
from transforms import reference


class Naming:
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
        names = table("names")["regions"]
        form = form or self.rform
        if form == "mixed":
            form = self.rng.choice(names["forms"])
        if r.kind == "water":
            if code == "sea-of-azov" and self.rng.random() < 0.2:
                return names["azov_sea"]
            return fill(names["water"], name=r.name)
        if code in names["alternatives"]:
            return self.rng.choice(names["alternatives"][code])
        if r.kind in ("federal_city", "republic"):
            return r.name
        return fill(names["krai" if r.kind == "krai" else "oblast"][form], base=self.region_base(code))

    def pluralizable(self, code: str) -> bool:
        r = self.ref.regions[code]
        return r.kind in ("oblast", "krai") and code not in NO_PLURAL

    def rgroup(self, codes: list, territory: bool = False) -> str:
        if all(self.pluralizable(c) for c in codes) and self.rform in ("region", "Region") and self.rng.random() < 0.85:
            names = table("names")["regions"]
            g = fill(names["group"], bases=join_and([self.region_base(c) for c in codes]),
                     word="regions" if self.rform == "region" else "Regions")
            return fill(names["group_territories"], group=g) if territory and self.rng.random() < 0.5 else g
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
        wrong_first, homoglyphs = table("names")["wrong_first"], table("names")["homoglyphs"]
        if kind == "wrong_first" and first in wrong_first:
            return f"{wrong_first[first]} {last}", last, kind
        if kind in ("homoglyph", "wrong_first"):
            pos = [i for i, ch in enumerate(last) if ch in homoglyphs]
            if pos:
                i = rng.choice(pos)
                bad = last[:i] + homoglyphs[last[i]] + last[i + 1:]
                return f"{first} {bad}", bad, "homoglyph"
        # misspelt surname: one letter changed
        subs = table("names")["misspelt"]
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
        title, titles = title_of(self.ref, off), table("names")["titles"]
        if title == "mayor":
            return titles["mayor"]
        if code == "UA-43":
            return titles["crimea"]
        if title == "head":
            return fill(titles["head"], region=self.rname(code, "region").removeprefix("the "))
        return titles["acting"] if acting_on(off, d) else titles["governor"]

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
        phrase = join_and(written) + table("names")["districts"]["plural" if plural else "one"]
        return phrase, labels
