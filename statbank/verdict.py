"""The verdict on one claimed figure against the official value: a pure function.

A claim is only as exact as it is written: the precision it states ("7,3 pct." covers 7,25 to
7,35; "ca. 1.500" a whole hundred either side) is read by `core.precision`, the rule the
figure comparisons between sources use too. The official figure is itself rounded to its
published decimals, so its half step counts as well.

Verdicts: `matches` (the same number as the official figure), `rounded` (not the same number,
but within the claim's precision or the official figure's own rounding), `differs` (with the
relative gap), `no_official_figure`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from core.precision import EPS, Precision, stated_precision

__all__ = ["Check", "Precision", "Verdict", "check_figure", "published_step", "stated_precision"]

Verdict = Literal["matches", "rounded", "differs", "no_official_figure"]


@dataclass(frozen=True, slots=True)
class Check:
    verdict: Verdict
    relative_gap: float | None  # (claimed - official) / official, for `differs` and `rounded`


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
    slack = EPS * max(1.0, abs(official), abs(claimed))
    if gap <= slack:
        return Check("matches", 0.0)
    if gap <= max(precision.tolerance, official_step / 2) + slack:
        return Check("rounded", relative)
    return Check("differs", relative)
