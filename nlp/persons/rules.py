"""The person rules as a pipeline of stages: candidates -> evidence -> resolution -> identity.

`PersonRules.find` takes one document (`DocInput`: its text, the kommune and region mentions,
the NER's spans, its sentence starts and date, and the registry if any) and returns the person
mentions plus the mentions that state a role of their own (for `role_holder`):
1. `candidates` finds the names (member lists of minutes included) and `evidence` reads the
   context of each;
2. `resolution` gives full names their canonical form and resolves surnames and first names
   within the document;
3. `identity` splits namesakes by party and kommune, and gives each person a kommune and,
   with a registry, the registry politician;
4. `references` adds role nouns ("borgmesteren") and surnames the registry resolves.

Minutes versus news is decided once per document (`is_minutes`): in minutes "(K)" is the list
letter K, in news the abbreviation of Det Konservative Folkeparti (C).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from core.result import KommuneMention, PersonMention
from nlp.components.person_data import PersonData
from nlp.persons.candidates import CandidateFinder
from nlp.persons.evidence import EvidenceReader
from nlp.persons.found import Candidate, DocState, Evidence
from nlp.persons.identity import Resolver, group_persons
from nlp.persons.lists import ContextLists
from nlp.persons.places import KommuneContext
from nlp.persons.references import References
from nlp.persons.registry import Registry
from nlp.persons.resolution import first_name_only, name_full, resolve_singles, to_mentions
from nlp.persons.spans import Spans

# Minutes of a body whose members are politicians name it in their heading.
_COUNCIL = re.compile(r"udvalg|byråd|kommunalbestyrelse|regionsråd|borgerrepræsentation", re.IGNORECASE)
_HEADING_CHARS = 400


@dataclass(frozen=True, slots=True)
class DocInput:
    """What the rules read of one document besides its text."""

    text: str
    blocked: Spans  # kommune and region mentions
    per_spans: Spans  # the NER's PER spans
    other_spans: Spans  # the NER's ORG, LOC and GPE spans
    kommuner: Sequence[KommuneMention] = ()
    sentence_starts: Sequence[int] = (0,)
    day: date | None = None  # publication date, for the registry's seats
    registry: Registry | None = None


class PersonRules:
    """All stages, built once from the word lists."""

    def __init__(
        self, data: PersonData, lists: ContextLists | None = None, *, minutes_min_cues: int = 2
    ) -> None:
        self.data = data
        self.lists = lists or ContextLists.from_dir()
        self.minutes_min_cues = minutes_min_cues
        self.evidence = EvidenceReader(data)
        self.candidates = CandidateFinder(data, self.evidence)

    def is_minutes(self, text: str) -> bool:
        """Whether the text is minutes: at least `minutes_min_cues` different cues start lines."""
        return self.candidates.minutes_cues(text) >= self.minutes_min_cues

    def is_local(self, role: str | None) -> bool:
        return self.lists.level(role) == "kommune"

    def find(self, doc: DocInput) -> tuple[list[PersonMention], list[PersonMention]]:
        """The person mentions, and the mentions that state a role of their own."""
        text = doc.text
        state = self._state(doc)
        self.candidates.find(state, doc.blocked)
        full = state.full
        others = self._registry_names(doc, state.others, full)
        name_full(full, others)
        resolved, unresolved = resolve_singles(self.data, full, state.singles)

        def read(single: Candidate) -> Evidence:
            return self.evidence.context(text, single.start, single.end, state.minutes, state.bylines)[0]

        first_names = first_name_only(self.data, unresolved, read)
        for single in resolved + first_names:
            single.evidence, single.text_end = self.evidence.context(
                text, single.start, single.end, state.minutes, state.bylines
            )
        mentions = full + resolved + first_names
        places = KommuneContext(
            text, doc.kommuner, list(doc.sentence_starts), self._is_role, minutes=state.minutes
        )
        for mention in mentions:
            mention.evidence.kommune = places.tied(mention.start, mention.text_end)
        persons = group_persons(mentions, places)
        resolver = Resolver(places, doc.registry, doc.day, self.is_local)
        resolver.resolve(persons, mentions)
        references = References(resolver, persons, mentions)
        named = {id(c) for c in first_names}
        left = [c for c in unresolved if id(c) not in named]
        mentions += references.surnames(state, left, read) + references.role_nouns(text)
        return to_mentions(text, mentions, persons)

    def _registry_names(
        self, doc: DocInput, others: list[Candidate], full: list[Candidate]
    ) -> list[Candidate]:
        """Runs without evidence that are the full name of a registry politician of a kommune
        the document names ("Chidi Okafor" in a Syddjurs text) join the full names; returns the
        other runs."""
        if doc.registry is None or not doc.kommuner:
            return others
        codes = {m.code for m in doc.kommuner}
        left = []
        for other in others:
            if any(e.kommune_code in codes for e in doc.registry.named(" ".join(other.words))):
                full.append(other)
            else:
                left.append(other)
        return left

    def _state(self, doc: DocInput) -> DocState:
        text = doc.text
        minutes = self.is_minutes(text)
        state = DocState(text, minutes, self.candidates.bylines(text), doc.per_spans, doc.other_spans)
        state.listed = self.candidates.member_lists(text, self.lists.heading_re, self.lists.headings)
        state.political = bool((minutes or state.listed) and _COUNCIL.search(text, 0, _HEADING_CHARS))
        return state

    def _is_role(self, word: str) -> bool:
        return self.data.role(word) is not None
