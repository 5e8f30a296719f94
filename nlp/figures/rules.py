"""The statistics rules as a pipeline of stages: candidates -> classification -> exclusions.

`StatisticRules.find` takes each candidate (`candidates.py`), hands it to the classifier of
its pattern family (cardinals, ranks, shares; counts and bare figures behind the cardinals),
and drops the figures that fall in text where numbers are never figures (`exclusions.py`).
Classification runs first: most candidates are no figure, and the exclusion patterns then run
only for the few that are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from nlp.figures.bare import BareFigures
from nlp.figures.candidates import Candidates
from nlp.figures.cardinals import Cardinals
from nlp.figures.counts import Counts
from nlp.figures.exclusions import Exclusions
from nlp.figures.found import Found
from nlp.figures.lexicon import Lexicon
from nlp.figures.lists import ListUnits
from nlp.figures.patterns import Patterns
from nlp.figures.ranks import Ranks
from nlp.figures.shares import Shares

Classifier = Callable[[str, re.Match[str]], Found | None]


class StatisticRules:
    """All stages, built once from the lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.patterns = Patterns(lexicon)
        self.candidates = Candidates(self.patterns)
        self.exclusions = Exclusions(lexicon)
        self.ranks = Ranks(self.patterns)
        self.shares = Shares(self.patterns)
        self.bare = BareFigures(self.patterns)
        self.counts = Counts(self.patterns, self.bare)
        self.cardinals = Cardinals(self.patterns, self.ranks, self.shares, self.counts)
        self.lists = ListUnits(self.patterns)
        self.classifiers: dict[str, Classifier] = {
            "digits": self._digits,
            "frac": self.shares.share,
            "one": self._one,
            "word": self._word,
            "ord": self.ranks.ordinal_word,
            "ordplace": self.ranks.compound_ordinal,
            "second": self.ranks.second_place,
            "ordsup": self.ranks.ordinal_superlative,
        }
        missing = {family.name for family in self.candidates.families} - set(self.classifiers)
        if missing:
            raise ValueError(f"candidate families without a classifier: {sorted(missing)}")

    def candidate_words(self) -> frozenset[str]:
        return self.candidates.candidate_words()

    def article_followers(self) -> frozenset[str]:
        return self.candidates.article_followers()

    def find(self, text: str, word_starts: Iterable[int] | None = None) -> Iterator[Found]:
        """Statistics in `text`. `word_starts`: offsets of tokens in `candidate_words()`;
        without it the candidate regex scans the whole text (slower, same result)."""
        blocked = self.exclusions.in_text(text)
        classifiers = self.classifiers
        consumed = 0
        last: Found | None = None
        waiting: list[re.Match[str]] = []  # bare numbers of a list whose unit may come later
        for match in self.candidates.find(text, word_starts):
            start = match.start()
            if start < consumed:
                continue
            # A figure always covers its candidate, so testing the figure's span also tests
            # the candidate.
            digits = match.lastgroup == "digits"
            found = classifiers[match.lastgroup or "digits"](text, match)
            if found is None and last is not None and digits:
                found = self.lists.after(text, match, last)  # "med 4,2 pct. fulgt af Fyn med 4,0"
            if found is None:
                if digits and self.lists.waiting(text, match):
                    waiting.append(match)  # "Ikast-Brande 21,6, Holstebro 22,0 og Silkeborg 22,9 elever"
                continue
            then, found.then = found.then, None
            if blocked.overlaps(found.start, found.end):
                continue  # e.g. "40-45 år": the number is clear but what follows makes it an age
            if then is not None and blocked.overlaps(then.start, then.end):
                then = None
            if waiting:
                for item in self.lists.before(text, waiting, found):
                    if not blocked.overlaps(item.start, item.end):
                        yield item
                waiting = []
            consumed = found.end
            last = found
            yield found
            if then is not None:
                consumed = then.end
                then.from_value = None if found.level else found.value
                last = then
                yield then

    # --- the classifiers of the number families ------------------------------------------

    def _digits(self, text: str, match: re.Match[str]) -> Found | None:
        value = self.patterns.number_value(match.group(0))
        if value is None:
            return None
        if text[match.end() : match.end() + 1] == "." and self._is_ordinal(text, match):
            return self.ranks.ordinal_digits(text, match, value)
        return self.cardinals.cardinal(text, match, value)

    def _word(self, text: str, match: re.Match[str]) -> Found | None:
        value = self.patterns.number_value(match.group(0))
        return None if value is None else self.cardinals.cardinal(text, match, value)

    def _one(self, text: str, match: re.Match[str]) -> Found | None:
        value = self.lex.ones.get(match.group(0).casefold())
        return None if value is None else self.cardinals.cardinal(text, match, value)

    def _is_ordinal(self, text: str, match: re.Match[str]) -> bool:
        """ "2. plads", "12. marts", a list number "1." at line start; not "... steg til 40."."""
        end = match.end()
        if self.patterns.ordinal_period.match(text, end):
            return True
        return bool(self.patterns.line_start.search(text, max(0, match.start() - 20), match.start()))
