"""What the person stages hand on: a mention's evidence, a candidate, one document's state."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlp.persons.spans import Spans

_LOWER_WORD = re.compile(r"(?<![^\W\d_])[a-zæøåäöüé][^\W\d_]*")


@dataclass
class Evidence:
    """What one mention's context says about the person."""

    party: str | None = None
    role: str | None = None
    politician: bool | None = None  # True/False when the role decides it, None when silent
    person: bool = False  # context alone shows that the words are a person's name
    weak: bool = False  # a speech verb: a person unless the words look like an organisation
    kommune: int | None = None  # the kommune the words around the mention tie it to


@dataclass
class Candidate:
    """One mention: where the name is, its words, its evidence and (once resolved) its name."""

    start: int
    end: int  # end of the name itself
    text_end: int  # end including an attached party parenthesis
    words: list[str]
    evidence: Evidence
    name: str = ""
    person: int = -1  # index of the person (namesakes split) once resolved


@dataclass
class DocState:
    """One document's text, mode and NER spans, and the candidates found so far."""

    text: str
    minutes: bool
    bylines: dict[int, str]
    per_spans: Spans
    other_spans: Spans
    full: list[Candidate] = field(default_factory=list)
    singles: list[Candidate] = field(default_factory=list)
    others: list[Candidate] = field(default_factory=list)  # multi-word runs without evidence
    # Names in minutes' member lists: start -> (end, "members" or "officials").
    listed: dict[int, tuple[int, str]] = field(default_factory=dict)
    political: bool = False  # minutes of a council or committee: listed members are politicians
    _lower_words: frozenset[str] | None = None

    @property
    def lower_words(self) -> frozenset[str]:
        """Words the text writes in lower case (one pass, only when a weak candidate needs it)."""
        if self._lower_words is None:
            self._lower_words = frozenset(_LOWER_WORD.findall(self.text))
        return self._lower_words
