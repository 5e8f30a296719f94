"""From candidates to quotes: chains share a speaker, pronouns go to the person in focus of
their gender, quote paragraphs without attribution continue the speaker before them."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort

from core.result import QuoteMention
from nlp.quotemarks import Segment, trim
from nlp.quoting.document import Candidate, QuoteDoc

# How many persons back a pronoun looks for one of its gender.
PRONOUN_REACH = 30
# How many paragraphs back a quote paragraph without attribution looks for its speaker.
INHERIT_PARAGRAPHS = 3
MAX_CREDIT_CHARS = 80

_SPEECH_END = frozenset(".!?,…:;")


class Resolution:
    """The speakers of the kept quotes of one `QuoteDoc`, and the persons in focus."""

    def __init__(self, index: QuoteDoc, kept: list[Candidate]) -> None:
        self.index = index
        self.kept = kept
        self.events: list[tuple[int, str]] = []  # (offset, canonical name) of persons in focus
        self.para_speaker: dict[int, str] = {}  # paragraph -> speaker of its last quote
        self.quotes_people = any(c.speaker and (c.speaker.name or c.speaker.gender) for c in kept)

    def quotes(self) -> list[QuoteMention]:
        """The kept candidates as `QuoteMention`s with their speakers, in text order."""
        self._build_events()
        self._resolve()
        result = []
        for cand in self.kept:
            start, end = trim(self.index.text, cand.segment.start, cand.segment.end)
            if end > start:
                result.append(QuoteMention(self.index.text[start:end], start, end, cand.resolved))
        return sorted(result, key=lambda q: q.start)

    def _build_events(self) -> None:
        spans = sorted((c.segment.start, c.segment.end) for c in self.kept)
        starts = [s for s, _ in spans]
        for person in self.index.persons:
            i = bisect_right(starts, person.start) - 1
            if i >= 0 and spans[i][0] <= person.start < spans[i][1]:
                continue  # named inside a quote: the speaker talks about them
            if self._in_credit(person.start):
                continue
            self.events.append((person.start, person.name))
        # NER persons that kv_persons left out can still be the "han"/"hun" of a later quote;
        # only names whose given name is known, which keeps stray PER spans out.
        person_spans = sorted((p.start, p.end) for p in self.index.persons)
        for start, end, name in self.index.ner:
            i = bisect_right(starts, start) - 1
            inside = i >= 0 and spans[i][0] <= start < spans[i][1]
            j = bisect_right(person_spans, (end, end)) - 1
            known = j >= 0 and person_spans[j][1] > start
            name = self.index.canonical(name)
            if not inside and not known and self.index.data.gender(name) and not self._in_credit(start):
                self.events.append((start, name))
        self.events.sort()

    def _in_credit(self, at: int) -> bool:
        i = bisect_right(self.index.para_starts, at) - 1
        if i < 0:
            return False
        para = self.index.paras[i]
        short = para.end - para.start <= MAX_CREDIT_CHARS
        return short and self.index.data.credit_re.match(self.index.text, para.start) is not None

    def _resolve(self) -> None:
        chains: dict[int, list[Candidate]] = {}
        for cand in self.kept:
            if cand.chain >= 0:
                chains.setdefault(cand.chain, []).append(cand)
        for members in chains.values():
            # the closing paragraph's attribution speaks for the whole quote, else the opening's
            source = next((c.speaker for c in reversed(members) if c.speaker is not None), None)
            for cand in members:
                if cand.speaker is None and source is not None:
                    cand.speaker, cand.attributed = source, True
        for cand in self.kept:
            first = cand
            if cand.chain >= 0:
                first = chains[cand.chain][0]
            cand.resolved = self._resolve_one(cand, first.segment.open_at)
            if cand.resolved:
                self.para_speaker[cand.segment.paragraph] = cand.resolved

    def _resolve_one(self, cand: Candidate, quote_start: int) -> str | None:
        speaker = cand.speaker
        if speaker is not None and speaker.name:
            self._focus(speaker.at, speaker.name)
            return speaker.name
        if speaker is not None and speaker.gender:
            name = self.last_person(quote_start, speaker.gender)
            if name is not None:
                self._focus(speaker.at, name)
            return name
        if cand.attributed and speaker is not None:
            return None  # "siger formanden": a clause, but no name to give
        para = self.index.paras[cand.segment.paragraph]
        if cand.segment.open_at > para.start + 1:
            return None  # a free quote inside narrative text
        if not self.quotes_people or not (cand.dash or self._reads_as_speech(cand.segment)):
            return None  # a title in quotes ("Alle unge i job") in a text that quotes no one
        # A quote paragraph without attribution continues the quote paragraph before it, else
        # the speaker in focus.
        previous = self.para_speaker.get(cand.segment.paragraph - 1)
        if previous is not None:
            return previous
        floor = self.index.paras[max(0, cand.segment.paragraph - INHERIT_PARAGRAPHS)].start
        i = bisect_left(self.events, (quote_start, "")) - 1
        if i >= 0 and self.events[i][0] >= floor:
            return self.events[i][1]
        return None

    def _reads_as_speech(self, seg: Segment) -> bool:
        """Speech ends with punctuation inside the marks, or right after them (»…«.)."""
        inner = self.index.text[seg.start : seg.end].rstrip()
        after = self.index.text[seg.close_at + 1 : seg.close_at + 2] if seg.close_at is not None else ""
        return inner[-1:] in _SPEECH_END or after in _SPEECH_END

    def last_person(self, before: int, gender: str) -> str | None:
        """The most recent person before `before` of this gender; else of unknown gender."""
        i = bisect_left(self.events, (before, "")) - 1
        unknown: str | None = None
        stop = max(-1, i - PRONOUN_REACH)
        while i > stop:
            name = self.events[i][1]
            found = self.index.data.gender(name)
            if found == gender:
                return name
            if found is None and unknown is None:
                unknown = name
            i -= 1
        return unknown

    def _focus(self, at: int, name: str) -> None:
        insort(self.events, (at, name))
