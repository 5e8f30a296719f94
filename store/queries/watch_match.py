"""What a saved search finds: new documents and claims since its last run, and the alert items.

Matching is two indexed queries per watch, both limited to rows above the watch's id watermarks:
claims through the Tidslinje's own `claim_conditions` (so a watch finds what the same filter shows
in the UI, full-text query included), and documents through their kommune, region and person
mentions (an article about a kommune without a quotable figure is still news for its press office).
The full-text query and figure kinds are claim properties, so with either only claims match.

Found documents become items keyed by their story (one wire story printed by ten outlets is one
alert), inserted with ON CONFLICT DO NOTHING on (watch, key): a story already sent to this watch,
by an earlier run or a concurrent one, is never an item again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, insert, literal, or_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from store.models import (
    Claim,
    ClaimStatistic,
    Document,
    Kommune,
    Mention,
    Person,
    Source,
    Statistic,
    Story,
    Watch,
    WatchDelivery,
    WatchItem,
)
from store.queries.common import dialect, labelled, relative_span, rows, sa_select
from store.queries.filters import ClaimFilter, claim_conditions
from store.queries.spikes import Spike
from store.queries.watch_prefilter import NewRows, new_rows
from store.watches import SentEntry, WatchCounts, filters_from_json, list_watches, sent_log, watch_counts


@dataclass(frozen=True)
class AlertItem:
    """One item of a digest, webhook payload or feed entry."""

    item_id: int
    document_id: int
    title: str | None
    url: str
    source_name: str | None
    source_id: int | None
    published_at: datetime | None
    matched_at: datetime
    story_prints: int  # how many outlets printed this story (1: only this one)
    sentence: str | None = None  # the first matching claim's sentence
    speaker: str | None = None
    figures: tuple[tuple[int, int], ...] = field(default_factory=tuple)  # spans in `sentence`
    note: str | None = None  # a spike alert's text: headline, then one line per story


def _mention_conditions(filters: ClaimFilter) -> list[ColumnElement[bool]]:
    """Documents that mention the chosen kommuner, regions, persons or parties' people."""
    conditions: list[ColumnElement[bool]] = []

    def mentioned(kind: str, targets: Any) -> ColumnElement[bool]:
        ids = select(Mention.document_id).where(
            col(Mention.type) == kind, col(Mention.target_id).in_(targets)
        )
        return col(Document.id).in_(ids)

    if filters.kommuner:
        conditions.append(mentioned("kommune", filters.kommuner))
    if filters.regions:
        in_regions = select(Kommune.code).where(col(Kommune.region_code).in_(filters.regions))
        conditions.append(or_(mentioned("region", filters.regions), mentioned("kommune", in_regions)))
    if filters.persons:
        conditions.append(mentioned("person", filters.persons))
    if filters.parties:
        conditions.append(
            mentioned("person", select(Person.id).where(col(Person.party_letter).in_(filters.parties)))
        )
    return conditions


def _matching_documents(
    session: Session, filters: ClaimFilter, after: int, upto: int
) -> dict[int, int | None]:
    """{document id: None} of new ok documents whose mentions match (no text query or kinds)."""
    if filters.text.strip() or filters.statistic_kinds:
        return {}
    statement = select(Document.id).where(
        col(Document.id) > after, col(Document.id) <= upto, col(Document.status) == "ok"
    )
    if filters.document_kinds:
        statement = statement.where(col(Document.kind).in_(filters.document_kinds))
    if filters.sources:
        statement = statement.where(col(Document.source_id).in_(filters.sources))
    statement = statement.where(*_mention_conditions(filters))
    return {int(doc_id): None for doc_id in session.exec(statement).all() if doc_id is not None}


def _matching_claims(session: Session, filters: ClaimFilter, after: int, upto: int) -> dict[int, int | None]:
    """{document id: its first new matching claim id}."""
    statement = (
        select(Claim.document_id, func.min(Claim.id))
        .where(col(Claim.id) > after, col(Claim.id) <= upto, *claim_conditions(session, filters=filters))
        .group_by(col(Claim.document_id))
    )
    return {
        int(doc_id): int(claim_id)
        for doc_id, claim_id in session.exec(statement).all()
        if claim_id is not None
    }


def _insert_statement(session: Session) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING id for watch items, on either database."""
    build = pg_insert if dialect(session) == "postgresql" else sqlite_insert
    return (
        build(WatchItem)
        .on_conflict_do_nothing(index_elements=["watch_id", "item_key"])
        .returning(col(WatchItem.id))
    )


def _insert_items(session: Session, values: list[dict[str, Any]], channels: list[str]) -> int:
    """Insert the items that are new to their watch, each with a pending delivery per channel."""
    if not values:
        return 0
    item_ids = [int(row[0]) for row in session.execute(_insert_statement(session), values).all()]
    if item_ids and channels:
        session.execute(
            insert(WatchDelivery),
            [{"item_id": item_id, "channel": channel} for item_id in item_ids for channel in channels],
        )
    return len(item_ids)


def covered_kommuner(session: Session, watch: Watch) -> set[int]:
    """The kommuner a watch names, directly or through its regions (whose spikes it hears of)."""
    filters = filters_from_json(watch.filters)
    codes = set(filters.kommuner)
    if filters.regions:
        codes |= set(
            session.exec(select(Kommune.code).where(col(Kommune.region_code).in_(filters.regions))).all()
        )
    return codes


def spike_note(spike: Spike) -> str:
    """The alert's text in Danish: a headline, then the stories that drove the spike."""
    baseline = f"{spike.baseline:.1f}".replace(".", ",")
    lines = [
        f"Usædvanligt mange omtaler af {spike.kommune_name}: {spike.count} dokumenter "
        f"den {spike.day.isoformat()} (normalt {baseline} pr. dag)"
    ]
    lines += [
        f"»{title}« – {count} dokument{'er' if count != 1 else ''}" for _id, title, count in spike.stories
    ]
    return "\n".join(lines)


def add_spike_items(
    *, session: Session, watch: Watch, spikes: list[Spike], channels: list[str], now: datetime
) -> int:
    """Spike alerts for the kommuner the watch covers, once per kommune and day (the item key)."""
    covered = covered_kommuner(session, watch) if spikes else set()
    values = [
        {
            "watch_id": watch.id, "item_key": f"spike:{spike.kommune_code}:{spike.day.isoformat()}",
            "document_id": spike.stories[0][0], "claim_id": None, "note": spike_note(spike),
            "matched_at": now,
        }
        for spike in spikes
        if spike.kommune_code in covered and spike.stories
    ]  # fmt: skip
    return _insert_items(session, values, channels)


def match_new_items(
    *, session: Session, watch: Watch, channels: list[str], now: datetime, new: NewRows | None = None
) -> int:
    """Store the watch's new items with a pending delivery per channel; advance its watermarks.

    `new` is the run's `NewRows` (read once for all watches; read here for this watch without
    it): a filter that cannot meet the new rows skips its queries. Returns how many new items
    there are. Callers commit; a failure rolls everything back, so the watermarks never move
    past items that were not stored.
    """
    assert watch.id is not None
    filters = filters_from_json(watch.filters)
    if new is None:
        new = new_rows(session, after_document=watch.last_document_id, after_claim=watch.last_claim_id)
    max_document, max_claim = new.max_document, new.max_claim
    found: dict[int, int | None] = {}
    if new.may_match_documents(filters):
        found = _matching_documents(session, filters, watch.last_document_id, max_document)
    if new.may_match_claims(filters):
        for doc_id, claim_id in _matching_claims(session, filters, watch.last_claim_id, max_claim).items():
            found[doc_id] = claim_id
    inserted = 0
    if found:
        stories = session.exec(
            select(Document.id, Document.story_id).where(col(Document.id).in_(list(found)))
        ).all()
        by_key: dict[str, tuple[int, int | None]] = {}
        for row_id, story_id in sorted(stories, key=lambda row: row[0] or 0):
            doc_id = int(row_id or 0)
            key = f"story:{story_id}" if story_id is not None else f"document:{doc_id}"
            if key not in by_key or (by_key[key][1] is None and found[doc_id] is not None):
                by_key[key] = (doc_id, found[doc_id])
        values = [
            {
                "watch_id": watch.id,
                "item_key": key,
                "document_id": doc_id,
                "claim_id": claim_id,
                "matched_at": now,
            }
            for key, (doc_id, claim_id) in by_key.items()
        ]
        inserted = _insert_items(session, values, channels)
    watch.last_document_id = max(watch.last_document_id, int(max_document))
    watch.last_claim_id = max(watch.last_claim_id, int(max_claim))
    watch.last_run_at = now
    session.add(watch)
    session.flush()
    return inserted


# --- items as shown ---------------------------------------------------------------------------

_ITEM_COLUMNS = {
    "item_id": WatchItem.id,
    "document_id": WatchItem.document_id,
    "claim_id": WatchItem.claim_id,
    "matched_at": WatchItem.matched_at,
    "title": Document.title,
    "url": Document.canonical_url,  # without the feed's tracking parameters
    "source_name": Source.name,
    "source_id": Document.source_id,
    "published_at": Document.published_at,
    "story_prints": func.coalesce(Story.document_count, literal(1)),
    "sentence": Claim.text,
    "claim_start": Claim.start,
    "speaker": Person.name,
    "note": WatchItem.note,
}


def _items(session: Session, statement: Any) -> list[AlertItem]:
    found = rows(session, statement)
    claim_ids = [row.claim_id for row in found if row.claim_id is not None]
    spans: dict[int, list[tuple[int, int, str]]] = {}
    if claim_ids:
        figures = session.exec(
            select(ClaimStatistic.claim_id, Statistic.start, Statistic.end, Statistic.text)
            .join(Statistic, col(Statistic.id) == col(ClaimStatistic.statistic_id))
            .where(col(ClaimStatistic.claim_id).in_(claim_ids))
            .order_by(col(Statistic.start))
        ).all()
        for claim_id, start, end, text in figures:
            spans.setdefault(claim_id, []).append((start, end, text))
    items = []
    for row in found:
        figure_spans: list[tuple[int, int]] = []
        for start, end, text in spans.get(row.claim_id, []):
            span = relative_span(
                row.sentence or "", text, start - (row.claim_start or 0), end - (row.claim_start or 0)
            )
            if span[0] >= 0:
                figure_spans.append(span)
        items.append(
            AlertItem(
                item_id=row.item_id, document_id=row.document_id, title=row.title, url=row.url,
                source_name=row.source_name, source_id=row.source_id, published_at=row.published_at,
                matched_at=row.matched_at,
                story_prints=int(row.story_prints), sentence=row.sentence, speaker=row.speaker,
                figures=tuple(figure_spans),
                note=row.note,
            )
        )  # fmt: skip
    return items


def _item_select() -> Any:
    return (
        sa_select(*labelled(_ITEM_COLUMNS))
        .select_from(WatchItem)
        .join(Document, col(Document.id) == col(WatchItem.document_id))
        .outerjoin(Source, col(Source.id) == col(Document.source_id))
        .outerjoin(Story, col(Story.id) == col(Document.story_id))
        .outerjoin(Claim, col(Claim.id) == col(WatchItem.claim_id))
        .outerjoin(Person, col(Person.id) == col(Claim.speaker_id))
    )


def pending_items(*, session: Session, watch_id: int, channel: str) -> list[AlertItem]:
    """The watch's items not yet sent on `channel`, oldest first."""
    statement = (
        _item_select()
        .join(WatchDelivery, col(WatchDelivery.item_id) == col(WatchItem.id))
        .where(
            col(WatchItem.watch_id) == watch_id,
            col(WatchDelivery.channel) == channel,
            col(WatchDelivery.sent_at).is_(None),
        )
        .order_by(col(WatchItem.id))
    )
    return _items(session, statement)


def recent_items(*, session: Session, watch_id: int, limit: int = 50) -> list[AlertItem]:
    """The watch's newest items whatever their delivery (the Atom feed, the UI), newest first."""
    statement = (
        _item_select()
        .where(col(WatchItem.watch_id) == watch_id)
        .order_by(col(WatchItem.id).desc())
        .limit(limit)
    )
    return _items(session, statement)


@dataclass(frozen=True)
class WatchOverview:
    """A watch as the Overvågning page shows it: its latest hits and what was sent, when, to whom."""

    watch: Watch
    counts: WatchCounts
    items: list[AlertItem]
    log: list[SentEntry]


def watch_overviews(session: Session, *, items: int = 10, log: int = 20) -> list[WatchOverview]:
    """Every watch in name order with its newest items and deliveries."""
    found = []
    for watch in list_watches(session=session):
        assert watch.id is not None
        found.append(
            WatchOverview(
                watch=watch,
                counts=watch_counts(session=session, watch_id=watch.id),
                items=recent_items(session=session, watch_id=watch.id, limit=items),
                log=sent_log(session=session, watch_id=watch.id, limit=log),
            )
        )
    return found
