"""Windows and dates as Russian posts write them, as the engine's Window and DateCue records.

"с 20.00 до 7.00 мск", "С 20.00 мск до 23.00 мск", "в период с 23.00 мск 11 марта т.г. до 7.00 мск 12 марта т.г.",
"(с 21.00 мск 9.05 до 7.00 мск 10.05)", "в период с 9.00 20 февраля до 9.00 21 февраля"; dates "22 мая",
"13 апреля 2025 г.", "в ночь на 19 октября", "в ночь на среду", "накануне", "вчера", "прошедшей ночью"."""
from __future__ import annotations

import re
from datetime import time

from transforms.reference import months
from transforms.timeparse import DateCue, Window

MONTHS_RU = months("ru")
_MON = "|".join(sorted(MONTHS_RU, key=len, reverse=True))
_CLOCK = r"(?:\d{1,2}[.:]\d\d|полуночи|полудня|\d{1,2}(?=\s+(?:до\s+\d{1,2}\s+час|час|мск)))"
_DAY = rf"\d{{1,2}}(?:\s+(?:{_MON})\.?(?:\s+\d{{4}}(?:\s*г\.?)?)?|\.\d\d(?!\d))"
_TG = r"(?:\s+т\.\s?г\.)?,?"
_WD = r"(?:[а-я]+,\s+)?"        # "с 20:00 вторника, 28 октября, до 6:00 среды, 29 октября"
WINDOW = re.compile(
    rf"\bс\s+(?P<s>{_CLOCK})(?:\s*мск)?(?:\s+{_WD}(?P<sd>{_DAY}){_TG})?\s+(?:до|по)\s+(?P<e>{_CLOCK})(?:\s*(?:мск|часов|ч\.))?"
    rf"(?:\s+{_WD}(?P<ed>{_DAY}){_TG})?", re.IGNORECASE)
# "около 16.40 мск": a moment, not a window; its hour still says night or day
MOMENT = re.compile(rf"\b(?:около|примерно|в)\s+(?P<t>{_CLOCK})\s*мск\b", re.IGNORECASE)
DATE = re.compile(rf"(?<![\d.,])(?P<d>\d{{1,2}})\s+(?P<m>{_MON})\b\.?(?:\s+(?P<y>(?:19|20)\d\d)\b)?", re.IGNORECASE)
NUMERIC_DATE = re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d\d)\.(?P<y>20\d\d)(?![\d.])")
_WEEKDAYS = ("понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресень")
WEEKDAY = re.compile(r"\b(?:в ночь на|в ночь с \w+ на|в|во)\s+(?P<wd>понедельник|вторник|сред[уа]|четверг|пятниц[уа]|суббот[уа]|воскресенье)\b",
                     re.IGNORECASE)
PREVIOUS = re.compile(r"\bнакануне\b|\bпредыдущ\w+ ноч\w*", re.IGNORECASE)
YESTERDAY = re.compile(r"\bвчера\b", re.IGNORECASE)
TODAY = re.compile(r"\b(?:сегодня|прошедш\w+ ноч\w*|минувш\w+ ноч\w*|этой ночью|в течение ночи|за ночь|ночью|"
                   r"за прошедшие сутки|за сутки)\b", re.IGNORECASE)


def _clock(s: str) -> time | None:
    low = s.lower()
    if low in ("полуночи", "полудня"):
        return time(0, 0) if low == "полуночи" else time(12, 0)
    h, m = (int(x) for x in re.split(r"[.:]", s)) if re.search(r"[.:]", s) else (int(s), 0)
    return time(h % 24, m) if h <= 24 and m < 60 else None


def _day_cue(s: str | None, pos: int) -> DateCue | None:
    if not s:
        return None
    m = re.match(rf"(\d{{1,2}})(?:\s+({_MON})\.?(?:\s+(\d{{4}}))?|\.(\d\d))", s, re.IGNORECASE)
    if not m:
        return None
    day = int(m.group(1))
    month = MONTHS_RU[m.group(2).lower()] if m.group(2) else int(m.group(4))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return DateCue("explicit", month, day, int(m.group(3)) if m.group(3) else None, pos=pos)


def windows(text: str) -> list[tuple[Window, tuple[int, int]]]:
    """Every window of a sentence with its span (so its times and dates are not read as figures or dates)."""
    out = []
    for m in WINDOW.finditer(text):
        s, e = _clock(m["s"]), _clock(m["e"])
        if s is None or e is None:
            continue
        out.append((Window(s, e, m.start(), _day_cue(m["ed"], m.start("ed")) if m["ed"] else None), m.span()))
    return out


def moment_period(text: str) -> str | None:
    m = MOMENT.search(text)
    if not m:
        return None
    t = _clock(m["t"])
    return None if t is None else ("day" if 6 <= t.hour < 20 else "night")


def date_cues(text: str, masked: list[tuple[int, int]]) -> list[DateCue]:
    """Date cues outside the masked spans (windows), most specific first."""
    cues = []
    for m in DATE.finditer(text):
        if any(a <= m.start() < b for a, b in masked):
            continue
        day = int(m["d"])
        if 1 <= day <= 31:
            cues.append(DateCue("explicit", MONTHS_RU[m["m"].lower()], day, int(m["y"]) if m["y"] else None, pos=m.start()))
    for m in NUMERIC_DATE.finditer(text):
        if not any(a <= m.start() < b for a, b in masked) and 1 <= int(m["d"]) <= 31 and 1 <= int(m["m"]) <= 12:
            cues.append(DateCue("explicit", int(m["m"]), int(m["d"]), int(m["y"]), pos=m.start()))
    if cues:
        return cues
    if m := WEEKDAY.search(text):
        wd = next(i for i, w in enumerate(_WEEKDAYS) if m["wd"].lower().startswith(w))
        return [DateCue("weekday", weekday=wd, pos=m.start())]
    for kind, rx in (("previous", PREVIOUS), ("yesterday", YESTERDAY), ("today", TODAY)):
        if m := rx.search(text):
            return [DateCue(kind, pos=m.start())]
    return []
