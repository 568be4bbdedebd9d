from datetime import date, time

import pytest

from transforms.timeparse import DateCue, date_cues, parse_clock, period_of_window, resolve_date, windows


@pytest.mark.parametrize(
    "s,expected",
    [("14:20", time(14, 20)), ("2:20 pm", time(14, 20)), ("9 p.m.", time(21, 0)), ("12 a.m.", time(0, 0)),
     ("12 p.m.", time(12, 0)), ("07.50", time(7, 50)), ("midnight", time(0, 0)), ("noon", time(12, 0)),
     ("25:00", None), ("13 pm", None)],
)
def test_clock(s, expected):
    assert parse_clock(s) == expected


@pytest.mark.parametrize(
    "sentence,start,end",
    [
        ("destroyed 19 drones between 12:20 PM and 3:00 PM MSK.", time(12, 20), time(15, 0)),
        ("between 21:00 and 07:50 Moscow time", time(21, 0), time(7, 50)),
        ("between 9 p.m. and 6 a.m. Moscow time", time(21, 0), time(6, 0)),
        ("from 9 to 11 p.m. on Monday", time(21, 0), time(23, 0)),
        ("between 0100 and 0400 GMT", time(4, 0), time(7, 0)),                     # stored in Moscow time
        ("between 11 p.m. Moscow time (2000 GMT) on Sunday and 7 a.m. (0400 GMT) on Monday", time(23, 0), time(7, 0)),
        ("from 20:00 on 14 August to 06:00 on 15 August", time(20, 0), time(6, 0)),
    ],
)
def test_windows(sentence, start, end):
    w = windows(sentence)
    assert len(w) == 1 and (w[0].start, w[0].end) == (start, end)


def test_window_over_two_dates_keeps_the_end_date():
    w = windows("from 20:00 on 14 August to 06:00 on 15 August")[0]
    assert (w.end_date.month, w.end_date.day) == (8, 15)


def test_gmt_window_ending_after_moscow_midnight_moves_to_the_next_day():
    w = windows("between 1930 and 2330 UTC on Tuesday")[0]
    assert (w.start, w.end, w.next_day) == (time(22, 30), time(2, 30), True)


def test_no_window_without_clock_times():
    assert windows("from 9 to 11 drones were seen") == []
    assert windows("The attack lasted from Monday to Tuesday") == []


def test_period_of_window():
    assert period_of_window(windows("between 21:00 and 07:50")[0]) == "night"
    assert period_of_window(windows("between 12:20 and 15:00")[0]) == "day"
    assert period_of_window(windows("between 08:00 and 12:30")[0]) == "day"


def test_explicit_dates_and_nights():
    assert date_cues("On the night of July 20, drones")[0] == DateCue("explicit", 7, 20, None, pos=7)
    c = date_cues("overnight into Wednesday, June 18, the ministry said")[0]
    assert (c.month, c.day) == (6, 18)
    c = date_cues("the night from July 20 to July 21")[0]
    assert (c.month, c.day) == (7, 21)                  # the night ends on the 21st
    c = date_cues("on 14 September 2025")[0]
    assert (c.month, c.day, c.year) == (9, 14, 2025)


def test_resolving_dates():
    pub = date(2025, 7, 23)   # a Wednesday
    assert resolve_date(DateCue("explicit", 7, 21), pub, date(2025, 12, 31), None) == (date(2025, 7, 21), "day")
    assert resolve_date(DateCue("explicit", 7, 21), None, date(2025, 12, 31), None) == (date(2025, 7, 21), "year_inferred")
    # December news read in January belongs to the previous year
    assert resolve_date(DateCue("explicit", 12, 30), date(2026, 1, 2), date(2026, 1, 2), None)[0] == date(2025, 12, 30)
    assert resolve_date(DateCue("weekday", weekday=1), pub, date(2025, 12, 31), None)[0] == date(2025, 7, 22)
    assert resolve_date(DateCue("weekday", weekday=2), pub, date(2025, 12, 31), None)[0] == pub
    assert resolve_date(DateCue("previous"), None, date(2025, 12, 31), date(2025, 8, 27))[0] == date(2025, 8, 26)
    assert resolve_date(DateCue("today"), pub, date(2025, 12, 31), None)[0] == pub
    assert resolve_date(DateCue("today"), None, date(2025, 12, 31), None) == (None, "none")
    assert resolve_date(DateCue("weekday", weekday=1), None, date(2025, 12, 31), None) == (None, "none")


def test_window_with_dated_ends_that_carry_their_year():
    (w,) = windows("From 11:00 p.m. Moscow time on December 31, 2025, to 7:00 a.m. Moscow time on January 1, 2026, "
                   "air defences destroyed 86 drones.")
    assert (w.start, w.end) == (time(23, 0), time(7, 0))
    assert (w.end_date.year, w.end_date.month, w.end_date.day) == (2026, 1, 1)
