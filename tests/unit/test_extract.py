"""One test per extraction rule, on small articles written for the rule (including the negatives)."""
from datetime import date, time

import polars as pl
import pytest

from transforms.staging import stage_batch
from transforms.extract import extract_claims, split_sentences

AS_OF = date(2025, 12, 31)


def run(text: str, published: str | None = None) -> tuple[list[dict], list[dict]]:
    raw = pl.DataFrame({"source_file": ["t.txt"], "sha256": ["x"], "text": [text], "published": [published],
                        "outlet": [None], "source_url": [None], "encoding": ["utf-8"]},
                       schema={"source_file": pl.String, "sha256": pl.String, "text": pl.String, "published": pl.String,
                               "outlet": pl.String, "source_url": pl.String, "encoding": pl.String})
    staged = stage_batch(raw, AS_OF)
    claims, findings = staged.claims, staged.findings
    return claims.to_dicts(), findings.to_dicts()


def keys(claims: list[dict]) -> set[tuple]:
    return {(c["authority"], c["scope"], c["region_code"], c["drones"]) for c in claims}


def flags(findings: list[dict]) -> set[str]:
    return {f["flag"] for f in findings}


def test_total_with_breakdown_each_and_one_each():
    text = ("The Russian Defence Ministry said air defences destroyed 20 drones over several regions overnight: "
            "12 over the Bryansk region, three each over the Kursk and Oryol regions, and one each over the Tula and Kaluga regions.")
    c, f = run(text, "2025-07-21")
    assert keys(c) == {("mod", "total", None, 20), ("mod", "region", "RU-BRY", 12), ("mod", "region", "RU-KRS", 3),
                       ("mod", "region", "RU-ORL", 3), ("mod", "region", "RU-TUL", 1), ("mod", "region", "RU-KLU", 1)}
    assert "ambiguous_count" not in flags(f)
    assert all(x["event_date"] == date(2025, 7, 21) and x["period"] == "night" for x in c)


def test_numbers_in_words_and_qualifiers():
    c, _ = run("The Defence Ministry said twenty-three drones were shot down over the Kursk region, "
               "more than 20 over the Belgorod region and about a dozen over the Voronezh region.")
    got = {(x["region_code"], x["drones"], x["qualifier"]) for x in c}
    assert got == {("RU-KRS", 23, "exact"), ("RU-BEL", 20, "at_least"), ("RU-VOR", 12, "approx")}


def test_ambiguous_split_decided_by_the_total():
    c, f = run("The ministry said 14 drones were destroyed: two over the Kursk region and six over the Belgorod and Smolensk regions.")
    assert ("mod", "region", "RU-BEL", 6) in keys(c) and ("mod", "region", "RU-SMO", 6) in keys(c)
    assert "ambiguous_count" in flags(f)


def test_ambiguous_split_the_total_cannot_decide_is_not_split():
    c, f = run("The ministry said 30 drones were destroyed: ten over the Bryansk region and five over the Oryol and Tula regions.")
    assert ("mod", "region", "RU-ORL", 5) not in keys(c) and ("mod", "region", "RU-TUL", 5) not in keys(c)
    assert ("mod", "total", None, 30) in keys(c) and "ambiguous_count" in flags(f)


def test_governor_figure_goes_to_their_region_with_districts():
    c, f = run("Kaluga Governor Vladislav Shapsha said air defence forces destroyed 16 drones over the Borovsky, "
               "Dumnichsky and Tarussky districts between 8:00 and 12:30.")
    assert len(c) == 1
    x = c[0]
    assert (x["authority"], x["official"], x["region_code"], x["drones"]) == ("governor", "Vladislav Shapsha", "RU-KLU", 16)
    assert x["districts"] == ["Borovsky", "Duminichsky", "Tarussky"]
    assert (x["window_start_local"], x["window_end_local"], x["period"]) == (time(8, 0), time(12, 30), "day")
    assert flags(f) == set()


def test_unknown_district_keeps_the_written_name_and_is_flagged():
    c, f = run("Governor Vladislav Shapsha said an unmanned aerial vehicle was shot down over the Dzhezkazgan district of the Kaluga region.")
    assert c[0]["districts"] == ["Dzhezkazgan"] and c[0]["drones"] == 1
    assert "unknown_district" in flags(f)


def test_misnamed_official_is_flagged():
    _, f = run("Governor Vyacheslav Shapsha said three drones were destroyed over the Kaluga region.")
    assert "official_name_mismatch" in flags(f)


def test_mayor_speaking_about_drones_flying_to_moscow():
    c, _ = run('"Air defence forces of the Defence Ministry repelled an attack by 5 drones flying towards Moscow," Sobyanin wrote on Telegram.')
    assert keys(c) == {("mayor", "region", "RU-MOW", 5)}


def test_subset_heading_to_the_capital_is_not_a_separate_claim():
    c, _ = run("The ministry said 10 drones were destroyed over the Moscow region, including two flying towards Moscow.")
    assert keys(c) == {("mod", "region", "RU-MOS", 10)}


def test_unnamed_source_is_other():
    c, _ = run("On the night of July 20, Russian air defense systems reportedly shot down an additional 93 drones.")
    assert keys(c) == {("other", "total", None, 93)}
    assert c[0]["event_date"] == date(2025, 7, 20) and c[0]["date_precision"] == "year_inferred"


def test_previous_night_counts_back_from_the_report_before():
    c, _ = run("On the night of August 27th, the ministry reported that troops destroyed 26 drones across various regions. "
               "This follows a similar report from the previous night, when air defense systems claimed to have neutralized 43 drones.")
    dates = {x["drones"]: x["event_date"] for x in c}
    assert dates == {26: date(2025, 8, 27), 43: date(2025, 8, 26)}
    assert {x["authority"] for x in c} == {"mod"}


def test_weekday_counts_back_from_the_published_date():
    c, _ = run("The Defence Ministry said on Tuesday that 15 drones were destroyed over the Kursk region.", "2025-07-24")
    assert c[0]["event_date"] == date(2025, 7, 22)


def test_gmt_window_is_stored_in_moscow_time_and_utc():
    c, _ = run("The Defence Ministry said 9 drones were downed over the Bryansk region between 0100 and 0400 GMT.", "2025-08-02")
    x = c[0]
    assert (x["window_start_local"], x["window_end_local"]) == (time(4, 0), time(7, 0))
    assert str(x["window_start_utc"]) == "2025-08-02 01:00:00" and str(x["window_end_utc"]) == "2025-08-02 04:00:00"


def test_overnight_window_starts_the_evening_before_in_utc():
    c, _ = run("The ministry said 8 drones were destroyed over the Oryol region from 23:00 to 07:00 Moscow time.", "2025-07-15")
    x = c[0]
    assert x["event_date"] == date(2025, 7, 15)
    assert str(x["window_start_utc"]) == "2025-07-14 20:00:00" and str(x["window_end_utc"]) == "2025-07-15 04:00:00"


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine says it can manufacture up to 10 million drones annually with sustained support.",
        "Falling debris damaged 14 private houses and six cars in the Belgorod region; two people were injured.",
        "Since the start of the year, air defences have destroyed more than 1,500 drones over the Kursk region.",
        "Flights were delayed at 12 airports while air defences repelled the drone attack.",
        "Ukraine's air force said Russia launched 64 drones overnight, 45 of which were shot down.",
        "Air defences shot down two Neptune missiles and three guided bombs over the Kursk region.",
        "The drone attack on the refinery caused a fire that was put out within two hours.",
        "Residents were asked to call 112 if they found fragments of a downed drone.",
        "Drone attacks on Russian regions have become more frequent, analysts say.",
    ],
)
def test_numbers_that_are_not_interceptions_are_not_claims(text):
    assert run(text, "2025-07-15")[0] == []


def test_figure_repeated_in_headline_is_one_claim():
    c, f = run("Russia downs 48 Ukrainian drones\n\nRussia downs 48 Ukrainian drones\n\n"
               "The Russian Ministry of Defense reported the interception of 48 Ukrainian drones over multiple regions.")
    assert keys(c) == {("mod", "total", None, 48)}
    assert "boilerplate" in flags(f)


def test_undated_claim_without_published_date_has_no_date():
    c, _ = run("Governor Vladislav Shapsha said four drones were destroyed over the Kaluga region during daylight hours.")
    assert c[0]["event_date"] is None and c[0]["date_precision"] == "none" and c[0]["period"] == "day"


def test_evidence_and_offsets_point_at_the_figure():
    text = "Intro line without figures.\nThe ministry said 37 drones were destroyed over the Bryansk region."
    c, _ = run(text)
    x = c[0]
    assert text[x["char_start"]:x["char_end"]] == "37"
    assert x["evidence"] == "The ministry said 37 drones were destroyed over the Bryansk region."


def test_claim_ids_are_stable():
    text = "The ministry said 37 drones were destroyed over the Bryansk region."
    assert run(text)[0][0]["claim_id"] == run(text)[0][0]["claim_id"]


def test_sentences_do_not_split_on_abbreviations():
    text = "Drones were downed between 9 p.m. and 6 a.m. Moscow time, said Gov. Bogomaz. Next sentence."
    spans = split_sentences(text)
    assert len(spans) == 2


def test_empty_and_figure_free_articles_give_empty_frames():
    frame = pl.DataFrame({"source_file": ["a", "b"], "clean_text": ["", "No figures here."], "headline": [None, None],
                          "published_date": [None, None]}, schema={"source_file": pl.String, "clean_text": pl.String,
                                                                    "headline": pl.String, "published_date": pl.Date})
    claims, findings, _ = extract_claims(frame, AS_OF)
    assert claims.height == 0 and findings.height == 0
    assert "drones" in claims.columns and claims.schema["event_date"] == pl.Date


def test_period_words_that_contradict_the_clock_are_flagged():
    c, f = run("The ministry said 9 drones were destroyed overnight between 10:00 and 15:00 over the Kursk region.", "2025-07-15")
    assert "period_inconsistent" in flags(f) and c[0]["period"] == "day"
    _, f = run("The ministry said 9 drones were destroyed overnight between 23:00 and 06:00 over the Kursk region.", "2025-07-15")
    assert "period_inconsistent" not in flags(f)
