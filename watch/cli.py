"""`kommunevagt watch add|list|show|remove|run|feed`: saved searches from the command line.

Names given on the command line (kommune, region, person, party, source) are resolved to codes
when the watch is created, and an unknown one, a bad e-mail address or a bad time is refused
with one line and exit code 2, before anything is stored.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import typer
from sqlalchemy.engine import Engine

from store.cli import exit_on_store_error

watch_app = typer.Typer(
    name="watch", help="Saved searches (overvågninger) that alert by e-mail, webhook and Atom feed.",
    no_args_is_help=True,
)  # fmt: skip


def _engine() -> Engine:
    """The database's engine once its schema is current; else one line telling to upgrade."""
    from store import db
    from store.schema import require_head

    require_head()
    return db.get_engine()


def _refuse(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def _valid_email(address: str) -> str:
    from watch.spec import parse_email

    try:
        return parse_email(address)
    except ValueError as exc:
        raise _refuse(str(exc)) from None


@watch_app.command("add")
def add_command(
    name: str = typer.Argument(..., help="The watch's name, e.g. 'Ballerup i pressen'."),
    kommune: list[str] = typer.Option([], "--kommune", help="Kommunekode or name; repeatable."),
    region: list[str] = typer.Option([], "--region", help="Region code or name; repeatable."),
    person: list[str] = typer.Option([], "--person", help="A person's full name; repeatable."),
    party: list[str] = typer.Option([], "--party", help="Party list letter; repeatable."),
    kind: list[str] = typer.Option([], "--kind", help="Document kind: news, debate or minutes; repeatable."),
    source: list[str] = typer.Option([], "--source", help="Source name; repeatable."),
    figure: list[str] = typer.Option([], "--figure", help="Kind of figure (percent, money ...); repeatable."),
    query: str = typer.Option("", "--query", "-q", help="Full-text query, as in the Tidslinje search."),
    email_to: list[str] = typer.Option([], "--email", help="Recipient of the e-mail digest; repeatable."),
    webhook_url: str | None = typer.Option(None, "--webhook", help="URL that receives a signed JSON POST."),
    secret: str | None = typer.Option(None, "--secret", help="HMAC-SHA256 key for the webhook signature."),
    daily: str | None = typer.Option(None, "--daily", help="Send daily at HH:MM (Danish time)."),
    weekly: str | None = typer.Option(None, "--weekly", help="Send weekly, e.g. 'mandag 07:00'."),
) -> None:
    """Save a search. Default schedule: after every crawl (each `watch run`).

    A webhook without --secret gets a generated signing key, printed once.
    """
    from store import db, watches
    from store.queries.common import STATISTIC_KINDS
    from store.queries.filters import ClaimFilter
    from watch import schedule

    if daily and weekly:
        raise _refuse("give --daily or --weekly, not both")
    if webhook_url and not webhook_url.startswith(("http://", "https://")):
        raise _refuse(f"the webhook must be an http(s) URL: {webhook_url!r}")
    for value in kind:
        if value not in ("news", "debate", "minutes"):
            raise _refuse(f"unknown document kind {value!r}: use news, debate or minutes")
    for value in figure:
        if value not in STATISTIC_KINDS:
            raise _refuse(f"unknown kind of figure {value!r}: use one of {', '.join(STATISTIC_KINDS)}")
    emails = tuple(_valid_email(address) for address in email_to)
    generated = webhook_url is not None and not secret
    if generated:  # every webhook is signed; the receiver needs the key to check it
        secret = secrets.token_hex(32)
    frequency, at_time, weekday = "crawl", None, None
    try:
        if daily:
            frequency, at_time = "daily", schedule.parse_time(daily)
        elif weekly:
            frequency = "weekly"
            weekday, at_time = schedule.parse_weekly(weekly)
    except ValueError as exc:
        raise _refuse(str(exc)) from None
    with (
        exit_on_store_error(),
        db.translate_errors(),
        db.session_scope(_engine(), write=True) as session,
    ):
        try:
            filters = ClaimFilter(
                kommuner=tuple(watches.resolve_kommune(session, value) for value in kommune),
                regions=tuple(watches.resolve_region(session, value) for value in region),
                persons=tuple(watches.resolve_person(session, value) for value in person),
                parties=tuple(watches.resolve_party(session, value) for value in party),
                sources=tuple(watches.resolve_source(session, value) for value in source),
                document_kinds=tuple(kind),
                statistic_kinds=tuple(figure),
                text=query.strip(),
            )
            spec = watches.WatchSpec(
                name=name, filters=filters, emails=emails, webhook_url=webhook_url, webhook_secret=secret,
                frequency=frequency, at_time=at_time, weekday=weekday,
            )  # fmt: skip
            watch = watches.create_watch(session=session, spec=spec)
        except watches.WatchError as exc:
            raise _refuse(str(exc)) from None
        typer.echo(f"added watch {watch.name!r} ({schedule.describe(watch)})")
    if generated:
        typer.echo(f"webhook signing key (X-Kommunevagt-Signature, HMAC-SHA256): {secret}")


@watch_app.command("list")
def list_command() -> None:
    """Every watch with its schedule, channels and pending items."""
    from store import db, watches
    from watch import schedule

    with exit_on_store_error(), db.translate_errors(), db.session_scope(_engine()) as session:
        found = watches.list_watches(session=session)
        if not found:
            typer.echo("no watches; add one with `kommunevagt watch add NAME --kommune 151 --email ...`")
        for watch in found:
            assert watch.id is not None
            counts = watches.watch_counts(session=session, watch_id=watch.id)
            pending = sum(counts.pending.values())
            channel_list = ", ".join(watches.channels(watch)) or "feed only"
            status = f"{counts.items} items, {pending} pending"
            typer.echo(f"{watch.name}\t{schedule.describe(watch)}\t{channel_list}\t{status}")


@watch_app.command("show")
def show_command(name: str = typer.Argument(..., help="The watch's name.")) -> None:
    """A watch's filters, channels, schedule and sent log."""
    from store import db, watches
    from watch import schedule

    with exit_on_store_error(), db.translate_errors(), db.session_scope(_engine()) as session:
        watch = watches.get_watch(session=session, name=name)
        if watch is None or watch.id is None:
            raise _refuse(f"no watch named {name!r}")
        typer.echo(f"name: {watch.name}")
        typer.echo(f"filters: {watch.filters or '(everything)'}")
        typer.echo(f"schedule: {schedule.describe(watch)}")
        typer.echo(f"e-mail: {', '.join(watch.emails) or '-'}")
        typer.echo(f"webhook: {watch.webhook_url or '-'}")
        typer.echo(f"last run: {watch.last_run_at.isoformat() if watch.last_run_at else 'never'}")
        for entry in watches.sent_log(session=session, watch_id=watch.id):
            when = entry.sent_at.isoformat(timespec="minutes") if entry.sent_at else "pending"
            detail = entry.recipients or (entry.last_error or "")
            typer.echo(f"  {when}\t{entry.channel}\t{detail}\t{entry.title or entry.document_id}")


@watch_app.command("remove")
def remove_command(name: str = typer.Argument(..., help="The watch's name.")) -> None:
    """Delete a watch with its sent log."""
    from store import db, watches

    with (
        exit_on_store_error(),
        db.translate_errors(),
        db.session_scope(_engine(), write=True) as session,
    ):
        if not watches.remove_watch(session=session, name=name):
            raise _refuse(f"no watch named {name!r}")
    typer.echo(f"removed watch {name!r}")


@watch_app.command("run")
def run_command(
    force: bool = typer.Option(False, "--force", help="Run every watch now, whatever its schedule."),
) -> None:
    """Match new documents and claims, send what is due, write the Atom feeds; one line per watch."""
    from core.settings import get_settings
    from store import db
    from watch.run import run_watches

    with exit_on_store_error(), db.translate_errors():
        reports = run_watches(_engine(), get_settings(), force=force)
    if not reports:
        typer.echo("no watches")
    for report in reports:
        typer.echo(report.summary())
    if any(result.error for report in reports for result in report.channels):
        raise typer.Exit(code=1)


def after_crawl() -> bool:
    """Run the due watches after a crawl (their default schedule); one line per watch.

    Says nothing when there are no watches, so a crawl without alerts prints what it always did.
    Returns False when a channel failed (its items stay pending), for the crawl's exit code.
    """
    from core.settings import get_settings
    from watch.run import run_watches

    with exit_on_store_error():
        reports = run_watches(_engine(), get_settings())
    for report in reports:
        typer.echo(f"watch {report.summary()}")
    return not any(result.error for report in reports for result in report.channels)


@watch_app.command("feed")
def feed_command(name: str = typer.Argument(..., help="The watch's name.")) -> None:
    """Print a watch's Atom feed (its newest items)."""
    from core.settings import get_settings
    from store import db, watches
    from store.queries.watch_match import recent_items
    from watch import feed
    from watch.run import FEED_ITEMS

    with exit_on_store_error(), db.translate_errors(), db.session_scope(_engine()) as session:
        watch = watches.get_watch(session=session, name=name)
        if watch is None or watch.id is None:
            raise _refuse(f"no watch named {name!r}")
        items = recent_items(session=session, watch_id=watch.id, limit=FEED_ITEMS)
    content = feed.build(
        watch_id=watch.id, watch_name=watch.name, items=items, settings=get_settings(), now=datetime.now(UTC)
    )
    typer.echo(content.decode())


def register(app: typer.Typer) -> None:
    """Attach `kommunevagt watch ...`."""
    app.add_typer(watch_app, name="watch")
