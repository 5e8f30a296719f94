"""Subjects: who a figure is about (a kommune, a region, the whole country, or other), from
its own clause and its neighbours, not from the document: a national rate quoted in an
article about one kommune is national."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from nlp.result import FigureSubject, StatisticMention, SubjectType

# Words that make a figure national ("landsgennemsnittet på 2,9 pct.", "på landsplan").
NATIONAL = re.compile(
    r"(?<![a-zæøå])(?:landsgennemsnit\w*|landsplan|hele\s+landet|(?:i\s+)?hele\s+danmark|i\s+danmark"
    r"|landet\s+som\s+helhed|nationalt|landsdækkende)(?![a-zæøå])",
    re.IGNORECASE,
)
# "kommunen", "regionens": the document's own kommune or region.
_OWN = re.compile(r"(?<![a-zæøå])(?:(?P<kind>kommune)ns?|regionens?)(?![a-zæøå])", re.IGNORECASE)


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


def _own_places(text: str, start: int, end: int, mentions: list[Place]) -> list[Place]:
    """ "kommunen"/"regionen" in `text[start:end]` as the document's main kommune/region."""
    found = []
    for match in _OWN.finditer(text, start, end):
        kind = "kommune" if match.group("kind") else "region"
        main = dominant([m for m in mentions if m.type == kind])
        if main is not None:
            found.append(Place(match.start(), match.end(), main.type, main.code))
    return found


def nearest(places: list[Place], start: int, end: int) -> Place | None:
    """The place nearest the figure `[start, end)`; one before it wins a tie with one after."""
    if not places:
        return None

    def distance(place: Place) -> int:
        return start - place.end if place.end <= start else place.start - end + 5

    return min(places, key=distance)


def dominant(mentions: list[Place]) -> Place | None:
    """The kommune or region the document mentions most (the first mentioned on a tie)."""
    counts = Counter((m.type, m.code) for m in mentions)
    if not counts:
        return None
    top = max(counts.values())
    return next(m for m in mentions if counts[(m.type, m.code)] == top)


def resolve_subject(
    text: str,
    stat: StatisticMention,
    start: int,
    end: int,
    prev: StatisticMention | None,
    back: StatisticMention | None,
    places: list[Place],
    main: Place | None,
) -> FigureSubject:
    """The figure's own clause `[start, end)`, then the figure before it in the sentence or
    the sentence before, then the rest of its sentence, then the document's main place."""
    national = stat.kind != "rank"  # a rank "i Danmark" is the kommune's place in the country
    in_clause = places_in(text, start, end, places, national=national) + _own_places(text, start, end, places)
    own = nearest(in_clause, stat.start, stat.end)
    if own is None:
        for neighbour in (prev, back):
            if neighbour is not None and neighbour.subject is not None:
                return neighbour.subject
        in_sentence = places_in(text, stat.sentence_start, stat.sentence_end, places, national=False)
        own = nearest(in_sentence, stat.start, stat.end) or main
    if own is None:
        return FigureSubject("other", None)
    return FigureSubject(own.type, own.code)
