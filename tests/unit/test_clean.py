from datetime import date

import polars as pl

from transforms.clean import clean_articles, dateline_date


def _clean(text: str) -> dict:
    return clean_articles(pl.DataFrame({"source_file": ["a.txt"], "text": [text]})).row(0, named=True)


def test_repeated_headline_is_removed_and_reported():
    out = _clean("Drones downed over Kursk\n\nDrones downed over Kursk\n\nThe ministry said 5 drones were destroyed.")
    assert out["clean_text"].count("Drones downed over Kursk") == 1
    assert out["repeated_headline"] is True
    assert out["headline"] == "Drones downed over Kursk"


def test_footer_and_everything_after_it_is_removed():
    body = "\n".join(f"Paragraph {i} of the article about drones." for i in range(9))
    text = body + "\nYour email address will not be published. Required fields are marked *\nUnrelated headline about a celebrity\n[mc4wp_form id=\"1\"]"
    out = _clean(text)
    assert "Unrelated headline" not in out["clean_text"] and "mc4wp" not in out["clean_text"]
    assert len(out["boilerplate"]) == 3
    assert out["clean_text"].endswith("Paragraph 8 of the article about drones.")


def test_footer_words_early_in_an_article_are_not_a_footer():
    text = "Subscribe to our newsletter\n" + "\n".join(f"Paragraph {i} about drones." for i in range(9))
    out = _clean(text)
    assert "Paragraph 8 about drones." in out["clean_text"]   # only the line itself goes


def test_clean_article_is_left_alone():
    text = "Air defences destroyed 7 drones over the Kaluga region.\nNo one was hurt."
    out = _clean(text)
    assert out["clean_text"] == text and out["boilerplate"] == []


def test_unicode_is_normalised():
    out = _clean("Air\u00a0defences destroyed\u200b 7 drones.\r\nMore.")
    assert out["clean_text"] == "Air defences destroyed 7 drones.\nMore."


def test_datelines():
    assert dateline_date("MOSCOW, August 23. /TASS/. Russian air defences ...", year=2025) == date(2025, 8, 23)
    assert dateline_date("MOSCOW, August 23. /TASS/. text") is None   # no year, none given
    assert dateline_date("KURSK, 5 March 2024 (Reuters) - text") == date(2024, 3, 5)
    assert dateline_date("Published: 2025-07-22\nBody") == date(2025, 7, 22)
    assert dateline_date("Russian air defences destroyed 5 drones on August 23.") is None


def test_html_page_saved_as_text_keeps_only_its_text():
    page = ("<!DOCTYPE html><html><head><title>x</title><script>var n = 99;</script></head><body>"
            "<h1>Drones downed</h1><p>The ministry said 12 drones were destroyed over the Kursk region.</p>"
            "<!-- 55 drones --><p>Second&nbsp;paragraph &amp; more.</p></body></html>")
    out = _clean(page)
    assert "<" not in out["clean_text"] and "99" not in out["clean_text"] and "55" not in out["clean_text"]
    assert "The ministry said 12 drones were destroyed over the Kursk region." in out["clean_text"].split("\n")
    assert "Second paragraph & more." in out["clean_text"]


def test_text_mentioning_html_is_not_stripped():
    text = "The site printed <b>bold</b> claims: 5 drones over Kursk."
    assert _clean(text)["clean_text"] == text


def test_page_furniture_is_removed_and_the_credit_line_kept():
    body = "\n\n".join(f"Paragraph {i}: the ministry said 5 drones were destroyed over the region." for i in range(6))
    text = (body + "\n\n(Reporting by Jane Roe; Editing by John Doe)\n\n#Ministry #Defense #air #defense\n\n"
            "Rating: FALSE. Shared 4.1K times. 37 comments.\n\nFollow AP's coverage of the war at https://example.org\n\n"
            "Other news\n\n• Governor: 41 UAVs destroyed over the Bryansk region\n• Prices hit a record")
    out = _clean(text)
    assert "(Reporting by Jane Roe; Editing by John Doe)" in out["clean_text"]
    for gone in ("#Ministry", "Shared 4.1K", "Follow AP", "Other news", "41 UAVs", "Prices hit"):
        assert gone not in out["clean_text"], gone
