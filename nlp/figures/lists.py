"""Lists: a unit given once for a list of figures ("Fyn med 4,2 pct. fulgt af Sjælland med
4,0", "i juni 612, mod 655", "Hedensted havde 2,1 pct., Skanderborg 1,9 og Odder 2,0"). A bare
number right after a figure of the same sentence, joined to it by "med", "på", "og", "mod", a
comma or a comma and a name, takes that figure's kind and unit. A list of names with bare
numbers may also end in the figure that carries the unit ("Ikast-Brande 21,6, Holstebro 22,0
og Silkeborg 22,9 elever pr. klasse"): its numbers take the unit backwards."""

from __future__ import annotations

import re

from nlp.danish_numbers import is_year
from nlp.figures.found import Found
from nlp.figures.patterns import Patterns

_CONNECTOR = re.compile(r"(?:(?<![a-zæøå])(?:med|på|og|mod)|,)\s+$", re.IGNORECASE)
_VERSUS = re.compile(r"mod\s", re.IGNORECASE)
# A name between list items: ", Skanderborg 1,9", " og Odder med 2,0" (a name: capitalised words).
_NAME = r"(?-i:[A-ZÆØÅ])[\w-]*(?:[ \t]+(?-i:[A-ZÆØÅ])[\w-]*){0,2}"
_NAMED = re.compile(
    rf"(?:,|[ \t]og|[ \t]mens|[ \t]mod)[ \t]+{_NAME}[ \t]+"
    r"(?:(?:med|på|har|havde|fik|lå\s+på|ligger\s+på)[ \t]+)?$"
)
# The next item of such a list: ", Holstebro 22,0", " og Silkeborg 22,9".
_NEXT_ITEM = re.compile(rf"(?:,|[ \t]og)[ \t]+{_NAME}[ \t]+\d")
# The name before the first bare number of a list that ends in its unit: "har Ikast-Brande 21,6".
_NAME_BEFORE = re.compile(rf"(?<![\w-]){_NAME}[ \t]+(?:(?:med|på)[ \t]+)?$")
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
        named = connector is None and _NAMED.search(gap) is not None
        if not (connector or named) or not self.p.bare_follow.match(text, end):
            return None
        if (
            previous.kind == "count"
            and previous.unit is not None
            and not named
            and not _VERSUS.match(connector.group(0))  # type: ignore[union-attr]
        ):
            # "12 skoler og 40": a counted noun carries over only to "mod" ("1.120 boliger mod 1.960")
            return None
        raw = match.group(0)
        value = self.p.number_value(raw)
        if value is None or is_year(raw) or (previous.kind == "percent" and value > 100):
            return None
        return Found(start, end, previous.kind, value, unit=previous.unit)

    def waiting(self, text: str, match: re.Match[str]) -> bool:
        """Whether a bare number may be an item of a list whose unit comes later: a name right
        before it and a comma or "og" with the next name right after it."""
        start, end = match.span()
        if text[end : end + 1] not in (",", " ") or not _NEXT_ITEM.match(text, end):
            return False  # (the cheap test first: most bare numbers are no list item)
        return (
            not is_year(match.group(0)) and _NAME_BEFORE.search(text, max(0, start - 40), start) is not None
        )

    def before(self, text: str, waiting: list[re.Match[str]], found: Found) -> list[Found]:
        """The waiting bare numbers that `found` ends the list of, with its kind and unit."""
        items: list[Found] = []
        end = found.start
        for match in reversed(waiting):
            gap = text[match.end() : end]
            if not _NAMED.search(gap) or _BREAK.search(gap) or len(gap) > MAX_GAP:
                break
            value = self.p.number_value(match.group(0))
            if value is None or (found.kind == "percent" and value > 100):
                break
            items.append(Found(match.start(), match.end(), found.kind, value, unit=found.unit))
            end = match.start()
        return items[::-1] if found.kind in _LIST_KINDS else []
