"""Bytes to text in one place, so `ingest`, `extract` and the crawler read the same bytes the same way.

The order, and why:

1. A byte-order mark is certain: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE (w3lib checks UTF-32 first,
   whose little-endian mark starts with UTF-16's).
2. UTF-8. Valid UTF-8 decodes unchanged, without a note. With a few invalid bytes (a stray
   byte, a cut-off last character) they become U+FFFD and the note says how many bytes:
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

# Share of control characters (C0 other than whitespace, and DEL) above which bytes are not text.
# Text has none or a handful (a stray NUL, ANSI colours in a log); compressed data and images
# have about 11 % once decoded as latin-1, executables more (runs of NUL).
MAX_CONTROL_SHARE = 0.05
# C0 controls other than \t \n \v \f \r, and DEL. Each is one byte in UTF-8 and never part of a
# longer sequence, so they are counted with bytes.translate (C speed) on the encoded text.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")  # for `one_line`: controls, C1 too
_UTF16_SNIFF_BYTES = 4096
_BOM_CHECK_BYTES = 64 * 1024


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
    """Text after a byte-order mark (invalid sequences replaced and counted), or None.

    None without a mark, and also when the bytes after it are mostly invalid in its encoding
    (FF FE 00 00 before random bytes is not UTF-32): the rest of the rule then judges them.
    """
    encoding, bom = read_bom(data)
    if not encoding or not bom:
        return None
    name = codecs.lookup(encoding).name
    body = data[len(bom) :]
    try:
        return Decoded(body.decode(name), name)
    except UnicodeDecodeError:
        pass
    sample = body[:_BOM_CHECK_BYTES]
    replaced = sample.decode(name, "replace")
    if len(replaced) - len(sample.decode(name, "ignore")) > MAX_CONTROL_SHARE * len(replaced):
        return None
    text, valid = body.decode(name, "replace"), body.decode(name, "ignore")
    if name == "utf-8":  # counted in bytes, like `decode_utf8`
        return Decoded(text, name, _replaced_note(len(body) - len(valid.encode()), "UTF-8 byte"))
    return Decoded(text, name, _replaced_note(len(text) - len(valid), f"{name.upper()} sequence"))


def decode_utf8(data: bytes) -> Decoded | None:
    """UTF-8 text, or None when the bytes are clearly not UTF-8.

    Invalid bytes are tolerated while they are no more than the valid multi-byte characters;
    they become U+FFFD (one per maximal invalid sequence, as the Unicode standard and WHATWG
    decoders do) and the note counts the bytes. Every step runs in C without a per-error
    callback: ten megabytes of random bytes are judged in about a second (a Python error
    handler took twelve).
    """
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    valid = data.decode("utf-8", "ignore")
    bad = len(data) - len(valid.encode("utf-8"))
    valid_multibyte = len(valid) - len(valid.encode("ascii", "ignore"))
    if bad > valid_multibyte:
        return None
    return Decoded(data.decode("utf-8", "replace"), "utf-8", _replaced_note(bad, "UTF-8 byte"))


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
    encoded = text.encode("utf-8", "surrogatepass")
    return (len(encoded) - len(encoded.translate(None, _CONTROL_BYTES))) / len(text)


def one_line(text: object) -> str:
    """`text` (a file name, a reason) for one terminal line: control characters shown as escapes.

    A file name may hold a newline or an ANSI escape; printed raw it would split the one line a
    bad input gets, or rewrite the terminal. A byte of a non-UTF-8 file name (which Python
    keeps as a lone surrogate) is shown as \\xNN, as `ls -b` does.
    """
    return _UNPRINTABLE.sub(_escape, str(text))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return (
        f"\\x{code - 0xDC00:02x}"
        if 0xDC80 <= code <= 0xDCFF
        else match.group().encode("unicode_escape").decode()
    )


def _replaced_note(count: int, unit: str) -> str | None:
    if not count:
        return None
    return f"{count} invalid {unit}{'' if count == 1 else 's'} replaced with U+FFFD"
