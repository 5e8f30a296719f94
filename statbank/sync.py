"""Fetch the official values of the mapped measures: the work of `kommunevagt stats sync`.

Everything is fetched before anything is written, so a sync that fails half-way (offline, an
HTTP error, an HTML page, a malformed CSV) leaves the cache exactly as it was. Each table's
`tableinfo` is read first: the map is checked against it (a withdrawn code stops the sync with
the reason), and cells that come back as texts instead of codes are mapped back to codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from statbank.client import DataFormat, Row, StatbankClient, StatbankError, TableInfo
from statbank.measures import Measure, Source, area_code, subject_of_area


@dataclass(frozen=True)
class SyncPlan:
    """What to fetch: measures (all when None) and one kommune (all areas when None)."""

    measures: tuple[Measure, ...]
    kommune: int | None = None


def _cell(row: Row, variable: str) -> str | None:
    """A row's cell for a variable; the CSV header writes TID where tableinfo says Tid."""
    if variable in row.codes:
        return row.codes[variable]
    wanted = variable.casefold()
    for name, cell in row.codes.items():
        if name.casefold() == wanted:
            return cell
    return None


def _areas(source: Source, info: TableInfo, kommune: int | None) -> list[str]:
    if kommune is not None:
        code = area_code("kommune", kommune)
        if code is None or code not in info.variables[source.area_variable].values:
            raise StatbankError(f"{source.table} has no area {kommune}")
        return [code]
    return [code for code in info.variables[source.area_variable].values if _is_subject(code)]


def _is_subject(code: str | None) -> bool:
    subject = subject_of_area(code) if code else None
    return subject is not None and subject[0] != "other"


def request_variables(source: Source, info: TableInfo, kommune: int | None) -> dict[str, list[str]]:
    """The `variables` of the data request: the areas, the total of every mapped variable, all times."""
    variables = {source.area_variable: _areas(source, info, kommune)}
    variables.update({var: [code] for var, code in source.totals})
    variables[source.time_variable] = ["*"]
    return variables


def figure_rows(
    source: Source, info: TableInfo, rows: Iterable[Row], areas: Iterable[str], fetched_at: datetime
) -> list[dict[str, Any]]:
    """The store rows for the cells of one data response (missing values and non-subjects skipped)."""
    area_var = info.variables[source.area_variable]
    time_var = info.variables[source.time_variable]
    asked = set(areas)
    out = []
    for row in rows:
        area_cell, time_cell = _cell(row, source.area_variable), _cell(row, source.time_variable)
        if area_cell is None or time_cell is None:
            raise StatbankError(f"{source.table}: the response has no {source.area_variable} or time column")
        if row.value is None:
            continue
        area, period = area_var.code_for(area_cell), time_var.code_for(time_cell)
        subject = subject_of_area(area) if area in asked else None  # only areas asked for, and subjects
        if area is None or period is None or subject is None or subject[0] == "other":
            continue
        if any(
            _cell(row, var) not in (None, code, info.variables[var].values[code])
            for var, code in source.totals
        ):
            continue  # a cell of another breakdown than the total (not asked for; be safe)
        out.append(
            {
                "measure": source.measure,
                "table_id": source.table,
                "variable_codes": source.variable_codes,
                "area_code": area,
                "subject_type": subject[0],
                "subject_code": subject[1],
                "period": period,
                "value": row.value,
                "unit": source.unit,
                "fetched_at": fetched_at,
                "link": source.link,
            }
        )
    return out


def fetch(client: StatbankClient, plan: SyncPlan, *, format: DataFormat = "csv") -> list[dict[str, Any]]:
    """Every official figure of the plan, ready for `store.official.upsert_official_figures`."""
    infos: dict[str, TableInfo] = {}
    fetched_at = datetime.now(UTC)
    out: list[dict[str, Any]] = []
    for measure in plan.measures:
        for source in measure.sources:
            info = infos.get(source.table) or infos.setdefault(source.table, client.tableinfo(source.table))
            problems = source.problems(info)
            if problems:
                raise StatbankError(f"the map of {measure.key} does not fit {source.table}: {problems[0]}")
            variables = request_variables(source, info, plan.kommune)
            rows = client.data(source.table, variables, format=format)
            out.extend(figure_rows(source, info, rows, variables[source.area_variable], fetched_at))
    return out


def verify(client: StatbankClient, measures: Iterable[Measure]) -> list[str]:
    """Every problem of the map against the live tableinfo of its tables (for `stats verify`)."""
    found: list[str] = []
    infos: dict[str, TableInfo] = {}
    for measure in measures:
        for source in measure.sources:
            info = infos.get(source.table) or infos.setdefault(source.table, client.tableinfo(source.table))
            found.extend(f"{measure.key}: {problem}" for problem in source.problems(info))
    return found
