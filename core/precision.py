"""How exact a quoted figure says it is, read from its own words: a leaf shared by the figure
comparisons in `store` (do two sources agree?) and the verdicts in `statbank` (does a claim
match the official figure?).

A claim is only as exact as it is written. "7,3 pct." states one decimal, so it is true of any
value from 7,25 to 7,35; "ca. 1.500" states hundreds and says it is approximate. The precision
is read from the figure's own text (decimals after the comma, trailing zeros of a whole number,
the scale word "mio."/"mia." implied by text vs value) and its approx flag:

- the step is one unit of the last stated digit (0,1 for "7,3"; 100 for "1.500"; 100.000 for
  "4,5 mio.");
- an exact figure covers half a step either side (rounding); an approximate one ("ca.",
  "omkring", "knap") covers a whole step either side.

Two quoted figures agree when what they cover overlaps (`stated_range`, `overlap`): "7,3 pct."
and "7,28 procent" agree, as do "ca. 1.500" and "1.461"; "4,1 procent" and "4,6 procent" do
not.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

# A Danish number: thousands with '.', decimals with ','; or the point-decimal some sources use.
_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+\.\d{1,2}(?!\d)|\d+(?:,\d+)?")
EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Precision:
    """The step of the figure's last stated digit, and whether the figure says it is approximate."""

    step: float
    approx: bool

    @property
    def tolerance(self) -> float:
        return self.step if self.approx else self.step / 2


def _numeral(text: str) -> tuple[float, int, int] | None:
    """(number, decimals, trailing zeros of the whole part) of the first numeral in the text."""
    match = _NUMBER.search(text)
    if not match:
        return None
    token = match.group(0)
    if "," in token:
        whole, decimals = token.replace(".", "").split(",")
        return (float(f"{whole}.{decimals}"), len(decimals), 0)
    if re.fullmatch(r"\d+\.\d{1,2}", token):  # 7.28 written with a decimal point
        whole, decimals = token.split(".")
        return (float(token), len(decimals), 0)
    digits = token.replace(".", "")
    trailing = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
    return (float(digits), 0, trailing)


def _power_of_ten(x: float) -> float:
    return 10.0 ** round(math.log10(x)) if x > 0 else 1.0


@lru_cache(maxsize=65536)
def stated_precision(text: str, value: float, *, approx: bool = False) -> Precision:
    """The precision a figure's text states (see the module docstring).

    Cached: an archive repeats the same figure texts ("3,4 procent") many times over, and a
    check or comparison of many figures reads the precision of each.
    """
    parsed = _numeral(text)
    if parsed is None or parsed[0] == 0:
        # Number words ("tre milliarder", "halvdelen"): the step of the value's leading digit.
        magnitude = 10.0 ** math.floor(math.log10(abs(value))) if value else 1.0
        return Precision(step=magnitude, approx=approx)
    number, decimals, trailing = parsed
    scale = _power_of_ten(abs(value) / number) if value else 1.0  # "4,5 mio." -> 1e6
    # One unit of the last stated digit: a decimal, or the last non-zero digit of a whole number.
    step = 10.0**-decimals if decimals else 10.0**trailing
    return Precision(step=step * scale, approx=approx)


def stated_range(
    text: str, value: float, value_max: float | None = None, *, approx: bool = False
) -> tuple[float, float]:
    """The values a quoted figure is true of: its value (or range) widened by its precision."""
    tolerance = stated_precision(text, value, approx=approx).tolerance
    return (value - tolerance, (value if value_max is None else value_max) + tolerance)


def overlap(first: tuple[float, float], second: tuple[float, float]) -> bool:
    """Whether two stated ranges share a value, i.e. the two figures can be the same figure."""
    slack = EPS * max(1.0, abs(first[1]), abs(second[1]))
    return first[0] <= second[1] + slack and second[0] <= first[1] + slack
