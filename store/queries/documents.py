"""Documents for export: every stored document with its story, streamed in id order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col

from store.models import Document, Source, Story
from store.queries.common import labelled, sa_select

EXPORT_BATCH = 1000


@dataclass(frozen=True, slots=True)
class DocumentExport:
    id: int
    url: str
    canonical_url: str
    title: str | None
    author: str | None
    published_at: datetime | None
    kind: str
    source_name: str | None
    status: str
    story_id: int | None
    story_documents: int  # prints of the story (1 for a document no other outlet printed)
    story_original_id: int | None  # the story's earliest print


_COLUMNS = {
    "id": Document.id,
    "url": Document.url,
    "canonical_url": Document.canonical_url,
    "title": Document.title,
    "author": Document.author,
    "published_at": Document.published_at,
    "kind": Document.kind,
    "source_name": Source.name,
    "status": Document.status,
    "story_id": Document.story_id,
    "story_documents": Story.document_count,
    "story_original_id": Story.original_document_id,
}


def export_documents(session: Session) -> Iterator[DocumentExport]:
    """Every document, oldest id first, read in keyset pages so an archive of millions streams."""
    after = 0
    while True:
        statement = (
            sa_select(*labelled(_COLUMNS))
            .select_from(Document)
            .outerjoin(Source, col(Source.id) == col(Document.source_id))
            .outerjoin(Story, col(Story.id) == col(Document.story_id))
            .where(col(Document.id) > after)
            .order_by(col(Document.id))
            .limit(EXPORT_BATCH)
        )
        found = session.execute(statement).all()
        for r in found:
            yield DocumentExport(
                **{name: getattr(r, name) for name in _COLUMNS if name != "story_documents"},
                story_documents=int(r.story_documents or 1),
            )
        if len(found) < EXPORT_BATCH:
            return
        after = found[-1].id
