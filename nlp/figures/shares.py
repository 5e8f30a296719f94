"""Shares: "halvdelen", "hver tredje", "tre ud af fire", "en ud af fem" are kind `percent`
with unit "andel" and the value as a percentage."""

from __future__ import annotations

import re

from nlp.danish_numbers import parse_digits
from nlp.figures.found import Found
from nlp.figures.patterns import Patterns


class Shares:
    """Share figures from fraction words, "hver N." and "N ud af M"."""

    def __init__(self, patterns: Patterns) -> None:
        self.p = patterns

    def share(self, text: str, match: re.Match[str]) -> Found | None:
        phrase = " ".join(match.group(0).casefold().split())
        start, end = match.span()
        if phrase in ("en", "et", "én", "ét"):
            out_of = self.p.ud_af.match(text, end)
            denominator = self.p.number_value(out_of.group("num")) if out_of else None
            if not denominator or not out_of:
                return None
            return self.found_share(
                text, start, self.p.extend_noun(text, out_of.end()), 100 / denominator, denominator
            )
        if phrase.startswith("hver"):
            word = phrase.split()[-1]
            n = self.p.lex.ordinals.get(word) or parse_digits(word.rstrip("."))
            if not n or n < 2:
                return None
            return self.found_share(text, start, self.p.extend_noun(text, end), 100 / n, None)
        value = self.p.lex.fractions.get(phrase)
        if value is None:
            return None
        return self.found_share(text, start, end, value, None)

    def found_share(self, text: str, start: int, end: int, value: float, of: float | None) -> Found:
        approx = self.p.approx_left(text, start)
        return Found(
            approx if approx is not None else start,
            end,
            "percent",
            round(value, 1),
            unit="andel",
            approx=approx is not None,
            of=of,
        )
