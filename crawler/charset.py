"""Decode HTML bytes to text with the right charset, so æøå survive latin-1 and windows-1252 pages.

Order of evidence: byte-order mark, the HTTP Content-Type charset, the page's <meta> charset,
then the undeclared rule shared with `ingest` and `extract` (`core.textdecode`: UTF-8 with
a few invalid bytes replaced and counted, else windows-1252). A declared charset that does not
decode the bytes is a wrong declaration: we say so in `note` and use the next candidate, instead
of silently producing replacement characters. Declared UTF-8 with a few invalid bytes is not a
wrong declaration: it keeps UTF-8, and the note counts the replaced bytes.
"""

from __future__ import annotations

import codecs

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, resolve_encoding

from core.textdecode import Decoded, decode_bom, decode_bytes, decode_utf8

__all__ = ["Decoded", "decode_html"]


def decode_html(body: bytes, content_type: str | None = None) -> Decoded:
    """Text of an HTML (or XML) body; see the module docstring for the order of candidates."""
    from_bom = decode_bom(body)
    if from_bom is not None:
        return from_bom
    declared = []
    header = http_content_type_encoding(content_type) if content_type else None
    if header:
        declared.append(("HTTP header", header))
    meta = html_body_declared_encoding(body)
    if meta:
        declared.append(("meta tag", meta))
    wrong: list[str] = []
    for origin, name in declared:
        decoded = _decode_declared(body, name)
        if decoded is not None:
            return Decoded(decoded.text, decoded.encoding, _join(_wrong_note(wrong), decoded.note))
        known = resolve_encoding(name) is not None
        wrong.append(
            f"charset {name!r} in {origin} does not match the bytes"
            if known
            else f"unknown charset {name!r} in {origin}"
        )
    decoded = decode_bytes(body)
    # Reading an undeclared page as windows-1252 is the HTML standard's default, not a repair.
    own_note = None if decoded.encoding in ("cp1252", "latin-1") else decoded.note
    return Decoded(decoded.text, decoded.encoding, _join(_wrong_note(wrong, decoded.encoding), own_note))


def _decode_declared(body: bytes, name: str) -> Decoded | None:
    """The body in a declared charset, or None when the charset is unknown or does not fit."""
    encoding = resolve_encoding(name)
    if encoding is None:
        return None
    encoding = codecs.lookup(encoding).name
    if encoding == "utf-8":
        return decode_utf8(body)
    try:
        return Decoded(body.decode(encoding), encoding)
    except UnicodeDecodeError:
        return None


def _wrong_note(wrong: list[str], used: str | None = None) -> str | None:
    if not wrong:
        return None
    return "; ".join(wrong) + (f"; decoded as {used}" if used else "")


def _join(*notes: str | None) -> str | None:
    return "; ".join(n for n in notes if n) or None
