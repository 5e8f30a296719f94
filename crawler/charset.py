"""Decode HTML bytes to text with the right charset, so æøå survive latin-1 and windows-1252 pages.

Order of evidence: byte-order mark, the HTTP Content-Type charset, the page's <meta> charset,
then UTF-8 and finally windows-1252 (which decodes any byte). A declared charset that does not
decode the bytes strictly is a wrong declaration: we say so in `note` and use the next candidate,
instead of silently producing replacement characters the way a lenient decode would.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom, resolve_encoding


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    note: str | None = None  # set when a declared charset was wrong


def decode_html(body: bytes, content_type: str | None = None) -> Decoded:
    """Text of an HTML (or XML) body; see the module docstring for the order of candidates."""
    bom_encoding, bom = read_bom(body)
    if bom_encoding and bom:
        return Decoded(body[len(bom) :].decode(bom_encoding, errors="replace"), _norm(bom_encoding))
    declared = []
    header = http_content_type_encoding(content_type) if content_type else None
    if header:
        declared.append(("HTTP header", header))
    meta = html_body_declared_encoding(body)
    if meta:
        declared.append(("meta tag", meta))
    wrong: list[str] = []
    for origin, name in declared:
        encoding = resolve_encoding(name)
        if encoding is None:
            wrong.append(f"unknown charset {name!r} in {origin}")
            continue
        try:
            return Decoded(body.decode(encoding), _norm(encoding), _wrong_note(wrong))
        except UnicodeDecodeError:
            wrong.append(f"charset {name!r} in {origin} does not match the bytes")
    for encoding in ("utf-8", "cp1252"):
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            continue
        return Decoded(text, encoding, _wrong_note(wrong, encoding))
    return Decoded(body.decode("latin-1"), "latin-1", _wrong_note(wrong, "latin-1"))


def _wrong_note(wrong: list[str], used: str | None = None) -> str | None:
    if not wrong:
        return None
    return "; ".join(wrong) + (f"; decoded as {used}" if used else "")


def _norm(encoding: str) -> str:
    return codecs.lookup(encoding).name
