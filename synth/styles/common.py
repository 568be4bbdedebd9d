"""What every article style needs: its published date and the date mode of its events."""
from __future__ import annotations

from datetime import date, timedelta

from synth.doc import Doc


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
