"""Exclusions: the text where numbers are never figures (dates, times, ages, case numbers,
law references ... from `excluded_patterns.txt`), tested only around the figures found."""

from __future__ import annotations

import re
from bisect import bisect_right

from nlp.figures.candidates import DIGIT_START
from nlp.figures.lexicon import Lexicon

_TOKEN_START = re.compile(r"(?<!\w)\w|[^\w\s]")


class Exclusions:
    """The exclusion patterns, split by how they start."""

    def __init__(self, lexicon: Lexicon) -> None:
        # Patterns that begin with the number itself are tried only where a digit run starts;
        # the others (they begin with "kl.", "§", a street name ...) are searched near candidates.
        digit_first = [p for p in lexicon.excluded if re.match(r"(?:\\b)?\\d", p)]
        word_first = [p for p in lexicon.excluded if p not in digit_first]
        flags = re.IGNORECASE | re.MULTILINE
        self.at_digit = re.compile("|".join(f"(?:{p})" for p in digit_first) or "(?!)", flags)
        self.near = re.compile("|".join(f"(?:{p})" for p in word_first) or "(?!)", flags)

    def in_text(self, text: str) -> LazyExclusions:
        """The excluded spans of one text, computed as the figures are tested."""
        return LazyExclusions(self.at_digit, self.near, text)


class LazyExclusions:
    """Where numbers are never figures, computed only around figures and only once.

    Scanning the whole text with the exclusion patterns would cost as much as tokenizing;
    figures are sparse, so the patterns are tried only at the starts that can reach a figure:
    digit runs up to BEFORE characters before it (dates, ages, case numbers begin with the
    number) and word or symbol starts up to KEYWORD_BEFORE characters before it ("kl.", "§",
    "Vej", "lov nr."), moving forward through the text.
    """

    BEFORE = 50  # a phrase that begins with a number starts at most this far before the figure
    KEYWORD_BEFORE = 30  # a phrase that begins with a keyword starts at most this far before

    def __init__(self, at_digit: re.Pattern[str], near: re.Pattern[str], text: str) -> None:
        self.at_digit = at_digit
        self.near = near
        self.text = text
        self.covered = 0  # every start before this offset has been tried
        self.starts: list[int] = []
        self.ends: list[int] = []

    def _cover(self, start: int, end: int) -> None:
        if end <= self.covered:
            return
        text = self.text
        found = []
        # Keyword phrases start where a word or a symbol starts: trying them only there is much
        # cheaper than letting the regex engine try the whole alternation at every character.
        for token in _TOKEN_START.finditer(text, max(self.covered, start - self.KEYWORD_BEFORE), end):
            match = self.near.match(text, token.start())
            if match:
                found.append(match.span())
        for digits in DIGIT_START.finditer(text, max(self.covered, start - self.BEFORE), end):
            match = self.at_digit.match(text, digits.start())
            if match:
                found.append(match.span())
        for span in sorted(found):
            if span[1] > span[0]:
                self.starts.append(span[0])
                self.ends.append(span[1])
        self.covered = end

    def overlaps(self, start: int, end: int) -> bool:
        self._cover(start, end)
        index = bisect_right(self.starts, end - 1)
        # matches are appended in text order; look back over the few that start before `end`
        return any(self.ends[i] > start for i in range(index - 1, max(-1, index - 8), -1))
