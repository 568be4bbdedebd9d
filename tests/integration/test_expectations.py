"""Each set-level rule on staged rows that pass and rows that fail."""
from datetime import date, datetime, time

import duckdb
import pytest

from expectations.rules import BY_FLAG, RULES
from warehouse import dq
from warehouse import io as wh

PARAMS = {"plausible_max_drones": 1000, "spike_factor": 5.0, "max_event_age_days": 365}
N = 0


def claim(**kw) -> dict:
    global N
    N += 1
    base = dict(claim_id=f"c{N}", source_file="a.txt", report_id="a.txt#0", report_key="r0", claim_key=f"k{N}",
                authority="mod", official=None, official_as_written=None, scope="region", region_code="RU-BRY",
                region_name="Bryansk Oblast", districts=[], drones=5, qualifier="exact", window_start_local=None,
                window_end_local=None, window_start_utc=None, window_end_utc=None, event_date=date(2025, 7, 15),
                date_precision="day", period="night", evidence="...", char_start=0, char_end=1,
                published_date=date(2025, 7, 15))
    base.update(kw)
    return base


@pytest.fixture
def con():
    c = duckdb.connect(":memory:")
    wh.apply_ddl(c)
    yield c
    c.close()


def offending(con, flag: str, rows: list[dict]) -> list[tuple]:
    con.execute("DELETE FROM staging.stg_claims")
    for r in rows:
        cols = ", ".join(r)
        con.execute(f"INSERT INTO staging.stg_claims ({cols}) VALUES ({', '.join('?' * len(r))})", list(r.values()))
    return dq.run_rule(con, BY_FLAG[flag].sql_text, PARAMS).fetchall()


def test_every_rule_has_a_readable_description_and_a_known_severity():
    for r in RULES:
        assert r.severity in ("info", "warn", "error")
        assert len(r.description) > 40 and r.description[0].isupper()


def test_breakdown_sum_mismatch_and_partial(con):
    total = claim(scope="total", region_code=None, region_name=None, drones=20)
    ok = [total, claim(drones=12), claim(drones=8)]
    assert offending(con, "breakdown_sum_mismatch", ok) == []
    assert offending(con, "breakdown_partial", ok) == []
    over = [total, claim(drones=15), claim(drones=8)]
    rows = offending(con, "breakdown_sum_mismatch", over)
    assert len(rows) == 1 and "23" in rows[0][2] and rows[0][1] == total["claim_id"]
    under = [total, claim(drones=5)]
    rows = offending(con, "breakdown_partial", under)
    assert len(rows) == 1 and "15 unattributed" in rows[0][2]
    # a total with no breakdown at all is not partial
    assert offending(con, "breakdown_partial", [total]) == []


def test_source_discrepancy_same_day_or_same_article(con):
    gov = claim(authority="governor", drones=9, report_id="a.txt#1")
    assert offending(con, "source_discrepancy", [claim(drones=9), gov]) == []
    rows = offending(con, "source_discrepancy", [claim(drones=12), claim(authority="governor", drones=9, report_id="a.txt#1")])
    assert len(rows) == 2 and all(r[0] == "a.txt" for r in rows)
    # different days: no comparison
    assert offending(con, "source_discrepancy", [claim(drones=12), claim(authority="governor", drones=9, event_date=date(2025, 7, 16))]) == []
    # undated claims compare only inside one article
    undated = [claim(drones=12, event_date=None), claim(authority="governor", drones=9, event_date=None, source_file="b.txt")]
    assert offending(con, "source_discrepancy", undated) == []
    # between two articles the rows are not pinned on either article
    rows = offending(con, "source_discrepancy", [claim(drones=12), claim(authority="governor", drones=9, source_file="b.txt")])
    assert len(rows) == 2 and all(r[0] is None for r in rows)


def test_window_mismatch_unwraps_midnight(con):
    mod = claim(window_start_local=time(23), window_end_local=time(7))
    inside = claim(authority="governor", window_start_local=time(1), window_end_local=time(6), report_id="a.txt#1")
    assert offending(con, "window_mismatch", [mod, inside]) == []
    earlier = claim(authority="governor", window_start_local=time(21), window_end_local=time(7, 50), report_id="a.txt#1")
    rows = offending(con, "window_mismatch", [mod, earlier])
    assert len(rows) == 1 and rows[0][1] == earlier["claim_id"] and "21:00-07:50" in rows[0][2]


def test_overlapping_windows_of_one_authority(con):
    a = claim(report_key="r1", window_start_utc=datetime(2025, 7, 18, 7), window_end_utc=datetime(2025, 7, 18, 13))
    b = claim(report_key="r2", window_start_utc=datetime(2025, 7, 18, 12), window_end_utc=datetime(2025, 7, 18, 16))
    c = claim(report_key="r3", window_start_utc=datetime(2025, 7, 18, 13), window_end_utc=datetime(2025, 7, 18, 16))
    assert len(offending(con, "overlapping_windows", [a, b])) == 2
    assert offending(con, "overlapping_windows", [a, c]) == []           # adjacent windows do not overlap
    gov = claim(report_key="r4", authority="governor", window_start_utc=b["window_start_utc"], window_end_utc=b["window_end_utc"])
    assert offending(con, "overlapping_windows", [a, gov]) == []         # different authorities


def test_dates(con):
    assert len(offending(con, "date_unresolved", [claim(event_date=None), claim()])) == 1
    assert len(offending(con, "event_after_published", [claim(event_date=date(2025, 7, 16))])) == 1
    assert offending(con, "event_after_published", [claim()]) == []
    assert len(offending(con, "event_long_before_published", [claim(event_date=date(2023, 7, 1))])) == 1


def test_implausible_count(con):
    assert len(offending(con, "implausible_count", [claim(drones=10_000_000), claim(drones=0), claim(drones=300)])) == 2


def test_regional_spike_needs_history(con):
    history = [claim(event_date=date(2025, 7, d), drones=3, report_key=f"h{d}") for d in (10, 11, 12)]
    spike = claim(event_date=date(2025, 7, 13), drones=40, report_key="s")
    assert len(offending(con, "regional_spike", history + [spike])) == 1
    assert offending(con, "regional_spike", history[:2] + [spike]) == []     # two days of history is too few


def test_duplicate_article(con):
    con.execute("INSERT INTO raw.articles (source_file, sha256, bytes, encoding, text, received_at, run_id) VALUES "
                "('a.txt','h',1,'utf-8','t',now(),'r'), ('b.txt','h',1,'utf-8','t',now(),'r'), ('c.txt','other',1,'utf-8','t',now(),'r')")
    rows = offending(con, "duplicate_article", [])
    assert rows == [(None, None, "b.txt has the same content as a.txt", '{"file":"b.txt","same_as":"a.txt"}')]


def test_overlapping_windows_across_midnight(con):
    evening = claim(report_key="e", event_date=date(2025, 10, 11), window_start_utc=datetime(2025, 10, 11, 12),
                    window_end_utc=datetime(2025, 10, 11, 18))
    night = claim(report_key="n", event_date=date(2025, 10, 12), window_start_utc=datetime(2025, 10, 11, 17),
                  window_end_utc=datetime(2025, 10, 12, 4))
    assert len(offending(con, "overlapping_windows", [evening, night])) == 2
