"""The one decoding rule (`core.textdecode`) that ingest, extract and the crawler share."""

from __future__ import annotations

import codecs
import os
import random
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.textdecode import Decoded, NotTextError, decode_bytes, decode_text, one_line
from crawler.charset import decode_html

DANISH = "Der bliver færre ledige i Århus, siger borgmesteren. Væksten fortsætter på Sjælland.\n"

# Text whose every letter is outside UTF-8's reach once written in windows-1252: æ/ø/å and
# friends are single high bytes, never followed by a continuation byte (0x80-0xBF) in this alphabet.
LEGACY_ALPHABET = st.sampled_from(list("abcdefghijklmnopqrstuvwxyz ,.-\nÆØÅæøåé"))


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_byte_order_mark_decides(bom: bytes, codec: str) -> None:
    decoded = decode_text(bom + DANISH.encode(codec))
    assert (decoded.text, decoded.encoding, decoded.note) == (DANISH, codec, None)


def test_one_stray_byte_keeps_utf8_and_counts_it() -> None:
    data = DANISH.encode()
    decoded = decode_text(data[:10] + b"\xff" + data[10:])
    assert decoded.encoding == "utf-8"
    assert decoded.text == DANISH[:10] + "\ufffd" + DANISH[10:]
    assert decoded.note == "1 invalid UTF-8 byte replaced with U+FFFD"


def test_cut_off_last_character_is_counted_in_bytes() -> None:
    decoded = decode_text(DANISH.encode() + "æ".encode()[:1] + "€".encode()[:2])
    assert decoded.text == DANISH + "\ufffd" * 2  # one per broken character, as the standard says
    assert decoded.note == "3 invalid UTF-8 bytes replaced with U+FFFD"


def test_windows_1252_only_when_clearly_not_utf8() -> None:
    decoded = decode_text(("”Blåbær” – " + DANISH).encode("cp1252"))
    assert decoded.text == "”Blåbær” – " + DANISH
    assert decoded.encoding == "cp1252" and decoded.note and "windows-1252" in decoded.note


def test_byte_undefined_in_cp1252_falls_back_to_latin1() -> None:
    decoded = decode_text(DANISH.encode("latin-1") + b"\x81")
    assert decoded.encoding == "latin-1" and decoded.text == DANISH + "\x81"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark(codec: str) -> None:
    decoded = decode_text(DANISH.encode(codec))
    assert decoded.text == DANISH and decoded.encoding == codec and decoded.note


def test_ascii_utf16_without_mark_is_read_not_refused() -> None:
    text = "Byraadet i Odense Kommune vedtog budgettet.\n" * 3
    assert decode_text(text.encode("utf-16-le")).text == text


def test_programs_and_random_bytes_are_not_text() -> None:
    program = open(os.path.realpath(sys.executable), "rb").read(256 * 1024)  # noqa: SIM115
    noise = random.Random(17).randbytes(64 * 1024)
    for data in (program, noise):
        with pytest.raises(NotTextError, match="not a text file"):
            decode_text(data)


def test_a_byte_order_mark_before_garbage_does_not_make_it_text() -> None:
    # Random bytes are mostly invalid UTF-8 and UTF-32. (As UTF-16 they are valid but for 3 %,
    # and a random CJK-like text cannot be told from a real one by bytes alone.)
    garbage = random.Random(5).randbytes(64 * 1024)
    for bom in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF8):
        with pytest.raises(NotTextError):
            decode_text(bom + garbage)


def test_a_truncated_utf16_file_keeps_its_text_and_counts_the_loss() -> None:
    decoded = decode_text(codecs.BOM_UTF16_LE + DANISH.encode("utf-16-le") + b"\x0a")
    assert decoded.text == DANISH + "\ufffd"
    assert decoded.note == "1 invalid UTF-16-LE sequence replaced with U+FFFD"


def test_text_with_a_few_control_characters_is_still_text() -> None:
    text = DANISH * 5 + "\x00\x1b[1mfed\x1b[0m\f"
    assert decode_text(text.encode()).text == text


def test_declared_utf8_page_with_a_stray_byte_stays_utf8() -> None:
    body = f"<html><head><meta charset='utf-8'></head><body><p>{DANISH}</p></body></html>".encode()
    broken = body.replace("færre".encode(), "færre".encode() + b"\xa0")
    for content_type in ("text/html; charset=utf-8", None):
        decoded = decode_html(broken, content_type)
        assert "færre\ufffd" in decoded.text and "Århus" in decoded.text
        assert decoded.encoding == "utf-8" and decoded.note == "1 invalid UTF-8 byte replaced with U+FFFD"


def test_undeclared_page_with_a_stray_byte_stays_utf8() -> None:
    decoded = decode_html(f"<p>{DANISH}</p>".encode() + b"\x85")
    assert decoded.text == f"<p>{DANISH}</p>\ufffd" and decoded.encoding == "utf-8"


@given(st.binary(max_size=2048))
def test_any_bytes_decode_to_text_that_can_be_stored(data: bytes) -> None:
    decoded = decode_bytes(data)
    decoded.text.encode("utf-8")  # no lone surrogates: every store and terminal can take it
    try:
        assert decode_text(data).text.encode("utf-8") is not None
    except NotTextError as exc:
        assert str(exc).startswith("not a text file")


@given(st.text(max_size=500).filter(lambda s: not s.startswith("\ufeff")))
def test_valid_utf8_round_trips_unchanged(text: str) -> None:
    assert decode_bytes(text.encode()) == Decoded(text, "utf-8", None)


@given(
    st.text(max_size=300).filter(lambda s: not s.startswith(("\x00", "\ufeff"))),
    st.sampled_from(["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]),
)
def test_text_after_any_byte_order_mark_round_trips(text: str, codec: str) -> None:
    boms = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    boms |= {"utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}
    data = boms.get(codec, b"") + text.encode(codec)
    decoded = decode_bytes(data)
    assert decoded.text == text and decoded.note is None


@given(st.text(max_size=300).filter(lambda s: not s.startswith("\ufeff")), st.data())
def test_stray_bytes_no_more_than_the_letters_keep_utf8(text: str, data: st.DataObject) -> None:
    non_ascii = sum(1 for c in text if ord(c) > 127)
    spots = data.draw(st.lists(st.integers(0, len(text)), max_size=non_ascii))
    pieces, expected, last = [], [], 0
    for spot in sorted(spots):
        pieces += [text[last:spot].encode(), b"\xff"]
        expected += [text[last:spot], "\ufffd"]
        last = spot
    pieces.append(text[last:].encode())
    expected.append(text[last:])
    decoded = decode_bytes(b"".join(pieces))
    assert decoded.text == "".join(expected) and decoded.encoding == "utf-8"
    assert (decoded.note is None) == (not spots)


@given(st.lists(LEGACY_ALPHABET, min_size=1, max_size=300).map("".join))
def test_windows_1252_danish_is_read_exactly(text: str) -> None:
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.encoding == ("utf-8" if text.isascii() else "cp1252")


def test_one_line_escapes_what_would_break_or_rewrite_the_line() -> None:
    name = "ny\nlinje\x1b[2J æøå " + os.fsdecode(b"caf\xe9") + "\x85"
    assert one_line(name) == "ny\\nlinje\\x1b[2J æøå caf\\xe9\\x85"
