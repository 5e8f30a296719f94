"""`kommunevagt export`: the archive as CSV or JSON Lines on standard output, for people who check
in spreadsheets or their own scripts. CSV cells get the same formula guard as the UI's downloads."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from dataclasses import asdict, fields
from enum import StrEnum
from typing import Any, TextIO

import typer

from ui.export import safe_cell


class Format(StrEnum):
    csv = "csv"
    jsonl = "jsonl"


def write_rows(rows: Iterable[Any], columns: list[str], fmt: Format, out: TextIO) -> int:
    """Write dataclass rows as CSV (header first) or JSON Lines; how many rows were written."""
    written = 0
    if fmt is Format.csv:
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([safe_cell(getattr(row, name)) for name in columns])
            written += 1
        return written
    for row in rows:
        out.write(json.dumps(asdict(row), ensure_ascii=False, default=_json_default) + "\n")
        written += 1
    return written


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def register(app: typer.Typer) -> None:
    """Attach `kommunevagt export documents`, `export persons` and `export figures`."""
    export = typer.Typer(
        help="Export the archive as CSV or JSON Lines (standard output).", no_args_is_help=True
    )
    app.add_typer(export, name="export")

    @export.command("documents")
    def documents(
        fmt: Format = typer.Option(Format.csv, "--format", help="csv or jsonl."),
    ) -> None:
        """Every document with its source, status and story (story_id, the story's prints, its original)."""
        from store import db
        from store.queries.documents import DocumentExport, export_documents

        columns = [f.name for f in fields(DocumentExport)]
        with db.session_scope(db.get_engine()) as session:
            count = write_rows(export_documents(session), columns, fmt, sys.stdout)
        typer.echo(f"{count} documents", err=True)

    @export.command("persons")
    def persons(
        fmt: Format = typer.Option(Format.csv, "--format", help="csv or jsonl."),
    ) -> None:
        """Every person: id, name, kommune, party, roles, registry id, counts, first and last seen."""
        from store import db
        from store.queries.person_export import PersonExport, export_persons

        columns = [f.name for f in fields(PersonExport)]
        with db.session_scope(db.get_engine()) as session:
            count = write_rows(export_persons(session), columns, fmt, sys.stdout)
        typer.echo(f"{count} persons", err=True)

    @export.command("figures")
    def figures(
        fmt: Format = typer.Option(Format.csv, "--format", help="csv or jsonl."),
    ) -> None:
        """Every figure with its record (measure, subject, period, change), verdict and document."""
        from store import db
        from store.queries.figure_export import COLUMNS, export_figures

        with db.session_scope(db.get_engine()) as session:
            count = write_rows(export_figures(session), COLUMNS, fmt, sys.stdout)
        typer.echo(f"{count} figures", err=True)
