"""The person rules as a pipeline of stages: candidates -> evidence -> resolution.

`PersonRules.find` takes one document's text, the kommune and region spans (never part of a
name unless after a given name) and the NER's spans, and returns the person mentions plus the
mentions that state a role of their own (for `role_holder`).

Minutes versus news is decided once per document (`is_minutes`): in minutes "(K)" is the list
letter K, in news the abbreviation of Det Konservative Folkeparti (C).
"""

from __future__ import annotations

from dataclasses import dataclass

from nlp.components.person_data import PersonData
from nlp.persons.candidates import CandidateFinder
from nlp.persons.evidence import EvidenceReader
from nlp.persons.found import Candidate, DocState, Evidence
from nlp.persons.resolution import Person, first_name_only, merge_persons, name_full, resolve_singles
from nlp.persons.spans import Spans


@dataclass(frozen=True, slots=True)
class DocInput:
    """What the rules read of one document besides its text."""

    text: str
    blocked: Spans  # kommune and region mentions
    per_spans: Spans  # the NER's PER spans
    other_spans: Spans  # the NER's ORG, LOC and GPE spans


class PersonRules:
    """All stages, built once from the word lists."""

    def __init__(self, data: PersonData, *, minutes_min_cues: int = 2) -> None:
        self.data = data
        self.minutes_min_cues = minutes_min_cues
        self.evidence = EvidenceReader(data)
        self.candidates = CandidateFinder(data, self.evidence)

    def is_minutes(self, text: str) -> bool:
        """Whether the text is minutes: at least `minutes_min_cues` different cues start lines."""
        return self.candidates.minutes_cues(text) >= self.minutes_min_cues

    def find(self, doc: DocInput) -> tuple[list[Candidate], dict[str, Person]]:
        """The resolved mentions (full names first, then single words) and one merged
        `Person` per canonical name."""
        text = doc.text
        minutes = self.is_minutes(text)
        bylines = self.candidates.bylines(text)
        state = DocState(text, minutes, bylines, doc.per_spans, doc.other_spans)
        self.candidates.find(state, doc.blocked)
        full = state.full
        name_full(full, state.others)
        resolved, unresolved = resolve_singles(self.data, full, state.singles)

        def read(single: Candidate) -> Evidence:
            return self.evidence.context(text, single.start, single.end, minutes, bylines)[0]

        resolved += first_name_only(self.data, unresolved, read)
        for single in resolved:
            single.evidence, single.text_end = self.evidence.context(
                text, single.start, single.end, minutes, bylines
            )
        mentions = full + resolved
        return mentions, merge_persons(mentions)
