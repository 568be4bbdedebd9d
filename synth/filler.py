"""Paragraphs around the figures: background, traps (numbers that are not interception claims) and boilerplate
(text that is not part of the article, which raises the boilerplate flag). The wording is in
templates/filler.toml and templates/boilerplate.toml."""
from __future__ import annotations

from datetime import date

from synth.doc import Doc
from synth.templates import fill, table


def trap(doc: Doc, kind: str) -> str:
    """A paragraph with numbers that are not interception claims (each template once per article)."""
    rng = doc.rng
    a, b = (rng.randint(2, 6), rng.randint(2, 5)) if kind == "weapon" else (rng.randint(2, 40), rng.randint(2, 15))
    c = rng.randint(a + 1, 3000) if kind != "ukraine" else rng.randint(2, a)
    big = f"{rng.randint(11, 190) * 100:,}"
    words_ = table("filler")
    pool = words_["traps"][kind]
    pool = [t for t in pool if t not in doc.used] or pool
    t = rng.choice(pool)
    doc.used.append(t)
    dist = rng.choice(words_["trap_districts"])
    return fill(t, a=doc.num(a), b=doc.num(b), c=c if c < 1000 else f"{c:,}", A=doc.num(a, start=True), f=rng.randint(3, 30) * 10,
                    big=big, city=rng.choice(words_["cities"]), district=dist)


def filler(doc: Doc, k: int, traps=("flight", "damage", "ukraine", "historic", "weapon")) -> list:
    rng = doc.rng
    out = []
    background = table("filler")["background"]
    bg = rng.sample(background, min(k, len(background)))
    for i in range(k):
        if traps and rng.random() < 0.45:
            out.append(trap(doc, rng.choice(traps)))
        else:
            out.append(bg[i])
    return out

def add_boilerplate(doc: Doc):
    rng = doc.rng
    words_ = table("boilerplate")
    footers = words_["footers"]
    if rng.random() >= 0.32:
        return
    added = []
    r = rng.random()
    if r < 0.35:
        doc.top.append(doc.headline)
        added.append("repeated headline")
    if rng.random() < 0.1:
        doc.top.append(rng.choice([footers[i] for i in words_["cookie_banners"]]))
        added.append("cookie banner")
    if rng.random() < 0.3 and len(doc.paras) > 3:
        pos = rng.randint(2, len(doc.paras) - 1)
        doc.paras.insert(pos, rng.choice(words_["read_also"]) + rng.choice(words_["unrelated_headlines"]))
        added.append("read-also link")
    if rng.random() < 0.75 or not added:
        k = rng.randint(1, 4)
        for t in rng.sample(footers, k):
            doc.paras.append(fill(t, year=(doc.published or date(2025, 1, 1)).year, outlet=doc.outlet,
                                      n=rng.randint(100, 999)))
        if rng.random() < 0.3:
            doc.paras.append(rng.choice(words_["related"]))
            doc.paras.extend(rng.sample(words_["unrelated_headlines"], 2))
        added.append("footer")
    doc.flag("boilerplate")
    doc.notes.append("Boilerplate: " + ", ".join(added) + ".")

