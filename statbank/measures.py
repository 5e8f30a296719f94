"""The curated map from a checkable measure to Statistikbanken tables (`data/measures.json`).

Finding the right official table is where automated fact-checkers fail most, so the map is a
reviewed data file, not a search: each measure names its tables, the area variable of each
table (not always OMRÅDE), the codes that give the total, the granularity and the unit.
`problems()` checks one source against the table's `tableinfo`, so a renamed variable or a
withdrawn code is found by a test (fixtures) or by `kommunevagt stats verify` (live), never by
a silently empty sync.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from core.credit import credit, statbank_link
from statbank.client import TableInfo

__all__ = ["Measure", "Source", "area_code", "credit", "load_measures", "statbank_link", "subject_of_area"]

MEASURES_FILE = Path(__file__).parent / "data" / "measures.json"

Granularity = Literal["year", "quarter", "month"]
Aggregation = Literal["stock", "average", "rate"]
NATIONAL_AREA = "000"
CHRISTIANSOE = 411  # in the area lists of FOLK1A, but not one of the 98 kommuner


@dataclass(frozen=True)
class Source:
    """One table that gives a measure, and how to ask it for the total."""

    measure: str
    table: str
    area_variable: str
    time_variable: str
    granularity: Granularity
    aggregation: Aggregation
    unit: str
    totals: tuple[tuple[str, str], ...]  # (variable id, total value code), in file order

    @property
    def variable_codes(self) -> str:
        """The fixed codes as one canonical string, part of an official figure's key."""
        return ",".join(f"{var}={code}" for var, code in sorted(self.totals))

    @property
    def link(self) -> str:
        return statbank_link(self.table)

    def problems(self, info: TableInfo) -> list[str]:
        """What in this source does not exist in the table's tableinfo (empty when it all fits)."""
        found: list[str] = []
        if info.id.upper() != self.table.upper():
            found.append(f"tableinfo is for {info.id}, not {self.table}")
        for role, var in (("area", self.area_variable), ("time", self.time_variable)):
            if var not in info.variables:
                found.append(f"{self.table}: no {role} variable {var}")
        if self.time_variable in info.variables and not info.variables[self.time_variable].time:
            found.append(f"{self.table}: {self.time_variable} is not the time variable")
        for var, code in self.totals:
            if var not in info.variables:
                found.append(f"{self.table}: no variable {var}")
            elif code not in info.variables[var].values:
                found.append(f"{self.table}: variable {var} has no value {code}")
        named = {self.area_variable, self.time_variable, *(var for var, _ in self.totals)}
        for variable in info.variables.values():
            if variable.id not in named and not variable.elimination:
                found.append(f"{self.table}: variable {variable.id} cannot be left out and has no total")
        return found


@dataclass(frozen=True)
class Measure:
    key: str
    kinds: tuple[str, ...]  # statistic kinds a claim of this measure can have
    sources: tuple[Source, ...]


@lru_cache(maxsize=4)
def load_measures(path: Path = MEASURES_FILE) -> dict[str, Measure]:
    """Every measure of the map, by key."""
    raw = json.loads(path.read_text(encoding="utf-8"))["measures"]
    measures = {}
    for key, entry in raw.items():
        sources = tuple(
            Source(
                measure=key,
                table=s["table"],
                area_variable=s["area_variable"],
                time_variable=s["time_variable"],
                granularity=s["granularity"],
                aggregation=s["aggregation"],
                unit=s["unit"],
                totals=tuple((var, str(code)) for var, code in s["totals"].items()),
            )
            for s in entry["sources"]
        )
        measures[key] = Measure(key=key, kinds=tuple(entry["kinds"]), sources=sources)
    return measures


def area_code(subject_type: str, subject_code: int | None) -> str | None:
    """Statistikbanken's area code for a subject: 000 national, 081-085 regions, 3-digit kommuner."""
    if subject_type == "national":
        return NATIONAL_AREA
    if subject_code is None:
        return None
    if subject_type == "region" and 1081 <= subject_code <= 1085:
        return f"{subject_code - 1000:03d}"
    if subject_type == "kommune" and 100 <= subject_code <= 999:
        return f"{subject_code:03d}"
    return None


def subject_of_area(code: str) -> tuple[str, int | None] | None:
    """The inverse of `area_code`; None for areas that are no subject (landsdele, 'uoplyst')."""
    if code in (NATIONAL_AREA, "0"):
        return ("national", None)
    if not code.isdigit():
        return None
    number = int(code)
    if number == CHRISTIANSOE:
        return ("other", None)
    if 81 <= number <= 85:
        return ("region", 1000 + number)
    if 101 <= number <= 899:
        return ("kommune", number)
    return None
