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
from synth.templates import table
from synth.text import cap, hm, join_and, words
from synth.world import official_for, title_of


def style_governor(doc: Doc, d: date):
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
    doc.headline = rng.choice([
        f"{surname}: {doc.qnum(g.count, g.qualifier).lower() if g.qualifier != 'exact' else g.count} drones shot down over {doc.rname(code, 'region').removeprefix('the ')}",
        f"{n_text} drone{'s' if g.count != 1 else ''} destroyed over {doc.rname(code, 'region')}",
        f"Air defence repels drone attack on {doc.rname(code, 'region').removeprefix('the ')}",
        f"Governor reports drones downed over {words(len(g.districts))} districts" if len(g.districts) > 1 else f"Drone attack on {doc.rname(code, 'region').removeprefix('the ')} repelled",
    ])
    if rng.random() < 0.5:
        doc.paras.append(rng.choice([
            f"{surname} again asked residents not to approach fragments of drones, not to pick them up and not to film or publish photographs of the places where they fell.",
            "Residents said they had heard several loud bangs before dawn." if period == "night" else "Residents said they had heard several loud bangs around lunchtime.",
            "The regional emergency service said specialists had removed fragments found in a field.",
        ]))
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
            doc.paras.append(rng.choice([
                f"The Defence Ministry said{said2} that more than {doc.num(q)} drones had been destroyed {when2} over several regions, but did not give a breakdown by region.",
                f"According to the Defence Ministry, which reported{said2} at least {doc.num(q)} drones destroyed {when2}, {rng.choice(['the attack was one of the largest this month', 'most of the drones were shot down over the border regions'])}.",
            ]))
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
            doc.paras.append(rng.choice([
                "The ministry's figure for the region differs from the governor's.",
                "Gaps between regional and federal numbers are not unusual: governors and the ministry often count different hours.",
            ]))
    doc.paras.extend(filler(doc, rng.randint(1, 3), traps=("damage", "flight", "historic")))


def style_mayor(doc: Doc, d: date):
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
    doc.headline = rng.choice([f"{surname} reports drones flying towards Moscow shot down",
                               f"Drones heading for Moscow downed {('overnight' if period == 'night' else 'in the afternoon')}, mayor says",
                               "Moscow airports restrict flights as drones target the capital"])
    if len(posts) == 1 or rng.random() < 0.3:
        # one summary statement
        n = total if len(posts) > 1 else posts[0][1]
        if len(posts) > 1:
            posts = [(posts[-1][0], total)]
        doc.paras.append(rng.choice([
            f"Moscow Mayor {full} said{said_on} that air defence forces had shot down {doc.num(n)} drone{'s' if n > 1 else ''} flying towards the capital {when}.",
            f"{cap(when)}, air defence units shot down {doc.num(n)} drone{'s' if n > 1 else ''} heading for Moscow, Mayor {full} said{said_on}.",
        ]))
        doc.paras.append(f"\"Air defence forces of the Ministry of Defence repelled an attack by {n} UAV{'s' if n > 1 else ''} flying towards Moscow. Emergency services specialists are working at the site where the debris fell,\" {surname} wrote on his Telegram channel.")
        doc.add_claim("mayor", off.name, "region", "RU-MOW", n, "exact", None, event, period)
        doc.reports.append(Rendered("mayor", off.name, d, period, None, {"RU-MOW": (n, "exact")}))
    else:
        k = len(posts)
        doc.paras.append(f"Moscow Mayor {full} reported{said_on} {words(k)} separate attempts by drones to reach the capital {when}.")
        t0, n0 = posts[0]
        doc.paras.append(f"\"Air defence forces of the Ministry of Defence repelled an attack by {doc.num(n0)} UAV{'s' if n0 > 1 else ''} flying towards Moscow. Emergency services specialists are working at the site where the debris fell,\" {surname} wrote on his Telegram channel at {hm(t0)}.")
        bits = []
        for t, n in posts[1:]:
            more = rng.choice(["more", "more", "further"])
            if n == 1:
                bits.append(rng.choice([f"at {hm(t)} he reported that one {more} had been destroyed on approach to Moscow",
                                        f"at {hm(t)} he wrote that another drone had been shot down"]))
            else:
                bits.append(f"at {hm(t)} the mayor posted that {doc.num(n)} {more} drones heading for the city had been shot down")
        doc.paras.append(cap(join_and(bits)) + ". In none of the posts did he say exactly where the fragments came down.")
        for t, n in posts:
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
    doc.headline = rng.choice(["Governors report drone attacks on border regions",
                               "Drone raids on several regions: what the governors said",
                               f"Regions count drones downed {('overnight' if 'overnight' in when else 'in the night')}"])
    doc.paras.append(f"Governors of at least {words(len(govs) + rng.randint(0, 3))} regions reported drone attacks {when}.")
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
            doc.paras.append(f"{doc.region_adj(c)} Governor {off.name} said there had been an air raid alert in the region but did not give a number of drones.")
    if rng.random() < 0.4:
        doc.paras.extend(mod_report(doc, mod, mode=pick_mode(doc, d, [mode]), wstyle=rng.choice(["msk24", None]),
                                    lead=False, allow_amb=False))
    doc.paras.extend(filler(doc, rng.randint(1, 2), traps=("damage",)))

