"""Changes: whether a figure says something rose, fell or stayed, from what, and compared
with what ("fra 5,4 til 5,1 pct.", "steget med 240", "220 færre end forventet", "over
landsgennemsnittet")."""

from __future__ import annotations

import re
from typing import Literal

Direction = Literal["up", "down", "same"]

_UP = (
    r"steg|stiger|steget|stige|stigende|stigning\w*|øget|øges|øger|øgning|vokset|vokser|voksede"
    r"|gik\s+frem|går\s+frem|forhøjet|forhøjes|hævet|hæves|op\s+på|op\s+til|flere|mere|højere|større"
)
_DOWN = (
    r"faldt|falder|faldet|falde|faldende|fald|færre|mindre|lavere|sænket|sænkes|sænker|reduceret"
    r"|reduceres|nedsat|nedsættes|gik\s+tilbage|går\s+tilbage|ned\s+på|ned\s+til|nedgang|mindreforbrug"
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
