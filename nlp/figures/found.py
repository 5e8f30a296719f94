"""What a classification stage hands on: a figure found in the text, before it becomes a
`StatisticMention`."""

from __future__ import annotations

from dataclasses import dataclass

from core.result import StatisticKind


@dataclass(frozen=True, slots=True)
class Noun:
    word: str
    mods: list[str]
    end: int


@dataclass(slots=True)
class Found:
    start: int
    end: int
    kind: StatisticKind
    value: float
    value_max: float | None = None
    unit: str | None = None
    approx: bool = False
    of: float | None = None
    then: Found | None = None  # a second figure found together with this one
    from_value: float | None = None  # the first figure of "fra X til Y" when this is Y
    level: bool = False  # `then` is the level after a change by this figure ("med 140 til 2.930")
