"""Identity: which person each mention is, by name plus context, and which registry politician.

Within a document, mentions of one name are one person unless their own context tells them
apart: two mentions with different party letters, or tied to different kommuner ("Peter
Sørensen (A), borgmester i Varde" and "Peter Sørensen (C), byrådsmedlem i Norddjurs"), are two
persons. A mention with no such context (a later "Peter Sørensen", a surname "Sørensen") is the
person of that name mentioned most recently before it, else the first one after it.

A person then gets its kommune and, with a registry, its politician: the kommune the text ties
the person to, else the only kommune of a sentence the person is mentioned in, else the
document's kommune; registry politicians of that name in those kommuner, in that order, and the
party letter where the name alone is ambiguous. A registry match gives the registry's id, and
its party when the text gives none (`party_source="registry"`); a party in the text wins
(`party_source="text"`). A person the text calls an official or journalist is never matched.
Only politicians in a kommune office get a kommune (not ministers, MFs or regional politicians).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from core.politicians import RegistryEntry
from nlp.persons.found import Candidate, Evidence
from nlp.persons.places import KommuneContext
from nlp.persons.registry import Registry, one_person


@dataclass
class Person:
    """What the document says about one person, merged over all mentions."""

    name: str
    party: str | None = None
    role: str | None = None
    politician_votes: list[bool] = field(default_factory=list)
    tied: int | None = None  # the first kommune a mention's words tie the person to
    kommune: int | None = None
    registry_id: int | None = None
    party_source: str | None = None
    last: int = -1  # start of the latest mention added

    def add(self, evidence: Evidence) -> None:
        if evidence.party and not self.party:
            self.party = evidence.party
        if evidence.role and not self.role:
            self.role = evidence.role
        if evidence.politician is not None:
            self.politician_votes.append(evidence.politician)
        if evidence.kommune is not None and self.tied is None:
            self.tied = evidence.kommune

    @property
    def politician(self) -> bool:
        if self.party:
            return True
        return bool(self.politician_votes) and self.politician_votes[0]

    def compatible(self, evidence: Evidence) -> bool:
        """Whether a mention's own party and kommune agree with what is known of this person."""
        party_ok = not (evidence.party and self.party and evidence.party != self.party)
        kommune_ok = not (evidence.kommune and self.tied and evidence.kommune != self.tied)
        return party_ok and kommune_ok


def group_persons(mentions: list[Candidate], places: KommuneContext | None = None) -> list[Person]:
    """Persons by name and context; sets each mention's `person` index.

    A mention without a party or kommune of its own is the namesake tied to the kommune the
    text is about where it stands (`places.recent`), else the one mentioned last before it."""
    persons: list[Person] = []
    by_name: dict[str, list[int]] = {}
    ordered = sorted(mentions, key=lambda c: c.start)
    # Mentions whose context can tell namesakes apart found the persons, in text order.
    for mention in ordered:
        evidence = mention.evidence
        if not (evidence.party or evidence.kommune) or len(mention.words) < 2:
            continue
        indexes = by_name.setdefault(mention.name, [])
        fitting = [i for i in indexes if persons[i].compatible(evidence)]
        if fitting:
            index = max(fitting, key=lambda i: persons[i].last)
        else:
            index = len(persons)
            persons.append(Person(mention.name))
            indexes.append(index)
        _join(persons[index], mention, index)
    # The others join the person of their name mentioned last before them (else the first).
    for mention in ordered:
        if mention.person >= 0:
            continue
        indexes = by_name.setdefault(mention.name, [])
        if not indexes:
            indexes.append(len(persons))
            persons.append(Person(mention.name))
        # A surname's own party or kommune ("Sørensen fra Norddjurs") rules out the others.
        indexes = [i for i in indexes if persons[i].compatible(mention.evidence)] or indexes
        placed = _by_place(persons, indexes, places, mention.start)
        index = placed if placed is not None else _nearest(mentions, indexes, mention)
        _join(persons[index], mention, index)
    return persons


def _join(person: Person, mention: Candidate, index: int) -> None:
    mention.person = index
    person.add(mention.evidence)
    person.last = max(person.last, mention.start)


def _by_place(
    persons: list[Person], indexes: list[int], places: KommuneContext | None, pos: int
) -> int | None:
    if places is None or len(indexes) < 2:
        return None
    code = places.recent(pos)
    tied = [i for i in indexes if code is not None and persons[i].tied == code]
    return tied[0] if len(tied) == 1 else None


def _nearest(mentions: list[Candidate], indexes: list[int], mention: Candidate) -> int:
    """The person (of `indexes`) mentioned last before `mention`, else the first mentioned."""
    if len(indexes) == 1:
        return indexes[0]
    before = [(c.start, c.person) for c in mentions if c.person in indexes and c.start < mention.start]
    if before:
        return max(before)[1]
    after = [(c.start, c.person) for c in mentions if c.person in indexes]
    return min(after)[1] if after else indexes[0]


IsLocal = Callable[[str | None], bool]


@dataclass
class Resolver:
    """Kommune and registry politician of each person in one document."""

    places: KommuneContext
    registry: Registry | None
    day: date | None
    is_local: IsLocal

    def kommuner(self, person: Person, mentions: list[Candidate]) -> list[int]:
        """The kommuner the text relates the person to, most specific first."""
        found: list[int] = []
        candidates = (
            [person.tied] + [self.places.sentence(c.start) for c in mentions] + [self.places.document]
        )
        for code in candidates:
            if code is not None and code not in found:
                found.append(code)
        return found

    def resolve(self, persons: list[Person], mentions: list[Candidate]) -> None:
        """Fill each person's kommune, registry id and party source."""
        for index, person in enumerate(persons):
            own = [c for c in mentions if c.person == index]
            kommuner = self.kommuner(person, own)
            entry = self.match(person, kommuner)
            if entry is not None:
                self.apply(person, entry)
            elif person.politician and self.is_local(person.role) and kommuner:
                person.kommune = kommuner[0]
            if person.party and person.party_source is None:
                person.party_source = "text"

    def match(self, person: Person, kommuner: list[int]) -> RegistryEntry | None:
        """The registry politician this person is, or None."""
        if self.registry is None or (person.politician_votes and not person.politician_votes[0]):
            return None  # no registry, or the text says an official or journalist
        rows = self.registry.named(person.name)
        if not rows:
            return None
        for code in kommuner:
            here = [e for e in rows if e.kommune_code == code]
            entry = one_person(here, self.day) or one_person(
                [e for e in here if e.party == person.party], self.day
            )
            if entry is not None:
                return entry
        if person.party:  # no kommune in the text: the party must point to one politician
            return one_person([e for e in rows if e.party == person.party], self.day)
        return None

    def apply(self, person: Person, entry: RegistryEntry) -> None:
        person.registry_id = entry.registry_id
        person.kommune = entry.kommune_code
        if person.party is None and entry.party:
            person.party = entry.party
            person.party_source = "registry"
        if not person.politician_votes:
            person.politician_votes.append(True)
