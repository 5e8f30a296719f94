"""Which official time codes a claimed period corresponds to, per table granularity.

A claim's period is a Statistikbanken time code (`2024`, `2024H1`, `2024K3`, `2024M11`, or a
range `2025:2028`). A table is yearly, quarterly or monthly. The rules, one per case:

- Same granularity: the same code.
- A coarser claim than the table (a year against quarters or months, a half-year or a quarter
  against months) depends on what the table counts:
  - `stock` (a count on a date, e.g. FOLK1A "the population on the 1st of the quarter"):
    the value at the END of the claimed period, i.e. the first code of the next period.
    "Indbyggere i 2024" against FOLK1A is 2025K1 (1 January 2025), the same date Statistics
    Denmark uses for "befolkningen ved årets udgang".
  - `average` and `rate` (fuldtidsledige, ledighedsprocent): the mean of every code in the
    claimed period; all of them must be published.
- A finer claim than the table (a month against a yearly table), a range, or no period: no
  official figure, since the table does not say anything with the same truth conditions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from statbank.measures import Aggregation, Granularity

_PERIOD = re.compile(r"^(\d{4})(?:([HKM])(\d{1,2}))?$")
_RANK = {"year": 0, "half": 1, "quarter": 2, "month": 3}
_MONTHS_PER = {"year": 12, "half": 6, "quarter": 3, "month": 1}


@dataclass(frozen=True)
class PeriodPlan:
    """The table codes that answer a claimed period, and how to combine their values."""

    codes: tuple[str, ...]
    combine: Literal["single", "mean"]


def parse_period(period: str) -> tuple[int, str, int] | None:
    """(year, granularity, first month 1-12) of a single-period code; None for ranges and junk."""
    match = _PERIOD.match(period.strip())
    if not match:
        return None
    year, letter, number = int(match[1]), match[2], match[3]
    if letter is None:
        return (year, "year", 1)
    n = int(number)
    if letter == "H" and n in (1, 2):
        return (year, "half", 6 * (n - 1) + 1)
    if letter == "K" and 1 <= n <= 4:
        return (year, "quarter", 3 * (n - 1) + 1)
    if letter == "M" and 1 <= n <= 12:
        return (year, "month", n)
    return None


def _code(year: int, month: int, granularity: Granularity) -> str:
    """The table code of the period of `granularity` that contains (year, month)."""
    if granularity == "year":
        return str(year)
    if granularity == "quarter":
        return f"{year}K{(month - 1) // 3 + 1}"
    return f"{year}M{month:02d}"


def _step(granularity: Granularity) -> int:
    return {"year": 12, "quarter": 3, "month": 1}[granularity]


def map_period(
    claim_period: str | None, granularity: Granularity, aggregation: Aggregation
) -> PeriodPlan | None:
    """The plan for one claim period on one table, or None when the table cannot answer it."""
    if not claim_period:
        return None
    parsed = parse_period(claim_period)
    if parsed is None:
        return None
    year, claim_granularity, first_month = parsed
    if _RANK[claim_granularity] > _RANK[granularity]:
        return None  # finer than the table
    if claim_granularity == granularity:
        return PeriodPlan(codes=(_code(year, first_month, granularity),), combine="single")
    span = _MONTHS_PER[claim_granularity]
    if aggregation == "stock":
        end = (year * 12 + first_month - 1) + span  # months since year 0 of the next period's start
        return PeriodPlan(codes=(_code(end // 12, end % 12 + 1, granularity),), combine="single")
    step = _step(granularity)
    codes = tuple(
        _code(year + (first_month - 1 + offset) // 12, (first_month - 1 + offset) % 12 + 1, granularity)
        for offset in range(0, span, step)
    )
    return PeriodPlan(codes=codes, combine="mean")
