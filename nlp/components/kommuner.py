"""kv_kommuner: every mention of the 98 kommuner and 5 regions, with official codes.

One case-insensitive regex pass over `doc.text` (built once by `kommune_lexicon`) finds every
candidate: "Ballerup", "Ballerups", "Ballerup Kommune(s)", "BRØNDBY", "Københavns Kommune",
"Bornholms Regionskommune", old spellings, seats, "Region Syddanmarks". What each candidate is
gets decided here, from letter case and the words around it, because Danish place names are
also surnames ("Anne Herning") and ordinary words ("Vejen til målet", "greve Frederik"):

- lowercase never counts; "X Kommune" always does; an institution word before or after
  ("Jobcenter Ballerup", "Herning Byråd") makes it the kommune;
- a name after a given name or an initial, or before a party letter "(V)", is a person's
  surname, and so is the same name later in that document unless a preposition makes it a
  place ("i Herning"); inside a longer PER entity of the NER it is a surname only there;
- names that are ordinary words need evidence when only their position capitalises them
  (start of a sentence, line or quotation): an institution word, a LOC/ORG entity, or another
  mention of the same kommune in the document;
- all-caps names count (datelines "BRØNDBY.", headings), ordinary words only as a dateline
  or with an institution word.

The NER's `doc.ents` are used when present; without them the rules alone decide. Later
components read the kommuner of a sentence with `Span._.kommune_codes` (nlp/extensions.py).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from core.result import KommuneMention, RegionMention
from nlp.components.batching import BatchedPipe
from nlp.components.data_component import LEXICON_DIR, DataComponent
from nlp.components.kommune_lexicon import (
    DATA_FILES,
    Entry,
    Kind,
    Lexicon,
    load_lexicon,
    reference_rows,
    write_reference,
)
from nlp.entity_spans import all_entity_spans
from nlp.extensions import doc_text, register_extensions
from nlp.lexicon import GIVEN_NAMES

register_extensions()

DEFAULT_DATA_DIR = "data/kommuner"  # relative to the nlp package; set in nlp/config.cfg

# The word right before a candidate (only whitespace between), and the one right after.
_WORD = re.compile(r"\w[\w.'-]*")
_WORD_AFTER = re.compile(r"[^\S\n]+(\w[\w-]*)")
_PARTY_AFTER = re.compile(r"[^\S\n]*\((?:[A-ZÆØÅ]{1,3})\)")
# What ends a dateline name: "BRØNDBY." / "GREVE:" / "VEJEN – ".
_DATELINE_END = re.compile(r"[.:]|[^\S\n]+[–-][^\S\n]")
_COMPOUND = re.compile(r"-[a-zæøå]")
_INITIAL = re.compile(r"(?:[A-ZÆØÅ]\.-?){1,3}")
# What may stand between the start of a sentence and its first word.
_OPENERS = frozenset(" \t\r\u00a0\"“”„»«'‘’(–—-•*")
_SENTENCE_END = frozenset(".!?:;…\n")
_QUOTES = frozenset("\"“”„»«'‘’")
_LOOKAROUND = 80


@dataclass(slots=True)
class _Candidate:
    start: int  # the mention: name, genitive and "Kommune" if present
    end: int
    entry: Entry
    caps: bool
    has_suffix: bool
    genitive: bool
    word_before: str | None
    word_after: str | None
    initial: bool  # capitalised by position only: start of text, line, sentence or quotation
    dateline: bool  # a line-initial name followed by ".", ":" or a dash ("BRØNDBY.", "GREVE –")
    compound: bool  # first part of a hyphenated compound ("Lejre-borgerne"): a proper noun
    person: bool = False
    surname: bool = False  # a person by the text's own signs (given name, initial, party letter)


@Language.factory(
    "kv_kommuner",
    default_config={"data_dir": DEFAULT_DATA_DIR, "lexicon_dir": LEXICON_DIR},
    assigns=["doc._.kommuner", "doc._.regions"],
)
def make_kommuner(nlp: Language, name: str, data_dir: str, lexicon_dir: str) -> KommuneRecognizer:
    return KommuneRecognizer(nlp, name, data_dir=data_dir, lexicon_dir=lexicon_dir)


class KommuneRecognizer(DataComponent, BatchedPipe):
    """Sets `doc._.kommuner` (KommuneMention) and `doc._.regions` (RegionMention), sorted by start."""

    data_files = DATA_FILES
    lexicon_files = (GIVEN_NAMES,)

    def __init__(
        self, nlp: Language, name: str, *, data_dir: str = DEFAULT_DATA_DIR, lexicon_dir: str = LEXICON_DIR
    ) -> None:
        self.name = name
        self.use_data(data_dir, lexicon_dir)

    # --- spaCy serialisation: the data files and the reference rows travel with the pipeline

    def load_data(self, data_dir: Path, lexicon_dir: Path) -> None:
        self.lexicon: Lexicon = load_lexicon(data_dir, lexicon_dir)

    def save_extra(self, target: Path) -> None:
        write_reference(target, *reference_rows(self.data_dir))

    # --- the component

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        kommuner, regions = self.find(text, _entity_spans(doc, text))
        doc._.kommuner = kommuner
        doc._.regions = regions
        return doc

    def find(
        self, text: str, entities: dict[str, list[tuple[int, int]]] | None = None
    ) -> tuple[list[KommuneMention], list[RegionMention]]:
        """All kommune and region mentions in `text`; `entities` maps NER labels to char spans."""
        entities = entities or {}
        candidates = [c for m in self.lexicon.pattern.finditer(text) if (c := self._candidate(text, m))]
        if not candidates:
            return [], []
        persons = _SpanIndex(entities.get("PER", []))
        places = _SpanIndex(entities.get("LOC", []) + entities.get("ORG", []) + entities.get("GPE", []))
        for candidate in candidates:
            candidate.surname = self._is_surname(text, candidate)
            candidate.person = candidate.surname or (
                not self._institution(candidate) and _inside_longer(persons, candidate)
            )
        # Only the text's own signs spread to the other mentions: a PER entity can be the NER's
        # mistake ("Business Ballerup") and must not silence the kommune in the whole document.
        surnames = {c.entry.form for c in candidates if c.surname}

        accepted: list[_Candidate] = []
        pending: list[_Candidate] = []
        for candidate in candidates:
            verdict = self._decide(candidate, surnames, places)
            if verdict is True:
                accepted.append(candidate)
            elif verdict is None:
                pending.append(candidate)
        # A position-capitalised ordinary word ("Vejen ...") counts when the document mentions
        # the same kommune or region elsewhere without doubt.
        confirmed = {(c.entry.kind is Kind.KOMMUNE, c.entry.code) for c in accepted}
        accepted += [c for c in pending if (c.entry.kind is Kind.KOMMUNE, c.entry.code) in confirmed]
        accepted.sort(key=lambda c: c.start)

        kommuner = [
            KommuneMention(text[c.start : c.end], c.start, c.end, c.entry.code, c.entry.name)
            for c in accepted
            if c.entry.kind is Kind.KOMMUNE
        ]
        regions = [
            RegionMention(text[c.start : c.end], c.start, c.end, c.entry.code, c.entry.name)
            for c in accepted
            if c.entry.kind is not Kind.KOMMUNE
        ]
        return kommuner, regions

    def _candidate(self, text: str, match: re.Match[str]) -> _Candidate | None:
        written = match.group("name")
        entry = self.lexicon.entries.get(" ".join(written.split()).casefold())
        if entry is None or entry.kind is Kind.EXCLUDED:
            return None
        caps = len(written) > 1 and written.isupper()
        # The form's own capitals must be capitals in the text ("region Hovedstaden" is fine,
        # "hovedstaden" is the capital city, "herning" nothing).
        capital = written.split()[-1] if entry.kind is Kind.REGION_FULL else written
        if not (caps or capital[0].isupper()):
            return None
        start, end = match.start("name"), match.end("name")
        genitive = match.group("gen")
        if genitive == "s" or (genitive == "'" and written[-1].casefold() in "sxz"):
            end = match.end("gen")
        has_suffix = match.group("suffix") is not None and entry.kind is Kind.KOMMUNE
        if has_suffix:
            end = match.end("suffix")
        before = _word_before(text, start)
        after = _WORD_AFTER.match(text, end, end + _LOOKAROUND)
        initial, quoted = _position(text, start)
        return _Candidate(
            start=start,
            end=end,
            entry=entry,
            caps=caps,
            has_suffix=has_suffix,
            genitive=end > match.end("name") and not has_suffix,
            word_before=before,
            word_after=after.group(1) if after else None,
            initial=initial or quoted,
            dateline=initial and not quoted and _DATELINE_END.match(text, end) is not None,
            compound=_COMPOUND.match(text, end) is not None,
        )

    def _is_surname(self, text: str, c: _Candidate) -> bool:
        """Does the text itself mark this name as a person's surname?"""
        if c.entry.kind is not Kind.KOMMUNE or c.has_suffix or self._institution(c):
            return False
        lex = self.lexicon
        before = c.word_before
        if before is not None and (
            before in lex.given_names
            or (c.caps and before.title() in lex.given_names)
            or _INITIAL.fullmatch(before) is not None
            or any(part in lex.given_names for part in before.split("-"))
        ):
            return True
        return _PARTY_AFTER.match(text, c.end) is not None

    def _decide(self, c: _Candidate, surnames: set[str], places: _SpanIndex) -> bool | None:
        """True: a mention; False: not one; None: only if the document confirms it."""
        lex = self.lexicon
        if c.entry.kind is Kind.KOMMUNE and c.has_suffix:
            return True
        if c.word_after is not None and c.word_after.casefold() in lex.not_after:
            return False
        if c.person:
            return False
        if c.entry.kind is Kind.REGION_FULL:
            return True
        evidence = self._institution(c) or c.compound or places.covering(c.start, c.end) is not None
        if c.entry.kind is Kind.KOMMUNE and c.entry.form in surnames and not c.caps:
            # The document names a person with this surname: bare repeats are that person.
            return evidence or self._locative(c)
        if not c.entry.ordinary_word:
            return True
        # A name that is also an ordinary word.
        if c.word_after is not None and c.word_after in lex.given_names and not c.caps:
            return evidence  # a title before a name: "Greve Frederik"
        if c.caps:
            return evidence or c.dateline
        if evidence:
            return True
        ordinary_phrase = c.word_after is not None and c.word_after.casefold() in lex.ordinary_after
        if ordinary_phrase and not self._locative(c):
            return False  # "Vejen til målet", "Vejen frem" (but "fra Vejen til Kolding")
        return True if not c.initial else None

    def _institution(self, c: _Candidate) -> bool:
        lex = self.lexicon
        after = c.word_after.casefold() if c.word_after else None
        before = c.word_before.casefold() if c.word_before else None
        if after is not None and (
            after in lex.institution_after or (c.genitive and after in lex.genitive_context)
        ):
            return True
        return before is not None and before in lex.institution_before

    def _locative(self, c: _Candidate) -> bool:
        return c.word_before is not None and c.word_before.casefold() in self.lexicon.locative_before


def _word_before(text: str, start: int) -> str | None:
    """The word right before `start` with only spaces between (same line), else None."""
    window = text[max(0, start - _LOOKAROUND) : start]
    stripped = window.rstrip(" \t\u00a0")
    if len(stripped) == len(window) or not stripped or stripped[-1] == "\n":
        return None
    piece = stripped.rsplit(None, 1)[-1].lstrip("\"“”„»«'‘’([")
    return piece if _WORD.fullmatch(piece) else None


def _position(text: str, start: int) -> tuple[bool, bool]:
    """(starts a text/line/sentence, follows an opening quotation mark)."""
    index = start - 1
    quoted = False
    while index >= 0 and text[index] in _OPENERS:
        quoted = quoted or text[index] in _QUOTES
        index -= 1
    if index < 0 or text[index] in _SENTENCE_END:
        return True, quoted
    return False, quoted


class _SpanIndex:
    """Sorted, non-overlapping char spans (NER entities) with a containment query."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def covering(self, start: int, end: int) -> tuple[int, int] | None:
        index = bisect_right(self.starts, start) - 1
        if index >= 0 and self.spans[index][1] >= end:
            return self.spans[index]
        return None


def _inside_longer(persons: _SpanIndex, c: _Candidate) -> bool:
    """Inside a PER entity longer than the name ("Zlatko Vejle"); "X Kommune" never is.

    A one-word PER on a place name is more often the NER's mistake than a surname used alone,
    and the surname rule covers "siger Herning" after the full name.
    """
    if c.entry.kind is not Kind.KOMMUNE or c.has_suffix:
        return False
    entity = persons.covering(c.start, c.end)
    return entity is not None and entity != (c.start, c.end)


def _entity_spans(doc: Doc, text: str) -> dict[str, list[tuple[int, int]]]:
    """The NER's spans per label, from the shared per-Doc cache (no `doc.ents` objects)."""
    return {
        label: [(start, end) for start, end, _ in spans]
        for label, spans in all_entity_spans(doc, text).items()
    }
