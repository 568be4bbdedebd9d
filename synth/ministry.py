"""Paragraphs that relay a Ministry of Defence report (total, regional breakdown, window) and record its claims."""
from __future__ import annotations

from synth.doc import Doc
from synth.events import ModReport
from synth.labels import Rendered
from synth.templates import fill, fill_each, pick, table
from synth.text import cap, hm, join_and, words


def render_items(doc: Doc, items: list, *, amb_ok: bool, territory: bool, with_noun: bool,  # noqa: C901 - the generator: one branch per list shape the ministry uses
                 towards: int = 0, start: bool = False) -> tuple:
    """Render a regional breakdown.

    Returns (list of item phrases, [(code, count)] as a careful reader records them, whether an
    unsplit 'N over A and B' was written)."""
    rng = doc.rng
    groups = []  # [(codes, count, mode)]
    i = 0
    while i < len(items):
        j = i
        while j + 1 < len(items) and items[j + 1][1] == items[i][1]:
            j += 1
        codes = [c for c, _ in items[i:j + 1]]
        n = items[i][1]
        if len(codes) > 1 and rng.random() < 0.65:
            groups.append((codes, n, "each"))
        else:
            groups.extend(([c], n, "single") for c in codes)
        i = j + 1
    amb = False
    if amb_ok:
        cand = [k for k, g in enumerate(groups) if g[2] == "each" and len(g[0]) == 2]
        if cand and rng.random() < 0.5:
            k = rng.choice(cand)
            groups[k] = (groups[k][0], groups[k][1], "amb")
            amb = True
    if rng.random() < 0.12 and not amb:
        first = groups[0]
        rest = groups[1:]
        rng.shuffle(rest)
        groups = [first] + rest
    parts = []
    recorded = []
    words_ = table("ministry")["items"]
    for k, (codes, n, mode) in enumerate(groups):
        first = k == 0
        num = doc.num(n, start=start and first)
        noun = ""
        if first and with_noun:
            noun = " " + ("drone" if n == 1 else fill(rng.choice(words_["nouns"]), uav=doc.uav))
            if rng.random() < 0.4 and mode == "single":
                noun += words_["destroyed"] if n > 1 else words_["destroyed_one"]
        if mode == "single":
            code = codes[0]
            if territory and doc.ref.regions[code].kind == "water":
                loc = fill(words_["over_water"], region=doc.rname(code))
            elif territory:
                loc = fill(words_["over_territory"], region=doc.rname(code))
            else:
                loc = fill(words_["over"], region=doc.rname(code))
            extra = ""
            if code == "RU-MOS" and towards and towards < n:
                extra = rng.choice(fill_each(words_["towards_moscow"], k=doc.num(towards),
                                             was="was" if towards == 1 else "were"))
            parts.append(fill(words_["single"], num=num, noun=noun, loc=loc, extra=extra))
        elif mode == "each":
            g = doc.rgroup(codes, territory)
            parts.append(fill(words_["each"] if rng.random() < 0.8 else words_["each_of"], num=num, noun=noun, group=g))
        else:
            parts.append(fill(words_["unsplit"], num=num, noun=noun, group=doc.rgroup(codes)))
        recorded.extend((c, n) for c in codes)
    return parts, recorded, amb


def mod_report(doc: Doc, rep: ModReport, *, mode: str, wstyle: str | None, wdated: str | None = None,  # noqa: C901 - the generator: one branch per variant of the ministry's statement it writes
               partial: int = 0, allow_amb: bool = True, lead: bool = True, quote: bool | None = None,
               attribution: str = "ministry", said_on_ok: bool = True, regions_word: bool = True) -> list:
    """Paragraphs relaying a MoD report; records its claims. partial=k: only the top k items.

    lead=False renders the report as one paragraph starting with the ministry as subject."""
    rng = doc.rng
    d = rep.date
    period = rep.period
    window = (rep.start, rep.end) if wstyle else None
    if wdated == "monthday":
        mode = "monthday"
    elif wdated == "weekday":
        mode = "weekday"
    event = doc.label_date(d, mode)
    when, said_on = doc.when(d, period, mode, said=said_on_ok, morning=bool(wstyle) and rep.start.hour < 12)
    if wdated:
        when = ""
    items = rep.items[:partial] if partial else rep.items
    complete = not partial and sum(n for _, n in rep.items) == rep.total
    amb_ok = allow_amb and complete and len(items) >= 3
    total = rep.total
    wp = doc.window_phrase(window, wstyle, wdated) if window else ""
    n_regions = len([c for c, _ in rep.items if doc.ref.regions[c].kind != "water"])
    has_water = any(doc.ref.regions[c].kind == "water" for c, _ in rep.items)
    over_k = ""
    words_ = table("ministry")
    over = words_["over"]
    if regions_word and n_regions > 1 and rng.random() < 0.7:
        if has_water:
            over_k = rng.choice(over["water"])
        else:
            over_k = fill(rng.choice(over["counted"]), k=words(n_regions)) if n_regions < 20 else over["many"]
    elif regions_word and n_regions > 1:
        over_k = rng.choice(over["vague"])
    drawn = rng.choice(words_["names"])  # drawn whatever the attribution, so the draws that follow stay put
    ministry = drawn if attribution == "ministry" else words_["name_ap"]
    subj = ministry if ministry.startswith("the ") else words_["subject"]
    uav = fill(rng.choice(words_["drones"]), uav=doc.uav)
    wpart = f" {wp}" if wp else ""
    whenpart = f" {when}" if when else ""
    values = {"T": doc.num(total), "Tcap": doc.num(total, start=True), "uav": uav, "over_k": over_k,
              "whenpart": whenpart, "ministry": ministry, "Ministry": cap(ministry), "Subj": cap(subj), "said_on": said_on}
    paras = []
    if not lead:
        quote = False
    elif quote is None:
        quote = rng.random() < 0.35 and not partial
    window_in_lead = bool(wp) and lead and rng.random() < 0.55
    if lead:
        lead_forms = words_["lead"]["forms"] + ([words_["lead"]["day"]] if period == "day" else [])
        paras.append(pick(rng, lead_forms, **values, w_lead=wpart if window_in_lead else ""))
    parts, recorded, amb = render_items(doc, items, amb_ok=amb_ok, territory=rng.random() < 0.3,
                                        with_noun=rng.random() < 0.5, towards=rep.towards_moscow)
    bd = words_["breakdown"]
    lst = join_and(parts)
    tail = ""
    if not partial and len(parts) >= 5 and rng.random() < 0.3:
        cut = len(parts) // 2 + 1
        lst = join_and(parts[:cut])
        tail = rng.choice(bd["tail"]) + join_and(parts[cut:]) + "."
    w_body = "" if window_in_lead else wpart
    values.update(lst=lst, Lst=cap(lst), tail=tail, w_body=w_body)
    # a breakdown that starts with a figure in words is not capitalised into a sentence of its own
    starts_ok = not lst[:1].isdigit() or doc.numstyle == "digits"
    if partial:
        values.update(rest_note=rng.choice(bd["rest_note"]))
        if lead:
            paras.append(fill(rng.choice(bd["partial_after_lead"]), **dict(
                values, over_k=over_k if not w_body else "",
                brought_down=fill(bd["brought_down"], w_body=w_body) if w_body else "")))
        else:
            paras.append(fill(bd["partial_alone"], **values))
    elif quote:
        q = words_["quote"]
        opener = cap(wp) if (wp and not window_in_lead) else (
            rng.choice(q["night_opener"]) if period == "night" else q["day_opener"])
        kind = rng.choice(q["kinds"])
        paras.append(fill(q["body"], **values, opener=opener, kind=kind) + rng.choice(q["closers"]) + tail)
    else:
        if lead and w_body:
            forms = bd["windowed_after_lead"] + [bd["windowed_after_lead_last"] if starts_ok
                                                 else bd["windowed_after_lead_last_digit"]]
        elif lead:
            forms = bd["after_lead"] + ([bd["after_lead_capital"]] if starts_ok else [])
        else:
            forms = bd["alone"]
        paras.append(fill(rng.choice(forms), **values))
    # claims
    doc.add_claim("mod", None, "total", None, total, "exact", window, event, period)
    regions = {}
    for code, n in recorded:
        doc.add_claim("mod", None, "region", code, n, "exact", window, event, period)
        regions[code] = (n, "exact")
    s = sum(n for _, n in recorded)
    arith = "+".join(str(n) for _, n in recorded)
    if s > total:
        doc.flag("breakdown_sum_mismatch")
        doc.notes.append(f"MoD breakdown {arith}={s} exceeds the total {total}: breakdown_sum_mismatch.")
        if rng.random() < 0.5 and not partial:
            paras.append(rng.choice(bd["mismatch_remark"]))
    elif s < total:
        doc.flag("breakdown_partial")
        doc.notes.append(f"MoD breakdown {arith}={s} of {total}: breakdown_partial.")
    else:
        doc.notes.append(f"MoD {arith}={total}, complete.")
    if amb:
        doc.flag("ambiguous_count")
        doc.notes.append("An unsplit 'N over A and B' only adds up to the total as N each: one claim per region, ambiguous_count.")
    if window and wstyle in ("gmt", "utc"):
        doc.notes.append(f"Window given in {wstyle.upper()}, labelled in Moscow time {hm(window[0])}-{hm(window[1])}.")
    if event is None:
        doc.notes.append(f"MoD report of {d.isoformat()} cannot be dated from the text.")
    doc.reports.append(Rendered("mod", None, d, period, window, regions, (total, "exact"), s, len(recorded)))
    doc.last_event = event
    return paras


def mod_region_only(doc: Doc, rep: ModReport, code: str, *, mode: str, wstyle: str | None) -> str:
    """A one-sentence MoD figure for a single region (no total)."""
    rng = doc.rng
    n = rep.count_for(code)
    window = (rep.start, rep.end) if wstyle else None
    event = doc.label_date(rep.date, mode)
    when, said_on = doc.when(rep.date, rep.period, mode, morning=bool(wstyle) and rep.start.hour < 12)
    wp = f" {doc.window_phrase(window, wstyle, None)}" if window else ""
    s = pick(rng, table("ministry")["region_only"]["forms"], said_on, n=doc.num(n), dr="drone" if n == 1 else "drones",
             region=lambda: doc.rname(code), when=when, wp=wp)
    doc.add_claim("mod", None, "region", code, n, "exact", window, event, rep.period)
    doc.reports.append(Rendered("mod", None, rep.date, rep.period, window, {code: (n, "exact")}, None, n, 1))
    doc.notes.append("The ministry's figure for one region only, no total.")
    return s

