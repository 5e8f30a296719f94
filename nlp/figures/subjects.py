"""Subjects: who a figure is about (a kommune, a region, the whole country, or other), from
its own clause and its neighbours, not from the document: a national rate quoted in an
article about one kommune is national."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from nlp.result import SubjectType

# Words that make a figure national ("landsgennemsnittet på 2,9 pct.", "på landsplan").
NATIONAL = re.compile(
    r"(?<![a-zæøå])(?:landsgennemsnit\w*|landsplan|hele\s+landet|(?:i\s+)?hele\s+danmark|i\s+danmark"
    r"|landet\s+som\s+helhed|nationalt|landsdækkende)(?![a-zæøå])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Place:
    """A kommune or region mention, or a national marker, in the text."""

    start: int
    end: int
    type: SubjectType
    code: int | None


def places_in(
    text: str, start: int, end: int, mentions: list[Place], *, national: bool = True
) -> list[Place]:
    """Mentions and national markers inside `text[start:end]`."""
    found = [m for m in mentions if start <= m.start and m.end <= end]
    if national:
        found.extend(Place(m.start(), m.end(), "national", None) for m in NATIONAL.finditer(text, start, end))
    return found


def nearest(places: list[Place], start: int, end: int) -> Place | None:
    """The place nearest the figure `[start, end)`; one before it wins a tie with one after."""
    if not places:
        return None

    def distance(place: Place) -> int:
        return start - place.end if place.end <= start else place.start - end + 5

    return min(places, key=distance)


def dominant(mentions: list[Place]) -> Place | None:
    """The kommune the document mentions most (first mentioned on a tie), else its region."""
    for kind in ("kommune", "region"):
        codes = Counter(m.code for m in mentions if m.type == kind)
        if codes:
            top = max(codes.values())
            return next(m for m in mentions if m.type == kind and codes[m.code] == top)
    return None
