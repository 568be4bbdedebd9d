"""The Russian reader: places in any case form, windows and dates, speakers from channels, whole posts.
Invented examples in the shapes the ministry's and governors' channels and Russian media use."""
from datetime import date, time

import polars as pl
import pytest

from transforms.extract import extract_claims
from transforms.extract.attribution import channel_of
from transforms.extract.ru import place_hits, tokens
from transforms.extract.ru_time import date_cues, windows


def _places(text):
    return [(p.kind, p.code, p.name) for p in place_hits(text, tokens(text), [])]


@pytest.mark.parametrize("text, code", [
    ("над территорией Тамбовской области", "RU-TAM"),
    ("над Тамбовской областью", "RU-TAM"),
    ("в Тамбовской области", "RU-TAM"),
    ("над акваторией Каспийского моря", "caspian-sea"),
    ("над территорией Московского региона", "RU-MOS"),
    ("над Новой Москвой", "RU-MOW"),
    ("над Республикой Адыгея", "RU-AD"),
])
def test_regions_match_in_every_case_form(text, code):
    assert [c for k, c, _ in _places(text) if k == "region"] == [code]


def test_a_list_of_place_adjectives_takes_the_noun_it_ends_in():
    regions = _places("над территориями Липецкой, Орловской и Курской областей")
    assert [c for _, c, _ in regions] == ["RU-LIP", "RU-ORL", "RU-KRS"]
    districts = _places("над Суджанским и Рыльским районами")
    assert [(k, n) for k, _, n in districts] == [("district", "Sudzhansky"), ("district", "Rylsky")]


def test_a_district_the_tables_do_not_hold_is_kept_in_latin_letters():
    assert _places("над Россошанским районом") == [("district", "", "Rossoshansky")]


def test_windows_with_and_without_dates():
    (w, _), = windows("В период с 22.00 мск 3 апреля до 6.30 мск 4 апреля т.г. дежурными средствами ПВО")
    assert (w.start, w.end, w.end_date.month, w.end_date.day) == (time(22, 0), time(6, 30), 4, 4)
    (w, _), = windows("(с 20.00 мск 9.05 до 7.00 мск 10.05)")
    assert (w.end_date.day, w.end_date.month) == (10, 5)
    assert windows("Около 16.40 мск уничтожен беспилотник") == []


def test_date_cues():
    assert date_cues("за ночь на 7 августа", [])[0].day == 7
    assert date_cues("в ночь на субботу", [])[0].weekday == 5
    assert date_cues("Накануне вечером глава региона сообщал", [])[0].kind == "previous"
    assert date_cues("В течение прошедшей ночи", [])[0].kind == "today"


def test_channels_name_the_speaker():
    assert channel_of("Минобороны России (Telegram)", "https://t.me/mod_russia/1").authority == "mod"
    assert channel_of("Telegram-канал губернатора Курской области", None) == ("governor", "RU-KRS")
    assert channel_of("Telegram-канал мэра Москвы", None) == ("mayor", "RU-MOW")
    assert channel_of("информационное агентство", None) is None


def _extract(text, published="2025-09-04", outlet=None, source_url=None):
    arts = pl.DataFrame({"source_file": ["p.txt"], "clean_text": [text], "headline": [None],
                         "published_date": [date.fromisoformat(published)], "outlet": [outlet], "source_url": [source_url]})
    claims, findings, decisions = extract_claims(arts, date(2026, 11, 22))
    return claims, findings, decisions


def test_a_ministry_list_post_gives_its_total_breakdown_window_and_speaker():
    text = ("С 8.00 до 13.00 мск дежурными средствами ПВО перехвачены и уничтожены 19 украинских беспилотных "
            "летательных аппаратов самолетного типа:\n\n"
            "▪️ 11 БПЛА – над территорией Белгородской области,\n"
            "▪️ 6 БПЛА – над территорией Курской области, в том числе 2 БПЛА, летевших на Курск,\n"
            "▪️ по одному – над территориями Орловской и Липецкой областей.")
    claims, _, decisions = _extract(text, outlet="Минобороны России (Telegram)", source_url="https://t.me/mod_russia/9")
    rows = {(c["scope"], c["region_code"], c["drones"]) for c in claims.iter_rows(named=True)}
    assert rows == {("total", None, 19), ("region", "RU-BEL", 11), ("region", "RU-KRS", 6),
                    ("region", "RU-ORL", 1), ("region", "RU-LIP", 1)}
    assert set(claims["authority"]) == {"mod"}
    assert set(claims["window_start_local"]) == {time(8, 0)} and set(claims["period"]) == {"day"}
    left = decisions.filter(~pl.col("taken"))
    assert left.filter(pl.col("figure") == "2")["rule"].to_list() == ["ru_heading_subset"]


def test_a_governors_post_is_his_for_his_region_and_other_counts_are_left():
    text = ("Над Суджанским и Рыльским районами силами ПВО Министерства обороны РФ сбиты семь беспилотников. "
            "Противник выпустил 14 боеприпасов и совершил 5 атак FPV-дронов. Пострадавших нет.")
    claims, _, decisions = _extract(text, outlet="Telegram-канал губернатора Курской области")
    (c,) = claims.iter_rows(named=True)
    assert (c["authority"], c["region_code"], c["drones"]) == ("governor", "RU-KRS", 7)
    assert sorted(c["districts"]) == ["Rylsky", "Sudzhansky"]
    assert c["official"] is not None
    left = dict(decisions.filter(~pl.col("taken")).select("figure", "rule").iter_rows())
    assert left["14"] == left["5"] == "ru_counts_other_noun"


def test_historic_totals_and_ukraine_figures_are_not_claims():
    text = ("Всего с начала проведения специальной военной операции уничтожены 61 200 беспилотных летательных "
            "аппаратов. В Воздушных силах ВСУ заявили, что сбиты 58 из 70 ударных беспилотников.")
    claims, _, decisions = _extract(text, outlet="Минобороны России (Telegram)")
    assert claims.is_empty()
    assert set(decisions["rule"]) == {"ru_historic_total", "ru_ukraine_figures"}


def test_one_drone_without_a_numeral():
    claims, _, _ = _extract("Около 11.20 мск дежурными средствами ПВО уничтожен украинский беспилотный летательный "
                            "аппарат над территорией Воронежской области.", outlet="Минобороны России (Telegram)")
    assert [(c["region_code"], c["drones"], c["period"]) for c in claims.iter_rows(named=True)] == [("RU-VOR", 1, "day")]


def test_a_quote_of_several_sentences_takes_the_speaker_named_after_it():
    text = ("«Сегодня ночью силами ПВО в Истринском городском округе отражена атака беспилотника, летевшего на Москву. "
            "Пострадавших нет. Специалисты экстренных служб работают на месте», - написал Собянин.")
    claims, _, _ = _extract(text, outlet="информационное агентство")
    assert [(c["authority"], c["region_code"], c["drones"]) for c in claims.iter_rows(named=True)] == [("mayor", "RU-MOS", 1)]


def test_quoted_spans_know_a_quote_closed_from_an_earlier_sentence():
    from transforms.extract.attribution import quoted_spans
    assert quoted_spans('Работают на месте», — написал Собянин.') == [(0, 18)]
    assert quoted_spans('No casualties," Vorobyov wrote.') == [(0, 15)]
    assert quoted_spans('Sobyanin wrote: "Two drones destroyed.') == [(16, 38)]
