"""Articles built on the ministry's reports: two statements in one day, an evening digest, unattributed figures."""
from __future__ import annotations

from datetime import date, timedelta

from synth.doc import Doc
from synth.filler import filler
from synth.labels import Rendered
from synth.ministry import mod_report
from synth.rand import wchoice
from synth.styles.common import choose_dates, pick_mode
from synth.styles.wire import style_wire
from synth.templates import fill, fill_each, table
from synth.text import cap


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
    doc.outlet = rng.choice(table("outlets")["wire"] + table("outlets")["general"][:4])
    words_ = table("reports")["two_reports"]
    doc.headline = rng.choice(words_["headlines"])
    doc.paras.append(rng.choice(words_["intro"]))
    wstyle = rng.choice(["msk24", "msk24b", "msk12"])
    for i, rep in enumerate(reps):
        mode = pick_mode(doc, rep.date, ["weekday", "monthday"] if i == 0 else ["weekday", "anchor", "monthday"])
        ps = mod_report(doc, rep, mode=mode, wstyle=wstyle, lead=False, allow_amb=False, regions_word=False)
        pre = words_["first"] if i == 0 else rng.choice(words_["later"])
        ps[0] = pre + (ps[0][0].lower() + ps[0][1:] if ps[0].startswith("The ") else ps[0])
        doc.paras.extend(ps)
    a, b = reps[0], reps[1]
    if a.end > b.start and rng.random() < 0.6:
        doc.paras.append(words_["overlap"])
    doc.notes.append(f"Two MoD reports ({kind}).")
    doc.paras.extend(filler(doc, rng.randint(1, 3)))


def style_digest(doc: Doc, d: date):
    rng = doc.rng
    w = doc.world
    rep = w.night(d)
    doc.style = "digest"
    choose_dates(doc, d, p_none=0.35, lag=(0, 0, 1))
    words_ = table("reports")["digest"]
    doc.outlet = rng.choice(words_["outlets"])
    mode = pick_mode(doc, d, ["monthday", "full"] if rng.random() < 0.6 else None)
    when, _ = doc.when(d, "night", mode)
    doc.headline = fill(words_["headline_night"], when=when) if "night" in when or "overnight" in when else words_["headline_day"]
    doc.paras.append(words_["intro"])
    ps = mod_report(doc, rep, mode=mode, wstyle=rng.choice(["msk24", "msk24b", None]), allow_amb=True,
                    partial=rng.randint(1, len(rep.items) - 1) if len(rep.items) > 2 and rng.random() < 0.25 else 0)
    doc.paras.append(words_["drones"] + " ".join(ps))
    cities = table("filler")["cities"]
    doc.paras.append(fill(words_["airports"], city1=lambda: rng.choice(cities), city2=lambda: rng.choice(cities)))
    doc.paras.append(fill(words_["weather"], degrees=rng.randint(18, 35)))
    if rng.random() < 0.6:
        doc.paras.append(fill(words_["economy"], points=rng.choice([50, 100, 150, 200])))
    if rng.random() < 0.5:
        doc.paras.append(words_["sport"])
    doc.paras.append(words_["goodbye"])


def style_other(doc: Doc, d: date):
    """Unattributed or unofficial figures (authority other)."""
    rng = doc.rng
    w = doc.world
    rep = w.night(d)
    doc.style = "other_unnamed"
    choose_dates(doc, d, p_none=0.3, lag=(0, 0, 1))
    doc.outlet = rng.choice(table("outlets")["general"][:6])
    mode = pick_mode(doc, d, ["anchor", "weekday"])
    event = doc.label_date(d, mode)
    when, _ = doc.when(d, "night", mode, said=False)
    qual = wchoice(rng, [("at_least", 40), ("approx", 35), ("exact", 25)])
    base = rep.total
    if qual == "at_least":
        n = max(1, (base - 1) // 5 * 5) if base > 5 else base
    elif qual == "approx":
        n = max(5, round(base / 5.0) * 5) if base >= 8 else base
    else:
        n = base
    words_ = table("reports")["unattributed"]
    src = rng.choice(words_["sources"])
    N = doc.qnum(n, qual)
    doc.headline = rng.choice([fill(words_["headline"], when=when), words_["headline_dozens"] if n >= 24 else words_["headline_few"]])
    sentence = rng.choice(fill_each(words_["forms"], N=N, Ncap=cap(N), when=when, src=src))
    sub = []
    if len(rep.items) >= 2 and rng.random() < 0.5:
        code, m = rep.items[0]
        q2 = "approx" if qual == "approx" and m >= 5 else "exact"
        if q2 == "approx":
            m = max(5, round(m / 5.0) * 5)
        if m < n:
            sub = [(code, m, q2)]
            sentence = sentence[:-1] + fill(words_["including"], m=lambda: doc.qnum(m, q2), region=lambda: doc.rname(code))
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
    doc.paras.append(rng.choice(words_["caveats"]))
    doc.paras.extend(filler(doc, rng.randint(1, 3), traps=("damage", "flight")))

