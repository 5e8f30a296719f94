"""Lists: a unit given once for a list of figures ("Fyn med 4,2 pct. fulgt af Sjælland med
4,0", "i juni 612, mod 655"). A bare number right after a figure of the same sentence, joined
to it by "med", "på", "og", "mod" or a comma, takes that figure's kind and unit."""

from __future__ import annotations

import re

from nlp.danish_numbers import is_year
from nlp.figures.found import Found
from nlp.figures.patterns import Patterns

_CONNECTOR = re.compile(r"(?:(?<![a-zæøå])(?:med|på|og|mod)|,)\s+$", re.IGNORECASE)
_VERSUS = re.compile(r"mod\s", re.IGNORECASE)
_BREAK = re.compile(r"[.!?;:\n](?:\s|$)")
MAX_GAP = 60  # characters between the figure that gave the unit and the bare number
_LIST_KINDS = frozenset({"percent", "percentage_points", "money", "other", "count"})


class ListUnits:
    """The list continuation of the figure before a bare number, or None."""

    def __init__(self, patterns: Patterns) -> None:
        self.p = patterns

    def after(self, text: str, match: re.Match[str], previous: Found) -> Found | None:
        start, end = match.span()
        if start - previous.end > MAX_GAP:
            return None
        if previous.kind not in _LIST_KINDS:
            return None
        gap = text[previous.end : start]
        if _BREAK.search(gap) or any(ch.isdigit() for ch in gap):
            return None
        connector = _CONNECTOR.search(gap)
        if connector is None or not self.p.bare_follow.match(text, end):
            return None
        if previous.kind == "count" and previous.unit is not None and not _VERSUS.match(connector.group(0)):
            # "12 skoler og 40": a counted noun carries over only to "mod" ("1.120 boliger mod 1.960")
            return None
        raw = match.group(0)
        value = self.p.number_value(raw)
        if value is None or is_year(raw) or (previous.kind == "percent" and value > 100):
            return None
        return Found(start, end, previous.kind, value, unit=previous.unit)
