"""Bytes to text: detect the encoding of one file, or say clearly why it cannot be read as an article."""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# Share of replaced bytes up to which a mostly-UTF-8 file is still read (the bad bytes become U+FFFD
# and the article is flagged); above it the file is quarantined.
MAX_REPLACED_SHARE = 0.001


class Undecodable(ValueError):
    """The bytes are not an article's text; the message is the quarantine reason."""


# control characters but tab, newline, form feed and carriage return; and the replacement character
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")
# what is surely not a letter (str.isalpha): what remains is letters, but for rare numeric symbols such as 'Ⅻ'
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_NOT_ASCII_LETTER_BYTES = bytes(b for b in range(256) if not (b < 128 and chr(b).isalpha()))


def _control_share(text: str) -> float:
    # counted by the regex engine, not character by character in Python: ingest reads every byte of every file
    return len(_CONTROL.findall(text)) / max(1, len(text))


def decode_bytes(data: bytes) -> tuple[str, str]:  # noqa: C901 - the encodings are tried in order (byte-order marks, UTF-16 without one, UTF-8, a detector): one branch each
    """Return (text, encoding name). Raise Undecodable with a reason a person can act on."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise Undecodable("empty file (no text)")
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _checked(data.decode(enc), enc)
            except UnicodeDecodeError as e:
                raise Undecodable(f"starts with a {enc} byte-order mark but is not valid {enc} (byte {e.start})") from e
    if b"\x00" in data:
        # UTF-16 without a BOM puts a NUL beside every ASCII character.
        even, odd = data[0::2].count(0), data[1::2].count(0)
        half = len(data) // 2
        for enc, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
            if half and zeros > 0.4 * half:
                try:
                    return _checked(data.decode(enc), enc)
                except UnicodeDecodeError:
                    pass
        raise Undecodable(f"binary content: {data.count(0)} NUL bytes")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as first:
        text = data.decode("utf-8", errors="replace")
        replaced = text.count("\ufffd")
        if replaced / len(data) <= MAX_REPLACED_SHARE and _looks_like_text(text):
            return text, f"utf-8 ({replaced} invalid byte sequences replaced)"
        best = from_bytes(data).best()
        if best is not None and best.encoding not in ("utf_8", "ascii"):
            text = str(best)
            if _control_share(text) < 0.01 and _looks_like_text(text):
                return text, best.encoding
        raise Undecodable(f"not valid UTF-8 (first bad byte at offset {first.start}) and no other encoding fits") from first


def _looks_like_text(text: str) -> bool:
    # ASCII letters, counted by bytes.translate: for most articles (English with a few curly quotes) they alone
    # reach the share, and the other letters need not be counted
    need = 0.5 * len(text.replace(" ", "").replace("\n", ""))
    if len(text.encode("utf-8", "surrogatepass").translate(None, _NOT_ASCII_LETTER_BYTES)) >= need:
        return bool(text.strip())
    if text.isascii():
        return False
    kept = _NOT_LETTERS.sub("", text)
    letters = len(kept) if kept.isalpha() or not kept else sum(map(str.isalpha, kept))
    return letters >= need and bool(text.strip())


def _checked(text: str, enc: str) -> tuple[str, str]:
    if not text.strip():
        raise Undecodable("empty file (no text)")
    if _control_share(text) >= 0.01:
        raise Undecodable(f"binary content (control characters) although it decodes as {enc}")
    if not _looks_like_text(text):
        raise Undecodable(f"not prose: too few letters for an article ({enc})")
    return text, enc
