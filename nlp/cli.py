"""`kommunevagt extract`: the JSON-lines contract of ../shared/eval/CONTRACT.md."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import typer

from core.textdecode import NotTextError, decode_text, one_line


def _read_text(path: Path) -> str:
    """A file's text by the decoding rule `ingest` and the crawler share; repairs go to stderr.

    Raises OSError when the file cannot be read and NotTextError when it is not text.
    """
    decoded = decode_text(path.read_bytes())
    if decoded.note:
        typer.echo(one_line(f"extract: {path}: {decoded.note}"), err=True)
    return decoded.text


def run_extract(paths: list[Path], published: date | None = None, registry: Path | None = None) -> int:
    """Print one JSON object per readable file, in order; return the exit code.

    `published`: the files' publication date; without it each file is dated by its dateline.
    `registry`: a JSON or CSV file of politician registry rows (`nlp.persons.registry`); a
    file that cannot be used gives one line and exit code 2 before any text is read."""
    from nlp.persons.registry import RegistryFileError, read_registry_file
    from nlp.pipeline import extract_many

    rows = None
    if registry is not None:
        try:
            rows = read_registry_file(registry)
        except RegistryFileError as exc:
            typer.echo(one_line(f"extract: --registry {exc}"), err=True)
            return 2

    readable: list[tuple[Path, str]] = []
    failed = 0
    for path in paths:
        try:
            readable.append((path, _read_text(path)))
        except OSError as exc:
            failed += 1
            typer.echo(one_line(f"extract: cannot read {path}: {exc.strerror or exc}"), err=True)
        except NotTextError as exc:
            failed += 1
            typer.echo(one_line(f"extract: {path}: {exc}"), err=True)
    extractions = extract_many(
        (text for _, text in readable), published=(published for _ in readable), registry=rows
    )
    for (path, _), extraction in zip(readable, extractions, strict=True):
        sys.stdout.write(json.dumps(extraction.to_contract(str(path)), ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 1 if failed else 0


def register(app: typer.Typer) -> None:
    """Attach `extract`."""

    @app.command("extract")
    def extract(
        paths: list[Path] = typer.Argument(
            ..., help="Plain-text files (UTF-8; a BOM, UTF-16, windows-1252 recognised)."
        ),
        jsonl: bool = typer.Option(True, "--jsonl/--no-jsonl", help="One JSON object per line."),
        published: str | None = typer.Option(
            None, "--published", help="Publication date YYYY-MM-DD (else each text's dateline, if any)."
        ),
        registry: Path | None = typer.Option(
            None,
            "--registry",
            help="Politician registry rows (a JSON list, or CSV with a header row; the fields of"
            " core.politicians.RegistryEntry) to resolve persons against: kommune, registry_id, a"
            " party the text does not give.",
        ),
    ) -> None:
        """Find kommuner, regions, persons, statistics, quotes and claims in text files."""
        day = None
        if published is not None:
            try:
                day = date.fromisoformat(published)
            except ValueError:
                typer.echo(f"extract: --published {published!r} is not a date YYYY-MM-DD", err=True)
                raise typer.Exit(2) from None
        raise typer.Exit(run_extract(paths, day, registry))
