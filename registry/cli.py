"""`kommunevagt politicians`: import elected-member lists into the registry and list it.

An import is one transaction: a file with any problem (unknown columns, a candidate label that
cannot be read, an unknown kommune, a duplicate row, bytes that are not text) gives one
`error:` line naming the file and line, exit code 1, and leaves the registry as it was.
"""

from __future__ import annotations

from pathlib import Path

import typer

from store.cli import exit_on_store_error

politicians_app = typer.Typer(
    name="politicians",
    help="The registry of elected politicians (DST and valg.dk member lists, council minutes).",
    no_args_is_help=True,
)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=1)


@politicians_app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="A DST KV21PERS/KV25PERS CSV export or a valg.dk CSV export."),
    year: int | None = typer.Option(None, "--year", help="Election year, where the file does not say."),
) -> None:
    """Import an elected-member list; a re-import of the same election replaces its seats."""
    from registry.readers import RegistryFileError, read_registry_file
    from store import db
    from store.politicians import import_seats
    from store.schema import require_head

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise _fail(f"{file}: {exc.strerror or exc}") from None
    try:
        found = read_registry_file(data, year=year)
    except RegistryFileError as exc:
        raise _fail(f"{file}: {exc}; nothing imported") from None
    with exit_on_store_error(), db.translate_errors():
        require_head()
        with db.session_scope(db.get_engine(), write=True) as session:
            count = import_seats(session, found.seats, source=found.source)
    kommuner = len({s.kommune_code for s in found.seats})
    for note in found.notes:
        typer.echo(f"note: {file}: {note}", err=True)
    typer.echo(f"{count} members in {kommuner} kommuner imported from {file} as {found.source!r}")


@politicians_app.command("list")
def list_command(
    kommune: str | None = typer.Option(None, "--kommune", help="A kommunekode (573) or name (Varde)."),
) -> None:
    """Every seat in the registry: name, party, kommune, role, period and source."""
    from core.refdata import load_kommuner
    from store import db
    from store.politicians import load_registry
    from store.schema import require_head
    from store.watches import WatchError, resolve_kommune

    with exit_on_store_error(), db.translate_errors():
        require_head()
        with db.session_scope(db.get_engine()) as session:
            try:
                codes = None if kommune is None else [resolve_kommune(session, kommune)]
            except WatchError as exc:
                raise _fail(str(exc)) from None
            entries = load_registry(session, codes)
    names = {k.code: k.name for k in load_kommuner()}
    for e in entries:
        period = f"{e.valid_from or '?'}–{e.valid_to or ''}"
        party = f" ({e.party})" if e.party else ""
        where = names.get(e.kommune_code, str(e.kommune_code))
        typer.echo(f"{e.registry_id}\t{e.name}{party}\t{where}\t{e.role}\t{period}\t{e.source}")
    typer.echo(f"{len(entries)} seats", err=True)


def register(app: typer.Typer) -> None:
    """Attach `kommunevagt politicians`."""
    app.add_typer(politicians_app, name="politicians")
