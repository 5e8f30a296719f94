"""Cardinals: "1.331 personer", "4,5 mio. kr.", "40-45 borgere", "steg fra 6,8 til 7,1 pct.",
"tre ud af fire", "knap 900". A cardinal is read in three steps: what comes before it (a
ranking phrase makes it a rank), what follows it (multiplier, range or second figure of a
change), and what it counts (unit, "kr." before it, counted noun, bare context). Years,
identifiers ("Lokale 29", "Punkt 3") and bare numbers without context are no figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.result import StatisticKind
from nlp.danish_numbers import is_year
from nlp.figures.counts import Counts
from nlp.figures.found import Found
from nlp.figures.patterns import Patterns
from nlp.figures.ranks import Ranks
from nlp.figures.shares import Shares

STRONG_KINDS = frozenset({"percent", "percentage_points", "money"})
# What must follow a four-digit year-like number for it to be a figure ("2000 kr.", "1990 borgere").
AFTER_YEAR_FIGURE = re.compile(r"[ \t]*[%€]|[ \t]+[a-zæøå]")
# Labels that are times: "kvartal 3" names a quarter, but "i samme kvartal 52 dage" and "i
# første kvartal 1.390 borgere" end a time phrase before a figure with its unit or noun.
TIME_LABELS = frozenset({"kvartal", "halvår"})


@dataclass(slots=True)
class _Reading:
    """One cardinal as it is read left to right."""

    text: str
    start: int
    end: int
    raw: str
    value: float
    left: str
    left_tail: str
    pos: int = 0  # where reading continues
    multiplier: float = 1.0
    value_max: float | None = None
    then: Found | None = None  # the second figure of "steg fra 6,8 til 7,1"
    first_end: int = 0
    range_start: re.Match[str] | None = None

    @property
    def is_digits(self) -> bool:
        return self.raw[:1].isdigit()


class Cardinals:
    """Figures from cardinal numbers in digits or words."""

    def __init__(self, patterns: Patterns, ranks: Ranks, shares: Shares, counts: Counts) -> None:
        self.p = patterns
        self.ranks = ranks
        self.shares = shares
        self.counts = counts

    def cardinal(self, text: str, match: re.Match[str], value: float) -> Found | None:
        start, end = match.span()
        raw = match.group(0)
        if raw[:1].isdigit() and is_year(raw) and not AFTER_YEAR_FIGURE.match(text, end):
            return None  # "i 2019.", "2018-2019": a year is a figure only with a unit or noun after it
        left = text[max(0, start - 60) : start]
        left_tail = left[-14:].rstrip().casefold()
        handled, rank = self.ranks.before_cardinal(text, left, left_tail, start, end, value)
        if handled:
            return rank
        reading = _Reading(text, start, end, raw, value, left, left_tail, pos=end)
        if not self._read_following(reading):
            return None
        return self._read_kind(reading)

    def _read_following(self, r: _Reading) -> bool:
        """Multiplier, range or the second figure of a change after the number; False for a
        period ("2018-2019")."""
        text, p = r.text, self.p
        mult = p.multiplier.match(text, r.pos)
        if mult:
            r.multiplier = p.lex.multipliers[mult.group("mult").casefold()]
            r.pos = mult.end()
        r.first_end = r.pos
        r.range_start = p.range_start.search(r.left) if r.left_tail.endswith(("fra", "mellem")) else None
        second = p.range.match(text, r.pos)
        if second is None and r.range_start and r.range_start.group("word").casefold() == "mellem":
            second = p.range_and.match(text, r.pos)
        if not second:
            return True
        upper = p.number_value(second.group("num"))
        if r.is_digits and is_year(r.raw):
            return False  # periods: 2018-2019, 2023-24
        by = r.left_tail.endswith("med") and self._changed_by(r.left)
        if upper is not None and (by or self._change_from_to(text, r, second, upper)):
            # "steg fra 6,8 til 7,1"; "steg med 140 til 2.930" (a difference and a level)
            r.then = Found(second.start("num"), second.end(), "count", upper, level=by)
        elif upper is not None and upper > r.value:
            r.value_max = upper
        else:
            return True
        r.pos = second.end()
        mult2 = p.multiplier.match(text, r.pos)
        if mult2:
            r.multiplier = p.lex.multipliers[mult2.group("mult").casefold()]
            r.pos = mult2.end()
        return True

    def _read_kind(self, r: _Reading) -> Found | None:
        """What the number counts: a unit, "kr." before it, a share, a counted noun or context."""
        text, p = r.text, self.p
        kind: StatisticKind | None = None
        unit: str | None = None
        of: float | None = None
        start, pos, value = r.start, r.pos, r.value
        unit_match = p.unit.match(text, pos)
        if unit_match:
            kind_name, unit = p.lex.units[" ".join(unit_match.group("unit").casefold().split())]
            kind = kind_name  # type: ignore[assignment]
            pos = unit_match.end()
        elif r.left_tail.endswith(("kr.", "kr", "dkk")) and p.currency_before.search(r.left):
            kind, unit = "money", "kr."
            start = start - (len(r.left) - p.currency_before.search(r.left).start())  # type: ignore[union-attr]
            start = start + (1 if not text[start].isalnum() else 0)
        elif r.multiplier >= 1_000_000:
            noun = p.noun_after(text, pos)
            if noun and p.is_count_noun(noun.word):
                kind, unit, pos = "count", noun.word, noun.end
            else:
                kind, unit = "money", None  # "tre milliarder" in news is kroner
        if kind is None:
            ratio = p.ud_af.match(text, pos)
            if ratio:
                denominator = p.number_value(ratio.group("num"))
                if denominator:
                    pos = p.extend_noun(text, ratio.end())
                    if denominator <= 10 or not ratio.group("num")[:1].isdigit():
                        return self.shares.found_share(
                            text, start, pos, value / denominator * 100, denominator
                        )
                    kind, of = "count", denominator
        if kind is None:
            kind, unit, pos = self.counts.count(text, start, pos, value, r.is_digits, r.left)
        if kind is None:
            return None
        return self._finish(r, kind, unit, of, start, pos)

    def _finish(
        self, r: _Reading, kind: StatisticKind, unit: str | None, of: float | None, start: int, pos: int
    ) -> Found | None:
        """Drop identifiers; take in an approximation word or "fra"/"mellem" of a range."""
        text, p = r.text, self.p
        counted = kind == "count" and (
            unit is None
            and p.comparative.match(text, r.end) is not None
            or unit is not None
            and p.is_count_noun(unit)
        )
        if kind not in STRONG_KINDS and not self._plausible_identifier_free(
            r.left, r.raw, r.is_digits, unit, counted
        ):
            return None
        approx_start = p.approx_left(text, start)
        if approx_start is not None:
            start = approx_start
        elif r.range_start and r.value_max is not None:
            start -= len(r.left) - r.range_start.start("word")
        multiplier, then = r.multiplier, r.then
        if then is not None:
            then.end, then.kind, then.unit, then.value = pos, kind, unit, then.value * multiplier
            return Found(
                start,
                r.first_end,
                kind,
                r.value * multiplier,
                None,
                unit,
                approx_start is not None,
                of,
                then,
                level=then.level,
            )
        return Found(
            start,
            pos,
            kind,
            r.value * multiplier,
            r.value_max * multiplier if r.value_max is not None else None,
            unit,
            approx_start is not None,
            of,
        )

    def _changed_by(self, left: str) -> bool:
        """Whether `left` ends in a word of change and "med" ("steg sidste år med")."""
        return self.counts.bare.change_before(left, len(left.rstrip()) - 3) is not None

    def _change_from_to(self, text: str, r: _Reading, second: re.Match[str], upper: float) -> bool:
        """ "steg fra 6,8 til 7,1" names two figures, a before and an after; so does "fra 5,4 til
        5,1" (a range never runs downwards); "fra 40 til 45 borgere" without a word of change
        stays a range."""
        range_start = r.range_start
        if range_start is None or range_start.group("word").casefold() != "fra":
            return False
        if not second.group(0).lstrip().casefold().startswith("til") or is_year(second.group("num")):
            return False
        if upper < r.value:
            return True
        fra_start = r.start - (len(r.left) - range_start.start("word"))
        return self.p.change.start(text, fra_start) is not None

    def _plausible_identifier_free(
        self, left: str, raw: str, is_digits: bool, unit: str | None, counted: bool
    ) -> bool:
        """Reject numbers that name things: "Lokale 29", "Punkt 3", "Vej 7", years."""
        if is_digits and is_year(raw) and not (unit and self.p.is_count_noun(unit)):
            return False
        before = self.p.word_before(left)
        if before is None:
            return True
        word, word_start = before
        folded = word.casefold()
        if folded in self.p.lex.labels or folded.rstrip(":") in self.p.lex.labels:
            return folded in TIME_LABELS and unit is not None
        if word[:1].isupper() and is_digits and not counted:
            # A capitalised word right before a number is a name ("Hold-An Vej 7", "Windows 10")
            # unless it is an ordinary word that starts a sentence ("Cirka 10", "Kun 5").
            if self.p.has_approx(left) or self.p.total_before.start(left, len(left)) is not None:
                return True
            sentence_start = left[:word_start].rstrip()
            return not sentence_start or sentence_start[-1] in '.!?:\n–-"”»«'
        return True
