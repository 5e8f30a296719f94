"""Subjects: who a figure is about (a kommune, a region, the whole country, or other), from
its own clause and its neighbours, not from the document: a national rate quoted in an
article about one kommune is national."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from core.result import FigureSubject, StatisticMention, SubjectType
from nlp.figures.periods import previous_sentence

# Words that make a figure national ("landsgennemsnittet på 2,9 pct.", "på landsplan").
NATIONAL = re.compile(
    r"(?<![a-zæøå])(?:landsgennemsnit\w*|landsplan|hele\s+landet|(?:i\s+)?hele\s+danmark|i\s+danmark"
    r"|landet\s+som\s+helhed|nationalt|landsdækkende)(?![a-zæøå])",
    re.IGNORECASE,
)
# Literal prefilters (no look-behind in front, so the regex engine skips ahead fast).
_NATIONAL_HINT = re.compile(r"lands|landet|danmark|nationalt", re.IGNORECASE)
_OWN_HINT = re.compile(r"kommunen|regionen", re.IGNORECASE)
# Something below or beside a kommune that a figure of its sentence is about: a company, an
# association, a board, a named school, a person's family ("i to større produktionsvirksomheder,
# hvor 260 medarbejdere", "Boligforeningen Østjylland", "Min mor ventede i 97 dage"). Whole
# words only: "folkeskolen" and "virksomhedskonsulenter" are the kommune's own.
ORGANISATION = re.compile(
    r"(?<![a-zæøå])(?:\w*virksomhed(?:en|er|erne)?|\w*forening(?:en|er|erne)?|\w*bestyrelsen?|skolen?s?"
    r"|firma(?:et)?|fabrik(?:ken)?|slagteri(?:et)?|koncern(?:en)?|mor|far|søn|datter"
    r"|\w*hospital(?:et|s|ets)?|sygehus(?:et|s|ets)?)(?![a-zæøå])",
    re.IGNORECASE,
)
_ORGANISATION_STEMS = (
    "virksomhed", "forening", "bestyrelse", "skole", "firma", "fabrik", "slagteri", "koncern",
    "mor", "far", "søn", "datter", "hospital", "sygehus",
)  # fmt: skip
# "kommunen", "regionens": the document's own kommune or region.
_OWN = re.compile(r"(?<![a-zæøå])(?:(?P<kind>kommune)ns?|regionens?)(?![a-zæøå])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Place:
    """A kommune or region mention, or a national marker, in the text."""

    start: int
    end: int
    type: SubjectType
    code: int | None


class Places:
    """A document's kommune and region mentions, sorted, with its main kommune and region:
    built once per document, so that each figure's look-up costs a bisect, not a scan."""

    def __init__(self, mentions: list[Place]) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]

    @cached_property
    def main(self) -> Place | None:
        """The document's most-mentioned place (computed when a figure needs it)."""
        return dominant(self.mentions)

    @cached_property
    def own(self) -> dict[str, Place | None]:
        """What "kommunen" and "regionen" refer to."""
        return {
            kind: dominant([m for m in self.mentions if m.type == kind]) for kind in ("kommune", "region")
        }

    def within(self, text: str, start: int, end: int, *, national: bool = True) -> list[Place]:
        """Mentions, national markers and "kommunen"/"regionen" inside `text[start:end]`."""
        first = bisect_left(self.starts, start)
        last = bisect_left(self.starts, end)
        found = [m for m in self.mentions[first:last] if m.end <= end]
        if national and _NATIONAL_HINT.search(text, start, end):
            found.extend(
                Place(m.start(), m.end(), "national", None) for m in NATIONAL.finditer(text, start, end)
            )
        if national and _OWN_HINT.search(text, start, end):
            for match in _OWN.finditer(text, start, end):
                own = self.own["kommune" if match.group("kind") else "region"]
                if own is not None:
                    found.append(Place(match.start(), match.end(), own.type, own.code))
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


def beside_a_kommune(text: str, start: int, end: int) -> int | None:
    """Where `text[start:end]` (a sentence up to its figure) last names a company, association,
    school or person. Substring tests on the lowercased slice first: most sentences name none."""
    lowered = text[start:end].lower()
    if not any(stem in lowered for stem in _ORGANISATION_STEMS):
        return None
    found = list(ORGANISATION.finditer(text, start, end))
    return found[-1].start() if found else None


# "Her" opening a sentence points at the place the sentence before is about: "I Hjørring Kommune
# venter borgerne dog længere. Her var den gennemsnitlige ventetid 34 dage".
_HERE = re.compile(r"\s*(?:her|dér)(?![a-zæøå])", re.IGNORECASE)


def _place_before(text: str, stat: StatisticMention, places: Places) -> FigureSubject | None:
    """What "Her" refers to: the first place of the sentence before in the same paragraph, or
    other when that sentence names a company, school or hospital."""
    before = previous_sentence(text, stat.sentence_start)
    if before is None:
        return None
    if beside_a_kommune(text, *before) is not None:
        return FigureSubject("other", None)
    found = places.within(text, *before)
    first = min(found, key=lambda place: place.start) if found else None
    return FigureSubject(first.type, first.code) if first else None


def resolve_subject(
    text: str,
    stat: StatisticMention,
    start: int,
    end: int,
    prev: StatisticMention | None,
    back: StatisticMention | None,
    places: Places,
) -> FigureSubject:
    """The figure's own clause `[start, end)`, then the figure before it in the sentence or
    the sentence before, then the rest of its sentence, then the document's main place."""
    national = stat.kind != "rank"  # a rank "i Danmark" is the kommune's place in the country
    own = nearest(places.within(text, start, end, national=national), stat.start, stat.end)
    # (not the figure's own noun: "Kommunen har 4.100 virksomheder" is the kommune's)
    beside = beside_a_kommune(text, stat.sentence_start, stat.start)
    if beside is not None and stat.kind == "money" and text[beside : beside + 5].casefold() == "skole":
        beside = None  # "en ny skole i Nordborg til 165 mio. kr.": the kommune builds its schools
    if beside is not None and (own is None or own.end <= beside):
        return FigureSubject("other", None)  # "... i to virksomheder, hvor 260 medarbejdere"
    if own is None:
        for neighbour in (prev, back):
            if neighbour is not None and neighbour.subject is not None:
                return neighbour.subject
        if _HERE.match(text, stat.sentence_start) and (there := _place_before(text, stat, places)):
            return there
        around = max(stat.sentence_start, stat.start - 400), min(stat.sentence_end, stat.end + 400)
        in_sentence = places.within(text, *around, national=False)
        own = nearest(in_sentence, stat.start, stat.end) or places.main
    if own is None:
        return FigureSubject("other", None)
    return FigureSubject(own.type, own.code)
