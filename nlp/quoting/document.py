"""The index of one Doc that every quote stage reads: paragraphs, persons by position, NER
names, surnames, and the sentence and clause bounds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from core.result import PersonMention
from nlp.entity_spans import entity_spans
from nlp.extensions import doc_text
from nlp.quotemarks import Paragraph, Segment, quote_paragraphs
from nlp.speech import SpeechData

# How far back an attribution clause may begin (keeps huge one-line texts linear).
CLAUSE_REACH = 300

_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-ZÆØÅ»”\"–-])|[»«”“„\"]")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-ZÆØÅ])")
_CLOSING = re.compile(r"[«”“\"'’]")


@dataclass(slots=True)
class Speaker:
    """What an attribution clause says about the speaker, before pronouns are resolved."""

    name: str | None = None
    gender: str | None = None  # set for a pronoun ("siger hun")
    at: int = 0  # where the clause names the speaker


@dataclass(slots=True)
class Candidate:
    segment: Segment
    attributed: bool = False  # a speech clause or a colon introduces it
    speaker: Speaker | None = None
    chain: int = -1  # multi-paragraph quote id
    dash: bool = False
    resolved: str | None = None
    members: list[int] = field(default_factory=list)


class QuoteDoc:
    """One Doc as the quote stages read it: its text, paragraphs, persons (by start and by
    end), NER person names and surnames, built once per Doc."""

    def __init__(self, data: SpeechData, doc: Doc) -> None:
        self.data = data
        self.doc = doc
        self.text = doc_text(doc)
        self.paras = quote_paragraphs(self.text)
        self.para_starts = [p.start for p in self.paras]
        persons: list[PersonMention] = sorted(doc._.persons or [], key=lambda p: p.start)
        self.persons = persons
        self.person_starts = [p.start for p in persons]
        self.person_ends = sorted((p.end, i) for i, p in enumerate(persons))
        self.ner = entity_spans(doc, "PER", self.text)
        self.ner_starts = [e[0] for e in self.ner]
        self.surnames: dict[str, str] = {}
        for p in persons:
            parts = p.name.split()
            if len(parts) > 1:
                self.surnames.setdefault(parts[-1].casefold(), p.name)

    def sentence_start(self, para: Paragraph, at: int) -> int:
        """Start of the sentence holding `at`, looking back at most CLAUSE_REACH characters."""
        start = max(para.start, at - CLAUSE_REACH)
        for match in _SENTENCE_BREAK.finditer(self.text, start, at):
            start = match.end()
        return start

    def clause_end(self, at: int, limit: int) -> int:
        match = _SENTENCE_END.search(self.text, at, limit)
        return match.start() if match else limit

    def canonical(self, name: str) -> str:
        name = " ".join(name.split())
        return self.surnames.get(name.casefold(), name) if " " not in name else name

    def known_name(self, name: str) -> str | None:
        """A capitalised name after a speech verb that the person component did not report."""
        name = " ".join(name.split())
        if " " not in name:
            return self.surnames.get(name.casefold())
        return name if self.data.gender(name) is not None else None
