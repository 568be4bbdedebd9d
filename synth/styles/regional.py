"""Regional articles: one governor, a roundup of governors, the Moscow mayor's posts."""
from __future__ import annotations

from datetime import date

from synth.doc import Doc
from synth.filler import filler, trap
from synth.governors import gov_report
from synth.labels import Rendered
from synth.ministry import mod_region_only, mod_report
from synth.styles.common import choose_dates, pick_mode
from synth.styles.wire import style_wire
from synth.templates import fill, fill_each, table
from synth.text import cap, hm, join_and, words
from synth.world import official_for, title_of


def style_governor(doc: Doc, d: date):  # noqa: C901 - the generator: one branch per relay style
    rng = doc.rng
    w = doc.world
    period = "night" if rng.random() < 0.7 else "day"
    mod = w.mod_for(d, period)
    cands = [c for c, _ in mod.items] if mod else []
    extra = ["RU-KLU", "RU-BRY", "RU-BEL", "RU-KRS", "RU-ORL", "RU-TUL", "RU-VOR", "RU-LIP", "RU-SMO",
             "UA-40", "UA-43", "RU-ROS", "RU-MOS"]
    pool = cands if cands and rng.random() < 0.8 else extra
    order = pool[:]
    rng.shuffle(order)
    g = None
    for code in order:
        g = w.gov(d, period, code)
        if g is not None:
            break
    if g is None:
        return style_wire(doc, d)
    doc.style = f"governor_{period}"
    choose_dates(doc, d, p_none=0.2, lag=(0, 0, 0, 1))
    doc.outlet = rng.choice(table("outlets")["regional"].get(code, table("outlets")["general"]))
    mode = pick_mode(doc, d, ["anchor", "weekday", "monthday"] if rng.random() < 0.8 else None)
    mismatch = rng.random() < 0.07
    doc.paras.extend(gov_report(doc, g, mode=mode, mismatch=mismatch))
    surname = doc.surname
    n_text = doc.qnum(g.count, g.qualifier, start=True) if g.qualifier != "exact" else doc.num(g.count, start=True)
    words_ = table("regional")["governor"]
    headlines = words_["headlines"] + [words_["headline_districts"] if len(g.districts) > 1 else words_["headline_repelled"]]
    doc.headline = rng.choice(fill_each(
        headlines, surname=surname, n_text=n_text, s="s" if g.count != 1 else "", k=words(len(g.districts)),
        n_lc=lambda: doc.qnum(g.count, g.qualifier).lower() if g.qualifier != "exact" else g.count,
        region=lambda: doc.rname(code, "region"), region_bare=lambda: doc.rname(code, "region").removeprefix("the ")))
    if rng.random() < 0.5:
        doc.paras.append(rng.choice(fill_each(words_["asides"], surname=surname,
                                              bangs=words_["bangs_night"] if period == "night" else words_["bangs_day"])))
    # the ministry's figure for the same period
    if mod is not None and rng.random() < 0.6:
        mmode = pick_mode(doc, d, [mode])
        r = rng.random()
        wstyle = rng.choice(["msk24", "msk24", "msk12", None])
        if r < 0.3 and mod.count_for(code) is not None:
            doc.paras.append(mod_region_only(doc, mod, code, mode=mmode, wstyle=wstyle))
        elif r < 0.42 and mod.total > 10:
            # a qualified total without a breakdown: "more than 20"
            q = (mod.total - 1) // 5 * 5
            ev = doc.label_date(d, mmode)
            when2, said2 = doc.when(d, period, mmode)
            doc.paras.append(rng.choice(fill_each(words_["ministry_total"], said_on=said2, q=doc.num(q), when=when2,
                                                  remark=lambda: rng.choice(words_["ministry_remarks"]))))
            doc.add_claim("mod", None, "total", None, q, "at_least", None, ev, period)
            doc.reports.append(Rendered("mod", None, d, period, None, {}, (q, "at_least")))
            doc.notes.append(f"'more than/at least {q}' from the ministry: at_least, no breakdown.")
        elif r < 0.7:
            k = len(mod.items)
            partial = 0
            if k > 1 and rng.random() < 0.5:
                idx = [i for i, (c, _) in enumerate(mod.items) if c == code]
                partial = max(idx[0] + 1 if idx else 1, rng.randint(1, k - 1))
                if partial >= k:
                    partial = 0
            doc.paras.extend(mod_report(doc, mod, mode=mmode, wstyle=wstyle, partial=partial, lead=False,
                                        allow_amb=False))
        else:
            doc.paras.extend(mod_report(doc, mod, mode=mmode, wstyle=wstyle, allow_amb=True))
        mine = [r for r in doc.reports if r.authority == "mod"]
        if mine and code in mine[0].regions and mine[0].regions[code][0] != g.count and g.qualifier == "exact":
            doc.paras.append(rng.choice(words_["differs"]))
    doc.paras.extend(filler(doc, rng.randint(1, 3), traps=("damage", "flight", "historic")))


def style_mayor(doc: Doc, d: date):  # noqa: C901 - the generator: one branch per relay style
    rng = doc.rng
    w = doc.world
    period = "night" if rng.random() < 0.75 else "day"
    posts = w.mayor_posts(d, period)
    if not posts:
        other = "day" if period == "night" else "night"
        posts = w.mayor_posts(d, other)
        period = other
    if not posts:
        return style_wire(doc, d)
    doc.style = f"mayor_{period}"
    off = official_for(doc.ref, "RU-MOW", d)
    if off is None:
        return style_wire(doc, d)
    choose_dates(doc, d, p_none=0.15, lag=(0, 0, 1))
    doc.outlet = rng.choice(table("outlets")["regional"]["RU-MOW"])
    mode = pick_mode(doc, d, ["anchor", "weekday"])
    event = doc.label_date(d, mode)
    when, said_on = doc.when(d, period, mode)
    mismatch = rng.random() < 0.06
    full, surname, mis = doc.official_name(off, mismatch)
    if mis:
        doc.flag("official_name_mismatch")
        doc.notes.append(f"Mayor written '{full}' ({mis}).")
    total = sum(n for _, n in posts)
    words_ = table("regional")["mayor"]
    doc.headline = rng.choice(fill_each(words_["headlines"], surname=surname,
                                        time_word="overnight" if period == "night" else "in the afternoon"))
    if len(posts) == 1 or rng.random() < 0.3:
        # one summary statement
        n = total if len(posts) > 1 else posts[0][1]
        if len(posts) > 1:
            posts = [(posts[-1][0], total)]
        s = "s" if n > 1 else ""
        doc.paras.append(rng.choice(fill_each(words_["summary"], full=full, said_on=said_on, n=doc.num(n), s=s,
                                              when=when, When=cap(when))))
        doc.paras.append(fill(words_["post"], n=n, s=s, surname=surname, at=""))
        doc.add_claim("mayor", off.name, "region", "RU-MOW", n, "exact", None, event, period)
        doc.reports.append(Rendered("mayor", off.name, d, period, None, {"RU-MOW": (n, "exact")}))
    else:
        k = len(posts)
        doc.paras.append(fill(words_["posts_intro"], full=full, said_on=said_on, k=words(k), when=when))
        t0, n0 = posts[0]
        doc.paras.append(fill(words_["post"], n=doc.num(n0), s="s" if n0 > 1 else "", surname=surname, at=f" at {hm(t0)}"))
        bits = []
        for t, n in posts[1:]:
            more = rng.choice(words_["more"])
            if n == 1:
                bits.append(rng.choice(fill_each(words_["one_more"], t=hm(t), more=more)))
            else:
                bits.append(fill(words_["several_more"], t=hm(t), n=doc.num(n), more=more))
        doc.paras.append(cap(join_and(bits)) + words_["posts_end"])
        for _, n in posts:
            doc.add_claim("mayor", off.name, "region", "RU-MOW", n, "exact", None, event, period)
        doc.reports.append(Rendered("mayor", off.name, d, period, None, {}))
        doc.notes.append("Each of the mayor's posts is its own claim; post times are not windows.")
    if event is None:
        doc.notes.append("The mayor's posts cannot be dated from the text.")
    doc.paras.append(trap(doc, "flight"))
    mod = w.mod_for(d, period)
    if mod is not None and rng.random() < 0.45:
        mmode = pick_mode(doc, d, [mode])
        doc.paras.extend(mod_report(doc, mod, mode=mmode, wstyle=rng.choice(["msk24", "msk12", None]), lead=False,
                                    allow_amb=False))
    doc.paras.extend(filler(doc, rng.randint(0, 2), traps=("damage",)))


def style_roundup(doc: Doc, d: date):
    rng = doc.rng
    w = doc.world
    period = "night"
    mod = w.night(d)
    govs = [w.gov(d, period, c) for c, _ in mod.items]
    govs = [g for g in govs if g is not None]
    if len(govs) < 2:
        return style_governor(doc, d)
    govs = govs[: rng.randint(2, min(5, len(govs)))]
    doc.style = "governors_roundup"
    choose_dates(doc, d, p_none=0.15, lag=(0, 0, 1))
    doc.outlet = rng.choice(table("outlets")["general"][:6])
    mode = pick_mode(doc, d, ["weekday", "anchor", "monthday"])
    when, _ = doc.when(d, period, mode)
    words_ = table("regional")["roundup"]
    doc.headline = rng.choice(fill_each(words_["headlines"], time_word="overnight" if "overnight" in when else "in the night"))
    doc.paras.append(fill(words_["intro"], k=words(len(govs) + rng.randint(0, 3)), when=when))
    windowed = False
    for g in govs:
        ps = gov_report(doc, g, mode=mode, window_ok=not windowed, quote=rng.random() < 0.3,
                        mismatch=rng.random() < 0.04)
        windowed = windowed or g.window is not None
        doc.paras.extend(ps)
    silent = [c for c in ("RU-LIP", "RU-KLU", "RU-TUL", "RU-VOR", "RU-BEL") if c not in [g.code for g in govs]]
    if silent:
        c = rng.choice(silent)
        off = official_for(doc.ref, c, d)
        if off is not None and title_of(doc.ref, off) == "governor":
            doc.paras.append(fill(words_["silent"], adj=doc.region_adj(c), name=off.name))
    if rng.random() < 0.4:
        doc.paras.extend(mod_report(doc, mod, mode=pick_mode(doc, d, [mode]), wstyle=rng.choice(["msk24", None]),
                                    lead=False, allow_amb=False))
    doc.paras.extend(filler(doc, rng.randint(1, 2), traps=("damage",)))

