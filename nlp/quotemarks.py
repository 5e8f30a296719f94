"""Find the stretches of text that stand inside quotation marks or after a paragraph's dash.

Pure string work, no spaCy: `paragraphs` cuts the text into lines, `mark_segments` pairs
quotation marks inside one paragraph (Danish »…«, ”…”, "…", „…“, English “…”, and single
quotes), `dash_segment` reads the Danish news form "– Det er godt, siger hun." The component in
`nlp.components.quotes` decides which of these candidates are quotes and who said them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A paragraph is a non-empty line: extracted news text puts every paragraph on its own line.
_LINE = re.compile(r"[^\n\r]+")
_MARK = re.compile(r"[»«„“”\"'‘’]")
# A paragraph that opens with a dash (en dash, em dash or a typed hyphen) and then words.
_DASH_START = re.compile(r"[ \t]*([–—-])[ \t]*(?=\S)")

# closer(s) each opening mark waits for
_CLOSERS: dict[str, str] = {
    "»": "«",
    "«": "»",  # the French/Swiss order, used by some sources
    "„": "“”",
    "“": "”“",
    "”": "”",
    '"': '"',
    "'": "'’",
    "‘": "’'",
    "’": "’",
}
SINGLE_MARKS = frozenset("'‘’")
_MARK_OR_DASH = frozenset("»«„“”\"'‘’–—-")
# How far after its opening mark an open quote may still join a wrapped line.
WRAP_REACH = 1000
_OPEN_AFTER = frozenset("([{–—-:/")
_CLOSE_BEFORE = frozenset(".,;:!?)]}–—-…")


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int


@dataclass(slots=True)
class Segment:
    """One quoted stretch inside one paragraph; `start`/`end` exclude the marks."""

    start: int
    end: int
    open_at: int  # offset of the opening mark or dash
    close_at: int | None  # offset of the closing mark; None when the paragraph ends first
    paragraph: int  # index into the paragraph list
    mark: str  # the opening mark or dash character


def paragraphs(text: str) -> list[Paragraph]:
    """Non-blank lines, trimmed of surrounding spaces."""
    result = []
    for match in _LINE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            result.append(Paragraph(start, end))
    return result


def quote_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs for quote scanning: hard-wrapped lines (PDF minutes, e-mail) joined again.

    A single line break joins two lines when the next line starts in lowercase or the line ends
    with a comma (the sentence goes on), or when a quote is open at the break and the next line
    does not open a paragraph of its own with a mark or a dash (that is how news continue a
    quote over paragraphs). A blank line always ends a paragraph. One pass over the lines; an
    open quote joins at most WRAP_REACH characters, so a stray mark cannot swallow a document.
    """
    result: list[Paragraph] = []
    closers = ""  # what the open quote of the current paragraph waits for
    opened = 0  # where that quote opened
    for line in paragraphs(text):
        if result:
            last = result[-1]
            gap = text[last.end : line.start]
            blank = gap.count("\n") >= 2 or ("\n" not in gap and gap.count("\r") >= 2)
            first = text[line.start]
            goes_on = first.islower() or text[last.end - 1] == ","
            in_quote = bool(closers) and line.start - opened <= WRAP_REACH and first not in _MARK_OR_DASH
            if not blank and (goes_on or in_quote):
                result[-1] = Paragraph(last.start, line.end)
                closers, opened = _open_quote(text, line, closers, opened)
                continue
        result.append(line)
        closers, opened = _open_quote(text, line, "", 0)
    return result


def _open_quote(text: str, line: Paragraph, closers: str, opened: int) -> tuple[str, int]:
    """The quote still open after `line` (its closers and opening offset), given the one before."""
    for match in _MARK.finditer(text, line.start, line.end):
        at, mark = match.start(), match.group()
        if closers:
            if mark in closers and _can_close(text, at, line):
                closers = ""
        elif mark != "«" and mark not in SINGLE_MARKS and _can_open(text, at, line):
            closers, opened = _CLOSERS[mark], at
    return closers, opened


def _can_open(text: str, at: int, para: Paragraph) -> bool:
    before = text[at - 1] if at > para.start else " "
    after = text[at + 1] if at + 1 < para.end else " "
    return (before.isspace() or before in _OPEN_AFTER) and not after.isspace()


def _can_close(text: str, at: int, para: Paragraph) -> bool:
    before = text[at - 1] if at > para.start else " "
    after = text[at + 1] if at + 1 < para.end else " "
    return not before.isspace() and not after.isalnum()


def mark_segments(text: str, para: Paragraph, index: int) -> list[Segment]:
    """Pair quotation marks left to right; marks of another kind inside a quote are nested text.

    An opening mark the paragraph never closes gives a segment that runs to the paragraph's end
    (`close_at` None): the first paragraphs of a multi-paragraph quote look like that.
    """
    segments: list[Segment] = []
    open_at = -1
    closers = ""
    last_guillemet = text.rfind("»", para.start, para.end)
    for match in _MARK.finditer(text, para.start, para.end):
        at = match.start()
        mark = match.group()
        if open_at >= 0:
            if mark in closers and _can_close(text, at, para):
                segments.append(Segment(open_at + 1, at, open_at, at, index, text[open_at]))
                open_at = -1
            continue
        if mark == "«" and at > last_guillemet:
            continue  # a stray closer
        if _can_open(text, at, para):
            open_at, closers = at, _CLOSERS[mark]
    if open_at >= 0 and open_at + 1 < para.end:
        segments.append(Segment(open_at + 1, para.end, open_at, None, index, text[open_at]))
    return [s for s in segments if s.end > s.start]


def dash_start(text: str, para: Paragraph) -> int | None:
    """Offset of the first word after a paragraph-opening dash, or None."""
    match = _DASH_START.match(text, para.start, para.end)
    if match is None:
        return None
    first = text[match.end()]
    if not (first.isalpha() or first in "»”\"„“'"):
        return None  # "- 3,5 mio." is a list of figures, not speech
    return match.end()


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding spaces and the comma that belongs to the attribution ("godt,« siger")."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end
