"""Changes: whether a figure says something rose, fell or stayed, from what, and compared
with what ("fra 5,4 til 5,1 pct.", "steget med 240", "220 færre end forventet", "over
landsgennemsnittet")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

from core.result import FigureChange, StatisticMention

Direction = Literal["up", "down", "same"]

_UP = (
    r"steg|stiger|steget|stige|stigende|stigning\w*|øget|øges|øger|øgning|vokset|vokser|voksede"
    r"|gik\s+frem|går\s+frem|vinder|vandt|vundet|forhøjet|forhøjes|hævet|hæves|op\s+på|op\s+til|flere|mere|højere|større"
)
_DOWN = (
    r"faldt|falder|faldet|falde|faldende|fald|færre|mindre|lavere|sænket|sænkes|sænker|reduceret"
    r"|reduceres|nedsat|nedsættes|mister|mistet|mistede|taber|tabte|tabt|gik\s+tilbage|går\s+tilbage|ned\s+på|ned\s+til|nedgang|mindreforbrug"
)
_SAME = r"uændret|uændrede|fastholdes|fastholdt|fastholder|holdes|status\s+quo|stabil|samme\s+niveau"
CHANGE = re.compile(
    rf"(?<![a-zæøå])(?:(?P<up>{_UP})|(?P<down>{_DOWN})|(?P<same>{_SAME}))(?![a-zæøå])", re.IGNORECASE
)
# A comparison right after the figure: "220 færre end forventet", "8 pct. færre end i ...".
# "mere", "mindre" ... only before "end": "2.000 mindre virksomheder" is about size.
COMPARATIVE_AFTER = re.compile(
    r"\s*(?:[a-zæøå.]+\s+)?(?:(?P<word>flere|færre)|(?P<word2>mere|mindre|højere|lavere|større)(?=\s+end\s))"
    r"(?![a-zæøå])",
    re.IGNORECASE,
)
# A comparison with the national average after the figure: "over landsgennemsnittet".
AVERAGE_AFTER = re.compile(
    r"(?P<dir>over|under|højere\s+end|lavere\s+end|større\s+end|mindre\s+end|bedre\s+end|dårligere\s+end)"
    r"\s+(?:\w+\s+)?landsgennemsnit\w*",
    re.IGNORECASE,
)
_DOWN_WORDS = ("under", "lavere", "mindre", "dårligere", "færre")


_IN_FIGURE = re.compile(r"(?<![a-zæøå])(?:flere|færre)(?![a-zæøå])", re.IGNORECASE)


def comparative(text: str, start: int, end: int) -> tuple[str, int] | None:
    """(word, end) of a comparison in the figure `text[start:end]` ("220 færre") or right
    after it ("8 pct. færre end"), else None."""
    inside = _IN_FIGURE.search(text, start, end)
    if inside:
        return inside.group(0), inside.end()
    after = COMPARATIVE_AFTER.match(text, end)
    if after:
        return after.group("word") or after.group("word2"), after.end()
    return None


def direction(match: re.Match[str]) -> Direction:
    return "up" if match.group("up") else "down" if match.group("down") else "same"


def comparative_direction(word: str) -> Direction:
    return "down" if word.casefold().startswith(_DOWN_WORDS) else "up"


def baseline_after(text: str, start: int, end: int) -> str:
    """What a comparison compares with: "end forventet", "end landsgennemsnittet", or the
    previous period by default."""
    window = text[start:end].casefold()
    if "forvent" in window:
        return "forventet"
    if "landsgennemsnit" in window or "resten af landet" in window:
        return "landsgennemsnit"
    return "forrige periode"


def change_before(text: str, start: int, end: int) -> Direction | None:
    """Direction of the nearest word of change in `text[start:end]` (the figure's clause
    before it), or None."""
    matches = list(CHANGE.finditer(text, start, end))
    return direction(matches[-1]) if matches else None


def average_after(text: str, start: int, end: int) -> Direction | None:
    """ "over landsgennemsnittet" after the figure: up or down against the national average."""
    match = AVERAGE_AFTER.search(text, start, end)
    return None if match is None else comparative_direction(match.group("dir"))


def stated_change(
    text: str, stat: StatisticMention, start: int, end: int, national: bool
) -> FigureChange | None:
    """The change a figure's own clause `[start, end)` states: a comparison right after it,
    "over landsgennemsnittet", a word of change before it, or "uændret" after it."""
    compared = comparative(text, stat.start, stat.end)
    if compared and compared[1] <= end + 1:
        baseline = baseline_after(text, compared[1], end + 40)
        return FigureChange(comparative_direction(compared[0]), None, baseline)
    if not national:
        average = average_after(text, stat.end, min(stat.sentence_end, stat.end + 200))
        if average is not None:
            return FigureChange(average, None, "landsgennemsnit")
    before = change_before(text, max(start, stat.start - 60), stat.start)
    if before is not None:
        return FigureChange(before, None, "forrige periode")
    if change_before(text, stat.end, min(end, stat.end + 30)) == "same":
        return FigureChange("same", None, "forrige periode")
    return None


# "fra 620 i første kvartal sidste år til 575": the first figure's own time between them
_FROM_TO_GAP = re.compile(r"\s*(?:(?:i|pr\.)(?:\s+(?:[a-zæøå]+|\d{4})){1,4}\s+)?til\s+", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"(?<![a-zæøå])fra\s+$", re.IGNORECASE)
_BY_BEFORE = re.compile(r"(?<![a-zæøå])med\s+$", re.IGNORECASE)
# "steg med 140 til 2.930", "gik frem med to mandater til i alt seks": the level after a change.
_BY_TO_GAP = re.compile(r"\s*(?:[a-zæøå]+\s+)?til\s+(?:i\s+alt\s+)?", re.IGNORECASE)
_VERSUS_GAP = re.compile(r"[^.;:!?\d]{0,30}?(?<![a-zæøå])mod\s+", re.IGNORECASE)
_THAT_IS_GAP = re.compile(r"[^.;:!?\d]{0,40}?(?<![a-zæøå])(?:det|hvilket)\s+er\s+", re.IGNORECASE)


def from_to_pair(text: str, x: StatisticMention, y: StatisticMention, from_value: float | None) -> bool:
    """Whether `x` and `y` (the next figure of its sentence) are "fra X til Y"."""
    return x.sentence_start == y.sentence_start and (
        from_value is not None
        or (
            _FROM_TO_GAP.fullmatch(text, x.end, y.start) is not None
            and _FROM_BEFORE.search(text, max(0, x.start - 6), x.start) is not None
        )
    )


def _moved(value: float, earlier: float) -> Direction:
    return "up" if value > earlier else "down" if value < earlier else "same"


def pair_changes(
    text: str, stats: list[StatisticMention], from_values: Sequence[float | None]
) -> tuple[list[StatisticMention], list[int]]:
    """Changes that two figures of a sentence state together: "fra 6.150 i 2025 til 7.900"
    (the second changed from the first, which takes the second's measure), "612, mod 655 i
    juni sidste år" (the first against the second's earlier period), "1.215 borgere, og det
    er 8 pct. færre" (the first changed as the second says). Also returns the indexes of the
    second figures of "fra X til Y" pairs."""
    out = list(stats)
    pairs: list[int] = []
    for i in range(1, len(out)):
        x, y = out[i - 1], out[i]
        if x.sentence_start != y.sentence_start:
            continue
        earlier = from_values[i]
        if earlier is None and from_to_pair(text, x, y, None):
            earlier = x.value
        if earlier is not None:
            out[i] = replace(y, change=FigureChange(_moved(y.value, earlier), earlier, "forrige periode"))
            pairs.append(i)
            # (the second figure's measure: "fra 10 til 12 af byrådets 31 mandater")
            out[i - 1] = replace(x, change=None, measure=y.measure or x.measure)
        elif (
            x.change is not None
            and y.change is None
            and _BY_TO_GAP.fullmatch(text, x.end, y.start)
            and _BY_BEFORE.search(text, max(0, x.start - 5), x.start)
        ):
            out[i] = replace(y, change=FigureChange(x.change.direction, None, x.change.baseline))
        elif (
            _VERSUS_GAP.fullmatch(text, x.end, y.start)
            and x.subject == y.subject
            and x.period != y.period
            and x.kind == y.kind
        ):
            out[i - 1] = replace(x, change=FigureChange(_moved(x.value, y.value), y.value, "forrige periode"))
        elif (
            y.change is not None
            and y.change.from_ is None
            and x.change is None
            and _THAT_IS_GAP.fullmatch(text, x.end, y.start)
        ):
            out[i - 1] = replace(x, change=FigureChange(y.change.direction, None, y.change.baseline))
    return out, pairs
