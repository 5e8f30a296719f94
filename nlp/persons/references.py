"""References: role nouns and surnames the document's full names do not resolve.

"borgmesteren", "Viceborgmesteren", "Varde-borgmesteren" name a person by office: the holder
of that office among the document's persons (the one mentioned last before the noun, else the
only one), else, with a registry, the politician who held it on the document's date in the
kommune the noun is tied to, its sentence names or the document is about. A lone surname
("Sørensen", "siger Sørensen") that no full name in the document explains is, with a registry,
the one politician of that surname in those kommuner; it must stand where a common word would
not: mid-sentence and never written in lower case in the text, or next to a speech verb, role or
party.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from core.politicians import RegistryEntry
from nlp.components.person_data import _holds, _role_head
from nlp.persons.found import Candidate, DocState, Evidence
from nlp.persons.identity import Person, Resolver
from nlp.persons.spans import sentence_start

# Definite role nouns of the offices the registry knows, with an optional kommune or party prefix.
ROLE_NOUNS = {"borgmester": "borgmester", "viceborgmester": "viceborgmester", "rådmand": "rådmand"}
_ROLE_NOUN = re.compile(
    r"(?<![\w-])(?:(?P<prefix>[^\W\d_]+)-)?(?P<noun>(?i:viceborgmester|borgmester|rådmand))en(?P<genitive>s)?(?![\w-])"
)
_ELSEWHERE = re.compile(r"[ \t\u00a0]+(?:i|for)[ \t\u00a0]+[A-ZÆØÅ]")

ReadContext = Callable[[Candidate], Evidence]


class References:
    """Adds the mentions of role nouns and registry surnames to a document's persons."""

    def __init__(self, resolver: Resolver, persons: list[Person], mentions: list[Candidate]) -> None:
        self.resolver = resolver
        self.persons = persons
        self.mentions = mentions

    def role_nouns(self, text: str) -> list[Candidate]:
        found: list[Candidate] = []
        if "orgmester" not in text and "ådmand" not in text:
            return found  # most texts name no office: skip the regex pass
        for match in _ROLE_NOUN.finditer(text):
            noun = match.group("noun").casefold()
            start, end = match.start(), match.end()
            tied = self.resolver.places.tied(start, end)
            index = self._holder_in_text(noun, start, tied)
            if index is None and (tied is not None or not _ELSEWHERE.match(text, end)):
                index = self._registry_person(self._registry_holder(ROLE_NOUNS[noun], start, tied))
            if index is None:
                continue
            role = match.group(0)[: match.end("noun") - start]
            evidence = Evidence(role=role[0].lower() + role[1:], politician=True, kommune=tied)
            found.append(self._mention(start, end, [match.group(0)], evidence, index))
        return found

    def _holder_in_text(self, noun: str, start: int, tied: int | None) -> int | None:
        """The person holding the office by the document's own words."""
        holders = [
            m
            for m in self.mentions
            if m.evidence.role
            and _holds(_role_head(m.evidence.role), noun)
            and (tied is None or self.persons[m.person].kommune in (None, tied))
        ]
        before = [m for m in holders if m.start < start]
        if before:
            return max(before, key=lambda m: m.start).person
        people = {m.person for m in holders}
        return people.pop() if len(people) == 1 else None

    def _registry_holder(self, role: str, start: int, tied: int | None) -> RegistryEntry | None:
        registry = self.resolver.registry
        if registry is None:
            return None
        places = self.resolver.places
        for code in (tied, places.sentence(start), places.document):
            if code is not None:
                return registry.holder(code, role, self.resolver.day)
        return None

    def surnames(self, state: DocState, singles: list[Candidate], read: ReadContext) -> list[Candidate]:
        registry = self.resolver.registry
        if registry is None:
            return []
        places = self.resolver.places
        found = []
        for single in singles:
            word = single.words[0]
            evidence = read(single)
            context = evidence.weak or evidence.role or evidence.party
            if not context and (
                sentence_start(state.text, single.start) or word.casefold() in state.lower_words
            ):
                continue
            tied = places.tied(single.start, single.end)
            for code in (tied, places.sentence(single.start), places.document):
                if code is None:
                    continue
                stem = word[:-1] if word.endswith("s") else word
                entry = registry.surname(code, word, self.resolver.day) or registry.surname(
                    code, stem, self.resolver.day
                )
                if entry is not None:
                    evidence.kommune = tied
                    single.evidence = evidence
                    found.append(self._mention_of(single, self._registry_person(entry)))
                    break
        return [m for m in found if m is not None]

    def _registry_person(self, entry: RegistryEntry | None) -> int | None:
        """The document's person that is this registry politician, added when not yet there."""
        if entry is None:
            return None
        for index, person in enumerate(self.persons):
            if person.registry_id == entry.registry_id:
                return index
        for index, person in enumerate(self.persons):
            if person.registry_id is None and person.name == entry.name:
                self.resolver.apply(person, entry)
                return index
        person = Person(entry.name)
        self.resolver.apply(person, entry)
        self.persons.append(person)
        return len(self.persons) - 1

    def _mention_of(self, single: Candidate, index: int | None) -> Candidate | None:
        if index is None:
            return None
        single.name = self.persons[index].name
        single.person = index
        self.persons[index].add(single.evidence)
        return single

    def _mention(self, start: int, end: int, words: list[str], evidence: Evidence, index: int) -> Candidate:
        return Candidate(start, end, end, words, evidence, name=self.persons[index].name, person=index)
