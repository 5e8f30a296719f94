"""Measures: what a figure counts, from the words that name it, by the measure lexicon
(`nlp/data/statistics/measures.csv`).

Danish writes most measures as compounds, so a lexicon word matches a text word whole, as
the compound's first part ("kontanthjælpsmodtagere", "anlægsbudgettet") or as its last part
("fuldtidsledige", "driftsbudget"), with the inflection endings after it. The modifier tells
the measure better than the head ("anlægsbudgettet" is construction, not the budget), and a
longer word beats a shorter one ("ledighedsprocenten" is the rate, not the unemployed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from core.result import StatisticKind
from nlp.wordlists import alternation, read_csv_rows

# Inflection endings after a lexicon word: plural, definite, genitive, and the linking -s- of
# a compound's first part ("ledighedsprocent").
_ENDINGS = (
    "",
    "e",
    "en",
    "et",
    "er",
    "erne",
    "ernes",
    "ene",
    "ens",
    "ets",
    "ers",
    "ere",
    "ne",
    "es",
    "n",
    "t",
    "r",
    "s",
)
_TEXT_WORD = re.compile(r"[a-zæøåé]+", re.IGNORECASE)
_CACHE_SIZE = 50_000  # distinct words remembered by the lexicon look-up
# Figure kinds a measure of counted things also takes: a share of them ("hver femte af de nye
# boliger", "30,2 pct. af befolkningen").
_DERIVED = {"percent": "count"}


@dataclass(frozen=True, slots=True)
class Measure:
    """One lexicon row: a measure key with its strength, kinds and default unit."""

    key: str
    strong: bool
    kinds: tuple[str, ...]
    units: tuple[str, ...]  # units that name the measure by themselves ("dage": a waiting time)

    def fits(self, kind: str) -> bool:
        return kind in self.kinds or _DERIVED.get(kind) in self.kinds


@dataclass(frozen=True, slots=True)
class MeasureMatch:
    """Words of the text that name a measure (or several: "ledigheden" names two)."""

    measures: tuple[Measure, ...]
    start: int
    end: int
    text: str
    modifier: bool  # matched as the whole word or its first part (else as its last part)
    length: int  # length of the lexicon word


def _rank(
    measure: Measure, match: MeasureMatch, kind: str, value: float, unit: str | None
) -> tuple[int, ...]:
    """Sort key: the figure's unit is the measure's ("97 dage" is a waiting time), strong
    words, the figure's own kind, a rate for a decimal count, a modifier match, the longer
    lexicon word."""
    rate = not float(value).is_integer() and measure.kinds[0] not in ("count", "money")
    own_unit = unit is not None and unit in measure.units
    return (
        int(own_unit),
        int(measure.strong),
        int(kind in measure.kinds),
        int(rate),
        int(match.modifier),
        match.length,
    )


_Lookup = tuple[tuple[Measure, ...], bool, int]  # measures, modifier match, lexicon word length


class MeasureLexicon:
    """The lexicon words indexed by how they may match: whole, first part, last part, phrase."""

    def __init__(self, rows: Iterable[list[str]]) -> None:
        self.whole: dict[str, list[Measure]] = {}
        self.head: dict[str, list[Measure]] = {}
        prefix: set[str] = set()
        phrases: set[str] = set()
        self.keys: set[str] = set()
        self.by_key: dict[str, list[Measure]] = {}
        for key, strength, kinds, units, words in rows:
            measure = Measure(
                key, strength == "strong", tuple(kinds.split("|")), tuple(filter(None, units.split("|")))
            )
            self.keys.add(key)
            self.by_key.setdefault(key, []).append(measure)
            for raw in words.split("|"):
                word = raw.strip().casefold()
                form = word.strip("-")
                self.whole.setdefault(form, []).append(measure)
                if " " in form:
                    phrases.add(form)
                if word.endswith("-"):
                    prefix.add(form)
                if word.startswith("-"):
                    self.head.setdefault(form, []).append(measure)
        self._prefix = _alternation(prefix)
        self._cache: dict[str, _Lookup | None] = {}
        self._phrases = _alternation(phrases)

    def fits(self, key: str | None, kind: str) -> bool:
        """Whether a figure of `kind` can have the measure `key` ("82.000 kr." is no population)."""
        return key is not None and any(m.fits(kind) for m in self.by_key.get(key, ()))

    def default_kind(self, key: str | None) -> str | None:
        """The kind a figure of measure `key` has when its text gives none ("klassekvotienten
        var 21,8" counts pupils)."""
        rows = self.by_key.get(key or "")
        return rows[0].kinds[0] if rows else None

    @classmethod
    def load(cls, path: Path) -> MeasureLexicon:
        return cls(read_csv_rows(path))

    def find(self, text: str, start: int, end: int) -> list[MeasureMatch]:
        """The measures named in `text[start:end]`, in text order."""
        found: list[MeasureMatch] = []
        for phrase in self._phrases.finditer(text, start, end):
            if phrase.start() and text[phrase.start() - 1].isalpha():
                continue  # inside a word
            words = " ".join(phrase.group(0).casefold().split())
            measures = tuple(self.whole[words])
            found.append(
                MeasureMatch(measures, phrase.start(), phrase.end(), phrase.group(0), True, len(words))
            )
        phrases = list(found)
        cache = self._cache
        for word in _TEXT_WORD.finditer(text, start, end):
            raw = word.group(0)
            folded = raw.casefold()
            hit = cache[folded] if folded in cache else self._remember(folded)
            if hit is None:
                continue
            at = word.start()
            if phrases and any(m.start <= at < m.end for m in phrases):
                continue
            found.append(MeasureMatch(hit[0], at, at + len(raw), raw, hit[1], hit[2]))
        if phrases:
            found.sort(key=lambda m: m.start)
        return found

    def _remember(self, folded: str) -> _Lookup | None:
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        hit = self._cache[folded] = self._lookup(folded)
        return hit

    def _lookup(self, folded: str) -> _Lookup | None:
        """(measures, modifier, lexicon word length): whole, else first part, else last part."""
        for ending in _ENDINGS:
            if folded.endswith(ending) and (form := folded[: len(folded) - len(ending)]) in self.whole:
                return tuple(self.whole[form]), True, len(form)
        first = self._prefix.match(folded)
        if first:
            return tuple(self.whole[first.group(0)]), True, len(first.group(0))
        for cut in range(1, len(folded) - 2):
            rest = folded[cut:]
            for ending in _ENDINGS:
                if rest.endswith(ending) and (form := rest[: len(rest) - len(ending)]) in self.head:
                    return tuple(self.head[form]), False, len(form)
        return None


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    body = alternation(words) or "(?!)"
    # no look-behind in front: the caller checks the character before a match, and the regex
    # engine can skip to the phrases' first letters
    return re.compile(f"(?:{body})", re.IGNORECASE)


def best_measure(
    matches: Iterable[MeasureMatch], kind: StatisticKind, value: float, unit: str | None = None
) -> tuple[Measure, MeasureMatch] | None:
    """The measure of a figure of `kind` (and `unit`) among the measures named in its
    clause, or None."""
    options = [(measure, match) for match in matches for measure in match.measures if measure.fits(kind)]
    if not options:
        return None
    return max(options, key=lambda option: _rank(option[0], option[1], kind, value, unit))
