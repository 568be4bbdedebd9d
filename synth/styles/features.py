"""Features: a live blog, a verbose long read, and articles with no interception figure at all."""
from __future__ import annotations

from datetime import date, timedelta

from synth.doc import Doc
from synth.filler import trap
from synth.governors import gov_report
from synth.labels import Rendered
from synth.ministry import mod_report
from synth.styles.common import choose_dates, pick_mode
from synth.styles.wire import style_wire
from synth.templates import fill, fill_each, table
from synth.text import MONTHS, WEEKDAYS, hm


def style_liveblog(doc: Doc, d: date):
    rng = doc.rng
    w = doc.world
    night = w.night(d)
    days = w.days(d)
    doc.style = "liveblog"
    choose_dates(doc, d, p_none=0.5, lag=(0,), header_year=True)
    words_ = table("features")["liveblog"]
    doc.outlet = rng.choice(words_["outlets"])
    doc.headline = words_["headline"]
    doc.paras.append(fill(words_["date_lines"][0 if rng.random() < 0.5 else 1], day=d.day, month=MONTHS[d.month - 1],
                          year=d.year, weekday=WEEKDAYS[d.weekday()]))
    if doc.anchor is None:
        doc.anchor = (d, True)
    t = night.end + timedelta(minutes=rng.randint(5, 50))
    ps = mod_report(doc, night, mode="anchor", wstyle=rng.choice(["msk24", "msk24b"]), allow_amb=False,
                    said_on_ok=False, regions_word=False, lead=False)
    doc.paras.append(fill(words_["entry"], t=hm(t), update=" ".join(ps)))
    code = rng.choice([c for c, _ in night.items])
    g = w.gov(d, "night", code)
    t = t + timedelta(minutes=rng.randint(10, 90))
    if g is not None:
        ps = gov_report(doc, g, mode="anchor", quote=False)
        doc.paras.append(fill(words_["entry"], t=hm(t), update=" ".join(ps)))
    else:
        doc.paras.append(fill(words_["entry"], t=hm(t), update=words_["quiet"]))
    t = t + timedelta(minutes=rng.randint(30, 200))
    doc.paras.append(fill(words_["entry"], t=hm(t), update=lambda: trap(doc, "flight")))
    if days and t < days[0].end:
        t = days[0].end + timedelta(minutes=rng.randint(10, 60))
        ps = mod_report(doc, days[0], mode="anchor", wstyle="msk24", allow_amb=False, said_on_ok=False,
                        regions_word=False, lead=False)
        doc.paras.append(fill(words_["entry"], t=hm(t), update=words_["daytime"] + " ".join(ps)))
    doc.paras.append(fill(words_["entry"], t=hm(t + timedelta(minutes=rng.randint(20, 90))), update=words_["closing"]))


def style_longform(doc: Doc, d: date):
    """Verbose, seed-like feature: one sentence per line, governor daytime or night + other reports."""
    rng = doc.rng
    w = doc.world
    doc.style = "longform"
    choose_dates(doc, d, p_none=0.6, lag=(0, 1, 2))
    words_ = table("features")["longform"]
    doc.outlet = rng.choice(words_["outlets"])
    doc.lines = True
    period = rng.choice(["day", "night"])
    code = rng.choice(["RU-KLU", "RU-KLU", "RU-BRY", "RU-KRS", "RU-BEL"])
    g = w.gov(d, period, code)
    doc.headline = rng.choice(fill_each(words_["headlines"], region=lambda: doc.rname(code, "oblast")))
    doc.paras.append(fill(words_["opening"], region=lambda: doc.rname(code, "oblast")))
    if g is None:
        return style_wire(doc, d)
    mode = pick_mode(doc, d)
    doc.paras.extend(gov_report(doc, g, mode=mode, mismatch=rng.random() < 0.15, quote=False))
    doc.paras.extend(words_["after_governor"])
    # a MoD report from another day, dated by month and day
    d2 = d - timedelta(days=rng.randint(1, 4))
    rep2 = w.night(d2) if rng.random() < 0.6 else (w.days(d2)[0] if w.days(d2) else w.night(d2))
    doc.paras.append(words_["pattern"])
    ps = mod_report(doc, rep2, mode="monthday" if rng.random() < 0.7 else "full",
                    wstyle=rng.choice(["msk12", "msk24", None]), attribution="ministry", allow_amb=True,
                    regions_word=True)
    doc.paras.extend(ps)
    if rng.random() < 0.5:
        d3 = d2 - timedelta(days=rng.randint(1, 3))
        rep3 = w.night(d3)
        ev = doc.label_date(d3, "monthday")
        doc.paras.append(fill(words_["reportedly"], date=doc.md(d3), total=doc.num(rep3.total)))
        doc.add_claim("other", None, "total", None, rep3.total, "exact", None, ev, "night")
        doc.reports.append(Rendered("other", None, d3, "night", None, {}, (rep3.total, "exact")))
        doc.notes.append("'Reportedly' with no named source: authority other.")
    doc.paras.extend(words_["reflections"])
    doc.paras.append(trap(doc, "historic"))
    doc.paras.append(words_["closing"])
    if rng.random() < 0.6:
        doc.paras.extend(table("boilerplate")["wordpress"])
        doc.flag("boilerplate")
        doc.notes.append("WordPress footer.")


def style_negative(doc: Doc, d: date):
    rng = doc.rng
    articles = table("negative")
    kind = rng.choice(list(articles))
    doc.style = f"negative_{kind}"
    choose_dates(doc, d, p_none=0.35, lag=(0, 1, 2, 5))
    doc.outlet = rng.choice(table("outlets")["general"][8:] + table("outlets")["general"][:4])
    title, paras = articles[kind]["title"], articles[kind]["paragraphs"]
    doc.headline = title
    vals = {"m": rng.choice(["2.5", "4.5", "3"]), "m2": rng.randint(4, 17), "k": rng.randint(1, 3),
            "h": rng.randint(1, 9), "km": rng.randint(10, 40),
            "reg": rng.choice(table("features")["negative"]["refinery_regions"]),
            "a": doc.num(rng.randint(2, 9)), "A": doc.num(rng.randint(2, 9), start=True), "f": rng.randint(20, 120),
            "e": doc.num(rng.randint(2, 12)), "big": f"{rng.randint(50, 190) * 100:,}",
            "big2": f"{rng.randint(20, 60) * 100:,}", "big3": f"{rng.randint(5, 30) * 100:,}"}
    for p in paras:
        doc.paras.append(fill(p, **vals))
    if rng.random() < 0.5:
        doc.paras.append(rng.choice(table("filler")["background"]))
    doc.notes.append(f"Negative ({kind}): no interception figure.")

