"""Figure records: each statistic as a checkable claim, "an entity having a value for a
measure at a time" (StatCheck, Full Fact): measure, subject, period and change.

Every field is read from the figure's own clause first: the words between the previous
figure of its sentence (or the sentence start) and the next one, cut after the figure at the
first clause break. What the clause does not say is taken from the previous figure of the same
sentence ("fra 13 til 11 mandater", "Fyn med 4,2 pct. fulgt af Sjælland med 4,0"), then from
the last figure of the sentence right before ("Det er 240 flere end sidste år"), and only then
from the document (its main kommune, its publication date: `period_inferred`).
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from core.result import StatisticKind, StatisticMention
from nlp.figures.changes import comparative, from_to_pair, pair_changes, stated_change
from nlp.figures.measures import MeasureLexicon, MeasureMatch, best_measure
from nlp.figures.periods import find_periods, latest_like, previous_period, previous_sentence, ready_year
from nlp.figures.subjects import Place, Places, resolve_subject

# (not the period of an abbreviation inside a measure: "elever pr. klasse", "ca. 40")
_CLAUSE_BREAK = re.compile(r"[;:!?,](?:\s|$)|(?<![ \t]pr)(?<![ \t]ca)(?<![ \t]nr)\.(?:\s|$)|\s[–-]\s")
# Where a figure's own time expression after it ends: "60 plejeboliger, som ... i 2027" is the
# next clause's, "6.150 i 2025 til 7.900 i 2028" has one each.
_AFTER_BREAK = re.compile(r"\s(?:og|men|mens|samt|eller|som|der)\s")
# A sentence that points back to the figures of the one before it.
_ANAPHOR = re.compile(
    r"\W*(?:det|heraf|dermed|deraf|tallet|tallene|af\s+dem|her|til\s+sammenligning"
    r"|(?:lands)?gennemsnittet|på\s+landsplan|i\s+hele\s+landet|i\s+alt)(?![a-zæøå])",
    re.I,
)
# A word before a figure that names the figure of the sentence before: "I 2022 var tallet 21,8",
# "På landsplan var andelen 20,4 pct.".
_REFERS = re.compile(r"(?<![a-zæøå])(?:tallet|tallene|niveauet|andelen|gennemsnittet)(?![a-zæøå])", re.I)
# A comparison before a time expression makes it the comparison's time: "8 pct. færre end i
# samme kvartal året før", "sammenlignet med januar sidste år".
_COMPARED = re.compile(
    r"(?<![a-zæøå])(?:end|(?<!frem\s)mod|i\s+forhold\s+til|sammenlignet\s+med)(?![a-zæøå])", re.I
)
# The period of the figure before: "i samme periode", "samme måned".
_SAME_PERIOD = re.compile(r"(?<![a-zæøå])samme\s+(?:periode|måned|kvartal|halvår|år)(?![a-zæøå])", re.I)
# Now: "har i dag 612 plejeboliger" is the publication date's period, stated in the text.
_PRESENT = re.compile(r"(?<![a-zæøå])(?:i\s+dag|nu|aktuelt|lige\s+nu|p\.t\.)(?![a-zæøå])", re.I)
# Units that are no counted noun: a figure with one of these may take its measure from its
# neighbour; "fire ekstra ungekonsulenter" counts its own noun and takes none.
_NON_NOUN_UNITS = frozenset(
    {"pct.", "procent", "procentpoint", "kr.", "plads", "promille", "andel", "dage", "uger", "måneder"}
)
_DURATIONS = frozenset({"dage", "uger", "måneder"})
_ELECTION = frozenset({"stemmer", "mandater", "valgdeltagelse"})
_BUILDINGS = frozenset({"plejeboliger", "boliger"})
# "et driftsoverskud på 185 mio. kr.": the noun right before "på" and the figure names it.
_ON_BEFORE = re.compile(r"\s+på\s+(?:(?:ca\.|cirka|omkring|knap|godt|over|under|næsten)\s+)?$", re.I)
# "12 af byrådets 31 mandater", "85 af de ledige": the group a part is taken from.
_GROUP_AFTER = re.compile(r"\s+af\s+(?:de\s+|disse\s+|[a-zæøå]+s\s+)(?:\d[\d.]*\s+)?[a-zæøå-]+", re.I)
_ELECTION_YEARS = 4  # a kommunalvalg every four years: "fra 13 til 11 mandater" compares with the last
_VERSUS_BEFORE = re.compile(r"(?<![a-zæøå])(?:mod|end)\s+$", re.I)
# Words inside a sentence that point back at the sentence before: "Kommunen ligger dermed nr. 9".
_THEREBY = re.compile(r"(?<![a-zæøå])(?:dermed|deraf)(?![a-zæøå])", re.I)
# A share of the group the sentence before counted: "Hver tiende af dem er under 30 år".
_OF_THEM = re.compile(r"\s+af\s+(?:dem|disse)(?![a-zæøå])", re.I)
# A present-tense verb: the sentence is about now, not the past time of the sentence before.
_PRESENT_VERB = re.compile(r"(?<![a-zæøå])(?:er|ligger|udgør|går)(?![a-zæøå])", re.I)
_SUMMARY = re.compile(r"\W*i\s+alt", re.I)
_PARTY = re.compile(r"(?<![a-zæøå])parti\w*", re.IGNORECASE)
_IMMEDIATE = 60  # a time expression this close after a figure, in its clause, is its own
REACH = 400  # characters each side of a figure that its record is read from, at most


# "Budget 2025", "budgettet for 2025", "Budgetforslaget for 2025-2028": the budget year of a
# document about a budget, for its amounts and rates that name no time of their own.
_BUDGET = re.compile(r"(?<![a-zæøå])budget[a-zæøå]*\s+(?:for\s+)?(?P<year>(?:19|20)\d\d)(?!\d)", re.I)


_COMPARED_BEFORE = re.compile(
    r"(?<![a-zæøå])(?:end|mod|i\s+forhold\s+til|sammenlignet\s+med)\s+(?:i\s+)?$", re.IGNORECASE
)


class _BudgetYears:
    """The budget years a text names, found once per document (and the times of the
    sentences before its figures, found once per sentence)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] | None = None  # found on the first question
        self.years: list[str] = []
        self.sentence_before: dict[int, str | None] = {}  # sentence start -> the time before it

    def before(self, end: int) -> str | None:
        """The last budget year named before `end`."""
        if self.starts is None:
            text = self.text
            found = [
                (m.start(), m.group("year"))
                for m in (_BUDGET.finditer(text) if "udget" in text else ())
                if not _COMPARED_BEFORE.search(text, max(0, m.start() - 25), m.start())
            ]  # (not "1,8 pct. mere end i budget 2025")
            self.starts = [start for start, _ in found]
            self.years = [year for _, year in found]
        index = bisect_left(self.starts, end)
        return self.years[index - 1] if index else None


@dataclass(slots=True)
class _Figure:
    """One statistic with the text around it that its record is read from."""

    stat: StatisticMention
    start: int  # the clause before the figure starts here (previous figure's end or sentence start)
    end: int  # the clause after the figure ends here
    period_floor: int  # time expressions before this belong to the previous figure
    prev: StatisticMention | None  # the previous figure of the same sentence, recorded
    back: StatisticMention | None  # the last figure of the sentence right before, recorded
    back_subject: bool  # whether `back` also tells the subject
    series: StatisticMention | None = None  # the rate this one continues (`_series`)


def _list_measures(out: list[StatisticMention]) -> None:
    """The items of a list whose unit comes last take the measure of the figure with the unit
    ("Ikast-Brande 21,6, Holstebro 22,0 og Silkeborg 22,9 elever pr. klasse")."""
    for i in range(len(out) - 2, -1, -1):
        item, last = out[i], out[i + 1]
        if (
            item.measure is None
            and last.measure is not None
            and item.sentence_start == last.sentence_start
            and item.unit is not None
            and (item.kind, item.unit) == (last.kind, last.unit)
            and item.unit.casefold() not in item.text.casefold()
        ):
            out[i] = dataclasses.replace(item, measure=last.measure, measure_text=None)


_RATES = frozenset({"percent", "percentage_points"})
SERIES_REACH = 300  # characters back to the rate a bare rate continues, at most


def _series(out: list[StatisticMention], stat: StatisticMention) -> StatisticMention | None:
    """The last rate of the same kind with a measure, ending at most SERIES_REACH characters
    before a rate: an article names the rate it is about once and then lists it for other
    places ("Ledigheden ... 2,6 pct. Blandt nabokommunerne havde Brøndby 3,9 pct., Rødovre 3,1").
    Used only for what the rate's own clause and neighbours do not say."""
    if stat.kind not in _RATES:
        return None
    for before in reversed(out):
        if before.end < stat.start - SERIES_REACH:
            return None
        if before.kind == stat.kind and before.measure is not None:
            return before
    return None


# A figure that is a difference: "steget med 1.150", "310 færre", "8 pct. færre".
_BY = re.compile(r"(?<![a-zæøå])med\s+(?:(?:ca\.|cirka|omkring|knap|godt|næsten|over)\s+)?$", re.I)


def _span_end(text: str, stat: StatisticMention, code: str | None, inferred: bool) -> str | None:
    """A level taken over from a span until now ("steget med 1.150 siden 2015. De ældre udgør
    dermed 6,2 pct.") is the span's end: only a difference and an amount are about the
    span."""
    if code is None or inferred or ":" not in code or stat.kind not in ("count", "percent"):
        return code
    if _BY.search(text, max(0, stat.start - 20), stat.start) or comparative(text, stat.start, stat.end):
        return code
    return code.split(":")[1]


def _back(
    text: str, stat: StatisticMention, out: list[StatisticMention], i: int
) -> tuple[StatisticMention | None, bool]:
    """The figure of the sentence right before that `stat` (the first of its sentence) points
    back to, and whether it also tells the subject."""
    j = i - 1  # its last figure, not a comparison's
    while (
        j
        and out[j - 1].sentence_start == out[j].sentence_start
        and _VERSUS_BEFORE.search(text, max(0, out[j].start - 8), out[j].start)
    ):
        j -= 1
    before = out[j]
    opener = _ANAPHOR.match(text, stat.sentence_start)
    anaphor = (
        opener
        or comparative(text, stat.start, stat.end)
        or _THEREBY.search(text, stat.sentence_start, stat.start)  # "Kommunen ligger dermed nr. 9"
        or (stat.kind == "percent" and _OF_THEM.match(text, stat.end))  # "Hver tiende af dem"
    )
    refers = not anaphor and _REFERS.search(text, stat.sentence_start, stat.start) is not None
    series = stat.kind == before.kind and (
        stat.kind in _RATES
        or (
            stat.unit is not None
            and stat.unit == before.unit
            and stat.unit in _DURATIONS
            and "\n\n" not in text[before.sentence_end : stat.sentence_start]
        )
    )  # "58 dage. Før var den 41 dage": the same measure again, in the same paragraph
    if not (anaphor or refers or series):
        return None, True
    if before.subject is None or before.subject.type != "national":
        return before, True
    # A national figure tells the subject only of what points at it: not "I 2022 var tallet
    # 21,8" (the kommune's own), a rate that names no place ("Ledigheden lå i marts på 2,3
    # pct."), or a total that opens a new paragraph ("I alt var 1.410 borgere fuldtidsledige").
    summary = (
        opener is not None
        and _SUMMARY.match(opener.group(0)) is not None
        and "\n\n" in text[before.sentence_end : stat.sentence_start]
    )
    return before, bool(anaphor) and not summary


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
        index = Places(places)
        budget = _BudgetYears(text)
        floor = 0
        own_period: list[bool] = []  # the figure's period is stated right after it
        clause_ends: list[int] = []
        for i, stat in enumerate(stats):
            fig = self._figure(text, stats, out, i, floor)
            measure, measure_text = self._measure(text, fig)
            period, inferred, floor, stated = self._period(text, fig, measure, published, out, budget)
            if (
                not stated
                and own_period[-1:] == [True]
                and fig.prev is not None
                and period == fig.prev.period
                and from_to_pair(text, fig.prev, stat, from_values[i])
                and (latest := latest_like(period, published)) is not None
            ):  # "fra 610 i første kvartal 2024 til 540" (June 2025): 2024K1 and 2025K1
                period, inferred = latest, False
            own_period.append(stated)
            clause_ends.append(fig.end)
            back = fig.back if fig.back_subject else None
            subject = resolve_subject(text, fig.stat, fig.start, fig.end, fig.prev, back, index)
            change = stated_change(text, stat, fig.start, fig.end, subject.type == "national")
            out.append(
                dataclasses.replace(
                    stat,
                    kind=self._kind(stat, measure),
                    measure=measure,
                    measure_text=measure_text,
                    subject=subject,
                    period=period,
                    period_inferred=inferred,
                    change=change,
                )
            )
        _list_measures(out)
        out, pairs = pair_changes(text, out, from_values)
        for i in pairs:
            self._pair_periods(text, out, i, own_period, clause_ends[i], published)
        return out

    def _pair_periods(
        self,
        text: str,
        out: list[StatisticMention],
        i: int,
        own_period: list[bool],
        clause_end: int,
        published: date | None,
    ) -> None:
        """The periods of a "fra X til Y" pair `out[i - 1]`, `out[i]` (the second one's own time
        is set in `record`): X's own time; the ends of a span both share ("siden 2015 ... fra 10.200 til
        9.100": 2015 and 2025); else X at the time Y is compared with ("fra 3,9 til 3,6 pct.
        sammenlignet med januar sidste år"), or the period before Y's."""
        first, second = out[i - 1], out[i]
        if own_period[i - 1]:  # "fra 6.150 i 2025 til 7.900 i 2028"
            return
        span = first.period.split(":") if first.period and ":" in first.period else None
        if span and second.period in (first.period, span[1]):
            out[i - 1] = dataclasses.replace(first, period=span[0])
            out[i] = dataclasses.replace(second, period=span[1])
            return
        compared = self._compared_period(text, second, clause_end, published)
        earlier = compared or self._earlier(second)
        if earlier is not None:
            out[i - 1] = dataclasses.replace(first, period=earlier, period_inferred=second.period_inferred)

    @staticmethod
    def _figure(
        text: str, stats: Sequence[StatisticMention], out: list[StatisticMention], i: int, floor: int
    ) -> _Figure:
        stat = stats[i]
        prev = out[i - 1] if i and stats[i - 1].sentence_start == stat.sentence_start else None
        same_next = i + 1 < len(stats) and stats[i + 1].sentence_start == stat.sentence_start
        # (at most REACH characters each side: text without sentence breaks stays linear)
        start = max(prev.end if prev else stat.sentence_start, stat.start - REACH)
        end = min(stats[i + 1].start if same_next else stat.sentence_end, stat.end + REACH)
        cut = _CLAUSE_BREAK.search(text, stat.end, end)
        back, back_subject = None, True
        if prev is None and i and stat.sentence_start - out[i - 1].sentence_end <= 3:
            back, back_subject = _back(text, stat, out, i)
        return _Figure(
            stat,
            start,
            cut.start() if cut else end,
            max(start, floor) if prev else start,
            prev,
            back,
            back_subject,
            _series(out, stat),
        )

    def _period(
        self,
        text: str,
        fig: _Figure,
        measure: str | None,
        published: date | None,
        done: list[StatisticMention],
        budget: _BudgetYears,
    ) -> tuple[str | None, bool, int, bool]:
        """(period, inferred, where the next figure's own time expressions may start, whether
        it is stated right after the figure: "fra 6.150 i 2025")."""
        stat = fig.stat
        if measure in _BUILDINGS and stat.kind == "count":
            ready = ready_year(text, stat.start, stat.end, stat.sentence_end)
            if ready is not None:
                return ready, False, stat.end, False
        after_end = min(fig.end, stat.end + _IMMEDIATE)
        stop = _AFTER_BREAK.search(text, stat.end, after_end)
        after = [
            p
            for p in find_periods(text, stat.end, stop.start() if stop else after_end, published)
            if p.span or (not p.baseline and not _COMPARED.search(text, stat.end, p.start + 4))
        ]
        if after:
            return after[0].code, False, after[0].end, True
        before = [p for p in find_periods(text, fig.period_floor, stat.start, published) if not p.baseline]
        if before:  # (a time before "fra X til Y" is the pair's, not X's own)
            return before[-1].code, False, stat.end, False
        window = (fig.period_floor, min(fig.end, stat.end + _IMMEDIATE))
        if (same_period := _SAME_PERIOD.search(text, *window)) and done:
            # the period of the last figure of the same measure (else of the last figure); "i
            # samme periode" after a span is the span ("steget med 1.150 siden 2015 ... I samme
            # periode er antallet af 25-39-årige faldet")
            recent = done[-20:]
            span = same_period.group(0).casefold().endswith("periode")
            same = next((d for d in reversed(recent) if span and d.period and ":" in d.period), None) or next(
                (d for d in reversed(recent) if measure and d.measure == measure), done[-1]
            )
            if same.period is not None:
                return same.period, same.period_inferred, stat.end, False
        if _PRESENT.search(text, *window):
            return (str(published.year) if published else None), False, stat.end, False
        code, inferred = self._inherited(text, fig, measure, published, budget, done)
        return _span_end(text, stat, code, inferred), inferred, stat.end, False

    def _inherited(
        self,
        text: str,
        fig: _Figure,
        measure: str | None,
        published: date | None,
        budget: _BudgetYears,
        done: list[StatisticMention],
    ) -> tuple[str | None, bool]:
        """The period of a figure that states no time of its own: its neighbours', the rate's it
        continues, the budget year, the sentence before's, else the publication year."""
        stat = fig.stat
        # (not a comparison's: "41,2 pct. af stemmerne mod 45,6 pct. ved valget i 2021 og går fra
        # 14 til 12 mandater" is this election's)
        neighbours = [
            n
            for n in (fig.prev, fig.back)
            if n is not None
            and n.period is not None
            and not _VERSUS_BEFORE.search(text, max(0, n.start - 8), n.start)
        ]
        for neighbour in neighbours:
            if not neighbour.period_inferred:
                return neighbour.period, False
        series = fig.series
        if series is not None and series.measure == measure and series.period and not series.period_inferred:
            return series.period, False
        if stat.kind != "count" and (year := budget.before(stat.start)) is not None:
            return year, False  # "Budget 2025": the document's budget year
        # (only for a figure with a measure: the others are never compared, and most are not
        # about the passage's time at all: "tre af de fem kampe")
        last = done[-1] if done else None
        if (
            measure is not None
            and last is not None
            and last.measure == measure
            and last.period is not None
            and not last.period_inferred
            and 0 <= stat.sentence_start - last.sentence_end <= 3
            and "\n" not in text[last.sentence_end : stat.sentence_start]
            and not _VERSUS_BEFORE.search(text, max(0, last.start - 8), last.start)
            and not _PRESENT_VERB.search(text, stat.sentence_start, stat.start)
        ):  # "... til 575 i første kvartal i år. Hver tredje sygemeldte har ..."
            return last.period, False
        if measure is not None and (earlier := self._sentence_before(text, stat, published, budget)):
            return earlier, False
        for neighbour in neighbours:
            return neighbour.period, neighbour.period_inferred
        if published is not None:
            return str(published.year), True
        return None, False

    @staticmethod
    def _earlier(stat: StatisticMention) -> str | None:
        """The period of the "fra" figure of a change: the year before, or the election before."""
        if stat.measure in _ELECTION and stat.period is not None and stat.period.isdigit():
            return str(int(stat.period) - _ELECTION_YEARS)
        return previous_period(stat.period)

    @staticmethod
    def _sentence_before(
        text: str, stat: StatisticMention, published: date | None, document: _BudgetYears
    ) -> str | None:
        """The time of the sentence before in the same paragraph ("Ventetiden var i andet kvartal
        2024 61 dage. Ortopædkirurgien havde med 94 dage den længste ventetid."), found once
        per sentence of the document."""
        cache = document.sentence_before
        if stat.sentence_start not in cache:
            before = previous_sentence(text, stat.sentence_start)
            found = [p for p in find_periods(text, *before, published) if not p.baseline] if before else []
            cache[stat.sentence_start] = found[0].code if found else None
        code = cache[stat.sentence_start]
        if code is not None and _PRESENT_VERB.search(text, stat.sentence_start, stat.start):
            return None  # "I skoleåret 2023/24 var den 19,2. Kommunens gennemsnit ligger på 20,8": now
        return code

    def _kind(self, stat: StatisticMention, measure: str | None) -> StatisticKind:
        """A bare decimal is "other" by default ("Nøgletallet er 1,4"); a figure with no unit
        takes the kind of its measure ("klassekvotienten var 21,8" counts pupils)."""
        if stat.unit is None and stat.kind == "other" and self.lexicon.default_kind(measure) == "count":
            return "count"
        return stat.kind

    @staticmethod
    def _compared_period(text: str, stat: StatisticMention, end: int, published: date | None) -> str | None:
        """The time a figure is compared with in its clause up to `end` ("sammenlignet med
        januar sidste år")."""
        for p in find_periods(text, stat.end, end, published):
            if p.baseline or _COMPARED.search(text, stat.end, p.start + 4):
                return p.code
        return None

    @staticmethod
    def _seconded(key: str, matches: list[MeasureMatch]) -> bool:
        return sum(any(m.key == key for m in match.measures) for match in matches) >= 2

    def _measure(self, text: str, fig: _Figure) -> tuple[str | None, str | None]:
        stat = fig.stat
        if stat.kind == "rank":
            around = max(stat.sentence_start, stat.start - REACH), min(stat.sentence_end, stat.end + REACH)
            sentence = self.lexicon.find(text, *around)
            election = any(m.key in _ELECTION for match in sentence for m in match.measures)
            if election or _PARTY.search(text, *around):
                return None, None  # a party's place, not a kommune's
        # (a list's unit given before it is no noun of the figure's own: "1.120 boliger mod 1.960")
        own_noun = (
            stat.kind == "count"
            and stat.unit is not None
            and stat.unit not in _NON_NOUN_UNITS
            and stat.unit.casefold() in stat.text.casefold()
        )
        stop = _AFTER_BREAK.search(text, stat.end, fig.end)  # "5,2 mia. kr. og indeholder anlæg ..."
        matches = self.lexicon.find(text, fig.start, stop.start() if stop else fig.end)
        named = self._named_before(text, stat, matches)
        if named is not None:  # "et driftsoverskud på 185 mio. kr.", "en pulje på 3,2 mio. kr."
            return named
        if stat.unit is None and (group := _GROUP_AFTER.match(text, stat.end)):
            # "12 af byrådets 31 mandater": the group names what is counted
            in_group = self.lexicon.find(text, stat.end, min(stat.sentence_end, group.end()))
            best = best_measure(in_group, stat.kind, stat.value, None)
            if best is not None and best[0].strong:
                return best[0].key, best[1].text
            if best is not None and stat.kind == "count":
                return None, None  # "14 af byrådets 29 medlemmer er nye": members, not seats
        best = best_measure(matches, stat.kind, stat.value, stat.unit)
        # A weak word names the measure of a figure with a noun of its own only with a second
        # weak word of that measure: "boede der 40.110 mennesker", not "12.400 medlemmer venter"
        # or "123 personer blev sigtet".
        if best is not None and (best[0].strong or not own_noun or self._seconded(best[0].key, matches)):
            return best[0].key, best[1].text
        if stat.kind == "rank":
            return "rangering", None  # a place in a ranking the sentence does not name
        if own_noun:
            return None, None
        for neighbour in (fig.prev, fig.back, fig.series):
            if neighbour is not None and self.lexicon.fits(neighbour.measure, stat.kind):
                return neighbour.measure, None
        if stat.kind == "percent" and self._election_sentence(text, stat):
            return "stemmer", None  # "en andenplads med 27,9 pct. og ni mandater": a share of the votes
        return None, None

    def _named_before(
        self, text: str, stat: StatisticMention, matches: list[MeasureMatch]
    ) -> tuple[str | None, str | None] | None:
        """The measure of the noun right before "på" and the figure, which names it whatever
        else the clause says ("i budgettet et driftsoverskud på 185 mio. kr." is no budget)."""
        if not matches or not _ON_BEFORE.search(text, max(0, stat.start - 30), stat.start):
            return None
        last = matches[-1]
        if not _ON_BEFORE.fullmatch(text, last.end, stat.start):
            return None
        fitting = [m for m in last.measures if m.fits(stat.kind)]
        if not fitting:
            return None
        return max(fitting, key=lambda m: m.strong).key, last.text

    def _election_sentence(self, text: str, stat: StatisticMention) -> bool:
        around = max(stat.sentence_start, stat.start - REACH), min(stat.sentence_end, stat.end + REACH)
        return any(m.key in _ELECTION for match in self.lexicon.find(text, *around) for m in match.measures)
