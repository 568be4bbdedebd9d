import codecs

import pytest

from transforms.decode import Undecodable, decode_bytes

TEXT = "Air defences destroyed 12 drones over the Bryansk region overnight, the ministry said."


def test_utf8_plain_and_with_bom():
    assert decode_bytes(TEXT.encode()) == (TEXT, "utf-8")
    text, enc = decode_bytes(codecs.BOM_UTF8 + TEXT.encode())
    assert text == TEXT and enc == "utf-8-sig"


@pytest.mark.parametrize("enc", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(enc):
    text, used = decode_bytes(TEXT.encode(enc))
    assert text.lstrip("\ufeff") == TEXT
    assert used.startswith("utf-16")


def test_windows_1251_cyrillic():
    ru = "Губернатор Владислав Шапша сообщил, что над Калужской областью уничтожены 5 беспилотников. " * 3
    text, enc = decode_bytes(ru.encode("cp1251"))
    assert "Шапша" in text
    assert enc.lower().replace("_", "-") in ("cp1251", "windows-1251")


def test_one_bad_byte_in_a_long_article_is_replaced_not_fatal():
    data = (TEXT + " ") * 200
    raw = data.encode()
    raw = raw[:500] + b"\xff" + raw[500:]
    text, enc = decode_bytes(raw)
    assert "\ufffd" in text and "replaced" in enc


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty"),
        (b"   \n\t  ", "empty"),
        (bytes(range(256)) * 20, "binary"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02" * 400, "binary"),
    ],
)
def test_unreadable_files_say_why(data, reason):
    with pytest.raises(Undecodable) as e:
        decode_bytes(data)
    assert reason in str(e.value)


def test_letter_and_control_counts_are_the_per_character_definitions():
    """The counts run in the regex engine and bytes.translate (ingest reads every character of every file); they
    agree with str.isalpha and the control-character rule, character for character."""
    from transforms.decode import _control_share, _looks_like_text

    def letters_share_ok(t):
        return sum(ch.isalpha() for ch in t) >= 0.5 * len(t.replace(" ", "").replace("\n", "")) if t.strip() else False

    def control(t):
        return sum(1 for ch in t if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd") / max(1, len(t))

    cases = ["Air defences destroyed 12 drones.", "ПВО сбили 12 беспилотников над Брянской областью.", "12 34 56 ab",
             "Ⅻ Ⅻ", "ⅫⅫⅫ abc", "²³ ½ x", "a_b_c 1", "tab\there\x0bthere\x00", "\ufffd\ufffd ok", "", "   \n"]
    for t in cases:
        assert _looks_like_text(t) == letters_share_ok(t), t
        assert _control_share(t) == control(t), t
