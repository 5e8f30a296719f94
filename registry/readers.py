"""Elected-member lists exported from Danmarks Statistik and valg.dk, read into registry seats.

Two formats, told apart by their header:

- Statistikbanken's KV21PERS / KV25PERS ("Valgte kandidaters personlige stemmer ved
  kommunalvalget") as the API or the web export writes CSV: `;`-separated, a column KANDIDAT*
  whose labels are "Navn (A) (Varde Kommune)" (2021) or "Navn, By (V) (Norddjurs kommune)"
  (2025), a TID column with the election year, and the rest (STEMMETYPE, INDHOLD) ignored. A
  candidate appears once per vote type; that is one seat, not a duplicate.
- valg.dk's candidate CSV: columns for the name (Navn / Kandidat), the kommune (Kommune, a name
  or a code) and the list letter (Listebogstav / Bogstav / Parti); a Valgt column (Ja/Nej)
  keeps only the elected, an optional Valgår/Valg column gives the election year.

An election in November of year Y gives seats from 1 January Y+1 to 31 December Y+4.
Bytes are decoded by `core.textdecode` (UTF-8 with or without a byte-order mark; DST's web
exports are often windows-1252/latin-1). Every problem raises `RegistryFileError` with one line
that names the line of the file, and nothing is returned: the caller imports all or nothing.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache

from core.refdata import load_kommuner
from core.textdecode import NotTextError, decode_text
from store.politicians import SeatRow


class RegistryFileError(ValueError):
    """A member-list file that cannot be imported; the message is one line."""


@dataclass(frozen=True, slots=True)
class RegistryFile:
    """What a file holds: its seats, the source name they are stored under, and notes (a guessed
    encoding) for the user."""

    seats: list[SeatRow]
    source: str
    notes: list[str]


_DST_LABEL = re.compile(
    r"^(?P<name>[^,()]+?)(?:,\s*(?P<town>[^()]+?))?\s*\((?P<party>[^()]+)\)\s*\((?P<kommune>[^()]+)\)\s*$"
)
_NAME_COLUMNS = ("navn", "kandidat", "kandidatnavn", "kandidatens navn")
_KOMMUNE_COLUMNS = ("kommune", "kommunenavn", "kommunenr", "kommunekode", "kommunenummer")
_PARTY_COLUMNS = ("listebogstav", "bogstav", "parti", "partibogstav")
_YEAR_COLUMNS = ("valgår", "valgaar", "valg", "år")


def read_registry_file(data: bytes, *, year: int | None = None) -> RegistryFile:
    """The seats of a DST or valg.dk export; `year` is the election year where the file has none."""
    try:
        decoded = decode_text(data)
    except NotTextError as exc:
        raise RegistryFileError(f"not a text file ({exc})") from None
    notes = [decoded.note] if decoded.note else []
    if decoded.encoding not in ("utf-8", "utf-8-sig"):
        notes.append(f"read as {decoded.encoding}")
    text = decoded.text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise RegistryFileError("the file is empty")
    header = [_norm(cell) for cell in rows[0]]
    if any(h.startswith("kandidat") for h in header) and "tid" in header:
        seats, source = _read_dst(header, rows[1:], year)
    elif _column(header, _NAME_COLUMNS) is not None and _column(header, _KOMMUNE_COLUMNS) is not None:
        seats, source = _read_valg(header, rows[1:], year)
    else:
        raise RegistryFileError(
            f"unknown columns {';'.join(rows[0])!r}: expected DST's KANDIDAT;...;TID;INDHOLD "
            "(KV21PERS, KV25PERS) or valg.dk's Navn, Kommune and Listebogstav"
        )
    if not seats:
        raise RegistryFileError("no elected members in the file")
    return RegistryFile(seats=seats, source=source, notes=notes)


def _read_dst(header: list[str], rows: list[list[str]], year: int | None) -> tuple[list[SeatRow], str]:
    who = next(i for i, h in enumerate(header) if h.startswith("kandidat"))
    when = header.index("tid")
    seen: dict[tuple[str, ...], int] = {}
    seats: dict[str, SeatRow] = {}
    years: set[int] = set()
    for line, row in enumerate(rows, start=2):
        _check_row(row, header, line, seen)
        label = row[who].strip()
        match = _DST_LABEL.match(label)
        if match is None:
            raise RegistryFileError(
                f"line {line}: cannot read the candidate {label!r} "
                '(expected "Navn (A) (Varde Kommune)" or "Navn, By (V) (Norddjurs kommune)")'
            )
        elected = year or _year(row[when], line)
        years.add(elected)
        seat = _seat(match["name"], match["kommune"], match["party"], elected, line)
        seats.setdefault(label, seat)
    if len(years) > 1:
        raise RegistryFileError(f"the file mixes elections {sorted(years)}; import one election at a time")
    return list(seats.values()), f"DST KV{min(years) % 100:02d}PERS" if years else "DST"


def _read_valg(header: list[str], rows: list[list[str]], year: int | None) -> tuple[list[SeatRow], str]:
    name, kommune = _column(header, _NAME_COLUMNS), _column(header, _KOMMUNE_COLUMNS)
    party, elected_col = _column(header, _PARTY_COLUMNS), _column(header, ("valgt",))
    year_col = _column(header, _YEAR_COLUMNS)
    assert name is not None and kommune is not None
    if year is None and year_col is None:
        raise RegistryFileError("the file has no Valgår column: give the election year with --year")
    seen: dict[tuple[str, ...], int] = {}
    seats: list[SeatRow] = []
    years: set[int] = set()
    for line, row in enumerate(rows, start=2):
        _check_row(row, header, line, seen)
        if elected_col is not None and _norm(row[elected_col]) not in ("ja", "valgt", "x", "1", "true"):
            continue
        elected = year or _year(row[year_col] if year_col is not None else "", line)
        years.add(elected)
        letter = row[party].strip() if party is not None else ""
        seats.append(_seat(row[name], row[kommune], letter, elected, line))
    if len(years) > 1:
        raise RegistryFileError(f"the file mixes elections {sorted(years)}; import one election at a time")
    return seats, f"valg.dk KV{min(years) % 100:02d}" if years else "valg.dk"


def _check_row(row: list[str], header: list[str], line: int, seen: dict[tuple[str, ...], int]) -> None:
    if len(row) != len(header):
        raise RegistryFileError(f"line {line}: {len(row)} columns where the header has {len(header)}")
    key = tuple(cell.strip() for cell in row)
    if key in seen:
        raise RegistryFileError(f"line {line}: duplicate of line {seen[key]}")
    seen[key] = line


def _seat(name: str, kommune: str, party: str, elected: int, line: int) -> SeatRow:
    name = " ".join(name.split())
    if len(name.split()) < 2:
        raise RegistryFileError(f"line {line}: {name!r} is not a full name")
    return SeatRow(
        name=name,
        kommune_code=_kommune_code(kommune, line),
        party=party.strip() or None,
        role="medlem",
        valid_from=date(elected + 1, 1, 1),
        valid_to=date(elected + 4, 12, 31),
    )


def _year(cell: str, line: int) -> int:
    found = re.search(r"\b(19|20)\d\d\b", cell)
    if found is None:
        raise RegistryFileError(f"line {line}: no election year in {cell.strip()!r}")
    return int(found.group(0))


def _kommune_code(text: str, line: int) -> int:
    """The kommunekode of "Varde Kommune", "Norddjurs kommune", "Københavns Kommune", "573"."""
    key = _norm(text)
    if key.isdigit() and int(key) in _codes_by_name().values():
        return int(key)
    for suffix in (" regionskommune", " kommune"):
        key = key.removesuffix(suffix)
    by_name = _codes_by_name()
    for candidate in (key, key.removesuffix("s")):
        if candidate in by_name:
            return by_name[candidate]
    raise RegistryFileError(f"line {line}: unknown kommune {text.strip()!r}")


@cache
def _codes_by_name() -> dict[str, int]:
    return {_norm(k.name): k.code for k in load_kommuner()}


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    return next((header.index(name) for name in names if name in header), None)


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).strip().lower().split())
