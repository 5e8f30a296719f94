"""The verdict on a claimed figure: precision from the figure's own text, then the comparison."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from statbank.verdict import Precision, check_figure, published_step, stated_precision


@pytest.mark.parametrize(
    ("text", "value", "approx", "step"),
    [
        ("7,3 pct.", 7.3, False, 0.1),
        ("7,28 procent", 7.28, False, 0.01),
        ("25,1", 25.1, False, 0.1),
        ("1.461", 1461, False, 1),
        ("ca. 1.500", 1500, True, 100),
        ("1.500 borgere", 1500, False, 100),
        ("60.000 indbyggere", 60000, False, 10000),
        ("632.340", 632340, False, 10),
        ("4,5 mio. kr.", 4_500_000, False, 100_000),
        ("40 millioner kroner", 40_000_000, False, 10_000_000),
        ("tre milliarder", 3e9, False, 1e9),
        ("halvdelen", 50, False, 10),
        ("7.28 %", 7.28, False, 0.01),
        ("2.345,5 kr.", 2345.5, False, 0.1),
    ],
)
def test_stated_precision(text: str, value: float, approx: bool, step: float) -> None:
    precision = stated_precision(text, value, approx=approx)
    assert precision.step == pytest.approx(step) and precision.approx is approx


@pytest.mark.parametrize(
    ("text", "value", "approx", "official", "verdict"),
    [
        ("7,3 pct.", 7.3, False, 7.3, "matches"),
        ("7,3 pct.", 7.3, False, 7.28, "rounded"),  # "7,3 pct." and "7,28 procent" agree
        ("7,28 procent", 7.28, False, 7.3, "rounded"),  # within the official figure's own rounding
        ("7,3 pct.", 7.3, False, 7.36, "differs"),
        ("7,3 pct.", 7.3, False, 7.25, "rounded"),  # the edge of the half step
        ("ca. 1.500", 1500, True, 1461, "rounded"),  # "ca. 1.500" and "1.461" agree
        ("ca. 1.500", 1500, True, 1380, "differs"),
        ("1.461", 1461, False, 1461, "matches"),
        ("1.461", 1461, False, 1462, "differs"),
        ("1.500", 1500, False, 1561, "differs"),
        ("4,5 mio. kr.", 4_500_000, False, 4_460_000, "rounded"),
        ("25,1", 25.1, False, 24.9, "differs"),
    ],
)
def test_verdict(text: str, value: float, approx: bool, official: float, verdict: str) -> None:
    assert check_figure(value, stated_precision(text, value, approx=approx), official).verdict == verdict


def test_no_official_figure() -> None:
    result = check_figure(7.3, Precision(0.1, False), None)
    assert result.verdict == "no_official_figure" and result.relative_gap is None


def test_relative_gap() -> None:
    result = check_figure(1500.0, Precision(1.0, False), 1200.0)
    assert result.verdict == "differs" and result.relative_gap == pytest.approx(0.25)
    assert check_figure(5.0, Precision(1.0, False), 0.0).relative_gap is None  # no division by zero


def test_published_step() -> None:
    assert published_step(7.3) == pytest.approx(0.1)
    assert published_step(7.28) == pytest.approx(0.01)
    assert published_step(1461.0) == 1


@given(
    official=st.decimals(min_value="0.1", max_value="99999", places=2).map(float),
    decimals=st.integers(min_value=0, max_value=2),
)
def test_the_official_value_written_at_any_precision_is_never_differs(official: float, decimals: int) -> None:
    """Whatever precision a writer rounds the official figure to, the claim is true of it."""
    claimed = round(official, decimals)
    text = f"{claimed:.{decimals}f}".replace(".", ",")
    assert check_figure(claimed, stated_precision(text, claimed), official).verdict in ("matches", "rounded")


@given(official=st.integers(min_value=100, max_value=10**7), shift=st.integers(min_value=2, max_value=20))
def test_a_claim_off_by_more_than_its_precision_differs(official: int, shift: int) -> None:
    claimed = official + shift  # an exact whole number, off by 2 or more
    text = f"{claimed:,}".replace(",", ".")
    if claimed % 10 == 0:
        return  # trailing zeros state less precision; covered by the examples above
    assert check_figure(claimed, stated_precision(text, claimed), official).verdict == "differs"
