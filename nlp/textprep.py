"""Make arbitrary input safe for the pipeline without losing the caller's character offsets.

Real inputs carry control characters (PDF extraction), decomposed æøå (NFD from macOS
copy-paste) and megabyte-sized minutes. The components want NFC text in pieces of bounded
size; the contract wants offsets into the original text. `prepare` returns the cleaned text
and, only where the length changed, a table that maps cleaned offsets back to original ones.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# C0/C1 controls other than tab, newline and carriage return; replaced one-for-one by a space.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class PreparedText:
    text: str
    # to_original[i] is the original offset of cleaned offset i (len(text) + 1 entries);
    # None when cleaning kept every offset.
    to_original: list[int] | None

    def original_offset(self, offset: int) -> int:
        return offset if self.to_original is None else self.to_original[offset]


def prepare(text: str) -> PreparedText:
    """Blank out control characters and compose to NFC, remembering where each char came from."""
    text = _CONTROL.sub(" ", text)
    if unicodedata.is_normalized("NFC", text):
        return PreparedText(text, None)
    pieces: list[str] = []
    to_original: list[int] = []
    start = 0
    length = len(text)
    while start < length:
        end = start + 1
        while end < length and unicodedata.combining(text[end]):
            end += 1
        composed = unicodedata.normalize("NFC", text[start:end])
        pieces.append(composed)
        to_original.extend([start] * len(composed))
        start = end
    to_original.append(length)
    return PreparedText("".join(pieces), to_original)


def chunk_bounds(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Split into (start, end) pieces of at most max_chars, preferring paragraph then line breaks.

    Keeps spaCy's memory bounded on huge documents and the run time linear in their size.
    """
    bounds: list[tuple[int, int]] = []
    start = 0
    length = len(text)
    while length - start > max_chars:
        window_end = start + max_chars
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            found = text.rfind(sep, start + max_chars // 2, window_end)
            if found != -1:
                cut = found + len(sep)
                break
        if cut == -1:
            cut = window_end
        bounds.append((start, cut))
        start = cut
    bounds.append((start, length))
    return bounds
