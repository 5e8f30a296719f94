"""core.precision: when two quoted figures can be the same figure, read from their own words."""

from __future__ import annotations

import pytest

from core.precision import overlap, stated_range


@pytest.mark.parametrize(
    ("first", "second", "agree"),
    [
        (("7,3 pct.", 7.3, None, False), ("7,28 procent", 7.28, None, False), True),
        (("ca. 1.500", 1500, None, True), ("1.461", 1461, None, False), True),
        (("1.500", 1500, None, False), ("1.461", 1461, None, False), True),  # "1.500" states hundreds
        (("1.500", 1500, None, False), ("1.449", 1449, None, False), False),
        (("4,1 procent", 4.1, None, False), ("4,6 procent", 4.6, None, False), False),
        (("4,5 mio. kr.", 4_500_000, None, False), ("4.520.000 kr.", 4_520_000, None, False), True),
        (("4,5 mio. kr.", 4_500_000, None, False), ("4,7 mio. kr.", 4_700_000, None, False), False),
        (("mellem 3 og 5 pct.", 3, 5, False), ("4,8 pct.", 4.8, None, False), True),  # a range
        (("mellem 3 og 5 pct.", 3, 5, False), ("6,1 pct.", 6.1, None, False), False),
        (("tre milliarder", 3e9, None, False), ("3,4 mia.", 3.4e9, None, False), True),
    ],
)
def test_two_figures_agree_when_their_stated_ranges_overlap(
    first: tuple[str, float, float | None, bool], second: tuple[str, float, float | None, bool], agree: bool
) -> None:
    a = stated_range(first[0], first[1], first[2], approx=first[3])
    b = stated_range(second[0], second[1], second[2], approx=second[3])
    assert overlap(a, b) is agree and overlap(b, a) is agree
