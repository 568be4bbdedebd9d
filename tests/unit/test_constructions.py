"""How reports are written: one small invented article per construction of ../shared/notes/reporting.md
that the extractor reads, with the claims it must give (authority, scope, region, figure)."""
from datetime import date, time

import polars as pl

from transforms.staging import Staged, stage_batch

AS_OF = date(2025, 12, 31)


def stage(text: str, published: str | None = "2025-06-10") -> Staged:
    raw = pl.DataFrame({"source_file": ["t.txt"], "sha256": ["x"], "text": [text], "published": [published],
                        "outlet": [None], "source_url": [None], "encoding": ["utf-8"]})
    return stage_batch(raw, AS_OF)


def claims(text: str, published: str | None = "2025-06-10") -> set[tuple]:
    return {(r["authority"], r["scope"], r["region_code"], r["drones"]) for r in stage(text, published).claims.to_dicts()}


def test_speaker_named_in_a_sentence_inside_the_report():
    got = claims("Moscow said on Monday it had brought down 33 drones overnight, including 20 over the Kursk region. "
                 "The defence ministry said in a Telegram post that the drones were downed between 11 p.m. and 6 a.m. "
                 "It said 9 more were destroyed over the Tula region.")
    assert got == {("mod", "total", None, 33), ("mod", "region", "RU-KRS", 20), ("mod", "region", "RU-TUL", 9)}


def test_places_after_others_are_not_the_figures():
    got = claims("The ministry said 25 drones were destroyed, with 6 over the Lipetsk region and others over the Tambov "
                 "and Penza regions.")
    assert got == {("mod", "total", None, 25), ("mod", "region", "RU-LIP", 6)}


def test_one_region_per_line_dashed_list():
    got = claims("The Defence Ministry said air defences destroyed 31 drones overnight over these regions:\n"
                 "17 – over Kursk Oblast,\nten – over the Sea of Azov,\ntwo — over Oryol and Tula oblasts each.")
    assert got == {("mod", "total", None, 31), ("mod", "region", "RU-KRS", 17), ("mod", "region", "sea-of-azov", 10),
                   ("mod", "region", "RU-ORL", 2), ("mod", "region", "RU-TUL", 2)}


def test_rounded_headline_restates_the_body():
    got = claims("Almost 60 drones hit Russian regions and Crimea overnight\n\n"
                 "Russia's defence ministry said its air defences destroyed 58 drones over Crimea and the Black Sea overnight.")
    assert got == {("mod", "total", None, 58)}


def test_ukraine_air_force_figures_are_not_claims_part_by_part():
    got = claims("Kursk governor says 9 drones downed; Ukraine says it shot down 40 Russian drones\n\n"
                 "Ukrainian air defence forces shot down 40 drones over the Kharkiv and Sumy regions; 6 more were lost "
                 "locationally. Kursk Governor Alexander Khinshtein said 9 drones were destroyed over the region.")
    assert got == {("governor", "region", "RU-KRS", 9)}


def test_another_drone_without_a_numeral_is_one():
    got = claims("Moscow Mayor Sergei Sobyanin said air defence units destroyed another drone flying towards the capital.")
    assert got == {("mayor", "region", "RU-MOW", 1)}


def test_total_since_a_dated_start_is_historic():
    got = claims("The ministry said 12 drones were destroyed over the Bryansk region overnight. Since 24 February 2022, "
                 "air defences have destroyed 61,200 drones, it said.")
    assert got == {("mod", "region", "RU-BRY", 12)}


def test_since_a_month_in_a_relative_clause_is_not_historic():
    got = claims("The ministry said it destroyed 14 drones over the Kursk region, where fighting has gone on since August.")
    assert got == {("mod", "region", "RU-KRS", 14)}


def test_the_russian_ministry_with_modifiers_is_the_ministry():
    got = claims("Details: According to the Russian ministry, 20 drones were downed over the following areas: 12 over "
                 "the Bryansk region and 8 over the Kaluga region.")
    assert got == {("mod", "total", None, 20), ("mod", "region", "RU-BRY", 12), ("mod", "region", "RU-KLU", 8)}


def test_dateline_place_in_any_case_is_not_a_region():
    for dateline in ("MOSCOW, MAY 10 (Reuters) -", "Moscow (AFP) -", "MOSCOW, May 10 -"):
        got = claims(f"{dateline} Russian air defences destroyed 19 drones overnight, the Defence Ministry said.")
        assert got == {("mod", "total", None, 19)}, dateline


def test_a_named_restatement_names_the_first_mention():
    got = claims("Russia says it downed 41 drones overnight. The Defence Ministry said air defences destroyed 41 "
                 "Ukrainian drones overnight.")
    assert got == {("mod", "total", None, 41)}


def test_equal_increments_of_a_tally_are_two_claims():
    got = claims("Sobyanin said air defences shot down two drones flying towards Moscow. Later he reported that two "
                 "more drones had been destroyed.")
    assert ("mayor", "region", "RU-MOW", 2) in got
    staged = stage("Sobyanin said air defences shot down two drones flying towards Moscow. Later he "
                   "reported that two more drones had been destroyed.", "2025-06-10")
    assert staged.claims.height == 2


def test_rounded_lower_bound_in_a_headline_restates_the_body():
    got = claims("Russia downs more than 100 drones overnight\n\nThe Defence Ministry said air defences destroyed 121 "
                 "drones over Russian regions overnight.")
    assert got == {("mod", "total", None, 121)}


def test_the_outlets_own_tally_is_not_a_claim():
    got = claims("The Defence Ministry said 30 drones were destroyed over the Kursk region overnight. By our count, "
                 "the ministry has claimed 9,400 drones destroyed this month.")
    assert got == {("mod", "region", "RU-KRS", 30)}


def test_speaker_named_before_a_quote_that_opens_a_paragraph_later():
    got = claims("Air defences destroyed 11 drones over three regions overnight, the Defence Ministry said. This was "
                 "reported on the ministry's Telegram channel.\n\n\"Tonight an attempt at a terrorist attack was stopped. "
                 "Air defences intercepted six UAVs over the Kursk region, three over the Belgorod region and two over "
                 "the Voronezh region,\" the message says.")
    assert got == {("mod", "total", None, 11), ("mod", "region", "RU-KRS", 6), ("mod", "region", "RU-BEL", 3),
                   ("mod", "region", "RU-VOR", 2)}


def test_a_source_label_line_governs_the_figures_under_it():
    got = claims("Russian Ministry of Defense:\n\nDuring the past night air defences intercepted 9 UAVs:\n"
                 "▪️ 5 – over the territory of the Bryansk region,\n▪️ 4 – over the territory of the Kursk region.")
    assert got == {("mod", "total", None, 9), ("mod", "region", "RU-BRY", 5), ("mod", "region", "RU-KRS", 4)}


def test_direction_of_flight_is_not_a_place_beside_another_place():
    got = claims("The ministry said 4 drones were destroyed over the Moscow region, including 3 flying towards Moscow.")
    assert got == {("mod", "region", "RU-MOS", 4)}


def findings(text: str, published: str | None = "2025-06-10") -> set[str]:
    return set(stage(text, published).findings["flag"].to_list())


def test_mayors_drone_in_a_moscow_oblast_district_goes_to_the_oblast():
    got = claims("Moscow Mayor Sergei Sobyanin said air defences shot down a drone over the Ramensky urban district.")
    assert got == {("mayor", "region", "RU-MOS", 1)}


def test_running_total_beside_its_increments_is_flagged():
    text = ("At 01:48 Mayor Sergei Sobyanin wrote that two drones flying towards Moscow had been shot down. "
            "At 02:31 he reported another three.\n\n\"In total, since midnight, five UAVs have been destroyed,\" "
            "the mayor wrote.")
    assert {c[3] for c in claims(text)} == {2, 3, 5}
    assert "overlapping_windows" in findings(text)
    assert "overlapping_windows" not in findings("Mayor Sergei Sobyanin said two drones flying towards Moscow were "
                                                 "shot down. Later he reported another three.")


def test_two_seas_sharing_one_noun_are_two_places():
    got = claims("The ministry said 40 drones were destroyed: 25 over the Rostov region and 15 over the waters of the "
                 "Black and Azov Seas.")
    assert got == {("mod", "total", None, 40), ("mod", "region", "RU-ROS", 25)}
    assert "ambiguous_count" in findings("The ministry said 40 drones were destroyed: 25 over the Rostov region and 15 "
                                         "over the waters of the Black and Azov Seas.")


def test_a_figure_over_counted_places_is_the_total():
    got = claims("The Defence Ministry said its air defences intercepted 131 drones over 14 regions and the Sea of Azov.")
    assert got == {("mod", "total", None, 131)}


def test_a_region_list_split_by_a_comma_stays_whole_with_a_number_after_it():
    got = claims("The defence ministry said it destroyed 17 drones over the Bryansk, Kursk and Oryol regions in less "
                 "than two hours.")
    assert got == {("mod", "total", None, 17)}


def test_bare_figures_after_ukraines_figures_continue_them():
    got = claims("The Defence Ministry said 20 drones were destroyed over the Kursk region. Ukraine's air force said "
                 "Russia launched 112 drones overnight. Seventy-nine were shot down and 28 were lost locationally.")
    assert got == {("mod", "region", "RU-KRS", 20)}


def test_an_official_named_outside_his_tenure_is_flagged():
    text = "Rostov Governor Vasily Golubev said 5 drones were destroyed over the region overnight."
    assert ("governor", "region", "RU-ROS", 5) in claims(text, "2025-04-06")
    assert "official_name_mismatch" in findings(text, "2025-04-06")
    assert "official_name_mismatch" not in findings(text, "2024-03-10")


def test_a_surname_with_cyrillic_letters_inside_is_found_and_flagged():
    text = "Governor Dmitry Miляev said 7 drones were destroyed over the Tula region."
    assert claims(text) == {("governor", "region", "RU-TUL", 7)}
    assert "official_name_mismatch" in findings(text)


def test_an_abbreviation_before_a_surname_is_not_a_given_name():
    text = "08.20 BST Sobyanin: nine drones downed on approach to Moscow"
    assert "official_name_mismatch" not in findings(text)


def test_digest_lines_are_reports_of_their_own_days():
    text = ("Below are the figures for the past days as the Defence Ministry published them on Telegram.\n\n"
            "Monday, 3 November – 84 drones overnight. The largest share, 31, was over the Bryansk region.\n\n"
            "Tuesday, 4 November – 51, the week's peak.\n\nWednesday, 5 November – 39, with no regional breakdown.")
    got = {(r["authority"], r["region_code"], r["drones"], str(r["event_date"]))
           for r in stage(text, "2025-11-09").claims.to_dicts()}
    assert got == {("mod", None, 84, "2025-11-03"), ("mod", "RU-BRY", 31, "2025-11-03"),
                   ("mod", None, 51, "2025-11-04"), ("mod", None, 39, "2025-11-05")}


def test_an_official_in_a_relative_clause_is_not_the_speaker():
    got = claims("The Defence Ministry said 45 drones were destroyed overnight, including 22 over the Saratov region, "
                 "where the governor reported a fire at an industrial site.")
    assert got == {("mod", "total", None, 45), ("mod", "region", "RU-SAR", 22)}


def test_a_range_is_at_least_its_lower_end():
    staged = stage("A source in the emergency services told RIA Novosti that between 15 and 20 drones "
                   "had been shot down over the Saratov region.", "2025-06-10")
    c = staged.claims.to_dicts()
    assert [(x["authority"], x["region_code"], x["drones"], x["qualifier"]) for x in c] == [("other", "RU-SAR", 15, "at_least")]
    # a dash between a total and its first regional figure is not a range
    got = claims("The ministry said air defences destroyed 16 drones — ten over the Rostov region and six over the Sea of Azov.")
    assert got == {("mod", "total", None, 16), ("mod", "region", "RU-ROS", 10), ("mod", "region", "sea-of-azov", 6)}


def test_attacking_drones_are_not_interceptions():
    assert claims("The Belgorod region came under attack from 47 Ukrainian drones over the past day, Governor "
                  "Vyacheslav Gladkov said.") == set()


def test_a_correction_note_is_not_a_claim():
    got = claims("The ministry said 18 drones were shot down over the Bryansk region.\n\nCorrection: An earlier version "
                 "of this article said that 16 drones were shot down over the Bryansk region.")
    assert got == {("mod", "region", "RU-BRY", 18)}


def test_a_source_said_not_to_have_spoken_is_not_the_speaker():
    got = claims("Some forty drones were destroyed over western regions overnight, according to a tally compiled by our "
                 "newsroom. The Defence Ministry had not published its own figures by the time of writing. About 15 "
                 "of them were shot down over the Bryansk region, local officials said.")
    assert got == {("other", "total", None, 40), ("other", "region", "RU-BRY", 15)}


def test_attempts_updates_and_cancelled_flights_are_not_drones():
    got = claims("Moscow Mayor Sergei Sobyanin reported three separate attempts by drones to reach the capital. He said "
                 "two UAVs flying towards Moscow were destroyed. 46 flights had been delayed and 12 cancelled across "
                 "the Moscow air hub. The ministry posts one or two daytime updates.")
    assert got == {("mayor", "region", "RU-MOW", 2)}


def test_names_that_hold_a_place_name_locate_nothing():
    assert claims("The Black Sea Fleet destroyed 5 drones near Sevastopol, Governor Mikhail Razvozhayev said.") == {
        ("governor", "region", "UA-40", 5)}


def test_in_name_oblast_is_a_place_in_a_mixed_list():
    got = claims("The ministry said its air defences destroyed eleven drones over Kursk Oblast, seven in Belgorod Oblast "
                 "and 2 in Voronezh Oblast.")
    assert got == {("mod", "region", "RU-KRS", 11), ("mod", "region", "RU-BEL", 7), ("mod", "region", "RU-VOR", 2)}


def test_window_forms_midnight_noon_and_an_end_that_inherits_pm():
    from transforms.timeparse import windows
    assert [(w.start, w.end) for w in windows("between midnight and 6 a.m.")] == [(time(0, 0), time(6, 0))]
    assert [(w.start, w.end) for w in windows("from noon to 4 p.m.")] == [(time(12, 0), time(16, 0))]
    assert [(w.start, w.end) for w in windows("from 7:10 p.m. to 7:45 Moscow time")] == [(time(19, 10), time(19, 45))]
    assert [(w.start, w.end) for w in windows("from 11 p.m. to 7:00 Moscow time")] == [(time(23, 0), time(7, 0))]


def test_metadata_date_run_into_the_first_line_is_neither_figures_nor_place():
    staged = stage(" date 2025-03-11 MOSCOW, March 11. /TASS/. Air defences destroyed 19 drones over the "
                   "Belgorod Region overnight, the Defence Ministry said.", None)
    c = staged.claims.to_dicts()
    assert [(x["authority"], x["region_code"], x["drones"], str(x["event_date"])) for x in c] == [
        ("mod", "RU-BEL", 19, "2025-03-11")]


def test_a_split_by_the_means_is_not_more_drones():
    got = claims("The ministry said 21 drones in total were destroyed or intercepted over the Black Sea and Crimea. "
                 "Thirteen were shot down by air defence and eight were brought down by electronic warfare.")
    assert got == {("mod", "total", None, 21)}


def test_as_many_drones_as_places_is_one_each():
    got = claims("Earlier, the ministry said two drones had been shot down over the Tula and Kaluga regions.")
    assert got == {("mod", "region", "RU-TUL", 1), ("mod", "region", "RU-KLU", 1)}


def test_other_drones_are_new_drones():
    got = claims("The ministry said 3 drones were shot down over the Kursk region overnight. Later 3 other drones "
                 "were destroyed over the Kursk region, the ministry added.")
    staged = stage("The ministry said 3 drones were shot down over the Kursk region overnight. Later 3 "
                   "other drones were destroyed over the Kursk region, the ministry added.", "2025-06-10")
    assert got == {("mod", "region", "RU-KRS", 3)} and staged.claims.height == 2


def test_a_named_source_after_an_unsourced_total_names_it():
    got = claims("Russia said on Friday it had shot down 27 Ukrainian drones overnight.\n\nIn its Telegram post, the "
                 "defence ministry said 15 were destroyed over the Bryansk region and 12 over the Kursk region.")
    assert got == {("mod", "total", None, 27), ("mod", "region", "RU-BRY", 15), ("mod", "region", "RU-KRS", 12)}


def test_a_city_stands_for_its_region():
    got = claims("A source in the emergency services said 15 drones had been shot down over Engels. Governor Yury "
                 "Slyusar said two UAVs were destroyed over Taganrog.")
    assert got == {("other", "region", "RU-SAR", 15), ("governor", "region", "RU-ROS", 2)}


def test_over_the_region_is_the_region_the_report_named_last():
    got = claims("Air defences shot down four drones over the Smolensk region at around 0500 GMT and another two over "
                 "the region an hour later, the ministry said.")
    assert got == {("mod", "region", "RU-SMO", 4), ("mod", "region", "RU-SMO", 2)}


def test_an_official_named_before_the_report_speaks_for_his_region_only():
    got = claims("Moscow's mayor Sergei Sobyanin said air defences had repelled a drone attack on the capital, without "
                 "giving a number.\n\nTwo more drones were brought down over Taganrog, a port in the south. \"Air "
                 "defence destroyed two UAVs over the city, one person was slightly hurt,\" said Yuri Slyusar, governor "
                 "of the Rostov region.")
    assert got == {("governor", "region", "RU-ROS", 2)}


def test_a_quotes_speaker_named_right_after_it():
    got = claims("Kaluga Governor Vladislav Shapsha said debris fell on a field.\n\n\"Air defence forces destroyed and "
                 "suppressed 13 drones over the region. There were no casualties.\" Moscow Region Governor Andrei "
                 "Vorobyov wrote in a post on Telegram.")
    assert got == {("governor", "region", "RU-MOS", 13)}


def test_departures_are_not_drones():
    got = claims("Mayor Sergei Sobyanin said two UAVs flying towards Moscow were destroyed. Restrictions were introduced "
                 "at Rostov-on-Don airport; 18 departures were delayed.")
    assert got == {("mayor", "region", "RU-MOW", 2)}


def test_a_district_of_one_known_region_places_the_figure():
    got = claims("The defence ministry said one drone was shot down over the Naro-Fominsk district, 70 km from the "
                 "capital, and two more over the Tula region.")
    assert got == {("mod", "region", "RU-MOS", 1), ("mod", "region", "RU-TUL", 2)}


def test_the_peninsula_is_crimea():
    got = claims("Russia's defence ministry said air defences destroyed four drones over the northern part of the "
                 "peninsula on Tuesday evening.")
    assert got == {("mod", "region", "UA-43", 4)}


def test_the_target_of_an_attack_is_not_where_the_drone_came_down():
    got = claims("\"A drone that tried to carry out an attack on Moscow was shot down by air defence forces over the "
                 "Istra district of the Moscow Region,\" Sobyanin said on Telegram.")
    assert got == {("mayor", "region", "RU-MOS", 1)}


def test_another_drone_later_is_a_new_figure_and_a_heading_restates_its_entry():
    got = stage("Governor Alexander Bogomaz said air defences destroyed a drone over the region.\n\n"
                "Two hours later he reported a new attempt. Another drone was destroyed over the region, he wrote.")
    assert sorted(got.claims["drones"].to_list()) == [1, 1]
    got = stage("Live updates\n\nSobyanin: another drone heading for Moscow destroyed\n\nMoscow mayor Sergei Sobyanin "
                "said air defence units destroyed another drone flying towards the capital.")
    assert got.claims["drones"].to_list() == [1]


def test_an_aside_inside_a_list_of_places_does_not_end_it():
    got = claims("The ministry said units downed one drone each in the Smolensk region, also on the border, and in the "
                 "Tver region, further north.")
    assert got == {("mod", "region", "RU-SMO", 1), ("mod", "region", "RU-TVE", 1)}


def test_a_district_of_another_region_beside_the_region_named_is_an_unknown_district():
    got = stage("Kursk Governor Alexander Khinshtein said a drone was shot down over the Kursk region's Graivoronsky "
                "district.", "2025-06-10")
    assert {(c["region_code"], c["drones"]) for c in got.claims.to_dicts()} == {("RU-KRS", 1)}
    assert "unknown_district" in set(got.findings["flag"])
