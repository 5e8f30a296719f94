"""Match every due watch of a `watch run` in one transaction.

The run reads its horizon first (the highest ids, and on PostgreSQL whether writers below them
are still in flight: `store.watch_horizon`), then the window of new rows above the lowest
watermark once (`store.queries.watch_index`), matches each watch against it in Python, and
writes all new items, their pending deliveries and the watches' new watermarks in a few
statements. A watch far behind the others (new, or weekly after a busy week) is matched on its
own in SQL (`watch_match.search_watch`) instead of stretching the window over its whole gap;
both give the same matches.

The caller commits. A failure rolls everything back, so no watermark moves past items that were
not stored, and the unique (watch, item key) keeps a story from being an item twice whatever a
run re-reads or a concurrent run does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session

from store.models import Watch
from store.queries.filters import ClaimFilter
from store.queries.spikes import Spike
from store.queries.watch_index import read_window
from store.queries.watch_match import (
    covered_kommuner,
    insert_items,
    item_values,
    region_kommuner,
    search_watch,
    spike_values,
    stories_of,
)
from store.queries.watch_prefilter import new_rows
from store.watch_horizon import Horizon, next_marks, read_horizon
from store.watches import filters_from_json

# How far behind the run's newest ids a watch may be and still share its window (ids, roughly
# rows): further behind, its own two SQL statements cost less than reading the gap into memory.
FAR_DOCUMENTS = 5_000
FAR_CLAIMS = 25_000


@dataclass
class Matched:
    """What one watch got from a run."""

    new_items: int = 0
    spikes: int = 0


def _far(watch: Watch, horizon: Horizon) -> bool:
    return (
        horizon.max_document - watch.last_document_id > FAR_DOCUMENTS
        or horizon.max_claim - watch.last_claim_id > FAR_CLAIMS
    )


def _found_values(
    session: Session, watches: Sequence[Watch], filters_of: dict[int, ClaimFilter], horizon: Horizon,
    now: datetime,
) -> list[dict[str, Any]]:  # fmt: skip
    """The match items of every watch, in watch order (one item per story)."""
    near = [w for w in watches if not _far(w, horizon)]
    far = [w for w in watches if _far(w, horizon)]
    upto = (horizon.max_document, horizon.max_claim)
    window = None
    if near:
        window = read_window(
            session,
            after_document=min(w.last_document_id for w in near),
            after_claim=min(w.last_claim_id for w in near),
            upto_document=horizon.max_document, upto_claim=horizon.max_claim,
            texts=[filters_of[int(w.id or 0)].text for w in near],
        )  # fmt: skip
    shared = None
    if far:
        lowest = (min(w.last_document_id for w in far), min(w.last_claim_id for w in far))
        shared = new_rows(session, after_document=lowest[0], after_claim=lowest[1])
    values: list[dict[str, Any]] = []
    for watch in watches:
        assert watch.id is not None
        filters = filters_of[watch.id]
        if window is not None and not _far(watch, horizon):
            found = window.found(filters, watch.last_document_id, watch.last_claim_id)
            stories = window.stories
        else:
            after = (watch.last_document_id, watch.last_claim_id)
            found = search_watch(session, filters, after=after, upto=upto, new=shared)
            stories = stories_of(session, list(found))
        values += item_values(watch.id, found, stories, now)
    return values


def _mark(session: Session, watches: Sequence[Watch], horizon: Horizon, now: datetime) -> None:
    """The watches' new watermarks and run time: one UPDATE per distinct set of values (after a
    run or two most watches share theirs), not one per watch."""
    table: Any = Watch.__table__  # type: ignore[attr-defined]
    groups: dict[tuple[tuple[str, Any], ...], list[int]] = {}
    for watch in watches:
        values = tuple(sorted(next_marks(watch, horizon).items()))
        groups.setdefault(values, []).append(int(watch.id or 0))
    connection = session.connection()
    for values, ids in groups.items():
        for first in range(0, len(ids), 500):
            connection.execute(
                update(table)
                .where(table.c.id.in_(ids[first : first + 500]))
                .values({**dict(values), "last_run_at": now})
            )


def match_watches(
    session: Session, watches: Sequence[Watch], *, channels: dict[int, list[str]],
    spikes: Sequence[Spike], now: datetime,
) -> dict[int, Matched]:  # fmt: skip
    """Store the new items of `watches` (the due ones) with a pending delivery per channel and
    advance their watermarks; what each got, by watch id. Does not commit."""
    if not watches:
        return {}
    horizon = read_horizon(session)
    filters_of = {int(watch.id or 0): filters_from_json(watch.filters) for watch in watches}
    found = insert_items(session, _found_values(session, watches, filters_of, horizon, now), channels)
    spiked: dict[int, int] = {}
    if spikes:
        regions = region_kommuner(session)
        values = [
            value
            for watch in watches
            for value in spike_values(
                int(watch.id or 0),
                covered_kommuner(filters_of[int(watch.id or 0)], regions),
                list(spikes),
                now,
            )
        ]
        spiked = insert_items(session, values, channels)
    _mark(session, watches, horizon, now)  # the Watch objects keep the values they were read with
    return {
        int(w.id or 0): Matched(found.get(int(w.id or 0), 0), spiked.get(int(w.id or 0), 0)) for w in watches
    }
