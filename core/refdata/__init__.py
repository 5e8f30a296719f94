"""The reference lists (kommuner, regions, parties) shipped as CSV next to this module.

Plain dataclasses and no database, so the NLP can use them without a store. The files are read
through `importlib.resources`, which works from a checkout and from an installed wheel alike;
each list is parsed once per process.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class RegionRow:
    code: int  # DAGI 1081-1085
    name: str  # "Region Hovedstaden"


@dataclass(frozen=True, slots=True)
class KommuneRow:
    code: int  # official three-digit kommunekode
    name: str  # as in "<name> Kommune"
    region_code: int


@dataclass(frozen=True, slots=True)
class PartyRow:
    letter: str  # list letter on the ballot
    name: str
    abbreviation: str | None  # what news write: S, SF, DF, EL ...


def _rows(filename: str) -> list[dict[str, str]]:
    text = resources.files(__name__).joinpath(filename).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _kommuner() -> tuple[KommuneRow, ...]:
    return tuple(
        KommuneRow(code=int(r["code"]), name=r["name"], region_code=int(r["region_code"]))
        for r in _rows("kommuner.csv")
    )


@cache
def _regions() -> tuple[RegionRow, ...]:
    return tuple(RegionRow(code=int(r["code"]), name=r["name"]) for r in _rows("regioner.csv"))


@cache
def _parties() -> tuple[PartyRow, ...]:
    return tuple(
        PartyRow(letter=r["letter"], name=r["name"], abbreviation=r["abbreviation"] or None)
        for r in _rows("parties.csv")
    )


def load_kommuner() -> list[KommuneRow]:
    """The 98 kommuner, in kommunekode order (a fresh list; the rows are immutable)."""
    return list(_kommuner())


def load_regions() -> list[RegionRow]:
    """The 5 regions, in code order."""
    return list(_regions())


def load_parties() -> list[PartyRow]:
    """The party list letters with names and news abbreviations."""
    return list(_parties())


__all__ = ["KommuneRow", "PartyRow", "RegionRow", "load_kommuner", "load_parties", "load_regions"]
