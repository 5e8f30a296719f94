"""Sub-commands of `kommunevagt` that belong to the store package: `db upgrade`, `db current`.

Database problems reach the user as one line on stderr and exit code 1; `exit_on_store_error`
is there for the other packages' commands to do the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

db_app = typer.Typer(
    name="db",
    help="Create, upgrade and inspect the database (DATABASE_URL, default: the SQLite file under var/).",
    no_args_is_help=True,
)


@contextmanager
def exit_on_store_error() -> Iterator[None]:
    """Print a `StoreError` as `error: ...` on stderr and exit 1, without a traceback."""
    from store.db import StoreError

    try:
        yield
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from None


@db_app.command("upgrade")
def upgrade_command() -> None:
    """Create or upgrade the database to the newest schema and load the reference data.

    Documents stored before stories existed (revision 0007) get theirs here, once.
    """
    from store.db import describe, get_engine, session_scope
    from store.schema import head_revision
    from store.stories import assign_unassigned
    from store.upgrade import upgrade

    with exit_on_store_error():
        upgrade()
        with session_scope(get_engine(), write=True) as session:
            assigned = assign_unassigned(session)
        typer.echo(f"{describe()} is at schema revision {head_revision()} (head)")
        if assigned:
            typer.echo(f"{assigned} documents stored before stories existed got their story")


@db_app.command("current")
def current_command() -> None:
    """Show the database's schema revision and whether it is the newest."""
    from store.db import describe
    from store.schema import current_revision, head_revision

    with exit_on_store_error():
        revision = current_revision()
        head = head_revision()
    if revision is None:
        typer.echo(f"{describe()}: no schema yet (head is {head}); run `kommunevagt db upgrade`")
    elif revision == head:
        typer.echo(f"{describe()}: {revision} (head)")
    else:
        typer.echo(f"{describe()}: {revision} (head is {head}); run `kommunevagt db upgrade`")


def register(app: typer.Typer) -> None:
    """Attach this package's commands to the main app."""
    app.add_typer(db_app, name="db")
