"""What a saved search finds: new documents and claims since its last run, and the alert items.

What a watch matches is defined here as two indexed queries, both limited to rows above the
watch's id watermarks: claims through the Tidslinje's own `claim_conditions` (so a watch finds
what the same filter shows in the UI, full-text query included), and documents through their
kommune, region and person mentions (an article about a kommune without a quotable figure is
still news for its press office). The full-text query and figure kinds are claim properties, so
with either only claims match. A run matches most watches at once against the new rows read into
memory (`watch_index`, same rules, compared in tests/watch/test_batch.py) and uses these queries
for a watch far behind the others (`search_watch`).

Found documents become items keyed by their story (one wire story printed by ten outlets is one
alert), inserted with ON CONFLICT DO NOTHING on (watch, key): a story already sent to this watch,
by an earlier run or a concurrent one, is never an item again.
"""

from __future__ import annotations

from collections import Counter
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
from store.watches import SentEntry, WatchCounts, list_watches, sent_log, watch_counts


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
    """INSERT ... ON CONFLICT DO NOTHING RETURNING (id, watch) for watch items, on either database."""
    build = pg_insert if dialect(session) == "postgresql" else sqlite_insert
    table: Any = WatchItem.__table__  # type: ignore[attr-defined]  # Core: no ORM bulk bookkeeping
    return (
        build(table)
        .on_conflict_do_nothing(index_elements=["watch_id", "item_key"])
        .returning(table.c.id, table.c.watch_id)
    )


def insert_items(
    session: Session, values: list[dict[str, Any]], channels: dict[int, list[str]]
) -> Counter[int]:
    """Insert the items that are new to their watch, each with a pending delivery per channel of
    its watch (`channels`: watch id -> channels); how many were new per watch. One statement for
    any number of watches: a story already an item of a watch is skipped by its unique key."""
    if not values:
        return Counter()
    values = [{"note": None, **value} for value in values]  # one set of columns for every row
    connection = session.connection()
    inserted = [
        (int(item_id), int(watch_id))
        for item_id, watch_id in connection.execute(_insert_statement(session), values).all()
    ]
    deliveries = [
        {"item_id": item_id, "channel": channel}
        for item_id, watch_id in inserted
        for channel in channels.get(watch_id, [])
    ]
    if deliveries:
        connection.execute(insert(WatchDelivery.__table__), deliveries)  # type: ignore[attr-defined]
    return Counter(watch_id for _item, watch_id in inserted)


def item_values(
    watch_id: int, found: dict[int, int | None], stories: dict[int, int | None], now: datetime
) -> list[dict[str, Any]]:
    """The items of `found` ({document: first matching claim or None}), one per story: the
    lowest document id of the story, with a claim whenever one of its documents has one."""
    by_key: dict[str, tuple[int, int | None]] = {}
    for doc_id in sorted(found):
        story_id = stories.get(doc_id)
        key = f"story:{story_id}" if story_id is not None else f"document:{doc_id}"
        if key not in by_key or (by_key[key][1] is None and found[doc_id] is not None):
            by_key[key] = (doc_id, found[doc_id])
    return [
        {
            "watch_id": watch_id,
            "item_key": key,
            "document_id": doc_id,
            "claim_id": claim_id,
            "matched_at": now,
        }
        for key, (doc_id, claim_id) in by_key.items()
    ]


def region_kommuner(session: Session) -> dict[int, set[int]]:
    """Region code -> its kommuner, read once for all watches of a run."""
    found: dict[int, set[int]] = {}
    for code, region in session.exec(select(Kommune.code, Kommune.region_code)).all():
        if region is not None:
            found.setdefault(int(region), set()).add(int(code))
    return found


def covered_kommuner(filters: ClaimFilter, regions: dict[int, set[int]]) -> set[int]:
    """The kommuner a watch's filters name, directly or through its regions (whose spikes it
    hears of)."""
    codes = set(filters.kommuner)
    for region in filters.regions:
        codes |= regions.get(region, set())
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


def spike_values(
    watch_id: int, covered: set[int], spikes: list[Spike], now: datetime
) -> list[dict[str, Any]]:
    """Spike alerts for the kommuner a watch covers, once per kommune and day (the item key)."""
    return [
        {
            "watch_id": watch_id, "item_key": f"spike:{spike.kommune_code}:{spike.day.isoformat()}",
            "document_id": spike.stories[0][0], "claim_id": None, "note": spike_note(spike),
            "matched_at": now,
        }
        for spike in spikes
        if spike.kommune_code in covered and spike.stories
    ]  # fmt: skip


def search_watch(
    session: Session, filters: ClaimFilter, *, after: tuple[int, int], upto: tuple[int, int],
    new: NewRows | None = None,
) -> dict[int, int | None]:  # fmt: skip
    """One watch's matches in SQL, two statements ((document, claim) ids above `after`, up to
    `upto`): {document id: first matching claim, or None}. Used for a watch far behind the rest
    of its run (a new or weekly one), whose window is not worth reading into memory; `new` (the
    run-wide pre-check of `watch_prefilter`) lets a filter that cannot match skip them."""
    new = new or new_rows(session, after_document=after[0], after_claim=after[1])
    found: dict[int, int | None] = {}
    if new.may_match_documents(filters):
        found = _matching_documents(session, filters, after[0], upto[0])
    if new.may_match_claims(filters):
        found.update(_matching_claims(session, filters, after[1], upto[1]))
    return found


def stories_of(session: Session, doc_ids: list[int]) -> dict[int, int | None]:
    """Each document's story id (None before revision 0007 assigned one)."""
    if not doc_ids:
        return {}
    statement = select(Document.id, Document.story_id).where(col(Document.id).in_(doc_ids))
    return {int(doc_id or 0): story_id for doc_id, story_id in session.exec(statement).all()}


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
    return _alert_items(session, rows(session, statement))


def _alert_items(session: Session, found: list[Any]) -> list[AlertItem]:
    """The rows of `_item_select` as items, with their figures' spans in the sentence."""
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


def recent_items_of(*, session: Session, watch_ids: list[int], limit: int = 50) -> dict[int, list[AlertItem]]:
    """`recent_items` of many watches, a statement per 500 of them (the feeds a run rewrites)."""
    found: dict[int, list[AlertItem]] = {watch_id: [] for watch_id in watch_ids}
    for first in range(0, len(watch_ids), 500):
        ranked = (
            sa_select(
                col(WatchItem.id).label("ranked_id"),
                func.row_number()
                .over(partition_by=col(WatchItem.watch_id), order_by=col(WatchItem.id).desc())
                .label("rank"),
            )
            .where(col(WatchItem.watch_id).in_(watch_ids[first : first + 500]))
            .subquery()
        )
        statement = (
            _item_select()
            .add_columns(col(WatchItem.watch_id).label("watch_id"))
            .join(ranked, ranked.c.ranked_id == col(WatchItem.id))
            .where(ranked.c.rank <= limit)
            .order_by(col(WatchItem.watch_id), col(WatchItem.id).desc())
        )
        chunk = rows(session, statement)
        for row, item in zip(chunk, _alert_items(session, chunk), strict=True):
            found[int(row.watch_id)].append(item)
    return found


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
