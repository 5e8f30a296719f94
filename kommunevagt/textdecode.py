"""Bytes to text in one place, so `ingest`, `extract` and the crawler read the same bytes the same way.

The order, and why:

1. A byte-order mark is certain: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE (w3lib checks UTF-32 first,
   whose little-endian mark starts with UTF-16's).
2. UTF-8. Valid UTF-8 decodes unchanged, without a note. With a few invalid bytes (a stray
   byte, a cut-off last character) each invalid byte becomes U+FFFD and the note says how many:
   reading the whole file as a legacy charset instead would turn every æøå into mojibake
   ("fÃ¦rre") to save one character.
3. UTF-16 without a mark: NUL in nearly every other byte of bytes that are clearly not UTF-8.
4. windows-1252 (latin-1 when a byte is undefined in cp1252) only when the text is clearly not
   UTF-8: more invalid bytes than valid multi-byte characters. Danish legacy text has æ/ø/å as
   single high bytes before ASCII, which is never valid UTF-8, while UTF-8 text has nearly all
   its high bytes in valid sequences, so the majority separates the two by a wide margin.

charset-normalizer (installed with requests) is not used to choose: with version 3.5 it read
windows-1252 Danish as cp1250 ("fćrre"), UTF-8 with one stray byte as iso8859_16 ("fĂŠrre") and
the cp1252 word "Blåbær" as UTF-16. The rule above is the product's promise, so it is written out.

`decode_text` also refuses bytes that are not text at all (an executable, an image), because a
decoder that accepts any byte would otherwise turn them into a "document".
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from w3lib.encoding import read_bom

# Share of control characters (C0 other than whitespace, DEL, C1) above which bytes are not text.
# Text has none or a handful (a stray NUL, ANSI colours in a log); executables, images and
# archives have 25-50 % once decoded as latin-1.
MAX_CONTROL_SHARE = 0.05
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_UTF16_SNIFF_BYTES = 4096


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name: utf-8, utf-16-le, cp1252, latin-1, ...
    note: str | None = None  # what was repaired or guessed; None when the bytes were unambiguous


class NotTextError(ValueError):
    """The bytes are not text (a binary file); the message is the one-line reason."""


def decode_text(data: bytes) -> Decoded:
    """Text of a file's bytes by the module's rule; raises NotTextError for binary data."""
    decoded = decode_bytes(data)
    try:
        ensure_text(decoded.text)
    except NotTextError:
        # ASCII-only UTF-16 without a mark is valid UTF-8 full of NULs: give it its second reading.
        utf16 = sniff_utf16(data)
        if utf16 is None or control_share(utf16.text) > MAX_CONTROL_SHARE:
            raise
        return utf16
    return decoded


def ensure_text(text: str) -> None:
    """Raise NotTextError when decoded bytes hold too many control characters to be text."""
    share = control_share(text)
    if share > MAX_CONTROL_SHARE:
        raise NotTextError(f"not a text file ({share:.0%} control characters, e.g. a program or image)")


def decode_bytes(data: bytes) -> Decoded:
    """Text of any bytes by the module's rule (steps 1-4); never raises."""
    return decode_bom(data) or decode_utf8(data) or sniff_utf16(data) or decode_legacy(data)


def decode_bom(data: bytes) -> Decoded | None:
    """Text after a byte-order mark (invalid units replaced and counted), or None without one."""
    encoding, bom = read_bom(data)
    if not encoding or not bom:
        return None
    name = codecs.lookup(encoding).name
    text, bad = _decode_counting(data[len(bom) :], name)
    return Decoded(text, name, _replaced_note(bad, name))


def decode_utf8(data: bytes) -> Decoded | None:
    """UTF-8 text, or None when the bytes are clearly not UTF-8.

    Invalid bytes are tolerated while they are no more than the valid multi-byte characters;
    each becomes U+FFFD and the note counts them.
    """
    text, bad = _decode_counting(data, "utf-8")
    if bad:
        valid_multibyte = len(text) - len(text.encode("ascii", "ignore")) - bad
        if bad > valid_multibyte:
            return None
    return Decoded(text, "utf-8", _replaced_note(bad, "utf-8"))


def decode_legacy(data: bytes) -> Decoded:
    """windows-1252, or latin-1 when cp1252 leaves a byte (0x81, 0x8D, 0x8F, 0x90, 0x9D) undefined."""
    try:
        return Decoded(data.decode("cp1252"), "cp1252", "not UTF-8; read as windows-1252")
    except UnicodeDecodeError:
        return Decoded(data.decode("latin-1"), "latin-1", "not UTF-8; read as latin-1")


def sniff_utf16(data: bytes) -> Decoded | None:
    """UTF-16 without a byte-order mark, recognised by NUL in (nearly) every other byte."""
    sample = data[:_UTF16_SNIFF_BYTES]
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even_nul, odd_nul = sample[0::2].count(0), sample[1::2].count(0)
    for encoding, high, low in (("utf-16-le", odd_nul, even_nul), ("utf-16-be", even_nul, odd_nul)):
        if high >= 0.5 * pairs and low <= 0.02 * pairs:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return Decoded(text, encoding, f"no byte-order mark; read as {encoding.upper()}")
    return None


def control_share(text: str) -> float:
    """Share of control characters that no text file holds in quantity (tabs and newlines excluded)."""
    if not text:
        return 0.0
    return _CONTROL.subn("", text)[1] / len(text)


def _replace_per_byte(error: UnicodeError) -> tuple[str, int]:
    """Like errors="replace", but one U+FFFD per byte, so the note can count bytes."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "\ufffd" * (error.end - error.start), error.end


_REPLACE_PER_BYTE = "kommunevagt.replace_per_byte"
codecs.register_error(_REPLACE_PER_BYTE, _replace_per_byte)


def _decode_counting(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode with every undecodable byte as U+FFFD; also return how many bytes that was."""
    text = data.decode(encoding, _REPLACE_PER_BYTE)
    if "\ufffd" not in text:
        return text, 0
    return text, len(text) - len(data.decode(encoding, "ignore"))


def _replaced_note(bad: int, encoding: str) -> str | None:
    if not bad:
        return None
    plural = "byte" if bad == 1 else "bytes"
    return f"{bad} invalid {encoding.upper()} {plural} replaced with U+FFFD"
