"""`kommunevagt watch run`: match each due watch, send its pending items, write its feed.

Each step is its own transaction, in an order that loses nothing: the matches of every due watch
(items, pending deliveries, advanced watermarks) are committed first, in one transaction; a
channel's items are marked sent only after the SMTP server or webhook accepted them. A failure
leaves them pending for the next run. A crash between "accepted" and "marked" sends them once
more next time: at least once, never lost.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from core.settings import Settings
from store.db import session_scope
from store.models import Watch
from store.queries.spikes import kommune_spikes
from store.queries.watch_batch import Matched, match_watches
from store.queries.watch_match import (
    AlertItem,
    covered_kommuner,
    pending_items,
    recent_items_of,
    region_kommuner,
)
from store.watches import channels, filters_from_json, list_watches, mark_failed, mark_sent, pending_channels
from watch import email, feed, webhook
from watch.email import DeliveryError
from watch.schedule import is_due

FEED_ITEMS = 50


@dataclass
class ChannelResult:
    channel: str
    sent: int = 0
    pending: int = 0
    error: str | None = None


@dataclass
class WatchReport:
    name: str
    due: bool
    new_items: int = 0
    spikes: int = 0
    channels: list[ChannelResult] = field(default_factory=list)
    feed: Path | None = None

    def summary(self) -> str:
        """One line for the run summary (a second for each failed channel)."""
        if not self.due:
            return f"{self.name}: not due"
        parts = [f"{self.name}: {self.new_items} new"]
        if self.spikes:
            parts.append(f"{self.spikes} spike{'s' if self.spikes != 1 else ''}")
        for result in self.channels:
            if result.error:
                parts.append(f"{result.channel} NOT sent, {result.pending} pending ({result.error})")
            elif result.sent:
                parts.append(f"{result.channel} {result.sent} sent")
        return "; ".join(parts)


def _deliver(watch: Watch, channel: str, items: list[AlertItem], settings: Settings, now: datetime) -> str:
    """Send `items` on `channel`; returns the recipients for the sent log."""
    if channel == "email":
        message = email.compose(
            watch_name=watch.name, items=items, recipients=watch.emails, settings=settings
        )
        email.send(message, settings)
        return ", ".join(watch.emails)
    assert watch.webhook_url is not None
    body = webhook.payload(watch_name=watch.name, items=items, settings=settings, now=now)
    webhook.post(url=watch.webhook_url, secret=watch.webhook_secret, body=body, settings=settings)
    return watch.webhook_url


def _send_channel(
    engine: Engine, watch: Watch, channel: str, settings: Settings, now: datetime
) -> ChannelResult:
    assert watch.id is not None
    with session_scope(engine) as session:
        items = pending_items(session=session, watch_id=watch.id, channel=channel)
    result = ChannelResult(channel)
    if not items:
        return result
    ids = [item.item_id for item in items]
    try:
        recipients = _deliver(watch, channel, items, settings, now)
    except DeliveryError as exc:
        with session_scope(engine, write=True) as session:
            mark_failed(session=session, item_ids=ids, channel=channel, error=str(exc))
        result.error, result.pending = str(exc), len(ids)
        return result
    with session_scope(engine, write=True) as session:
        mark_sent(session=session, item_ids=ids, channel=channel, recipients=recipients, now=now)
    result.sent = len(ids)
    return result


def write_feeds(engine: Engine, watches: list[Watch], settings: Settings, now: datetime) -> dict[int, Path]:
    """Rebuild these watches' Atom files from their newest items, read in one statement for all
    of them; the path of each, by watch id."""
    ids = [int(watch.id or 0) for watch in watches]
    with session_scope(engine) as session:
        items = recent_items_of(session=session, watch_ids=ids, limit=FEED_ITEMS) if ids else {}
    folder = settings.resolved_feeds_dir()
    paths = {}
    for watch in watches:
        assert watch.id is not None
        content = feed.build(
            watch_id=watch.id,
            watch_name=watch.name,
            items=items.get(watch.id, []),
            settings=settings,
            now=now,
        )
        paths[watch.id] = feed.write(name=watch.name, content=content, folder=folder)
    return paths


@dataclass
class _Run:
    """What the run's one matching transaction found for all its watches."""

    watches: list[Watch]
    due: set[int]
    matched: dict[int, Matched]
    pending: set[tuple[int, str]]  # (watch id, channel) with items waiting


def _match(engine: Engine, settings: Settings, *, force: bool, now: datetime) -> _Run:
    """Match every due watch at once, in one transaction (store.queries.watch_batch)."""
    with session_scope(engine, write=True) as session:
        watches = list_watches(session=session)
        due = [watch for watch in watches if force or is_due(watch, now)]
        regions = region_kommuner(session)
        covered = sorted(
            set().union(*(covered_kommuner(filters_from_json(watch.filters), regions) for watch in watches))
        )
        spikes = kommune_spikes(
            session, kommuner=covered, day=now.astimezone(UTC).date(),
            factor=settings.spike_factor, minimum=settings.spike_minimum,
        )  # fmt: skip
        wanted = {int(watch.id or 0): channels(watch) for watch in due}
        matched = match_watches(session, due, channels=wanted, spikes=spikes, now=now)
        pushing = [watch_id for watch_id, names in wanted.items() if names]
        pending = pending_channels(session=session, watch_ids=pushing)
    return _Run(watches, set(wanted), matched, pending)


def _send(engine: Engine, watch: Watch, run: _Run, settings: Settings, now: datetime) -> WatchReport:
    """Send one due watch's pending items (a channel with none waiting is not asked)."""
    assert watch.id is not None
    report = WatchReport(watch.name, due=True)
    matched = run.matched.get(watch.id, Matched())
    report.new_items, report.spikes = matched.new_items, matched.spikes
    for channel in channels(watch):
        if (watch.id, channel) in run.pending:
            report.channels.append(_send_channel(engine, watch, channel, settings, now))
        else:
            report.channels.append(ChannelResult(channel))
    return report


def run_watches(
    engine: Engine,
    settings: Settings,
    *,
    force: bool = False,
    now: datetime | None = None,
    phases: dict[str, float] | None = None,
) -> list[WatchReport]:
    """Run every watch in name order: match all due ones in one transaction, then send each one's
    pending items (its own transactions) and rewrite the feeds that changed; one watch's failed
    channel does not stop the others. `phases` receives the seconds spent matching, sending and
    writing feeds (`kommunevagt bench watches` prints them)."""
    moment = now or datetime.now(UTC)
    clock = [time.perf_counter()]

    def lap(name: str) -> None:
        clock.append(time.perf_counter())
        if phases is not None:
            phases[name] = clock[-1] - clock[-2]

    run = _match(engine, settings, force=force, now=moment)
    lap("match")
    reports = {
        watch.id: _send(engine, watch, run, settings, moment)
        if watch.id in run.due
        else WatchReport(watch.name, due=False)
        for watch in run.watches
    }
    lap("send")
    folder = settings.resolved_feeds_dir()
    # A feed whose items did not change is left as it is: its <updated> stays the time of the
    # last change, and a run over many quiet searches does not rebuild every feed.
    changed = [
        watch
        for watch in run.watches
        if watch.id in run.due
        and (
            reports[watch.id].new_items
            or reports[watch.id].spikes
            or not feed.path_for(watch.name, folder).exists()
        )
    ]
    paths = write_feeds(engine, changed, settings, moment)
    for watch in run.watches:
        if watch.id in run.due:
            reports[watch.id].feed = paths.get(int(watch.id or 0), feed.path_for(watch.name, folder))
    lap("feeds")
    return list(reports.values())
