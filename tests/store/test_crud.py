"""Upserts keep one row per URL, re-analysis replaces rows, people are merged across documents."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, SQLModel, col, select

from core.result import ClaimMention, Extraction, FigureChange, FigureSubject, KommuneMention, PersonMention
from store import crud
from store.db import get_engine, session_scope
from store.models import Claim, ClaimKommune, ClaimStatistic, Document, Mention, Person, Quote, Statistic
from tests.store.factories import URL, sample


@pytest.fixture
def session(migrated_database_url: str) -> Iterator[Session]:
    with session_scope(get_engine(migrated_database_url), write=True) as session:
        yield session


def count(session: Session, model: type[SQLModel]) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def test_same_url_twice_is_one_document(session: Session) -> None:
    first, _ = sample(1)
    again, _ = sample(1)
    old_hash = first.content_hash
    stored, status = crud.upsert_document(session=session, document=first)
    assert (status, stored) == ("stored", first)
    again.fetched_at = first.fetched_at + timedelta(days=1)
    again.etag = '"v1"'
    same, status = crud.upsert_document(session=session, document=again)
    assert (status, same.id) == ("unchanged", stored.id)
    assert same.etag == '"v1"' and same.fetched_at == again.fetched_at
    changed, _ = sample(2)
    updated, status = crud.upsert_document(session=session, document=changed)
    assert (status, updated.id, updated.text) == ("updated", stored.id, changed.text)
    assert count(session, Document) == 1
    assert crud.get_document_by_canonical_url(session=session, canonical_url=URL) is updated
    assert crud.get_document_by_content_hash(session=session, content_hash=changed.content_hash) is updated
    assert crud.get_document_by_content_hash(session=session, content_hash=old_hash) is None


def test_reanalysis_replaces_rows(session: Session) -> None:
    doc1, found1 = sample(1, sentences=3)
    stored, status = crud.store_analysed_document(session=session, document=doc1, extraction=found1)
    assert status == "stored"
    assert count(session, Claim) == 3 and count(session, Statistic) == 3 and count(session, Quote) == 1
    assert count(session, Mention) == 3 + 1 + 3  # kommuner, region, persons
    doc2, found2 = sample(2, sentences=2)
    stored2, status = crud.store_analysed_document(session=session, document=doc2, extraction=found2)
    assert (status, stored2.id) == ("updated", stored.id)
    claims = session.exec(select(Claim).order_by(col(Claim.start))).all()
    assert [c.text for c in claims] == [c.text for c in found2.claims]
    assert all(c.published_at == doc2.published_at for c in claims)
    assert (
        count(session, Statistic) == 2 and count(session, Quote) == 1 and count(session, Mention) == 2 + 1 + 2
    )
    links = session.exec(select(ClaimStatistic)).all()
    stats = {s.id: s for s in session.exec(select(Statistic)).all()}
    by_claim = {c.id: c for c in claims}
    assert sorted((by_claim[link.claim_id].start, stats[link.statistic_id].text) for link in links) == [
        (c.start, found2.statistics[c.statistics[0]].text) for c in found2.claims
    ]
    kommuner = session.exec(select(ClaimKommune)).all()
    assert sorted(k.kommune_code for k in kommuner) == sorted(c.kommuner[0] for c in found2.claims)
    quote = session.exec(select(Quote)).one()
    speaker = session.get(Person, quote.speaker_id)
    assert speaker is not None and speaker.name == "Anne Sørensen" and "udgave 2" in quote.text


def test_people_are_merged_across_documents(session: Session) -> None:
    doc1, found1 = sample(1)
    crud.store_analysed_document(session=session, document=doc1, extraction=found1)
    # A later text names Anne Sørensen with a news abbreviation and a new role, without "politician".
    doc2, _ = sample(9, url="https://lokalavis.example/andet")
    later = Extraction(
        persons=[PersonMention(text="Anne Sørensen", start=0, end=13, name="Anne Sørensen", party="SF",
                               role="gruppeformand", politician=False)],
    )  # fmt: skip
    crud.store_analysed_document(session=session, document=doc2, extraction=later)
    # An older text cannot override the newer party, but still moves first_seen back.
    doc0, _ = sample(0, url="https://lokalavis.example/gammel")
    doc0.published_at = datetime(2020, 1, 1, tzinfo=UTC)
    older = Extraction(
        persons=[PersonMention(text="Anne", start=0, end=4, name="Anne Sørensen", party="V", role=None,
                               politician=True)],
    )  # fmt: skip
    crud.store_analysed_document(session=session, document=doc0, extraction=older)
    anne = session.exec(select(Person).where(Person.name == "Anne Sørensen")).one()
    assert anne.party_letter == "F"  # SF -> F, newest wins
    assert anne.is_politician
    assert anne.roles == ["borgmester", "gruppeformand"]
    assert anne.first_seen == doc0.published_at and anne.last_seen == doc2.published_at
    assert count(session, Person) == 2
    registry = crud.known_politicians(session=session)
    assert registry == {
        "Anne Sørensen": ("F", ["borgmester", "gruppeformand"]),
        "Peter Holm": ("V", ["formand for økonomiudvalget"]),
    }


def test_unknown_codes_are_skipped_and_local_lists_added(session: Session) -> None:
    doc, _ = sample(1)
    text = "Lone Dahl (L) vil have 3 nye skoler i Ballerup Kommune og Atlantis Kommune."
    doc.text = text
    found = Extraction(
        kommuner=[KommuneMention(text="Ballerup Kommune", start=38, end=54, code=151, name="Ballerup"),
                  KommuneMention(text="Atlantis Kommune", start=58, end=74, code=999, name="Atlantis")],
        persons=[PersonMention(text="Lone Dahl (L)", start=0, end=13, name="Lone Dahl", party="L", role=None,
                               politician=True),
                 PersonMention(text="Dahl", start=0, end=4, name="Ib Dahl", party="Not a party", role=None,
                               politician=True)],
        claims=[ClaimMention(text=text, start=0, end=len(text), statistics=[0, 5], speaker="Lone Dahl",
                             kommuner=[151, 999], source=None)],
    )  # fmt: skip
    crud.store_analysed_document(session=session, document=doc, extraction=found)
    mentions = session.exec(select(Mention).where(Mention.type == "kommune")).all()
    assert [m.target_id for m in mentions] == [151]
    assert [k.kommune_code for k in session.exec(select(ClaimKommune)).all()] == [151]
    assert count(session, ClaimStatistic) == 0  # statistic indexes out of range are ignored
    assert crud.known_politicians(session=session) == {"Lone Dahl": ("L", []), "Ib Dahl": (None, [])}


def test_replace_analysis_with_nothing_clears_rows(session: Session) -> None:
    doc, found = sample(3)
    stored, _ = crud.store_analysed_document(session=session, document=doc, extraction=found)
    crud.replace_analysis(session=session, document=stored, extraction=Extraction())
    assert [count(session, m) for m in (Mention, Statistic, Quote, Claim, ClaimKommune, ClaimStatistic)] == [
        0
    ] * 6


def test_failed_transaction_leaves_nothing(migrated_database_url: str) -> None:
    """A new document and its analysis vanish together when the block raises (no early commit)."""
    engine = get_engine(migrated_database_url)
    doc, found = sample(4)
    with pytest.raises(RuntimeError), session_scope(engine, write=True) as session:
        crud.store_analysed_document(session=session, document=doc, extraction=found)
        raise RuntimeError("crash after writing")
    with session_scope(engine) as session:
        assert count(session, Document) == 0 and count(session, Claim) == 0 and count(session, Person) == 0


def test_sources(session: Session) -> None:
    source = crud.upsert_source(session=session, name="Lokalavisen", kind="news", kommune_codes=[151, 153])
    again = crud.upsert_source(
        session=session,
        name="Lokalavisen",
        kind="news",
        homepage="https://lokalavis.example/",
        kommune_codes=[153],
    )
    assert again.id == source.id and again.homepage == "https://lokalavis.example/"
    assert crud.source_kommune_codes(session=session, source=again) == [153]
    with pytest.raises(ValueError, match="999"):
        crud.upsert_source(session=session, name="Andet", kind="news", kommune_codes=[999])


def test_crawl_runs(session: Session) -> None:
    run = crud.start_crawl_run(session=session, sources=["lokalavisen"])
    assert run.id is not None and run.status == "running" and run.finished_at is None
    counts = {
        "lokalavisen": {
            "fetched": 2,
            "stored": 1,
            "failures": [{"url": "https://x.example/", "reason": "404"}],
        }
    }
    crud.finish_crawl_run(session=session, run=run, counts=counts, status="finished")
    session.expire_all()
    stored = session.get(type(run), run.id)
    assert stored is not None
    assert (stored.status, stored.counts) == ("finished", counts)
    assert stored.finished_at is not None and stored.finished_at >= stored.started_at


def test_claim_published_at_follows_document(session: Session) -> None:
    doc, found = sample(5)
    doc.published_at = None
    crud.store_analysed_document(session=session, document=doc, extraction=replace(found))
    assert all(c.published_at is None for c in session.exec(select(Claim)).all())


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_writers_meeting_the_same_new_person(migrated_database_url: str) -> None:
    """The second writer waits for the first one's new Person row, then links to it instead of failing."""
    import threading

    engine = get_engine(migrated_database_url)
    errors: list[BaseException] = []

    def second_writer() -> None:
        try:
            with session_scope(engine, write=True) as other:
                doc, found = sample(2, url="https://lokalavis.example/anden")
                crud.store_analysed_document(session=other, document=doc, extraction=found)
        except BaseException as exc:  # reported to the main thread
            errors.append(exc)

    with session_scope(engine, write=True) as first:
        doc, found = sample(1)
        crud.store_analysed_document(session=first, document=doc, extraction=found)
        thread = threading.Thread(target=second_writer)
        thread.start()
        thread.join(timeout=1.0)
        assert thread.is_alive()  # blocked on the uncommitted people of the first writer
    thread.join(timeout=60)
    assert errors == []
    with session_scope(engine) as session:
        assert count(session, Person) == 2 and count(session, Document) == 2
        assert count(session, Mention) == 2 * (3 + 1 + 3)


def test_reanalysis_in_the_same_session_reads_the_new_rows(session: Session) -> None:
    """Rows loaded before a re-analysis are not handed back afterwards under a reused id."""
    doc1, found1 = sample(1, sentences=3)
    crud.store_analysed_document(session=session, document=doc1, extraction=found1)
    loaded = [session.exec(select(model)).all() for model in (Claim, Statistic, Mention, ClaimStatistic)]
    assert [len(rows) for rows in loaded] == [3, 3, 7, 3]
    doc2, found2 = sample(2, sentences=3)
    stored, _ = crud.store_analysed_document(session=session, document=doc2, extraction=found2)
    claims = session.exec(select(Claim).order_by(col(Claim.start))).all()
    assert [c.text for c in claims] == [c.text for c in found2.claims]
    rows: list[Claim | Statistic | Mention] = [
        *claims,
        *session.exec(select(Statistic)).all(),
        *session.exec(select(Mention)).all(),
    ]
    assert len(rows) == 3 + 3 + 7
    assert all(stored.text[row.start : row.end] == row.text for row in rows)
    stats = {s.id: s for s in session.exec(select(Statistic)).all()}
    by_id = {c.id: c for c in claims}
    links = session.exec(select(ClaimStatistic)).all()
    assert len(links) == 3
    for link in links:
        claim, statistic = by_id[link.claim_id], stats[link.statistic_id]
        assert claim.start <= statistic.start and statistic.end <= claim.end


def test_links_follow_the_extraction_in_any_order(session: Session) -> None:
    """Claims and statistics listed out of text order, and two identical claims, keep their links."""
    doc, found = sample(1, sentences=4)
    statistics = list(reversed(found.statistics))
    index = {id(s): i for i, s in enumerate(statistics)}
    claims = [
        replace(c, statistics=[index[id(found.statistics[i])] for i in c.statistics])
        for c in reversed(found.claims)
    ]
    claims.append(replace(claims[0], kommuner=[101]))  # the same sentence found twice
    shuffled = replace(found, statistics=statistics, claims=claims)
    crud.store_analysed_document(session=session, document=doc, extraction=shuffled)
    stats = {s.id: s for s in session.exec(select(Statistic)).all()}
    by_id = {c.id: c for c in session.exec(select(Claim)).all()}
    assert len(by_id) == 5
    got = sorted((by_id[link.claim_id].start, stats[link.statistic_id].text)
                 for link in session.exec(select(ClaimStatistic)).all())  # fmt: skip
    expected = sorted((c.start, statistics[i].text) for c in claims for i in c.statistics)
    assert got == expected and len(got) == 5
    kommuner = sorted((by_id[k.claim_id].start, k.kommune_code) for k in session.exec(select(ClaimKommune)))
    assert kommuner == sorted((c.start, code) for c in claims for code in c.kommuner)
    # The duplicate sentence is two claims, each with its own links.
    twins = sorted(int(i) for i, c in by_id.items() if i is not None and c.start == claims[0].start)
    assert len(twins) == 2
    assert sorted(k.claim_id for k in session.exec(select(ClaimKommune)) if k.claim_id in twins) == twins


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_writers_merging_the_same_person_keep_both_roles(migrated_database_url: str) -> None:
    """The second writer waits for the first one's merge of a known person and builds on it."""
    import threading

    engine = get_engine(migrated_database_url)
    with session_scope(engine, write=True) as setup:
        doc, found = sample(1)
        crud.store_analysed_document(session=setup, document=doc, extraction=found)

    def named(role: str) -> Extraction:
        return Extraction(
            persons=[PersonMention(text="Anne Sørensen", start=0, end=13, name="Anne Sørensen", party=None,
                                   role=role, politician=True)]
        )  # fmt: skip

    errors: list[BaseException] = []

    def second_writer() -> None:
        try:
            with session_scope(engine, write=True) as other:
                doc, _ = sample(3, url="https://lokalavis.example/tredje")
                crud.store_analysed_document(session=other, document=doc, extraction=named("rådmand"))
        except BaseException as exc:  # reported to the main thread
            errors.append(exc)

    with session_scope(engine, write=True) as first:
        doc, _ = sample(2, url="https://lokalavis.example/anden")
        crud.store_analysed_document(session=first, document=doc, extraction=named("gruppeformand"))
        thread = threading.Thread(target=second_writer)
        thread.start()
        thread.join(timeout=1.0)
        assert thread.is_alive()  # waiting for the row lock on Anne Sørensen
    thread.join(timeout=60)
    assert errors == []
    with session_scope(engine) as session:
        anne = session.exec(select(Person).where(Person.name == "Anne Sørensen")).one()
        assert anne.roles == ["borgmester", "gruppeformand", "rådmand"]


def test_sqlite_writes_need_a_write_session(migrated_database_url: str) -> None:
    """A read-then-write transaction would fail under a concurrent writer; crud refuses it."""
    doc, found = sample(7)
    with session_scope(get_engine(migrated_database_url)) as session:
        if migrated_database_url.startswith("sqlite"):
            with pytest.raises(RuntimeError, match="write=True"):
                crud.store_analysed_document(session=session, document=doc, extraction=found)
            with pytest.raises(RuntimeError, match="write=True"):
                crud.start_crawl_run(session=session, sources=["x"])
        else:  # PostgreSQL's row locks make writers wait; any session may write
            crud.store_analysed_document(session=session, document=doc, extraction=found)


def test_figure_records_are_stored_with_their_statistic(session: Session) -> None:
    document, found = sample(1, sentences=2)
    first, second = found.statistics
    recorded = replace(
        first,
        measure="ledighedsprocent",
        measure_text="ledigheden",
        subject=FigureSubject("national", None),
        period="2025M09",
        period_inferred=True,
        change=FigureChange("down", 5.4, "forrige periode"),
    )
    found = replace(found, statistics=[recorded, second])
    crud.store_analysed_document(session=session, document=document, extraction=found)
    rows = session.exec(select(Statistic).order_by(col(Statistic.start))).all()
    assert [
        (r.measure, r.measure_text, r.subject_type, r.subject_code, r.period, r.period_inferred) for r in rows
    ] == [
        ("ledighedsprocent", "ledigheden", "national", None, "2025M09", True),
        (None, None, None, None, None, False),
    ]
    assert [(r.change_direction, r.change_from, r.change_baseline) for r in rows] == [
        ("down", 5.4, "forrige periode"),
        (None, None, None),
    ]
