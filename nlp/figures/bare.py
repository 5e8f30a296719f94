"""Bare figures: a number with no unit and no counted noun is a figure only when its context
says so ("steg til 450", "Antallet af elever er 3.212", "var befolkningen 52.000", "et
gennemsnit på 7,4"), and the quantity noun of its clause gives its kind.
"""

from __future__ import annotations

import re

from core.result import StatisticKind
from nlp.figures.patterns import Patterns


class BareFigures:
    """The kind of a bare number from the words before it, or None when it is no figure."""

    def __init__(self, patterns: Patterns) -> None:
        self.p = patterns

    def words_before(self, text: str, end: int, limit: int = 90) -> list[re.Match[str]]:
        """The words of the clause that ends at `end`, nearest last (clause: back to . ! ? ; :)."""
        begin = max(0, end - limit)
        breaks = [m.end() for m in self.p.clause_break.finditer(text, begin, end)]
        return list(self.p.word_left.finditer(text, breaks[-1] if breaks else begin, end))

    def _subject_in_clause(self, text: str, end: int) -> str | None:
        """Kind from the quantity noun that is the subject of the clause ending at `end`.

        Looks back at most eight words, and stops at a conjunction or another verb: in "Antallet
        steg, men skolen er 3" the 3 is not the count."""
        words = self.words_before(text, end)
        for match in reversed(words[-8:]):
            word = match.group(0).strip(",").casefold()
            kind = self.p.subject_kind(word)
            if kind is not None:
                return kind
            if word in self.p.lex.bare_context["auxiliary"]:
                continue
            if (
                word in self.p.lex.bare_context["conjunction"]
                or word in self.p.lex.predicates
                or word in self.p.lex.change_words
            ):
                return None
        return None

    def _change_before_from(self, text: str, til: int) -> int | None:
        """Start of the word of change in "steg fra 120 i 2022 til": the "til" figure of a
        change whose "fra" figure has a year or a short phrase after it."""
        match = self.p.from_to_left.search(text, max(0, til - 60), til)
        if match is None:
            return None
        return self.change_before(text, match.start())

    def change_before(self, text: str, end: int) -> int | None:
        """Start of the word of change right before `end`, also across a time adverb: "steg
        med 140", "steg sidste år med 140"."""
        change = self.p.change.start(text, end)
        if change is None and (skip := self.p.adverb.start(text, end)) is not None:
            change = self.p.change.start(text, skip)
        return change

    def bare_kind(self, text: str, start: int, value: float) -> StatisticKind | None:
        """Kind of a number with no unit and no counted noun, or None if it is no figure.

        It is one when a word of change or a quantity noun with its verb comes right before:
        "steg til 450", "Antallet af elever er 3.212", "var befolkningen 52.000", "et
        gennemsnit på 7,4". The quantity noun decides the kind (count by default)."""
        kind: str | None = None
        prep = self.p.change_prep.start(text, start)
        if prep is None and (total := self.p.adverb.start(text, start)) is not None:
            prep = self.p.change_prep.start(text, total)  # "til i alt seks"
        change = self.change_before(text, prep) if prep is not None else None
        if change is None and prep is not None and text[prep : prep + 3].casefold() == "til":
            change = self._change_before_from(text, prep)  # "steg fra 120 i 2022 til 180"
        if change is not None:
            kind = self._subject_in_clause(text, change) or "count"
        else:
            pos = start
            for _ in range(3):  # "er nu 40", "er i dag samlet 40", "ligger nu på 40"
                skip = self.p.adverb.start(text, pos)
                if skip is None:
                    skip = self.p.link.start(text, pos)
                if skip is None:
                    break
                pos = skip
            words = self.words_before(text, pos, 40)
            last = words[-1].group(0) if words else ""
            before_last = words[-2].group(0) if len(words) > 1 else ""
            verb = self.p.predicate.start(text, pos)
            if pos != start and text[pos:start].split()[-1].casefold() == "på":
                words = self.words_before(text, start, 40)  # "et gennemsnit på 7,4"
                last = words[-1].group(0) if words else ""
                before_last = words[-2].group(0) if len(words) > 1 else ""
            if last.casefold() == "på" and before_last and self.p.subject_kind(before_last):
                kind = self.p.subject_kind(before_last)  # "et gennemsnit på 7,4"
            elif (
                last
                and self.p.subject_kind(last)
                and (
                    before_last.casefold() == "i"
                    or self.p.predicate.start(text, words[-1].start()) is not None
                )
            ):
                kind = self.p.subject_kind(last)  # "var antallet 3.212", "i gennemsnit 7,4"
            elif verb is not None:
                kind = self._subject_in_clause(text, verb)
        if kind is None:
            return None
        if kind == "money_if_kr":
            sentence_begin = max(0, start - 200)
            sentence_end = min(len(text), start + 200)
            kind = "money" if self.p.kroner.search(text, sentence_begin, sentence_end) else "count"
        if kind == "percent" and value > 100:
            return None
        if kind == "count" and not value.is_integer():
            return "other"  # "Nøgletallet er 1,4": a measured ratio, not a number of things
        return kind  # type: ignore[return-value]

    # --- classification -------------------------------------------------------------------
