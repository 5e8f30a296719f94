"""Small documents naming people, for the tests of person identity and the registry."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session

from core.result import Extraction, PersonMention, QuoteMention
from store.crud import store_analysed_document
from store.models import Document
from tests.store.factories import content_hash


def person(
    text: str,
    name: str,
    party: str | None,
    *,
    kommune: int | None = None,
    role: str | None = None,
    registry_id: int | None = None,
    party_source: str | None = None,
) -> PersonMention:
    start = text.index(name)
    return PersonMention(
        text=name,
        start=start,
        end=start + len(name),
        name=name,
        party=party,
        role=role,
        politician=True,
        kommune=kommune,
        registry_id=registry_id,
        party_source="registry" if party_source == "registry" else ("text" if party else None),
    )


def store(
    session: Session,
    url: str,
    when: date,
    text: str,
    persons: list[PersonMention],
    quotes: list[QuoteMention] | None = None,
) -> Document:
    """Store one document with `persons` as its analysis; the stored row."""
    published = datetime(when.year, when.month, when.day, 9, tzinfo=UTC)
    document = Document(
        url=url,
        canonical_url=url,
        published_at=published,
        fetched_at=published,
        kind="news",
        text=text,
        content_hash=content_hash(url + text),
    )
    row, _ = store_analysed_document(
        session=session, document=document, extraction=Extraction(persons=persons, quotes=quotes or [])
    )
    return row
