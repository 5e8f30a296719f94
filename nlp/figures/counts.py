"""Counts: what follows a number makes it a count ("525 borgere", "120 færre", "200 timer om
året", "85 af dem", "12 af byrådets 31 mandater"), and a bare number is one only where its
context says so (`BareFigures`)."""

from __future__ import annotations

import re

from core.result import StatisticKind
from nlp.figures.bare import BareFigures
from nlp.figures.patterns import Patterns

# A part of a group named after it: "85 af dem", "140 af de opsagte", "14 af byrådets 29
# medlemmer" (a determiner or a genitive after "af"; "2 af 3" is a ratio, read elsewhere).
_PARTITIVE = re.compile(
    r"[ \t]+af[ \t]+(?:dem|disse|de|det|den|[a-zæøå]+(?:ets|ens|nes|ernes))(?![\wæøå])", re.IGNORECASE
)
# "har ligget mellem 103.000 og 106.000": the range is read from its word ("fra" is a
# preposition of change that the bare figure reads itself: "steg fra 40 til 45").
_RANGE_WORD = re.compile(r"(?:^|[^\w])mellem\s+$", re.IGNORECASE)


class Counts:
    """Kind, unit and end of a number read as a count, from the words after it."""

    def __init__(self, patterns: Patterns, bare: BareFigures) -> None:
        self.p = patterns
        self.bare = bare

    def count(
        self, text: str, start: int, pos: int, value: float, is_digits: bool, left: str
    ) -> tuple[StatisticKind | None, str | None, int]:
        """A count from what follows the number: a counted noun, "færre"/"flere", a rate."""
        comparative = self.p.comparative.match(text, pos)
        if comparative:
            noun = self.p.next_word.match(text, comparative.end())
            if noun and self.p.is_count_noun(noun.group("noun")):
                return "count", noun.group("noun"), noun.end()
            return "count", None, comparative.end()
        if _PARTITIVE.match(text, pos):
            return "count", None, pos
        found = self.p.noun_after(text, pos)
        if found and found.word.casefold() not in self.p.lex.stop_after:
            if self.p.is_count_noun(found.word):
                return "count", found.word, found.end
            if is_digits or self.p.has_approx(left):
                kind, unit, end = self.measure_or_count(found.word, found.end)
                if kind is not None:
                    return kind, unit, end
        rate = self.p.rate.match(text, pos)
        if rate and (is_digits or self.p.has_approx(left)):
            return "count", None, rate.end()
        approx = self.p.approx.start(text, start)
        num_start = start if approx is None else approx
        if approx is None and left[-7:].casefold() == "mellem " and _RANGE_WORD.search(left, len(left) - 8):
            num_start = start - len("mellem ")
        if approx is not None or self.p.total_before.start(text, num_start) is not None:
            following = text[pos : pos + 3]
            if not following[:2].strip() or following[:1] in ".,;:)" or following == " i ":
                return self.bare.bare_kind(text, num_start, value) or "count", None, pos
        if self.p.bare_follow.match(text, pos):
            kind = self.bare.bare_kind(text, num_start, value)
            if kind is not None:
                return kind, None, pos
        return None, None, pos

    def measure_or_count(self, word: str, end: int) -> tuple[StatisticKind | None, str | None, int]:
        """A digits figure before any other noun counts that noun, unless it looks like a verb."""
        lowered = word.casefold()
        if len(lowered) < 3 or lowered in self.p.lex.stop_after:
            return None, None, end
        if lowered.endswith(("es", "et", "ede", "te")) and not self.p.is_count_noun(lowered):
            return None, None, end  # verb forms and singular definites: "heraf 1 anbefales"
        return "count", word, end
