"""`kommunevagt watch run`: match each due watch, send its pending items, write its feed.

Each step is its own transaction, in an order that loses nothing: the matches (items, pending
deliveries, advanced watermarks) are committed first; a channel's items are marked sent only
after the SMTP server or webhook accepted them. A failure leaves them pending for the next run.
A crash between "accepted" and "marked" sends them once more next time: at least once, never lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from core.settings import Settings
from store.db import session_scope
from store.models import Watch
from store.queries.spikes import Spike, kommune_spikes
from store.queries.watch_match import (
    AlertItem,
    add_spike_items,
    covered_kommuner,
    match_new_items,
    pending_items,
    recent_items,
)
from store.queries.watch_prefilter import NewRows, new_rows
from store.watches import channels, list_watches, mark_failed, mark_sent
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


def write_feed(engine: Engine, watch: Watch, settings: Settings, now: datetime) -> Path:
    """Rebuild the watch's Atom file from its newest items."""
    assert watch.id is not None
    with session_scope(engine) as session:
        items = recent_items(session=session, watch_id=watch.id, limit=FEED_ITEMS)
    content = feed.build(watch_id=watch.id, watch_name=watch.name, items=items, settings=settings, now=now)
    return feed.write(name=watch.name, content=content, folder=settings.resolved_feeds_dir())


def run_watch(
    engine: Engine,
    watch_id: int,
    settings: Settings,
    *,
    force: bool,
    now: datetime,
    spikes: Sequence[Spike] = (),
    new: NewRows | None = None,
) -> WatchReport:
    """Match, send and write the feed for one watch (if it is due or `force`); `new` is what the
    run can find at all (`store.queries.watch_prefilter`), read once for all its watches."""
    with session_scope(engine, write=True) as session:
        watch = session.get(Watch, watch_id)
        assert watch is not None
        report = WatchReport(watch.name, due=force or is_due(watch, now))
        if not report.due:
            return report
        wanted = channels(watch)
        report.new_items = match_new_items(session=session, watch=watch, channels=wanted, now=now, new=new)
        report.spikes = add_spike_items(
            session=session, watch=watch, spikes=list(spikes), channels=wanted, now=now
        )
    for channel in wanted:
        report.channels.append(_send_channel(engine, watch, channel, settings, now))
    existing = feed.path_for(watch.name, settings.resolved_feeds_dir())
    if report.new_items or report.spikes or not existing.exists():
        existing = write_feed(engine, watch, settings, now)
    # Unchanged items leave the file as it is: its <updated> stays the time of the last change,
    # and a run over many quiet searches does not rebuild every feed (half the run's time).
    report.feed = existing
    return report


def run_watches(
    engine: Engine, settings: Settings, *, force: bool = False, now: datetime | None = None
) -> list[WatchReport]:
    """Run every watch in name order; one watch's failed channel does not stop the others."""
    moment = now or datetime.now(UTC)
    with session_scope(engine) as session:
        watches = list_watches(session=session)
        ids = [watch.id for watch in watches if watch.id is not None]
        covered = sorted(set().union(*(covered_kommuner(session, watch) for watch in watches)))
        spikes = kommune_spikes(
            session, kommuner=covered, day=moment.astimezone(UTC).date(),
            factor=settings.spike_factor, minimum=settings.spike_minimum,
        )  # fmt: skip
        new = new_rows(
            session,
            after_document=min((watch.last_document_id for watch in watches), default=0),
            after_claim=min((watch.last_claim_id for watch in watches), default=0),
        )
    return [run_watch(engine, i, settings, force=force, now=moment, spikes=spikes, new=new) for i in ids]
