"""The shipped reference lists are complete, consistent, and agree with ../shared/data."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from core.refdata import load_kommuner, load_parties, load_regions

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


def test_kommuner_and_regions() -> None:
    kommuner = load_kommuner()
    regions = {r.code: r.name for r in load_regions()}
    assert (
        len(kommuner) == 98
        and len({k.code for k in kommuner}) == 98
        and len({k.name for k in kommuner}) == 98
    )
    assert sorted(regions) == [1081, 1082, 1083, 1084, 1085]
    assert {k.region_code for k in kommuner} == set(regions)
    assert 411 not in {k.code for k in kommuner}  # Christiansø is not a kommune
    by_code = {k.code: k for k in kommuner}
    assert (by_code[101].name, regions[by_code[101].region_code]) == ("København", "Region Hovedstaden")
    assert (by_code[860].name, by_code[400].region_code) == ("Hjørring", 1084)  # Bornholm is in Hovedstaden
    assert all(100 <= k.code <= 999 for k in kommuner)


def test_parties() -> None:
    parties = {p.letter: p for p in load_parties()}
    assert set("ABCDFIKMOVØÅÆ") <= set(parties)
    assert {parties[letter].abbreviation: letter for letter in ("F", "O", "Ø")} == {
        "SF": "F",
        "DF": "O",
        "EL": "Ø",
    }
    assert parties["A"].name == "Socialdemokratiet"


def test_loaders_return_fresh_lists() -> None:
    load_kommuner().clear()
    assert len(load_kommuner()) == 98


@pytest.mark.acceptance
def test_agrees_with_shared_lists() -> None:
    if not (SHARED / "kommuner.csv").exists():
        pytest.skip(f"{SHARED} is absent")
    with open(SHARED / "regioner.csv", encoding="utf-8") as f:
        region_codes = {row["name"]: int(row["region_code"]) for row in csv.DictReader(f)}
    with open(SHARED / "kommuner.csv", encoding="utf-8") as f:
        shared = {(int(r["code"]), r["name"], region_codes[r["region"]]) for r in csv.DictReader(f)}
    assert {(k.code, k.name, k.region_code) for k in load_kommuner()} == shared
    assert {(r.code, r.name) for r in load_regions()} == {(c, n) for n, c in region_codes.items()}
    with open(SHARED / "parties.csv", encoding="utf-8") as f:
        shared_parties = {(r["letter"], r["name"], r["news_abbreviation"]) for r in csv.DictReader(f)}
    assert {(p.letter, p.name, p.abbreviation) for p in load_parties()} == shared_parties
