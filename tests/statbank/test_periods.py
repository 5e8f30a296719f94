"""Claimed periods onto table time codes: one rule per case (see statbank.periods)."""

from __future__ import annotations

import pytest

from statbank.periods import PeriodPlan, map_period, parse_period


@pytest.mark.parametrize(
    ("claim", "granularity", "aggregation", "codes", "combine"),
    [
        ("2024", "year", "rate", ("2024",), "single"),
        ("2024K3", "quarter", "stock", ("2024K3",), "single"),
        ("2024M11", "month", "rate", ("2024M11",), "single"),
        ("2024M1", "month", "rate", ("2024M01",), "single"),
        # a stock (FOLK1A, population on the 1st of the quarter): the value at the end of the period
        ("2024", "quarter", "stock", ("2025K1",), "single"),
        ("2024H1", "quarter", "stock", ("2024K3",), "single"),
        ("2024H2", "quarter", "stock", ("2025K1",), "single"),
        ("2024K4", "month", "stock", ("2025M01",), "single"),
        ("2024", "month", "stock", ("2025M01",), "single"),
        # an average or a rate: the mean over every code of the period
        ("2024", "quarter", "average", ("2024K1", "2024K2", "2024K3", "2024K4"), "mean"),
        ("2024H2", "quarter", "average", ("2024K3", "2024K4"), "mean"),
        ("2024K2", "month", "rate", ("2024M04", "2024M05", "2024M06"), "mean"),
        ("2023", "month", "rate", tuple(f"2023M{m:02d}" for m in range(1, 13)), "mean"),
    ],
)
def test_mapped(claim: str, granularity: str, aggregation: str, codes: tuple[str, ...], combine: str) -> None:
    assert map_period(claim, granularity, aggregation) == PeriodPlan(codes=codes, combine=combine)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("claim", "granularity"),
    [
        ("2024M11", "year"),  # finer than the table: no official figure says that
        ("2024K1", "year"),
        ("2024H1", "year"),
        ("2024M02", "quarter"),
        ("2025:2028", "year"),  # a range (budget years)
        (None, "year"),
        ("", "year"),
        ("2024K5", "quarter"),
        ("2024M13", "month"),
        ("sidste år", "year"),
    ],
)
def test_not_mapped(claim: str | None, granularity: str) -> None:
    assert map_period(claim, granularity, "stock") is None  # type: ignore[arg-type]
    assert map_period(claim, granularity, "average") is None  # type: ignore[arg-type]


def test_parse_period() -> None:
    assert parse_period("2024") == (2024, "year", 1)
    assert parse_period("2024H2") == (2024, "half", 7)
    assert parse_period("2024K4") == (2024, "quarter", 10)
    assert parse_period("2024M07") == (2024, "month", 7)
    assert parse_period("2024U07") is None  # weeks (METROX1) are not claim periods
