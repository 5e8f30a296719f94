"""The registry's look-ups and its file reader (`kommunevagt extract --registry`)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from core.politicians import RegistryEntry, Role
from nlp.persons.registry import Registry, RegistryFileError, read_registry_file, valid_on


def seat(
    rid: int,
    name: str,
    kommune: int,
    party: str | None,
    role: Role = "medlem",
    start: str = "2022-01-01",
    end: str | None = None,
) -> RegistryEntry:
    return RegistryEntry(
        rid,
        name,
        kommune,
        party,
        role,
        date.fromisoformat(start),
        date.fromisoformat(end) if end else None,
        "test",
    )


REGISTRY = Registry.build(
    [
        seat(1, "Peter Sørensen", 573, "A", "borgmester"),
        seat(2, "Peter Sørensen", 707, "C"),
        seat(3, "Arne Bøgh", 860, "A", "borgmester", "2018-01-01", "2021-12-31"),
        seat(4, "Birgitte Nørgaard", 860, "V", "borgmester"),
        seat(5, "H.C. Brix", 706, "A"),
        seat(6, "Thomas Brix", 706, "C"),
    ]
)


def test_named_is_spelling_insensitive_and_keeps_namesakes() -> None:
    assert {e.registry_id for e in REGISTRY.named("peter  sørensen")} == {1, 2}
    assert [e.registry_id for e in REGISTRY.named("H. C. Brix")] == [5]
    assert REGISTRY.named("Ukendt Person") == ()


def test_holder_by_date_and_now() -> None:
    assert REGISTRY.holder(860, "borgmester", date(2020, 5, 1)).registry_id == 3  # type: ignore[union-attr]
    assert REGISTRY.holder(860, "borgmester", date(2023, 5, 1)).registry_id == 4  # type: ignore[union-attr]
    assert REGISTRY.holder(860, "borgmester", None).registry_id == 4  # type: ignore[union-attr]
    assert REGISTRY.holder(860, "viceborgmester", None) is None


def test_surname_only_when_one_politician_has_it() -> None:
    assert REGISTRY.surname(573, "Sørensen", None).registry_id == 1  # type: ignore[union-attr]
    assert REGISTRY.surname(706, "Brix", None) is None  # two Brix in Syddjurs
    assert REGISTRY.surname(860, "Sørensen", None) is None


def test_valid_on() -> None:
    old = seat(3, "Arne Bøgh", 860, "A", "borgmester", "2018-01-01", "2021-12-31")
    assert (
        valid_on(old, date(2021, 12, 31)) and not valid_on(old, date(2022, 1, 1)) and not valid_on(old, None)
    )


def test_reads_csv_and_json(tmp_path: Path) -> None:
    csv_file = tmp_path / "r.csv"
    csv_file.write_text(
        "registry_id,name,kommune_code,party,role,valid_from,valid_to,source\n"
        "1,Peter Sørensen,573,A,borgmester,2022-01-01,,DST\n"
        "2,Ib Holt,573,,medlem,,,\n",
        encoding="utf-8",
    )
    rows = read_registry_file(csv_file)
    assert (rows[0].registry_id, rows[0].party, rows[0].valid_from, rows[0].valid_to) == (
        1,
        "A",
        date(2022, 1, 1),
        None,
    )
    assert (rows[1].party, rows[1].valid_from, rows[1].source) == (None, None, "")
    json_file = tmp_path / "r.json"
    json_file.write_text(
        json.dumps(
            [{"registry_id": 1, "name": "Ib Holt", "kommune_code": 573, "party": None, "role": "medlem"}]
        ),
        encoding="utf-8",
    )
    assert read_registry_file(json_file)[0].party is None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("r.csv", "id,navn\n1,Ib Holt\n", "the CSV header lacks registry_id"),
        (
            "r.csv",
            "registry_id,name,kommune_code,party,role\n1,Ib Holt,573,A,kaptajn\n",
            "row 1: role 'kaptajn'",
        ),
        (
            "r.csv",
            "registry_id,name,kommune_code,party,role,valid_from\n1,Ib,573,A,medlem,1.1.2022\n",
            "row 1:",
        ),
        ("r.csv", "registry_id,name,kommune_code,party,role\nx,Ib,573,A,medlem\n", "row 1: invalid literal"),
        ("r.json", "[{", "not JSON"),
        ("r.json", '{"a": 1}', "expected a JSON list of objects"),
    ],
)
def test_a_bad_file_is_one_clear_line(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RegistryFileError, match=message.replace("(", r"\(")) as raised:
        read_registry_file(path)
    assert "\n" not in str(raised.value)


def test_latin1_and_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("registry_id,name,kommune_code,party,role\n1,Søren,573,A,medlem\n".encode("latin-1"))
    with pytest.raises(RegistryFileError, match="not UTF-8"):
        read_registry_file(path)
    with pytest.raises(RegistryFileError, match="cannot read"):
        read_registry_file(tmp_path / "findes-ikke.csv")
