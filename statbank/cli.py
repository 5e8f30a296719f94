"""`kommunevagt stats sync | check | verify`: official figures from Statistikbanken, and verdicts.

Failures reach the user as one line on stderr and a non-zero exit code: a Statistikbanken
problem as `stats sync: ...` (the cache is left as it was), a database problem through
`store.cli.exit_on_store_error`.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from contextlib import AbstractContextManager, ExitStack, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import typer

from store.cli import exit_on_store_error

if TYPE_CHECKING:  # imported inside the commands, keeping `kommunevagt --help` fast
    from statbank.check import CheckResult
    from statbank.client import StatbankClient
    from statbank.measures import Measure

stats_app = typer.Typer(
    name="stats",
    help="Official figures from Statistikbanken (Danmarks Statistik) and checks of claimed figures.",
    no_args_is_help=True,
)


def _client() -> StatbankClient:
    from core.settings import get_settings
    from statbank.client import StatbankClient

    return StatbankClient(get_settings().statbank_url)


def _measures(keys: list[str] | None) -> tuple[Measure, ...]:
    from statbank.measures import load_measures

    measures = load_measures()
    unknown = [key for key in keys or [] if key not in measures]
    if unknown:
        typer.echo(f"stats: unknown measure {unknown[0]!r}; known: {', '.join(sorted(measures))}", err=True)
        raise typer.Exit(code=2)
    return tuple(measures[key] for key in keys) if keys else tuple(measures.values())


@stats_app.command("sync")
def sync_command(
    measure: list[str] | None = typer.Option(None, "--measure", "-m", help="Only this measure (repeatable)."),
    kommune: int | None = typer.Option(None, "--kommune", help="Only this kommune (kommunekode, e.g. 101)."),
    format: str = typer.Option("csv", "--format", help="Ask Statistikbanken for csv or jsonstat."),
) -> None:
    """Fetch official values of the mapped measures into the database (all fetched before any is written)."""
    from statbank.client import StatbankError
    from statbank.sync import SyncPlan, fetch
    from store.db import get_engine, session_scope
    from store.official import upsert_official_figures
    from store.schema import require_head

    if format not in ("csv", "jsonstat"):
        typer.echo(f"stats sync: --format must be csv or jsonstat, not {format!r}", err=True)
        raise typer.Exit(code=2)
    plan = SyncPlan(measures=_measures(measure), kommune=kommune)
    with exit_on_store_error():
        require_head()
    try:
        with _client() as client:
            rows = fetch(client, plan, format="jsonstat" if format == "jsonstat" else "csv")
    except StatbankError as exc:
        typer.echo(f"stats sync: {exc}; the cached figures are unchanged", err=True)
        raise typer.Exit(code=1) from None
    with exit_on_store_error(), session_scope(get_engine(), write=True) as session:
        upsert_official_figures(session=session, rows=rows)
    tables = sorted({row["table_id"] for row in rows})
    typer.echo(f"stored {len(rows)} official figures from {', '.join(tables) or 'no table'}")


@stats_app.command("check")
def check_command(
    jsonl: bool = typer.Option(False, "--jsonl", help="One JSON object per checked figure."),
    from_jsonl: Path | None = typer.Option(
        None, "--from-jsonl", help="Check the figure records of a `kommunevagt extract --jsonl` file."
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="Only the summary line (the verdicts are stored either way)."
    ),
) -> None:
    """Compare claimed figures with the synced official figures (works offline, from the cache).

    The verdicts on the figure records of the database are stored (replacing the previous
    check's), so the Tal page and `export figures` show them; figures read with --from-jsonl
    are only printed.
    """
    from statbank.check import check_all, read_extract_jsonl, record_verdicts, stored_results
    from store.db import get_engine, session_scope
    from store.official import official_index
    from store.schema import require_head
    from store.verdicts import stored_counts

    errors: list[str] = []
    counts: Counter[str] = Counter()
    stored = 0
    with exit_on_store_error(), ExitStack() as stack:
        require_head()
        session = stack.enter_context(session_scope(get_engine(), write=from_jsonl is None))
        index = official_index(session=session)
        if from_jsonl is not None:
            figures = read_extract_jsonl(stack.enter_context(_open(from_jsonl)), errors)
            results = check_all(figures, index)
        else:
            stored = record_verdicts(session, index, datetime.now(UTC))
            results = stored_results(session) if not quiet else iter(())
            counts.update(stored_counts(session) if quiet else {})
        for result in results:
            counts[result.verdict] += 1
            if not quiet:
                _print(result, jsonl=jsonl)
    for error in errors:
        typer.echo(f"stats check: {from_jsonl}: {error}", err=True)
    summary = ", ".join(f"{verdict} {n}" for verdict, n in sorted(counts.items())) or "no figure records"
    kept = "" if from_jsonl is not None else f"; {stored} verdicts stored"
    typer.echo(f"stats check: {sum(counts.values())} figures checked ({summary}){kept}", err=True)
    if errors:
        raise typer.Exit(code=1)


@stats_app.command("verify")
def verify_command(
    measure: list[str] | None = typer.Option(None, "--measure", "-m", help="Only this measure (repeatable)."),
) -> None:
    """Check the measure map against the live tableinfo of its tables (every variable and code exists)."""
    from statbank.client import StatbankError
    from statbank.sync import verify

    try:
        with _client() as client:
            problems = verify(client, _measures(measure))
    except StatbankError as exc:
        typer.echo(f"stats verify: {exc}", err=True)
        raise typer.Exit(code=1) from None
    for problem in problems:
        typer.echo(problem)
    if problems:
        raise typer.Exit(code=1)
    typer.echo("every table, variable and code of the map exists")


def _open(path: Path) -> AbstractContextManager[TextIO]:
    """The extract file (`-` is stdin); a file that cannot be read is one line and exit 1."""
    if str(path) == "-":
        return nullcontext(sys.stdin)  # stdin is not ours to close
    try:
        return path.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        typer.echo(f"stats check: cannot read {path}: {exc.strerror or exc}", err=True)
        raise typer.Exit(code=1) from None


def _print(result: CheckResult, *, jsonl: bool) -> None:
    from statbank.measures import credit, statbank_link

    if jsonl:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        return
    f = result.figure
    subject = f.subject_type if f.subject_code is None else f"{f.subject_type} {f.subject_code}"
    line = f"{result.verdict}: {f.text!r} ({f.measure}, {subject}, {f.period})"
    if result.official is not None:
        line += f" - officielt {result.official:g} {result.unit} ({result.table} {result.official_period})"
    elif result.reason:
        line += f" - {result.reason}"
    if result.table:
        line += f". {credit(result.table)} {statbank_link(result.table)}"
    sys.stdout.write(f"{line}  <{f.document_url}>\n")  # not typer.echo: a check prints 100,000s


def register(app: typer.Typer) -> None:
    """Attach `stats`."""
    app.add_typer(stats_app, name="stats")
