"""Every read and write the crawler, the NLP and the UI make on the store, as small functions.

All functions take keyword arguments and a caller's session, and never commit: the caller's
`session_scope` decides where a transaction ends. That is what makes `store_analysed_document`
safe: the new version of a document and its whole analysis become visible together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from nlp.result import Extraction, PersonMention
from store.models import (
    Claim,
    ClaimKommune,
    ClaimStatistic,
    CrawlRun,
    Document,
    Kommune,
    Mention,
    Party,
    Person,
    Quote,
    Region,
    Source,
    SourceKommuneLink,
    Statistic,
)
from store.types import as_utc

RowT = TypeVar("RowT", Person, Party)

# Fields of Document that describe one fetched version (everything but the key).
_DOCUMENT_FIELDS = tuple(name for name in Document.model_fields if name != "id")


def utcnow() -> datetime:
    return datetime.now(UTC)


# --- sources ---------------------------------------------------------------------------------


def upsert_source(
    *, session: Session, name: str, kind: str, homepage: str | None = None, kommune_codes: Iterable[int] = ()
) -> Source:
    """The source called `name`, created or updated; its kommuner become exactly `kommune_codes`."""
    codes = sorted(set(kommune_codes))
    unknown = set(codes) - _known_codes(session, Kommune)
    if unknown:
        raise ValueError(f"source {name!r}: unknown kommunekoder {sorted(unknown)}")
    source = session.exec(select(Source).where(Source.name == name)).first()
    if source is None:
        source = Source(name=name, kind=kind, homepage=homepage)
        session.add(source)
    else:
        source.kind = kind
        source.homepage = homepage
    session.flush()
    existing = set(
        session.exec(select(SourceKommuneLink.kommune_code).where(SourceKommuneLink.source_id == source.id))
    )
    if existing != set(codes):
        session.execute(delete(SourceKommuneLink).where(col(SourceKommuneLink.source_id) == source.id))
        session.add_all(SourceKommuneLink(source_id=_id(source), kommune_code=code) for code in codes)
        session.flush()
    return source


def source_kommune_codes(*, session: Session, source: Source) -> list[int]:
    """The kommunekoder a source covers, ascending."""
    rows = session.exec(
        select(SourceKommuneLink.kommune_code)
        .where(SourceKommuneLink.source_id == source.id)
        .order_by(col(SourceKommuneLink.kommune_code))
    )
    return list(rows)


# --- documents -------------------------------------------------------------------------------


def get_document_by_canonical_url(*, session: Session, canonical_url: str) -> Document | None:
    return session.exec(select(Document).where(Document.canonical_url == canonical_url)).first()


def get_document_by_content_hash(*, session: Session, content_hash: str) -> Document | None:
    """The oldest document with this text, for spotting the same article under another URL."""
    return session.exec(
        select(Document).where(Document.content_hash == content_hash).order_by(col(Document.id)).limit(1)
    ).first()


def upsert_document(*, session: Session, document: Document) -> tuple[Document, str]:
    """Store `document` keyed by canonical_url.

    Returns the persistent row and "stored" (new URL), "updated" (known URL, new content_hash; all
    fields replaced) or "unchanged" (same text; only fetch bookkeeping such as fetched_at, etag and
    last_modified is refreshed). Pass a Document that is not yet in the session. A concurrent
    insert of the same URL is caught and turned into the update path, so the URL stays one row.
    """
    existing = get_document_by_canonical_url(session=session, canonical_url=document.canonical_url)
    if existing is None:
        try:
            with session.begin_nested():
                session.add(document)
            return document, "stored"
        except IntegrityError:
            if document in session:
                session.expunge(document)
            existing = get_document_by_canonical_url(session=session, canonical_url=document.canonical_url)
            if existing is None:
                raise
    if existing.content_hash == document.content_hash:
        for name in ("fetched_at", "etag", "last_modified", "url"):
            setattr(existing, name, getattr(document, name))
        session.flush()
        return existing, "unchanged"
    for name in _DOCUMENT_FIELDS:
        setattr(existing, name, getattr(document, name))
    session.flush()
    return existing, "updated"


def store_analysed_document(
    *, session: Session, document: Document, extraction: Extraction
) -> tuple[Document, str]:
    """Upsert `document` and replace its analysis, inside the caller's one transaction."""
    stored, status = upsert_document(session=session, document=document)
    replace_analysis(session=session, document=stored, extraction=extraction)
    return stored, status


# --- analysis --------------------------------------------------------------------------------


def replace_analysis(*, session: Session, document: Document, extraction: Extraction) -> None:
    """Delete the document's mentions, statistics, quotes and claims and write `extraction`'s.

    People are upserted by canonical name; kommune and region codes unknown to the reference
    tables are skipped rather than failing the document. Does not commit.
    """
    if document.id is None:
        session.add(document)
        session.flush()
    doc_id = document.id
    assert doc_id is not None
    published = document.published_at
    seen = as_utc(published or document.fetched_at)

    _delete_analysis(session, doc_id)
    kommune_codes = _known_codes(session, Kommune)
    region_codes = _known_codes(session, Region)
    people = _upsert_people(session, extraction, seen)

    mentions = [
        Mention(document_id=doc_id, start=m.start, end=m.end, text=m.text, type="kommune",
                target_id=m.code, published_at=published)
        for m in extraction.kommuner if m.code in kommune_codes
    ] + [
        Mention(document_id=doc_id, start=m.start, end=m.end, text=m.text, type="region",
                target_id=m.code, published_at=published)
        for m in extraction.regions if m.code in region_codes
    ] + [
        Mention(document_id=doc_id, start=m.start, end=m.end, text=m.text, type="person",
                target_id=_id(people[m.name]), published_at=published)
        for m in extraction.persons
    ]  # fmt: skip
    statistics = [
        Statistic(document_id=doc_id, start=s.start, end=s.end, text=s.text, value=s.value,
                  value_max=s.value_max, kind=s.kind, unit=s.unit, approx=s.approx, of_value=s.of,
                  sentence_start=s.sentence_start, sentence_end=s.sentence_end, published_at=published)
        for s in extraction.statistics
    ]  # fmt: skip
    quotes = [
        Quote(document_id=doc_id, start=q.start, end=q.end, text=q.text,
              speaker_id=_id(people[q.speaker]) if q.speaker else None, published_at=published)
        for q in extraction.quotes
    ]  # fmt: skip
    claims = [
        Claim(document_id=doc_id, start=c.start, end=c.end, text=c.text,
              speaker_id=_id(people[c.speaker]) if c.speaker else None, source_org=c.source,
              published_at=published)
        for c in extraction.claims
    ]  # fmt: skip
    session.add_all([*mentions, *statistics, *quotes, *claims])
    session.flush()

    links: list[ClaimKommune | ClaimStatistic] = []
    for claim, found in zip(claims, extraction.claims, strict=True):
        claim_id = _id(claim)
        for index in sorted(set(found.statistics)):
            if 0 <= index < len(statistics):
                links.append(ClaimStatistic(claim_id=claim_id, statistic_id=_id(statistics[index])))
        for code in sorted(set(found.kommuner) & kommune_codes):
            links.append(ClaimKommune(claim_id=claim_id, kommune_code=code, published_at=published))
    session.add_all(links)
    session.flush()


def _delete_analysis(session: Session, doc_id: int) -> None:
    claim_ids = select(Claim.id).where(Claim.document_id == doc_id)
    for statement in (
        delete(ClaimStatistic).where(col(ClaimStatistic.claim_id).in_(claim_ids)),
        delete(ClaimKommune).where(col(ClaimKommune.claim_id).in_(claim_ids)),
        delete(Claim).where(col(Claim.document_id) == doc_id),
        delete(Statistic).where(col(Statistic.document_id) == doc_id),
        delete(Quote).where(col(Quote.document_id) == doc_id),
        delete(Mention).where(col(Mention.document_id) == doc_id),
    ):
        # "fetch" also drops the deleted rows from the session, so nobody reads a stale one.
        session.execute(statement, execution_options={"synchronize_session": "fetch"})


def _upsert_people(session: Session, extraction: Extraction, seen: datetime) -> dict[str, Person]:
    """Person rows for every name in the extraction (mentions, quote and claim speakers)."""
    by_name: dict[str, list[PersonMention]] = {}
    for mention in extraction.persons:
        by_name.setdefault(mention.name, []).append(mention)
    for speaker in [q.speaker for q in extraction.quotes] + [c.speaker for c in extraction.claims]:
        if speaker:
            by_name.setdefault(speaker, [])
    if not by_name:
        return {}
    existing = {p.name: p for p in session.exec(select(Person).where(col(Person.name).in_(by_name)))}
    letters = _party_letters(session)
    people: dict[str, Person] = {}
    for name, mentions in by_name.items():
        person = existing.get(name) or _insert_or_get(session, Person(name=name, roles=[]), Person.name, name)
        _merge_person(session, person, mentions, seen, letters)
        people[name] = person
    session.flush()
    return people


def _merge_person(
    session: Session, person: Person, mentions: list[PersonMention], seen: datetime, letters: dict[str, str]
) -> None:
    """Fold one document's mentions into the person.

    A party named in a newer (or equally new) text wins, so a change of party shows once it is
    reported; an older text only fills a party that is still unknown.
    """
    newest = person.last_seen is None or seen >= as_utc(person.last_seen)
    for mention in mentions:
        letter = _party_letter(session, mention.party, letters)
        if letter and (person.party_letter is None or newest):
            person.party_letter = letter
        if mention.politician:
            person.is_politician = True
        if mention.role and mention.role not in person.roles:
            person.roles = [*person.roles, mention.role]  # a new list, so the JSON column is marked dirty
    person.first_seen = seen if person.first_seen is None else min(as_utc(person.first_seen), seen)
    person.last_seen = seen if person.last_seen is None else max(as_utc(person.last_seen), seen)


def _party_letters(session: Session) -> dict[str, str]:
    """Letter and news abbreviation (upper case) -> list letter."""
    letters: dict[str, str] = {}
    parties = session.exec(select(Party)).all()
    for party in parties:
        if party.abbreviation:
            letters.setdefault(party.abbreviation.upper(), party.letter)
    for party in parties:
        letters[party.letter.upper()] = party.letter
    return letters


def _party_letter(session: Session, raw: str | None, letters: dict[str, str]) -> str | None:
    """The list letter for what the NLP reported; a one-letter local list is added as "Lokalliste X"."""
    if not raw or not raw.strip():
        return None
    key = raw.strip().upper()
    if key in letters:
        return letters[key]
    if len(key) == 1 and key.isalpha():
        local_list = Party(letter=key, name=f"Lokalliste {key}", abbreviation=None)
        _insert_or_get(session, local_list, Party.letter, key)
        letters[key] = key
        return key
    return None


def _insert_or_get(session: Session, row: RowT, key: Any, value: str) -> RowT:
    """Insert `row`, or return the row another writer inserted with the same unique `key` meanwhile.

    The insert runs in a savepoint, so losing that race does not abort the caller's transaction.
    """
    try:
        with session.begin_nested():
            session.add(row)
        return row
    except IntegrityError:
        if row in session:
            session.expunge(row)
        model = type(row)
        return session.exec(select(model).where(col(key) == value)).one()


def _known_codes(session: Session, table: type[Kommune] | type[Region]) -> set[int]:
    return set(session.exec(select(table.code)))


def _id(row: Any) -> int:
    assert row.id is not None, "row must be flushed first"
    return int(row.id)


# --- people ----------------------------------------------------------------------------------


def known_politicians(*, session: Session) -> dict[str, tuple[str | None, list[str]]]:
    """Canonical name -> (party letter, roles) of every politician seen so far.

    The NLP uses it across documents: a later text that names a politician without a party
    still gets the party.
    """
    rows = session.exec(select(Person).where(col(Person.is_politician).is_(True)).order_by(col(Person.name)))
    return {p.name: (p.party_letter, list(p.roles)) for p in rows}


# --- crawl runs ------------------------------------------------------------------------------


def start_crawl_run(*, session: Session, sources: Iterable[str]) -> CrawlRun:
    """A new run in status "running" (flushed, so it has an id)."""
    run = CrawlRun(started_at=utcnow(), sources=list(sources), counts={}, status="running")
    session.add(run)
    session.flush()
    return run


def finish_crawl_run(*, session: Session, run: CrawlRun, counts: Mapping[str, Any], status: str) -> None:
    """Record the run's counts and final status ("finished" or "interrupted")."""
    run = session.merge(run)
    run.counts = dict(counts)
    run.status = status
    run.finished_at = utcnow()
    session.flush()
