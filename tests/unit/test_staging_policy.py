"""transforms.staging: the policy between cleaning and extraction (publication dates, article findings) and
the batch step, without files or a database."""
import json
from datetime import date

import polars as pl

from transforms.staging import (article_findings, extract_batch, manifest_date, mark_year_inferred, resolve_published,
                                stage_batch, with_published_dates)

D1, D2, D3, D4 = date(2025, 7, 1), date(2025, 7, 2), date(2025, 7, 3), date(2025, 7, 4)


def test_publication_date_comes_from_the_most_trusted_source_present():
    assert resolve_published(D1, D2, D3, D4) == (D1, "manifest")
    assert resolve_published(None, D2, D3, D4) == (D2, "dateline")
    assert resolve_published(None, None, D3, D4) == (D3, "headline")
    assert resolve_published(None, None, None, D4) == (D4, "dateline_year_inferred")
    assert resolve_published(None, None, None, None) == (None, None)


def test_manifest_dates_are_read_from_their_first_ten_characters():
    assert manifest_date("2025-07-15T09:30:00+03:00") == date(2025, 7, 15)
    assert manifest_date("15/07/2025") is None and manifest_date("") is None and manifest_date(None) is None


def test_a_dateline_without_a_year_takes_the_runs_year_and_says_so():
    cleaned = pl.DataFrame({"source_file": ["a.txt", "b.txt"], "published": [None, "2025-07-15"],
                            "clean_text": ["MOSCOW, July 22. Drones were shot down.", "MOSCOW, July 22. Drones."],
                            "dateline_date": [None, None]}, schema_overrides={"dateline_date": pl.Date})
    out = with_published_dates(cleaned, as_of=date(2024, 12, 31))
    assert out.select("published_date", "published_from").rows() == [
        (date(2024, 7, 22), "dateline_year_inferred"), (date(2025, 7, 15), "manifest")]


def test_claims_of_year_inferred_articles_are_year_inferred_when_dated_to_the_day():
    cleaned = pl.DataFrame({"source_file": ["a.txt", "b.txt"], "published_from": ["dateline_year_inferred", "dateline"]})
    claims = pl.DataFrame({"source_file": ["a.txt", "a.txt", "b.txt"], "date_precision": ["day", "none", "day"]})
    assert mark_year_inferred(claims, cleaned)["date_precision"].to_list() == ["year_inferred", "none", "day"]
    assert mark_year_inferred(claims, cleaned.head(0)).equals(claims)


def test_article_findings():
    lines = ["Subscribe to our channel", "© 2025 Example", "Read more", "Share", "Related: other news"]
    found = article_findings("a.txt", lines, True, "utf-8 (2 invalid byte sequences replaced)", "too short")
    by_flag = {f["flag"]: f for f in found}
    assert set(by_flag) == {"boilerplate", "not_an_article", "text_repaired"}
    assert by_flag["boilerplate"]["message"].startswith("removed 5 line(s) of non-article text including the repeated headline: ")
    assert "Related" not in by_flag["boilerplate"]["message"] and json.loads(by_flag["boilerplate"]["detail"]) == {"lines": lines}
    assert all(f["claim_id"] is None and f["source_file"] == "a.txt" for f in found)
    assert article_findings("b.txt", [], False, "utf-8", "one two three four five six seven eight") == []


ARTICLE = ("MOSCOW, July 22. Russia's Defence Ministry said air defences destroyed 12 drones over the Bryansk "
           "region between 20:00 and 23:00 Moscow time.\n")


def raw(names, as_of=None):
    frame = pl.DataFrame({"source_file": names, "sha256": ["h"] * len(names), "text": [ARTICLE] * len(names),
                          "published": [None] * len(names), "outlet": [None] * len(names),
                          "source_url": [None] * len(names), "encoding": ["utf-8"] * len(names)})
    return frame if as_of is None else frame.with_columns(pl.Series("as_of", as_of, dtype=pl.Date))


def test_extract_batch_reads_each_article_as_of_the_night_it_landed():
    staged = extract_batch(raw(["a.txt", "b.txt"], [date(2025, 12, 31), date(2026, 12, 31)]))
    dates = dict(staged.articles.select("source_file", "published_date").rows())
    assert dates == {"a.txt": date(2025, 7, 22), "b.txt": date(2026, 7, 22)}
    assert staged.articles.equals(pl.concat([stage_batch(raw(["a.txt"]), date(2025, 12, 31)).articles,
                                             stage_batch(raw(["b.txt"]), date(2026, 12, 31)).articles]))
    assert set(staged.claims["date_precision"]) == {"year_inferred"} and staged.claims.height >= 2
