"""Small text helpers: numbers in words, capitals, lists joined with 'and', clock times, calendar names."""
from __future__ import annotations

from datetime import datetime

from transforms import reference

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# month names as the extractor reads them (transforms/reference/en/months.csv): the longest word per month
MONTHS = [max((w for w, m in reference.months().items() if m == k), key=len).title() for k in range(1, 13)]
MON_ABBR = [m[:3] for m in MONTHS]

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def words(n: int) -> str:
    if n < 20:
        return ONES[n]
    if n < 100:
        t, u = divmod(n, 10)
        return TENS[t] + ("-" + ONES[u] if u else "")
    return str(n)


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def join_and(parts: list, conj: str = "and", oxford: bool = False) -> str:
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return f"{parts[0]} {conj} {parts[1]}"
    return ", ".join(parts[:-1]) + ("," if oxford else "") + f" {conj} " + parts[-1]


def hm(t: datetime) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"

