"""Write each document with its analysis in one transaction, on the process's writer thread.

The transaction looks the document up once (`store.crud.document_status`) and that decides its
outcome: the dedupe step asked the same before the NLP, but two spiders of one run can deliver
the same text under two URLs while both are still in flight. Problems on a stored document (no text
layer, a wrong charset declaration) are reported as notes with the document's outcome.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.crawler import Crawler

from crawler.items import DocumentItem, to_document
from crawler.signals import drop, one_line, report, send_notes
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

    assert item.extraction is not None, "the NLP runs before the store"
    with db.session_scope(db.get_engine(), write=True) as session:
        result = crud.store_document(
            session=session, document=to_document(item, source_id), extraction=item.extraction,
            refuse_duplicates=True,
        )  # fmt: skip
        if result.outcome == "duplicate":
            return "duplicate", result.status.reason
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

    async def process_item(self, item: DocumentItem) -> DocumentItem:
        try:
            outcome, reason = await run_in("store", store_item, item, self.source_ids.get(item.source))
        except Exception as exc:  # the page is fine; our side failed: retried by the next run
            drop(self.crawler, item, "failed", f"store failed: {one_line(exc)}", cause="local")
        if outcome == "duplicate":
            drop(self.crawler, item, outcome, reason)
        report(self.crawler, item, outcome, reason)
        send_notes(self.crawler, item, item.problems(reason))  # reason: the store's note on repaired text
        return item
