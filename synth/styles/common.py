"""What every article style needs: its dates, date mode, dateline and ministry headline."""
from __future__ import annotations

from datetime import date, timedelta

from synth.doc import Doc
from synth.events import ModReport
from synth.templates import fill, fill_each, table
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
