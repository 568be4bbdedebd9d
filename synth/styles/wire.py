"""Wire copy relaying the ministry's report (TASS, Interfax, RIA, Reuters, AP house styles)."""
from __future__ import annotations

from datetime import date, timedelta

from synth.doc import Doc
from synth.events import ModReport
from synth.filler import filler
from synth.governors import gov_report
from synth.labels import Rendered
from synth.ministry import mod_report
from synth.rand import wchoice
from synth.styles.common import choose_dates, pick_mode
from synth.templates import fill, fill_each, table
from synth.text import MON_ABBR, MONTHS, words
from synth.world import official_for, title_of


def dateline(doc: Doc, d: date, agency: str) -> str:
    md = f"{MONTHS[d.month - 1]} {d.day}" if agency != "interfax" else f"{MON_ABBR[d.month - 1]} {d.day}"
    words_ = table("wire")
    city = doc.rng.choice(words_["dateline_cities"])
    return fill(words_["dateline"].get(agency, words_["dateline"]["other"]), city=city, md=md)


def headline_mod(doc: Doc, rep: ModReport, when_word: str) -> str:
    rng = doc.rng
    n = rep.total
    k = len([c for c, _ in rep.items if doc.ref.regions[c].kind != "water"])
    h = table("wire")["headline"]
    forms = fill_each(h["forms"], n=n, when_word=when_word, k_regions=f"{words(k)} regions" if k > 1 else "one region",
                      dozens_or_border=fill(h["dozens"] if n >= 24 else h["border"], when_word=when_word))
    return rng.choice(forms).strip()


def style_wire(doc: Doc, d: date):  # noqa: C901 - the generator: one branch per wire style
    rng = doc.rng
    w = doc.world
    words_ = table("wire")
    agency = wchoice(rng, [("tass", 30), ("interfax", 20), ("ria", 15), ("reuters", 20), ("ap", 15)])
    doc.style = f"wire_{agency}"
    night = rng.random() < 0.72
    rep = w.night(d) if night else (w.days(d)[0] if w.days(d) else w.night(d))
    night = rep.period == "night"
    has_dl = agency in ("tass", "interfax", "ria") and rng.random() < 0.85
    choose_dates(doc, d, p_none=0.25 if has_dl else 0.15, dateline=has_dl)
    doc.outlet = rng.choice(table("outlets")["wire"])
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
        paras[0] = rng.choice(words_["byline"]["reuters"]) + paras[0]
    elif agency == "ap":
        paras[0] = rng.choice(words_["byline"]["ap"]) + paras[0]
    doc.paras.extend(paras)
    # the previous night's figure, now and then
    if night and rng.random() < 0.12:
        prev = w.night(d - timedelta(days=1))
        ev = doc.last_event  # 'the previous night' is resolved from the main report's date
        if ev is not None and not (len(ev) == 5 and d.month == 3 and d.day == 1):
            pd = d - timedelta(days=1)
            pev = pd.isoformat() if len(ev) == 10 else f"{pd.month:02d}-{pd.day:02d}"
            doc.paras.append(rng.choice(fill_each(words_["previous_night"]["forms"], total=doc.num(prev.total))))
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
                doc.paras.append(rng.choice(fill_each(words_["governor_aside"]["forms"], adj=doc.region_adj(code),
                                                      name=off.name, region=lambda: doc.rname(code))))
    doc.paras.extend(filler(doc, rng.randint(1, 4)))
    if agency == "interfax" and rng.random() < 0.6:
        doc.paras.append(words_["closing"]["interfax"])
    if agency == "reuters" and rng.random() < 0.6:
        doc.paras.append(words_["closing"]["reuters"])

