"""Write each document with its analysis in one transaction, on the process's writer thread.

The transaction re-checks the content hash, because two spiders of one run can deliver the same
text under two URLs while both are still in flight. Problems on a stored document (no text
layer, a wrong charset declaration) are reported as notes with the document's outcome.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.items import DocumentItem
from crawler.signals import one_line, send_outcome
from crawler.sources import Source
from crawler.workers import run_in

if TYPE_CHECKING:
    from sqlmodel import Session

    from store.models import Document

log = logging.getLogger(__name__)


def prepare_database(sources: list[Source]) -> dict[str, int]:
    """Migrate the database if needed and upsert the sources; name -> source id."""
    from store import crud, db
    from store.upgrade import upgrade

    upgrade()
    ids = {}
    with db.session_scope(db.get_engine(), write=True) as session:
        for source in sources:
            row = crud.upsert_source(
                session=session,
                name=source.name,
                kind=source.kind,
                homepage=source.homepage,
                kommune_codes=source.kommuner,
            )
            assert row.id is not None
            ids[source.name] = row.id
    return ids


def store_item(item: DocumentItem, source_id: int | None) -> tuple[str, str | None]:
    """Store one analysed item in its own transaction; (outcome, reason).

    For a stored, updated or unchanged item the reason is the store's note on what it had to
    change to store the text (e.g. NUL characters removed), or None. A failure is logged with its
    traceback here, on the writer, where the traceback is whole (the crawl's log file, see
    workers.log_to); the caller reports it in one line."""
    try:
        return _store_item(item, source_id)
    except Exception:
        log.exception("storing %s failed", item.url)
        raise


def _store_item(item: DocumentItem, source_id: int | None) -> tuple[str, str | None]:
    from store import crud, db
    from store.models import Document

    assert item.canonical_url and item.content_hash
    with db.session_scope(db.get_engine(), write=True) as session:
        twin = crud.get_document_by_content_hash(session=session, content_hash=item.content_hash)
        if twin is not None and twin.canonical_url != item.canonical_url:
            return "duplicate", f"same content as {twin.canonical_url}"
        document = Document(
            url=item.url,
            canonical_url=item.canonical_url,
            title=item.title,
            author=item.author,
            published_at=item.published_at,
            fetched_at=item.fetched_at,
            kind=item.kind,
            text=item.text,
            content_hash=item.content_hash,
            source_id=source_id,
            status=item.status,
            status_reason=item.status_reason,
            etag=item.etag,
            last_modified=item.last_modified,
        )
        result = crud.store_document(session=session, document=document, extraction=item.extraction)
        if item.kind == "minutes" and result.outcome != "unchanged":
            record_member_lists(session, item, result.document)
    return result.outcome, "; ".join(result.notes) or None


def record_member_lists(session: Session, item: DocumentItem, document: Document) -> int:
    """Put the member lists of a minutes document into the politician registry, in the
    document's transaction; how many registry seats changed.

    Minutes are authoritative for their kommune and meeting date: the kommune is the source's
    when it covers one, else the one kommune the text names; a document of several kommuner
    is not credited to any of them. The date is the meeting's (published), else the fetch date.
    """
    from nlp.member_lists import parse_member_lists
    from store import crud
    from store.models import Source as SourceRow
    from store.politicians import Listed, record_minutes

    members = parse_member_lists(item.text)
    if not members:
        return 0
    source = session.get(SourceRow, document.source_id) if document.source_id is not None else None
    kommuner = crud.source_kommune_codes(session=session, source=source) if source else []
    if len(kommuner) != 1 and item.extraction is not None:
        kommuner = sorted({m.code for m in item.extraction.kommuner})
    if len(kommuner) != 1:
        return 0
    listed = [Listed(name=m.name, party=m.party, role=m.role) for m in members]
    when = (item.published_at or item.fetched_at).date()
    return record_minutes(session, listed, kommune_code=kommuner[0], on=when, source=f"referat {item.url}")


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.source_ids: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    async def open_spider(self) -> None:
        sources = list(getattr(self.crawler.spider, "sources", []))
        self.source_ids = await run_in("store", prepare_database, sources)

    async def process_item(self, item: DocumentItem) -> Any:
        try:
            outcome, reason = await run_in("store", store_item, item, self.source_ids.get(item.source))
        except Exception as exc:  # the page is fine; our side failed: retried by the next run
            outcome, reason = "failed", f"store failed: {one_line(exc)}"
        send_outcome(
            self.crawler,
            source=item.source,
            url=item.url,
            outcome=outcome,
            reason=reason,
            fingerprint=item.fingerprint,
            cause="local" if outcome == "failed" else None,
        )
        if outcome in ("failed", "duplicate"):
            raise DropItem(f"{outcome}: {item.url} ({reason})", log_level="INFO")
        problems = [
            *item.notes,
            *([reason] if reason else []),  # the store's note on repaired text
            *([item.status_reason] if item.status != "ok" and item.status_reason else []),
        ]
        for note in problems:
            send_outcome(self.crawler, source=item.source, url=item.url, outcome="note", reason=note)
        return item
