"""The politician registry as the person rules use it: cheap look-ups over `RegistryEntry` rows.

The registry is knowledge, never the only source: a mention is found from the text alone, and
the registry then says which elected politician it is (`registry_id`), fills a party the text
does not give, and resolves a surname or a role noun ("Sørensen", "borgmesteren") that the
document itself does not resolve, within the document's kommune.

`Registry` is runtime-only: the store keeps the registry (`store.politicians`), a caller hands
its rows to the pipeline for a run (`nlp.pipeline.extract_many(registry=...)`), and a saved
pipeline never carries a snapshot of it. `read_registry_file` reads the rows from a JSON or CSV
file for `kommunevagt extract --registry FILE`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any, get_args

from core.politicians import RegistryEntry, Role

ROLES = frozenset(get_args(Role))
FIELDS = tuple(f.name for f in fields(RegistryEntry))
REQUIRED = ("registry_id", "name", "kommune_code", "party", "role")


def name_key(name: str) -> str:
    """The registry's spelling-insensitive key of a name: "H.C. Andersen" = "h c andersen"."""
    return " ".join(name.replace(".", " ").replace("-", " ").split()).casefold()


def valid_on(entry: RegistryEntry, day: date | None) -> bool:
    """Whether the seat was held on `day`; without a day, whether it is held now."""
    if day is None:
        return entry.valid_to is None
    starts = entry.valid_from is None or entry.valid_from <= day
    return starts and (entry.valid_to is None or day <= entry.valid_to)


@dataclass(frozen=True)
class Registry:
    """Entries indexed by full name, by (kommune, surname) and by (kommune, role)."""

    entries: tuple[RegistryEntry, ...]
    by_name: dict[str, tuple[RegistryEntry, ...]]
    by_surname: dict[tuple[int, str], tuple[RegistryEntry, ...]]
    by_role: dict[tuple[int, str], tuple[RegistryEntry, ...]]

    @classmethod
    def build(cls, entries: Iterable[RegistryEntry]) -> Registry:
        rows = tuple(entries)
        by_name: dict[str, list[RegistryEntry]] = {}
        by_surname: dict[tuple[int, str], list[RegistryEntry]] = {}
        by_role: dict[tuple[int, str], list[RegistryEntry]] = {}
        for entry in rows:
            key = name_key(entry.name)
            by_name.setdefault(key, []).append(entry)
            by_surname.setdefault((entry.kommune_code, key.split()[-1]), []).append(entry)
            by_role.setdefault((entry.kommune_code, entry.role), []).append(entry)
        return cls(
            rows,
            {k: tuple(v) for k, v in by_name.items()},
            {k: tuple(v) for k, v in by_surname.items()},
            {k: tuple(v) for k, v in by_role.items()},
        )

    def __len__(self) -> int:
        return len(self.entries)

    def named(self, name: str) -> tuple[RegistryEntry, ...]:
        """Every seat of every politician with this full name."""
        return self.by_name.get(name_key(name), ())

    def surname(self, kommune: int, word: str, day: date | None) -> RegistryEntry | None:
        """The one politician of `kommune` with this surname (seated on `day`, else any time)."""
        return one_person(self.by_surname.get((kommune, name_key(word)), ()), day)

    def holder(self, kommune: int, role: str, day: date | None) -> RegistryEntry | None:
        """The one holder of `role` in `kommune` on `day` (or now); None when none or several."""
        seated = [e for e in self.by_role.get((kommune, role), ()) if valid_on(e, day)]
        return seated[0] if len({e.registry_id for e in seated}) == 1 else None


def one_person(entries: Iterable[RegistryEntry], day: date | None) -> RegistryEntry | None:
    """The entry of the only politician among `entries`, the seat held on `day` preferred,
    else the latest seat; None when the entries are several politicians (or none)."""
    rows = list(entries)
    if len({e.registry_id for e in rows}) != 1:
        return None
    return seat(rows, day)


def seat(rows: list[RegistryEntry], day: date | None) -> RegistryEntry:
    """One politician's seat on `day`, or the latest one."""
    current = [e for e in rows if valid_on(e, day)]
    return max(current or rows, key=lambda e: (e.valid_from or date.min, e.registry_id))


# --- reading a registry file -----------------------------------------------------------------


class RegistryFileError(ValueError):
    """A registry file that cannot be used: the message is one line naming what is wrong."""


def read_registry_file(path: Path) -> list[RegistryEntry]:
    """Rows of a JSON (a list of objects) or CSV (a header row) file with the fields of
    `core.politicians.RegistryEntry`: registry_id, name, kommune_code, party, role,
    valid_from, valid_to (YYYY-MM-DD or empty), source. UTF-8; all rows or none."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise RegistryFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise RegistryFileError(f"{path}: not UTF-8 text") from None
    if path.suffix.casefold() == ".json":
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RegistryFileError(f"{path}: not JSON ({exc.msg}, line {exc.lineno})") from None
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise RegistryFileError(f"{path}: expected a JSON list of objects")
    else:
        reader = csv.DictReader(io.StringIO(text))
        missing = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
        if missing:
            raise RegistryFileError(
                f"{path}: the CSV header lacks {', '.join(missing)} (fields: {', '.join(FIELDS)})"
            )
        rows = list(reader)
    return [_entry(row, f"{path}: row {number}") for number, row in enumerate(rows, start=1)]


def _entry(row: dict[str, Any], where: str) -> RegistryEntry:
    missing = [
        name for name in FIELDS if name not in row and name not in ("valid_from", "valid_to", "source")
    ]
    if missing:
        raise RegistryFileError(f"{where}: missing {', '.join(missing)} (fields: {', '.join(FIELDS)})")
    try:
        role = str(row["role"])
        if role not in ROLES:
            raise ValueError(f"role {role!r} is not one of {', '.join(sorted(ROLES))}")
        name = str(row["name"]).strip()
        if not name:
            raise ValueError("empty name")
        return RegistryEntry(
            registry_id=int(row["registry_id"]),
            name=name,
            kommune_code=int(row["kommune_code"]),
            party=str(row["party"]).strip() or None if row["party"] is not None else None,
            role=role,  # type: ignore[arg-type]  # checked against ROLES above
            valid_from=_day(row.get("valid_from")),
            valid_to=_day(row.get("valid_to")),
            source=str(row.get("source") or ""),
        )
    except (TypeError, ValueError) as exc:
        raise RegistryFileError(f"{where}: {exc}") from None


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return date.fromisoformat(str(value))
