"""The verdict on one claimed figure against the official value: a pure function.

A claim is only as exact as it is written. "7,3 pct." states one decimal, so it is true of any
official value from 7,25 to 7,35; "ca. 1.500" states hundreds and says it is approximate. The
precision is read from the figure's own text (decimals after the comma, trailing zeros of a
whole number, the scale word "mio."/"mia." implied by text vs value) and its approx flag:

- the claim's step is one unit of its last stated digit (0,1 for "7,3"; 100 for "1.500";
  100.000 for "4,5 mio.");
- an exact claim covers half a step either side (rounding); an approximate one ("ca.",
  "omkring", "knap") covers a whole step either side;
- the official figure is itself rounded to its published decimals, so its half step counts too.

Verdicts: `matches` (the same number as the official figure), `rounded` (not the same number,
but within the claim's precision or the official figure's own rounding), `differs` (with the
relative gap), `no_official_figure`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["matches", "rounded", "differs", "no_official_figure"]
# A Danish number: thousands with '.', decimals with ','; or the point-decimal some sources use.
_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+\.\d{1,2}(?!\d)|\d+(?:,\d+)?")
_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Precision:
    """The step of the claim's last stated digit, and whether the claim says it is approximate."""

    step: float
    approx: bool

    @property
    def tolerance(self) -> float:
        return self.step if self.approx else self.step / 2


@dataclass(frozen=True, slots=True)
class Check:
    verdict: Verdict
    relative_gap: float | None  # (claimed - official) / official, for `differs` and `rounded`


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


def stated_precision(text: str, value: float, *, approx: bool = False) -> Precision:
    """The precision a figure's text states (see the module docstring)."""
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


def published_step(official: float) -> float:
    """The step of an official value's last published decimal (0,1 for 7.3; 1 for 1461)."""
    text = f"{official:.6f}".rstrip("0")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 10.0**-decimals


def check_figure(claimed: float, precision: Precision, official: float | None) -> Check:
    """The verdict on a claimed value against the official one."""
    if official is None or math.isnan(official):
        return Check("no_official_figure", None)
    gap = abs(claimed - official)
    relative = (claimed - official) / official if official else None
    official_step = published_step(official)
    slack = _EPS * max(1.0, abs(official), abs(claimed))
    if gap <= slack:
        return Check("matches", 0.0)
    if gap <= max(precision.tolerance, official_step / 2) + slack:
        return Check("rounded", relative)
    return Check("differs", relative)
