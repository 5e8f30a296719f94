"""Figure records: each statistic as a checkable claim, "an entity having a value for a
measure at a time" (StatCheck, Full Fact): measure, subject, period and change.

Every field is read from the figure's own clause first: the words between the previous
figure of its sentence (or the sentence start) and the next one, cut after the figure at the
first clause break. What the clause does not say is taken from the previous figure of the same
sentence ("fra 13 til 11 mandater", "Fyn med 4,2 pct. fulgt af Sjælland med 4,0"), then from
the previous sentence when this one points back to it ("Det er 240 flere end sidste år"), and
only then from the document (its main kommune, its publication date: `period_inferred`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from nlp.figures.changes import (
    Direction,
    average_after,
    baseline_after,
    change_before,
    comparative,
    comparative_direction,
)
from nlp.figures.measures import MeasureLexicon, best_measure
from nlp.figures.periods import PeriodMatch, find_periods
from nlp.figures.subjects import Place, dominant, nearest, places_in
from nlp.result import FigureChange, FigureSubject, StatisticMention

_CLAUSE_BREAK = re.compile(r"[.;:!?,](?:\s|$)|\s[–-]\s")
# A sentence that points back to the figures of the one before it.
_ANAPHOR = re.compile(
    r"\W*(?:det|heraf|dermed|deraf|tallet|af\s+dem|her|til\s+sammenligning)(?![a-zæøå])", re.I
)
# Units that are no counted noun: a figure with one of these may take its measure from its
# neighbour; "fire ekstra ungekonsulenter" counts its own noun and takes none.
_NON_NOUN_UNITS = frozenset({"pct.", "procent", "procentpoint", "kr.", "plads", "promille", "andel"})
_ELECTION = frozenset({"stemmer", "mandater", "valgdeltagelse"})
_PARTY = re.compile(r"(?<![a-zæøå])parti\w*", re.IGNORECASE)
_IMMEDIATE = 25  # a time expression this close after a figure is its own ("6.150 i 2025")


@dataclass(slots=True)
class _Clause:
    start: int  # first character of the figure's clause before it
    end: int  # end of its clause after it
    period_floor: int  # time expressions before this belong to the previous figure


class FigureRecorder:
    """Adds the figure-record fields to a document's statistics."""

    def __init__(self, lexicon: MeasureLexicon) -> None:
        self.lexicon = lexicon

    def record(
        self,
        text: str,
        stats: Sequence[StatisticMention],
        from_values: Sequence[float | None],
        places: list[Place],
        published: date | None,
    ) -> list[StatisticMention]:
        out: list[StatisticMention] = []
        main = dominant(places)
        floor = 0
        for i, stat in enumerate(stats):
            prev = out[i - 1] if i and stats[i - 1].sentence_start == stat.sentence_start else None
            nxt = (
                stats[i + 1]
                if i + 1 < len(stats) and stats[i + 1].sentence_start == stat.sentence_start
                else None
            )
            start = prev.end if prev else stat.sentence_start
            end = nxt.start if nxt else stat.sentence_end
            cut = _CLAUSE_BREAK.search(text, stat.end, end)
            clause = _Clause(start, cut.start() if cut else end, max(start, floor) if prev else start)
            back = self._previous_sentence_figure(text, stats, out, i, prev)
            period, inferred, floor = self._period(text, stat, clause, prev, back, published)
            measure, measure_text = self._measure(text, stat, clause, prev, back)
            subject = self._subject(text, stat, clause, prev, back, places, main)
            change = self._change(text, stat, clause, from_values[i], subject)
            out.append(
                dataclasses.replace(
                    stat,
                    measure=measure,
                    measure_text=measure_text,
                    subject=subject,
                    period=period,
                    period_inferred=inferred,
                    change=change,
                )
            )
        return out

    @staticmethod
    def _previous_sentence_figure(
        text: str,
        stats: Sequence[StatisticMention],
        out: list[StatisticMention],
        i: int,
        prev: StatisticMention | None,
    ) -> StatisticMention | None:
        """The last figure of the sentence before, when this sentence points back to it."""
        if prev is not None or i == 0:
            return None
        before = out[i - 1]
        stat = stats[i]
        if stat.sentence_start - before.sentence_end > 3:
            return None  # not the sentence right before
        if not _ANAPHOR.match(text, stat.sentence_start) and not comparative(text, stat.start, stat.end):
            return None
        return before

    def _period(
        self,
        text: str,
        stat: StatisticMention,
        clause: _Clause,
        prev: StatisticMention | None,
        back: StatisticMention | None,
        published: date | None,
    ) -> tuple[str | None, bool, int]:
        """(period, inferred, where the next figure's own time expressions may start)."""
        after = [p for p in find_periods(text, stat.end, clause.end, published) if not p.baseline]
        if after and after[0].start - stat.end <= _IMMEDIATE:
            return after[0].code, False, after[0].end
        before: list[PeriodMatch] = [
            p for p in find_periods(text, clause.period_floor, stat.start, published) if not p.baseline
        ]
        if before:
            return before[-1].code, False, stat.end
        if after:
            return after[0].code, False, stat.end
        for neighbour in (prev, back):
            if neighbour is not None and neighbour.period is not None:
                return neighbour.period, neighbour.period_inferred, stat.end
        if published is not None:
            return str(published.year), True, stat.end
        return None, False, stat.end

    def _measure(
        self,
        text: str,
        stat: StatisticMention,
        clause: _Clause,
        prev: StatisticMention | None,
        back: StatisticMention | None,
    ) -> tuple[str | None, str | None]:
        matches = self.lexicon.find(text, clause.start, clause.end)
        if stat.kind == "rank":
            sentence = self.lexicon.find(text, stat.sentence_start, stat.sentence_end)
            election = any(m.key in _ELECTION for match in sentence for m in match.measures)
            if election or _PARTY.search(text, stat.sentence_start, stat.sentence_end):
                return None, None  # a party's place, not a kommune's
        best = best_measure(matches, stat.kind, stat.value)
        if best is not None:
            return best[0].key, best[1].text
        own_noun = stat.kind == "count" and stat.unit is not None and stat.unit not in _NON_NOUN_UNITS
        if own_noun or stat.kind == "rank":
            return None, None
        for neighbour in (prev, back):
            if neighbour is not None and neighbour.measure is not None:
                return neighbour.measure, None
        return None, None

    @staticmethod
    def _subject(
        text: str,
        stat: StatisticMention,
        clause: _Clause,
        prev: StatisticMention | None,
        back: StatisticMention | None,
        places: list[Place],
        main: Place | None,
    ) -> FigureSubject:
        national = stat.kind != "rank"  # a rank "i Danmark" is the kommune's place in the country
        own = nearest(
            places_in(text, clause.start, clause.end, places, national=national), stat.start, stat.end
        )
        if own is None:
            for neighbour in (prev, back):
                if neighbour is not None and neighbour.subject is not None:
                    return neighbour.subject
            own = nearest(
                places_in(text, stat.sentence_start, stat.sentence_end, places, national=False),
                stat.start,
                stat.end,
            )
        if own is None:
            own = main
        if own is None:
            return FigureSubject("other", None)
        return FigureSubject(own.type, own.code)

    @staticmethod
    def _change(
        text: str, stat: StatisticMention, clause: _Clause, from_value: float | None, subject: FigureSubject
    ) -> FigureChange | None:
        if from_value is not None:
            moved: Direction = (
                "up" if stat.value > from_value else "down" if stat.value < from_value else "same"
            )
            return FigureChange(moved, from_value, "forrige periode")
        compared = comparative(text, stat.start, stat.end)
        if compared and compared[1] <= clause.end + 1:
            baseline = baseline_after(text, compared[1], clause.end + 40)
            return FigureChange(comparative_direction(compared[0]), None, baseline)
        if subject.type != "national":
            average = average_after(text, stat.end, min(len(text), stat.sentence_end))
            if average is not None:
                return FigureChange(average, None, "landsgennemsnit")
        before = change_before(text, max(clause.start, stat.start - 60), stat.start)
        if before is not None:
            return FigureChange(before, None, "forrige periode")
        after = change_before(text, stat.end, min(clause.end, stat.end + 30))
        if after == "same":
            return FigureChange("same", None, "forrige periode")
        return None
