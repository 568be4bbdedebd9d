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
from synth.templates import table
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
    doc.paras.append(f"Airports. Restrictions were introduced at airports in {rng.choice(table('filler')['cities'])} and {rng.choice(table('filler')['cities'])} during the night. Rosaviatsia said the measures were temporary.")
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
    doc.outlet = rng.choice(table("outlets")["general"][:6])
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

