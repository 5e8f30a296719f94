"""The measure -> table map fits the tableinfo of every table it names."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from statbank.client import TableInfo
from statbank.measures import Source, area_code, load_measures, subject_of_area
from tests.statbank.conftest import FIXTURES

REQUIRED = {
    "befolkning", "ledighedsprocent", "ledige", "kommuneskat", "grundskyld", "offentligt_forsoergede",
    "kontanthjaelp", "sygedagpenge", "klassekvotient", "boliger",
}  # fmt: skip


def tableinfo(table: str) -> TableInfo:
    path = FIXTURES / "tableinfo" / f"{table}_tableinfo_da.json"
    return TableInfo.from_json(json.loads(path.read_text(encoding="utf-8")))


def test_the_required_measures_are_mapped() -> None:
    measures = load_measures()
    assert set(measures) >= REQUIRED
    assert {s.table for s in measures["kommuneskat"].sources} == {"PSKAT"}
    assert {s.table for s in measures["befolkning"].sources} == {"FOLK1A"}
    assert {s.table for key in ("offentligt_forsoergede", "kontanthjaelp", "sygedagpenge")
            for s in load_measures()[key].sources} == {"AUK01"}  # fmt: skip


@pytest.mark.parametrize(
    "source", [s for m in load_measures().values() for s in m.sources], ids=lambda s: f"{s.measure}-{s.table}"
)
def test_every_variable_and_code_exists_in_the_tableinfo(source: Source) -> None:
    assert source.problems(tableinfo(source.table)) == []


@pytest.mark.acceptance
def test_every_mapped_table_is_in_the_real_table_list() -> None:
    """The table list `../shared` captured (tables_da.json, Sep 2025) names every mapped table."""
    listed = FIXTURES.parents[2].parent / "shared" / "data" / "statbank" / "tables_da.json"
    if not listed.exists():
        pytest.skip("../shared is not here")
    real = {t["id"]: t for t in json.loads(listed.read_text(encoding="utf-8"))}
    for measure in load_measures().values():
        for source in measure.sources:
            assert real[source.table]["active"], source.table


def test_problems_are_found() -> None:
    folk1a = load_measures()["befolkning"].sources[0]
    info = tableinfo("FOLK1A")
    assert replace(folk1a, totals=(("KØN", "M+K"),)).problems(info) == [
        "FOLK1A: variable KØN has no value M+K"
    ]
    assert "FOLK1A: no area variable KOMMUNE" in replace(folk1a, area_variable="KOMMUNE").problems(info)
    assert "FOLK1A: no variable KOEN" in replace(folk1a, totals=(("KOEN", "TOT"),)).problems(info)
    pskat = load_measures()["kommuneskat"].sources[0]
    # SKATPCT cannot be eliminated: leaving it out would mix tax rates with per-mille rates.
    assert replace(pskat, totals=()).problems(tableinfo("PSKAT")) == [
        "PSKAT: variable SKATPCT cannot be left out and has no total"
    ]
    assert "FOLK1A: OMRÅDE is not the time variable" in replace(folk1a, time_variable="OMRÅDE").problems(info)
    assert folk1a.problems(tableinfo("AUP01"))[0] == "tableinfo is for AUP01, not FOLK1A"


@pytest.mark.parametrize(
    ("subject", "code"),
    [
        (("national", None), "000"), (("region", 1084), "084"), (("region", 1081), "081"),
        (("kommune", 101), "101"), (("kommune", 860), "860"), (("region", 84), None),
        (("kommune", None), None), (("other", None), None), (("kommune", 1084), None),
    ],
)  # fmt: skip
def test_area_codes(subject: tuple[str, int | None], code: str | None) -> None:
    assert area_code(*subject) == code
    if code is not None:
        assert subject_of_area(code) == subject


def test_areas_that_are_no_subject() -> None:
    assert subject_of_area("997") is None  # uoplyst kommune
    assert subject_of_area("411") == ("other", None)  # Christiansø
    assert subject_of_area("LANDSDEL01") is None


@pytest.mark.acceptance
def test_the_written_tableinfo_fixtures_are_what_the_script_writes(tmp_path: Path) -> None:
    """The fixtures come from the real table list and FOLK1A data in ../shared, reproducibly."""
    from tests.statbank.fixtures import write_tableinfo

    if not (write_tableinfo.SHARED / "statbank" / "tables_da.json").exists():
        pytest.skip("../shared is not here")
    write_tableinfo.main(tmp_path)
    for path in sorted((FIXTURES / "tableinfo").glob("*.json")):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
