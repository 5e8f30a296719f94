"""Every read and write the crawler, the NLP and the UI make on the store, as small functions.

All functions take keyword arguments and a caller's session, and never commit: the caller's
`session_scope` decides where a transaction ends. That is what makes `store_analysed_document`
safe: the new version of a document and its whole analysis become visible together or not at all.

Functions that write refuse, on SQLite, a session that is not `session_scope(write=True)`: such
a transaction reads first and asks for the write lock only at its first write, and if another
process (a second crawl) wrote in between, SQLite cannot wait and fails with "database is
locked". That happens only under concurrency, so without the check the mistake would pass every
single-process test and lose documents when two crawls share a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Delete, Table, and_, delete, func, insert, inspect, or_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer
from sqlmodel import Session, SQLModel, col, select

from core.result import Extraction, StatisticMention
from store import clean, liveness, stories
from store.db import SQLITE_BEGIN_OPTION
from store.models import (
    Claim,
    ClaimKommune,
    ClaimStatistic,
    CrawlRun,
    Document,
    Kommune,
    Mention,
    Person,
    Quote,
    Region,
    Source,
    SourceKommuneLink,
    Statistic,
)
from store.people import upsert_people
from store.types import as_utc

# Fields of Document that describe one fetched version (everything but the key and the story,
# which store.stories decides from the text).
_DOCUMENT_FIELDS = tuple(name for name in Document.model_fields if name not in ("id", "story_id"))


def utcnow() -> datetime:
    return datetime.now(UTC)


def _require_write_lock(session: Session) -> None:
    """Refuse to write on SQLite in a transaction that did not take the write lock at BEGIN."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    if connection.get_execution_options().get(SQLITE_BEGIN_OPTION) != "IMMEDIATE":
        raise RuntimeError(
            "store writes on SQLite must run in session_scope(..., write=True), or a concurrent "
            "writer makes them fail with 'database is locked'"
        )


# --- sources ---------------------------------------------------------------------------------


def upsert_source(
    *, session: Session, name: str, kind: str, homepage: str | None = None, kommune_codes: Iterable[int] = ()
) -> Source:
    """The source called `name`, created or updated; its kommuner become exactly `kommune_codes`."""
    _require_write_lock(session)
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
    """The document with this canonical URL, found through the database's unique URL key."""
    return session.exec(select(Document).where(_url_is(session, canonical_url))).first()


def _url_is(session: Session, canonical_url: str) -> ColumnElement[bool]:
    """`canonical_url = :url`, plus on PostgreSQL the md5 comparison its unique index is built
    on (revision 0004), which is what lets the planner use that index for the look-up."""
    same = col(Document.canonical_url) == canonical_url
    if session.get_bind().dialect.name != "postgresql":
        return same
    return and_(func.md5(Document.canonical_url) == func.md5(canonical_url), same)


def get_document_by_content_hash(*, session: Session, content_hash: str) -> Document | None:
    """The oldest document with this text, for spotting the same article under another URL."""
    return session.exec(
        select(Document).where(Document.content_hash == content_hash).order_by(col(Document.id)).limit(1)
    ).first()


@dataclass(frozen=True)
class DocumentStatus:
    """What the store holds for one (canonical URL, content hash), and what storing it would be.

    The identity rule of the whole ingestion path, in one place: identity is the canonical URL,
    sameness is the content hash. A known URL with the same hash is "unchanged"; the same hash
    under another URL is a "duplicate" (syndicated or print versions); a known URL with a new
    hash is "updated"; anything else is "stored" (new).
    """

    canonical_url: str
    content_hash: str
    existing: Document | None  # the row under this canonical URL
    twin: Document | None  # the oldest row with this content hash (may be `existing`)

    @property
    def outcome(self) -> str:
        """stored | updated | unchanged | duplicate, by the rule above (in that order of checks:
        an unchanged URL is never called a duplicate)."""
        if self.existing is not None and self.existing.content_hash == self.content_hash:
            return "unchanged"
        if self.twin is not None and self.twin.canonical_url != self.canonical_url:
            return "duplicate"
        return "stored" if self.existing is None else "updated"

    @property
    def reason(self) -> str | None:
        """The reason reported with an unchanged or duplicate document; None otherwise."""
        outcome = self.outcome
        if outcome == "duplicate":
            assert self.twin is not None
            return f"same content as {self.twin.canonical_url}"
        return "same content as stored" if outcome == "unchanged" else None


def document_status(*, session: Session, canonical_url: str, content_hash: str) -> DocumentStatus:
    """Look the document up once: its row by canonical URL and the oldest row with its content
    hash, in one statement (`url_is OR id = (oldest id with this hash)`, each side on its own
    index). The text column is deferred: the rule needs only keys and hashes, and a caller that
    updates the row replaces the text anyway.

    Asked once per document before the NLP (`crawler.pipelines.dedupe`, off the reactor thread)
    and once more inside the store's transaction, where it decides: two spiders can deliver the
    same text under two URLs while both are in flight.
    """
    oldest = (
        select(Document.id)
        .where(Document.content_hash == content_hash)
        .order_by(col(Document.id))
        .limit(1)
        .scalar_subquery()
    )
    rows = session.exec(
        select(Document)
        .where(or_(_url_is(session, canonical_url), col(Document.id) == oldest))
        .options(defer(Document.text))  # type: ignore[arg-type]
    ).all()
    existing = next((row for row in rows if row.canonical_url == canonical_url), None)
    twins = sorted((row for row in rows if row.content_hash == content_hash), key=lambda row: _id(row))
    return DocumentStatus(canonical_url, content_hash, existing, twins[0] if twins else None)


def upsert_document(
    *, session: Session, document: Document, status: DocumentStatus | None = None
) -> tuple[Document, str]:
    """Store `document` keyed by canonical_url.

    Returns the persistent row and "stored" (new URL), "updated" (known URL, new content_hash; all
    fields replaced) or "unchanged" (same text; only fetch bookkeeping such as fetched_at, etag and
    last_modified is refreshed). Pass a Document that is not yet in the session, and the
    `document_status` of its cleaned URL when the caller has already asked for it in this
    transaction. A concurrent insert of the same URL is caught and turned into the update path,
    so the URL stays one row. Text the database cannot hold is cleaned first (`store.clean`), with
    a note in status_reason.
    """
    _require_write_lock(session)
    clean.clean_document(document)
    if status is None:
        status = document_status(
            session=session, canonical_url=document.canonical_url, content_hash=document.content_hash
        )
    existing = status.existing
    if existing is None:
        try:
            with session.begin_nested():
                session.add(document)
            return document, "stored"
        except IntegrityError:  # another writer stored this URL since the look-up
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


@dataclass
class Stored:
    """What `store_document` did: the row, "stored" | "updated" | "unchanged" (or "duplicate",
    when asked to refuse them), notes on what had to change to store it (e.g. NUL characters
    removed), for the caller's report, and the look-up that decided it."""

    document: Document
    outcome: str
    notes: list[str]
    status: DocumentStatus


def store_document(
    *, session: Session, document: Document, extraction: Extraction, refuse_duplicates: bool = False
) -> Stored:
    """Upsert `document`, replace its analysis and put a new text into its story, in the
    caller's one transaction.

    The document is looked up once (`document_status`). With `refuse_duplicates` (the crawler
    and `ingest`) a text stored under another URL is not written: the outcome is "duplicate",
    the returned document the stored twin, and nothing changes.

    Text the databases refuse (NUL, lone surrogates) is cleaned out of the document and its
    analysis together, so the analysis offsets still point at the same words; person "names"
    too long for the name index are left out (`store.clean`).
    """
    repair = clean.clean_document(document)
    status = document_status(
        session=session, canonical_url=document.canonical_url, content_hash=document.content_hash
    )
    if refuse_duplicates and status.outcome == "duplicate":
        assert status.twin is not None
        return Stored(document=status.twin, outcome="duplicate", notes=[], status=status)
    extraction, dropped = clean.drop_overlong_names(clean.clean_extraction(extraction, repair))
    clean.add_notes(document, dropped)
    stored, outcome = upsert_document(session=session, document=document, status=status)
    replace_analysis(session=session, document=stored, extraction=extraction)
    if outcome != "unchanged" or stored.story_id is None:
        stories.assign_story(session=session, document=stored, new=outcome == "stored")
    return Stored(document=stored, outcome=outcome, notes=[*repair.notes, *dropped], status=status)


def store_analysed_document(
    *, session: Session, document: Document, extraction: Extraction
) -> tuple[Document, str]:
    """`store_document` returning (row, outcome)."""
    result = store_document(session=session, document=document, extraction=extraction)
    return result.document, result.outcome


# --- analysis --------------------------------------------------------------------------------


def replace_analysis(*, session: Session, document: Document, extraction: Extraction) -> None:
    """Delete the document's mentions, statistics, quotes and claims and write `extraction`'s.

    People are found or created by name and kommune (`store.people`); kommune and region codes
    unknown to the reference tables are skipped rather than failing the document. Does not commit.

    The analysis rows go through Core statements on the session's connection (a few DELETEs, one
    executemany INSERT per table) rather than ORM objects: building and flushing ~70 ORM objects
    made a document cost tens of milliseconds of CPU and the store the crawl's slowest step.
    Only people stay ORM objects, since their merge is a read-modify-write; they are flushed once.
    """
    _require_write_lock(session)
    extraction, _ = clean.drop_overlong_names(clean.clean_extraction(extraction))
    if document.id is None:
        session.add(document)
        session.flush()
    doc_id = document.id
    assert doc_id is not None
    published = document.published_at
    seen = as_utc(published or document.fetched_at)
    connection = session.connection()

    _delete_analysis(session, connection, doc_id)
    kommune_codes = _known_codes(session, Kommune)
    region_codes = _known_codes(session, Region)
    people = upsert_people(session, extraction, seen=seen, document_id=doc_id, kommune_codes=kommune_codes)
    speaker_id = people.speaker_id

    mentions = [
        dict(document_id=doc_id, start=m.start, end=m.end, text=m.text, type="kommune", target_id=m.code,
             published_at=published)
        for m in extraction.kommuner if m.code in kommune_codes
    ] + [
        dict(document_id=doc_id, start=m.start, end=m.end, text=m.text, type="region", target_id=m.code,
             published_at=published)
        for m in extraction.regions if m.code in region_codes
    ] + [
        dict(document_id=doc_id, start=m.start, end=m.end, text=m.text, type="person",
             target_id=_id(person), published_at=published)
        for m, person in zip(extraction.persons, people.mentions, strict=True)
    ]  # fmt: skip
    statistics = [
        dict(document_id=doc_id, start=s.start, end=s.end, text=s.text, value=s.value, value_max=s.value_max,
             kind=s.kind, unit=s.unit, approx=s.approx, of_value=s.of, sentence_start=s.sentence_start,
             sentence_end=s.sentence_end, published_at=published, **_figure_record(s))
        for s in extraction.statistics
    ]  # fmt: skip
    quotes = [
        dict(document_id=doc_id, start=q.start, end=q.end, text=q.text, speaker_id=speaker_id(q.speaker),
             published_at=published)
        for q in extraction.quotes
    ]  # fmt: skip
    claims = [
        dict(document_id=doc_id, start=c.start, end=c.end, text=c.text, speaker_id=speaker_id(c.speaker),
             source_org=c.source, published_at=published)
        for c in extraction.claims
    ]  # fmt: skip
    _insert(connection, Mention, mentions)
    _insert(connection, Quote, quotes)
    statistic_ids = _insert_returning_ids(connection, Statistic, statistics)
    claim_ids = _insert_returning_ids(connection, Claim, claims)

    statistic_links: list[dict[str, Any]] = []
    kommune_links: list[dict[str, Any]] = []
    for claim_id, found in zip(claim_ids, extraction.claims, strict=True):
        for index in sorted(set(found.statistics)):
            if 0 <= index < len(statistic_ids):
                statistic_links.append(dict(claim_id=claim_id, statistic_id=statistic_ids[index]))
        for code in sorted(set(found.kommuner) & kommune_codes):
            kommune_links.append(dict(claim_id=claim_id, kommune_code=code, published_at=published))
    _insert(connection, ClaimStatistic, statistic_links)
    _insert(connection, ClaimKommune, kommune_links)
    session.flush()  # the people's merged fields


def _figure_record(statistic: StatisticMention) -> dict[str, Any]:
    """The figure-record columns of a statistic (its subject and change flattened)."""
    subject, change = statistic.subject, statistic.change
    return dict(
        measure=statistic.measure,
        measure_text=statistic.measure_text,
        subject_type=subject.type if subject else None,
        subject_code=subject.code if subject else None,
        period=statistic.period,
        period_inferred=statistic.period_inferred,
        change_direction=change.direction if change else None,
        change_from=change.from_ if change else None,
        change_baseline=change.baseline if change else None,
    )


def _table(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def _insert(connection: Connection, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """One executemany INSERT (batched into multi-row statements by the driver layer)."""
    if rows:
        connection.execute(insert(_table(model)), rows)


def _insert_returning_ids(
    connection: Connection, model: type[SQLModel], rows: list[dict[str, Any]]
) -> list[int]:
    """Insert `rows` (which have start, end and text) and return their new ids in their order.

    RETURNING order is not guaranteed for a multi-row INSERT, and SQLAlchemy's ordered variant
    falls back to one statement per row on SQLite. So the rows come back with their span and
    text and are matched on those; rows that share all three are the same finding, so which of
    them gets which id does not matter.
    """
    if not rows:
        return []
    table = _table(model)
    statement = insert(table).returning(table.c.id, table.c.start, table.c.end, table.c.text)
    ids: dict[tuple[int, int, str], list[int]] = {}
    for row_id, start, end, text in connection.execute(statement, rows):
        ids.setdefault((start, end, text), []).append(int(row_id))
    for same in ids.values():
        same.sort(reverse=True)  # pop() then hands them out in insertion order, where known
    return [ids[(row["start"], row["end"], row["text"])].pop() for row in rows]


def _delete_analysis(session: Session, connection: Connection, doc_id: int) -> None:
    claim = _table(Claim)
    claim_ids = list(connection.execute(select(claim.c.id).where(claim.c.document_id == doc_id)).scalars())
    statements: list[Delete] = []
    if claim_ids:
        for link in (_table(ClaimStatistic), _table(ClaimKommune)):
            statements.append(delete(link).where(link.c.claim_id.in_(claim_ids)))
    for model in (Claim, Statistic, Quote, Mention):
        table = _table(model)
        statements.append(delete(table).where(table.c.document_id == doc_id))
    for statement in statements:
        connection.execute(statement)
    _forget_deleted(session, doc_id, set(claim_ids))


def _forget_deleted(session: Session, doc_id: int, claim_ids: set[int]) -> None:
    """Drop loaded objects of the deleted rows from the session.

    The Core DELETEs bypass the identity map, and a new row can get a deleted row's id (SQLite
    reuses the highest rowid), so a later query in the same session would otherwise hand back
    the old object with the old text. Expired objects are left alone: they reload from the
    database. Cheap in the crawler, whose session holds little besides the document.
    """
    stale: list[object] = []
    for obj in session.identity_map.values():
        if isinstance(obj, (Mention, Statistic, Quote, Claim)):
            if inspect(obj).dict.get("document_id") == doc_id:
                stale.append(obj)
        elif (
            isinstance(obj, (ClaimKommune, ClaimStatistic)) and inspect(obj).dict.get("claim_id") in claim_ids
        ):
            stale.append(obj)
    for obj in stale:
        session.expunge(obj)


def _known_codes(session: Session, model: type[Kommune] | type[Region]) -> set[int]:
    """Reference codes, read through Core: cheaper than the ORM, and nothing here is an object."""
    return set(session.connection().execute(select(_table(model).c.code)).scalars())


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
    """A new run in status "running" (flushed, so it has an id), owned by the calling process.

    Runs left "running" by a crawl whose process is gone (killed) are marked "interrupted"
    first; see `mark_abandoned_runs`.
    """
    _require_write_lock(session)
    mark_abandoned_runs(session=session)
    host, pid = liveness.this_process()
    run = CrawlRun(
        started_at=utcnow(), sources=list(sources), counts={}, status="running", host=host, pid=pid
    )
    session.add(run)
    session.flush()
    return run


def newest_crawl_run(*, session: Session) -> CrawlRun | None:
    """The latest crawl run, for `kommunevagt schedule`'s line about the crawl it started."""
    return session.exec(select(CrawlRun).order_by(col(CrawlRun.id).desc())).first()


def mark_abandoned_runs(*, session: Session) -> list[int]:
    """Mark "interrupted" every "running" run whose process is gone; returns their ids.

    A crawl killed with SIGKILL never records its end. Only runs whose process certainly no
    longer exists are marked (`store.liveness.is_gone`): a crawl running at the same time, here
    or on another host, keeps its "running". `finished_at` stays empty, as the end is unknown.
    """
    _require_write_lock(session)
    running = session.exec(select(CrawlRun).where(CrawlRun.status == "running").with_for_update()).all()
    abandoned = [
        run
        for run in running
        if liveness.is_gone(host=run.host, pid=run.pid, started_at=as_utc(run.started_at))
    ]
    for run in abandoned:
        run.status = "interrupted"
    session.flush()
    return [_id(run) for run in abandoned]


def finish_crawl_run(*, session: Session, run: CrawlRun, counts: Mapping[str, Any], status: str) -> None:
    """Record the run's counts and final status ("finished" or "interrupted")."""
    _require_write_lock(session)
    run = session.merge(run)
    run.counts = dict(counts)
    run.status = status
    run.finished_at = utcnow()
    session.flush()
