"""Paragraphs that relay a governor's figure (districts, window, the official's name as written) and record its
claim."""
from __future__ import annotations

from datetime import date

from synth.doc import Doc
from synth.events import GovReport
from synth.labels import Rendered
from synth.templates import fill, pick, table
from synth.text import cap
from synth.world import former_official, title_of
from transforms import reference


def gov_intro(doc: Doc, off: reference.Official, full: str, code: str, d: date) -> str:
    rng = doc.rng
    region = doc.rname(code)
    forms = table("governor")["intro"]
    if code == "UA-40":
        return fill(rng.choice(forms["sevastopol"]), full=full)
    if code == "UA-43":
        return fill(rng.choice(forms["crimea"]), full=full)
    if title_of(doc.ref, off) == "head":
        return fill(rng.choice(forms["republic"]), full=full, region=region)
    title = doc.gov_title(off, d, code)
    return fill(rng.choice(forms["governor"]), full=full, region=region, adj=doc.region_adj(code), title=title,
                title_lc=title.lower())


def gov_report(doc: Doc, g: GovReport, *, mode: str, mismatch: bool = False, window_ok: bool = True,  # noqa: C901 - the generator: one branch per part of a governor's post
               quote: bool | None = None) -> list:
    rng = doc.rng
    code = g.code
    off = g.official
    event = doc.label_date(g.date, mode)
    when, said_on = doc.when(g.date, g.period, mode, morning=bool(g.window and window_ok) and g.window[0].hour < 12)
    full, surname, mis = doc.official_name(off, mismatch)
    official_label = off.name
    if mismatch and rng.random() < 0.25:
        fo = former_official(doc.ref, code, g.date)
        if fo is not None:
            official_label = fo.name
            full, surname, mis = fo.name, fo.name.partition(" ")[2], "wrong office"
    if mis:
        doc.flag("official_name_mismatch")
        doc.notes.append(f"Official written '{full}' ({mis}); labelled {official_label}: official_name_mismatch.")
    doc.surname = surname
    region = doc.rname(code)
    intro = gov_intro(doc, off, full, code, g.date)
    window = g.window if window_ok else None
    wp = doc.window_phrase(window, rng.choice(table("governor")["figure"]["window_styles"]), None) if window else ""
    dist_phrase, dist_labels = ("", [])
    if g.districts:
        dist_phrase, dist_labels = doc.district_list(code, g.districts)
    words_ = table("governor")
    fig = words_["figure"]
    one = g.count == 1 and g.qualifier == "exact"
    N = doc.qnum(g.count, g.qualifier)
    if one:
        N = rng.choice(fig["one"]) if doc.numstyle != "digits" else "1"
    verb = rng.choice(fig["verbs"])
    thing = fig["thing_one"] if one else rng.choice(fig["things"])
    over = fill(fig["over_districts"], districts=dist_phrase) if dist_phrase else fill(rng.choice(fig["over"]), region=region)
    if code == "UA-40":
        over = rng.choice(fig["over_sevastopol"])
    key = doc.region_base(code) if doc.ref.regions[code].kind in ("oblast", "krai") else region.removeprefix("the ")
    if key not in intro and key not in over:  # the region is always named, not only implied by the official
        over = fill(fig["over_districts_of"], over=over, region=region) if dist_phrase else fill(fig["over"][1], region=region)
    values = {"Intro": cap(intro), "intro": intro, "intro_bare": intro.rstrip(","), "region": region, "when": when,
              "When": cap(when), "N": N, "thing": thing, "verb": verb, "over": over}
    paras = []
    if quote is None:
        quote = rng.random() < 0.6
    if quote:
        q = words_["quote"]
        q_open = fill(q["open_window"], window=cap(wp)) if wp else q["open"]
        v = rng.choice([verb, verb, q["repelled"]])
        calm = rng.choice(q["calm"])
        ops = rng.choice(q["ops"])
        paras.append(pick(rng, q["lead"], said_on, **values))
        paras.append(fill(q["post"], **dict(values, verb=v), q_open=q_open, calm=calm, ops=ops, surname=surname)
                     + rng.choice(q["where_posted"]))
    else:
        paras.append(pick(rng, words_["statement"]["forms"], said_on, **values, wtxt=f" {wp}" if wp else "",
                          was="was" if one else "were"))
    doc.add_claim("governor", official_label, "region", code, g.count, g.qualifier, window, event, g.period, dist_labels)
    doc.reports.append(Rendered("governor", official_label, g.date, g.period, window, {code: (g.count, g.qualifier)}))
    if event is None:
        doc.notes.append(f"{official_label}'s figure cannot be dated from the text.")
    return paras

