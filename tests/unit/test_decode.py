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
