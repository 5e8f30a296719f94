"""Reading DST and valg.dk member-list exports (`registry.readers`), good files and bad."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from registry.readers import RegistryFileError, read_registry_file

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _read(name: str, **kw: int) -> list[tuple[str, int, str | None]]:
    found = read_registry_file((FIXTURES / name).read_bytes(), **kw)
    return [(s.name, s.kommune_code, s.party) for s in found.seats]


def test_kv21pers_api_csv() -> None:
    found = read_registry_file((FIXTURES / "kv21pers.csv").read_bytes())
    assert found.source == "DST KV21PERS"
    assert [(s.name, s.kommune_code, s.party) for s in found.seats] == [
        ("Peter Sørensen", 573, "A"),
        ("Mette Bock", 573, "Ø"),
        ("Peter Sørensen", 707, "C"),
        ("Åse Ærø-Jensen", 101, "V"),  # "Københavns Kommune"
        ("Hans Christian Østergaard", 400, "L"),  # "Bornholms Regionskommune", a local list
    ]
    assert {(s.role, s.valid_from, s.valid_to) for s in found.seats} == {
        ("medlem", date(2022, 1, 1), date(2025, 12, 31))
    }
    assert found.notes == []


def test_kv25pers_in_windows_1252_with_towns() -> None:
    found = read_registry_file((FIXTURES / "kv25pers_cp1252.csv").read_bytes())
    assert found.source == "DST KV25PERS"
    assert [(s.name, s.kommune_code, s.party, s.valid_from) for s in found.seats] == [
        ("Søren Lønborg", 707, "V", date(2026, 1, 1)),
        ("Jørgen Bæk", 707, "A", date(2026, 1, 1)),
        ("Peter Sørensen", 573, "A", date(2026, 1, 1)),
    ]
    assert any("cp1252" in note for note in found.notes)


def test_valg_dk_csv_keeps_the_elected() -> None:
    found = read_registry_file((FIXTURES / "valgdk_kv25.csv").read_bytes())
    assert found.source == "valg.dk KV25"
    assert [(s.name, s.kommune_code, s.party) for s in found.seats] == [
        ("Peter Sørensen", 573, "A"),
        ("Mette Bock", 573, "Ø"),
        ("Peter Sørensen", 707, "C"),
    ]


def test_latin1_bytes_decode_to_the_same_names() -> None:
    text = "KANDIDAT;STEMMETYPE;TID;INDHOLD\r\nJørgen Bæk (A) (Ærø Kommune);Personlige stemmer;2021;300\r\n"
    assert read_registry_file(text.encode("latin-1")).seats[0].name == "Jørgen Bæk"
    assert read_registry_file(text.encode("latin-1")).seats[0].kommune_code == 492


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Navn;Stemmer\r\nPeter Hansen;12\r\n", "unknown columns 'Navn;Stemmer'"),
        (
            b"KANDIDAT;STEMMETYPE;TID;INDHOLD\nAnne Holm (A) (Varde Kommune);P;2021;1\n"
            b"Bo Dam (V) (Varde Kommune);P;2021;2\nAnne Holm (A) (Varde Kommune);P;2021;1\n",
            "line 4: duplicate of line 2",
        ),
        (
            b"KANDIDAT;STEMMETYPE;TID;INDHOLD\nAnne Holm (A) (Varde Kommune);P;2021;1\n"
            b"Bo Dam (V) (Atlantis Kommune);P;2021;2\n",
            "line 3: unknown kommune 'Atlantis Kommune'",
        ),
        (
            b"KANDIDAT;STEMMETYPE;TID;INDHOLD\nAnne Holm, Varde;P;2021;1\n",
            "line 2: cannot read the candidate 'Anne Holm, Varde'",
        ),
        (
            b"KANDIDAT;STEMMETYPE;TID;INDHOLD\nAnne Holm (A) (Varde Kommune);P;2021\n",
            "line 2: 3 columns where the header has 4",
        ),
        (
            b"KANDIDAT;STEMMETYPE;TID;INDHOLD\nAnne Holm (A) (Varde Kommune);P;2021;1\n"
            b"Bo Dam (V) (Varde Kommune);P;2025;2\n",
            "the file mixes elections [2021, 2025]",
        ),
        (b"Kandidat,Kommune,Listebogstav\r\nPeter Hansen,Varde,A\r\n", "give the election year with --year"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" * 20, "not a text file"),
        (b"", "the file is empty"),
    ],
)
def test_bad_files_give_one_line(data: bytes, message: str) -> None:
    with pytest.raises(RegistryFileError) as error:
        read_registry_file(data)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_year_option_for_a_file_without_one() -> None:
    found = read_registry_file(b"Kandidat,Kommune,Listebogstav\r\nPeter Hansen,Varde,A\r\n", year=2021)
    assert [(s.name, s.kommune_code, s.party, s.valid_to) for s in found.seats] == [
        ("Peter Hansen", 573, "A", date(2025, 12, 31))
    ]
    assert found.source == "valg.dk KV21"
