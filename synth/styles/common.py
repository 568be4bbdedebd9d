"""What every article style needs: its dates, date mode, dateline and ministry headline."""
from __future__ import annotations

from datetime import date, timedelta

from synth.doc import Doc
from synth.events import ModReport
from synth.text import MON_ABBR, MONTHS, words


def choose_dates(doc: Doc, d: date, *, p_none: float = 0.2, lag=(0, 1), dateline: bool = False,
                 header_year: bool = False):
    """Set published date and anchor for an article about an event ending on d."""
    rng = doc.rng
    if rng.random() < p_none:
        doc.published = None
        if dateline:
            doc.anchor = (d, False)
        elif header_year:
            doc.anchor = (d, True)
        else:
            doc.anchor = None
    else:
        p = d + timedelta(days=0 if dateline else rng.choice(lag))
        doc.published = p
        doc.anchor = (p, True)
        if rng.random() < 0.12:
            doc.published_str = f"{p.isoformat()}T{rng.randint(9, 23):02d}:{rng.randint(0, 59):02d}:00+03:00"
        else:
            doc.published_str = p.isoformat()


def pick_mode(doc: Doc, d: date, prefer=None) -> str:
    ms = doc.modes(d)
    if prefer:
        for m in prefer:
            if m in ms:
                return m
    return doc.rng.choice(ms)


def dateline(doc: Doc, d: date, agency: str) -> str:
    md = f"{MONTHS[d.month - 1]} {d.day}" if agency != "interfax" else f"{MON_ABBR[d.month - 1]} {d.day}"
    city = doc.rng.choice(["MOSCOW", "MOSCOW", "MOSCOW", "KURSK", "BELGOROD", "BRYANSK", "ROSTOV-ON-DON", "SIMFEROPOL"])
    if agency == "tass":
        return f"{city}, {md}. /TASS/."
    if agency == "interfax":
        return f"{city}, {md} (Interfax) -"
    if agency == "ria":
        return f"{city}, {md} - RIA Novosti."
    return f"{city}, {md}."


def headline_mod(doc: Doc, rep: ModReport, when_word: str) -> str:
    rng = doc.rng
    n = rep.total
    k = len([c for c, _ in rep.items if doc.ref.regions[c].kind != "water"])
    forms = [f"Air defences down {n} Ukrainian drones over Russian regions {when_word}",
             f"Russia says it downed {n} Ukrainian drones {when_word}",
             f"MoD: {n} Ukrainian drones destroyed {when_word}",
             f"{n} drones shot down over {words(k) if k > 1 else 'one'} region{'s' if k > 1 else ''}, ministry says",
             f"Dozens of drones downed over Russia {when_word}" if n >= 24 else f"Drones downed over border regions {when_word}",
             "Ministry reports new drone attack on Russian regions"]
    return rng.choice(forms).strip()

