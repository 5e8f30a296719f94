"""Candidates: the number-shaped pieces of a text, found by one compiled regex built from an
ordered list of pattern families (digits, shares, "en" before a multiplier, number words,
ordinals). Order matters where families overlap: the regex takes the first that matches at a
position. Only candidates cost Python work afterwards; most are no figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from nlp.figures.lexicon import SUPERLATIVES, W
from nlp.figures.patterns import Patterns

ARTICLES = ("en", "et", "én", "ét")
PLACE_SUFFIXES = ("plads", "pladsen")

# Where a digits candidate can start (the look-behind of the `digits` family).
# (The look-behind comes after the digit so that the regex engine can skip to digits fast.)
DIGIT_START = re.compile(rf"\d(?<![{W}.,/:\-–]\d)")


@dataclass(frozen=True, slots=True)
class Family:
    """One kind of candidate: `name` is its regex group and the classifier's handler."""

    name: str
    pattern: str  # one alternative of the candidate regex, holding the group (?P<name>...)


def families(p: Patterns) -> list[Family]:
    """The pattern families, in the order the candidate regex tries them."""
    ordinal, fraction, ones, multiplier = p.ordinal_words, p.fraction_words, p.one_words, p.multiplier_words
    return [
        Family("digits", rf"(?<![{W}.,/:\-–])(?P<digits>\d+(?:[.,:/]\d+)*)(?![{W}])"),
        Family(
            "frac",
            rf"(?i:(?<![{W}\-])(?P<frac>{fraction}|hver\s+(?:{ordinal}|\d+\.)|(?:en|et|én|ét)(?=\s+ud\s+af\s))(?![{W}]))",
        ),
        Family("one", rf"(?i:(?<![{W}\-])(?P<one>(?:{ones})(?=\s+(?:{multiplier}))))"),
        Family("word", rf"(?i:(?<![{W}\-])(?P<word>{p.word_number})(?![{W}]))"),
        Family("ord", rf"(?i:(?<![{W}\-])(?P<ord>{ordinal})(?![{W}]))"),
        # compound ordinals: "en tredjeplads", "sjettepladsen", "landets næsthøjeste"
        Family("ordplace", rf"(?i:(?<![{W}\-])(?P<ordplace>(?:{ordinal})plads(?:en)?)(?![{W}]))"),
        Family("second", rf"(?i:(?<![{W}\-])(?P<second>næst(?:{p.superlative_words}))(?![{W}]))"),
        # an ordinal before a superlative: "blev tredjestørst", "den fjerdehøjeste"
        Family("ordsup", rf"(?i:(?<![{W}\-])(?P<ordsup>(?:{ordinal})(?:{p.superlative_stems})e?)(?![{W}]))"),
    ]


class Candidates:
    """The candidate regex and the words that can start a word candidate."""

    def __init__(self, patterns: Patterns) -> None:
        self.lex = patterns.lex
        self.families = families(patterns)
        self.atoms = re.compile("|".join(family.pattern for family in self.families))

    def find(self, text: str, word_starts: Iterable[int] | None = None) -> Iterator[re.Match[str]]:
        """Candidates in text order. `word_starts`: offsets of tokens in `candidate_words()`;
        without it the regex scans the whole text (slower, same result)."""
        if word_starts is None:
            yield from self.atoms.finditer(text)
            return
        positions = [m.start() for m in DIGIT_START.finditer(text)]
        positions = sorted(positions + list(word_starts)) if word_starts else positions
        match = self.atoms.match
        for pos in positions:
            found = match(text, pos)
            if found is not None:
                yield found

    def candidate_words(self) -> frozenset[str]:
        """Lowercase tokens that can start a word candidate (the component finds them by hash)."""
        units = ("en", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni")
        tens = ("tyve", "tredive", "fyrre", "halvtreds", "tres", "halvfjerds", "firs", "halvfems")
        words = {f"{u}og{t}" for u in units for t in tens}
        words.update(self.lex.cardinals, self.lex.ordinals, self.lex.ones)
        words.update(phrase.split()[0] for phrase in self.lex.fractions)
        words.update({"hver", *ARTICLES})
        words.update(f"{o}{place}" for o in self.lex.ordinals for place in PLACE_SUFFIXES)
        words.update(f"næst{s}" for s in self.lex.rank_words if s in SUPERLATIVES)
        stems = {s.removesuffix("e") for s in self.lex.rank_words if s in SUPERLATIVES}
        words.update(f"{o}{s}{e}" for o in self.lex.ordinals for s in stems for e in ("", "e"))
        return frozenset(words)

    def article_followers(self) -> frozenset[str]:
        """Lowercase tokens after which "en"/"et" can be a number: "ud" (af), the second word
        of a fraction ("en tredjedel") and the multipliers ("en million")."""
        words = {"ud"}
        words.update(phrase.split()[1] for phrase in self.lex.fractions if len(phrase.split()) > 1)
        words.update(self.lex.multipliers)
        words.update(m.rstrip(".") for m in self.lex.multipliers)
        return frozenset(words)
