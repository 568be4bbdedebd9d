"""A statement held both as the authority's own post and as an outlet's relay of it: the relay's figure is checked
against the post (relay_mismatch), and the daily tables count the statement once."""
from datetime import date

from tests.conftest import query, run_stages

POST = ("В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены 23 украинских беспилотных "
        "летательных аппарата самолетного типа:\n\n"
        "▫️ 15 – над территорией Брянской области,\n"
        "▫️ 8 – над территорией Курской области.")
RELAY_SAME = ("Russia says it downed 23 Ukrainian drones overnight\n\n"
              "Russia's defence ministry said on Telegram that air defences destroyed 23 Ukrainian drones overnight, "
              "15 of them over the Bryansk region and 8 over the Kursk region.")
RELAY_OTHER = ("Russian air defences destroyed 23 drones overnight, the defence ministry said, 13 of them over the "
               "Bryansk region and 8 over the Kursk region.")


def _corpus(tmp_path, relay: str):
    src = tmp_path / "in"
    src.mkdir()
    (src / "post.txt").write_text(POST, encoding="utf-8")
    (src / "relay.txt").write_text(relay, encoding="utf-8")
    (src / "manifest.csv").write_text(
        "file,published,source_url,outlet\n"
        "post.txt,2025-08-10,https://t.me/mod_russia/50001,Минобороны России (Telegram)\n"
        "relay.txt,2025-08-10,https://example.org/news/1,Example Wire\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    run_stages(src, db, as_of=date(2025, 8, 31))
    return db


def test_a_relay_with_the_posts_figures_is_counted_once(tmp_path):
    db = _corpus(tmp_path, RELAY_SAME)
    kinds = dict(query(db, "SELECT source_file, bool_and(from_channel) FROM marts.claims GROUP BY 1"))
    assert kinds == {"post.txt": True, "relay.txt": False}
    rows = dict(query(db, "SELECT region_code, drones FROM marts.daily_region WHERE authority = 'mod'"))
    assert rows == {"RU-BRY": 15, "RU-KRS": 8}
    assert query(db, "SELECT count(*) FROM dq.flags WHERE flag = 'relay_mismatch'") == [(0,)]


def test_a_relay_that_differs_from_the_post_is_flagged_beside_it(tmp_path):
    db = _corpus(tmp_path, RELAY_OTHER)
    flags = query(db, "SELECT source_file, message FROM dq.flags WHERE flag = 'relay_mismatch'")
    assert len(flags) == 1 and flags[0][0] == "relay.txt"
    assert "13" in flags[0][1] and "15" in flags[0][1] and "post.txt" in flags[0][1]
    # the post is the source: the day's Bryansk figure is the post's, not the relay's added to it
    rows = dict(query(db, "SELECT region_code, drones FROM marts.daily_region WHERE authority = 'mod'"))
    assert rows["RU-BRY"] == 15
