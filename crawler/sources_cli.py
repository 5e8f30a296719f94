"""`kommunevagt sources discover|check`: find the kommuner's sources on the web, and watch their health."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from crawler.source_check import SourceCheck

sources_app = typer.Typer(help="Find sources on the web and check that the configured ones still answer.")


def register(app: typer.Typer) -> None:
    """Attach `sources` to the main app."""
    app.add_typer(sources_app, name="sources")


@sources_app.command("discover")
def discover_command(
    output: Path = typer.Option(
        Path("sources.discovered.toml"), "--output", "-o", help="sources file to write"
    ),
    kommune: list[int] = typer.Option(None, "--kommune", help="only these kommunekoder (default: all 98)"),
    patterns: Path = typer.Option(
        None, "--patterns", help="host patterns TOML (default: crawler/data/discover.toml)"
    ),
    timeout: float = typer.Option(10.0, "--timeout", help="seconds per request"),
) -> None:
    """Probe the known host patterns of each kommune and write what answers into a sources file."""
    from rich.console import Console

    from crawler.discover import OfflineError, discover, load_patterns, load_sites, to_toml
    from crawler.progress import text
    from crawler.settings.base import USER_AGENT

    sites = load_sites()
    if kommune:
        unknown = sorted(set(kommune) - {s.code for s in sites})
        if unknown:
            raise typer.BadParameter(f"unknown kommunekode(r): {', '.join(map(str, unknown))}")
        sites = [s for s in sites if s.code in set(kommune)]
    try:
        results = discover(
            sites, load_patterns(patterns) if patterns else None, timeout=timeout, user_agent=USER_AGENT
        )
    except OfflineError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from None
    output.write_text(to_toml(results), encoding="utf-8")
    console = Console()
    for found in results:
        what = [f"{len(found.feeds)} feed(s)"] if found.feeds else []
        what += ["news listing"] if found.news_listing and not found.feeds else []
        what += [f"minutes ({found.agenda_system})"] if found.agenda_base else []
        line = f"{found.site.code:>4} {found.site.name}: {', '.join(what) or 'nothing found'}"
        if found.notes:
            line += f"  [{'; '.join(found.notes)}]"
        console.print(text(line), soft_wrap=True)
    usable = sum(1 for f in results if f.found)
    console.print(text(f"{usable} of {len(results)} kommuner have a source; written to {output}"))


@sources_app.command("check")
def check_command(
    sources_file: Path = typer.Option(
        None, "--sources", help="TOML sources file (default: crawler/sources.toml)"
    ),
    names: list[str] = typer.Argument(None, help="source names (default: all in the sources file)"),
    jsonl: bool = typer.Option(False, "--jsonl", help="one JSON object per source instead of a table"),
    timeout: float = typer.Option(15.0, "--timeout", help="seconds per request"),
) -> None:
    """Per source: does it answer, when did it last yield a document, how did its latest crawl go."""
    from crawler.discover import OfflineError
    from crawler.settings.base import USER_AGENT
    from crawler.source_check import check_sources
    from crawler.sources import SourceConfigError, load_sources, select
    from store import db
    from store.queries.source_health import source_health

    try:
        sources = select(load_sources(sources_file), names)
    except (SourceConfigError, KeyError, ValueError) as exc:
        raise typer.BadParameter(str(exc)) from None
    with db.session_scope() as session:
        health = {h.name: h for h in source_health(session, [s.name for s in sources])}
    try:
        checks = check_sources(sources, health, timeout=timeout, user_agent=USER_AGENT)
    except OfflineError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from None
    if jsonl:
        for check in checks:
            typer.echo(json.dumps(_as_json(check), ensure_ascii=False))
    else:
        _print_table(checks)
    dead = [c.source.name for c in checks if c.verdict == "dead"]
    if dead:
        typer.echo(f"{len(dead)} dead source(s): {', '.join(dead)}", err=True)


def _as_json(check: SourceCheck) -> dict[str, object]:
    health = check.health
    return {
        "source": check.source.name,
        "verdict": check.verdict,
        "answers": [
            {"role": a.role, "url": a.url, "status": a.status, "problem": a.problem} for a in check.answers
        ],
        "documents": health.documents if health else 0,
        "last_document_at": health.last_document_at.isoformat()
        if health and health.last_document_at
        else None,
        "last_run_at": health.last_run_at.isoformat() if health and health.last_run_at else None,
        "last_run_stored": health.last_run_stored if health else 0,
        "last_run_failed": health.last_run_failed if health else 0,
    }


def _print_table(checks: list[SourceCheck]) -> None:
    from rich.console import Console
    from rich.table import Table

    from crawler.progress import text

    table = Table(title=text("Sources"))
    for name in ("source", "verdict", "answers", "documents", "last document", "latest crawl"):
        table.add_column(name, overflow="fold")
    for check in checks:
        row = _as_json(check)
        answers = "; ".join(f"{a.role} {a.problem or 'ok'}" for a in check.answers) or "no URL"
        crawl = (
            f"{row['last_run_stored']} stored, {row['last_run_failed']} failed"
            if row["last_run_at"]
            else "never"
        )
        table.add_row(
            text(check.source.name),
            text(check.verdict),
            text(answers),
            str(row["documents"]),
            text(str(row["last_document_at"] or "never")),
            text(crawl),
        )
    Console().print(table)
