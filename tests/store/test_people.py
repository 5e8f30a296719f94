"""Persons are a name in a kommune: namesakes stay apart, parties have a history, and the
registry links mentions to its politicians (`store.people`)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from core.result import QuoteMention
from store.db import get_engine, session_scope
from store.models import Mention, Person, PersonParty, Quote
from store.politicians import politician_ids
from tests.store.people_docs import person, store

PETER = "Peter Sørensen"
LISE = "Lise Madsen"


def _persons(session: Session, name: str) -> list[Person]:
    return list(session.exec(select(Person).where(Person.name == name).order_by(col(Person.id))))


def _identities(session: Session, name: str) -> list[tuple[int | None, int | None, str | None]]:
    return [(p.id, p.kommune_code, p.party_letter) for p in _persons(session, name)]


def _history(session: Session, person_id: int) -> list[tuple[str, date, str]]:
    rows = session.exec(
        select(PersonParty).where(PersonParty.person_id == person_id).order_by(col(PersonParty.since))
    )
    return [(r.party_letter, r.since.date(), r.source) for r in rows]


def test_namesakes_in_two_kommuner_are_two_persons(migrated_database_url: str) -> None:
    one = f"Borgmester {PETER} (A) åbnede skolen."
    two = f"Byrådsmedlem {PETER} (C) vil have flere cykelstier."
    with session_scope(get_engine(migrated_database_url), write=True) as session:
        store(session, "https://a.example/1", date(2025, 3, 1), one, [person(one, PETER, "A", kommune=101)])
        store(session, "https://b.example/2", date(2025, 3, 2), two, [person(two, PETER, "C", kommune=751)])
    with session_scope(get_engine(migrated_database_url)) as session:
        found = {(p.kommune_code, p.party_letter) for p in _persons(session, PETER)}
        assert found == {(101, "A"), (751, "C")}


def test_a_person_without_kommune_is_claimed_by_the_first_kommune(migrated_database_url: str) -> None:
    """An archive from before kommuner were known keeps its persons: the first text that names
    the kommune gives it to the existing row (same id, so old quotes stay theirs)."""
    plain = f"{LISE} (V) sagde ja."
    placed = f"Rådmand {LISE} (V) fra Aarhus sagde nej."
    elsewhere = f"{LISE} (A) fra Vejle undrede sig."
    with session_scope(get_engine(migrated_database_url), write=True) as session:
        store(session, "https://a.example/1", date(2025, 1, 5), plain, [person(plain, LISE, "V")])
        first = _identities(session, LISE)
        store(
            session, "https://a.example/2", date(2025, 1, 6), placed, [person(placed, LISE, "V", kommune=751)]
        )
        claimed = _identities(session, LISE)
        store(
            session,
            "https://a.example/3",
            date(2025, 1, 7),
            elsewhere,
            [person(elsewhere, LISE, "A", kommune=630)],
        )
        both = _identities(session, LISE)
        # Now two Lise Madsens exist: a text without a kommune belongs to neither of them.
        store(session, "https://a.example/4", date(2025, 1, 8), plain, [person(plain, LISE, None)])
        after = _identities(session, LISE)
    lise = first[0][0]
    assert first == [(lise, None, "V")]
    assert claimed == [(lise, 751, "V")]
    assert [row[1:] for row in both] == [(751, "V"), (630, "A")]
    assert [row[1] for row in after] == [751, 630, None]


def test_party_history_records_changes_with_their_date(migrated_database_url: str) -> None:
    text = f"{LISE} talte i byrådet."
    with session_scope(get_engine(migrated_database_url), write=True) as session:
        for n, (day, party) in enumerate(
            [
                (date(2025, 1, 10), "V"),
                (date(2025, 3, 10), "A"),
                (date(2025, 2, 10), "V"),
                (date(2025, 4, 1), "V"),
            ]
        ):
            store(session, f"https://a.example/{n}", day, text, [person(text, LISE, party, kommune=751)])
        # Storing a text again (re-crawl) changes nothing.
        store(session, "https://a.example/1", date(2025, 3, 10), text, [person(text, LISE, "A", kommune=751)])
        (lise,) = _persons(session, LISE)
        history = _history(session, lise.id or 0)
    assert history == [
        ("V", date(2025, 1, 10), "text"),
        ("A", date(2025, 3, 10), "text"),
        ("V", date(2025, 4, 1), "text"),
    ]
    assert lise.party_letter == "V"


def test_an_older_text_with_the_same_party_moves_the_start_back(migrated_database_url: str) -> None:
    text = f"{LISE} talte i byrådet."
    with session_scope(get_engine(migrated_database_url), write=True) as session:
        store(session, "https://a.example/1", date(2025, 5, 1), text, [person(text, LISE, "V", kommune=751)])
        store(session, "https://a.example/2", date(2025, 2, 1), text, [person(text, LISE, "V", kommune=751)])
        store(session, "https://a.example/3", date(2025, 1, 1), text, [person(text, LISE, "O", kommune=751)])
        (lise,) = _persons(session, LISE)
        history = _history(session, lise.id or 0)
    assert history == [("O", date(2025, 1, 1), "text"), ("V", date(2025, 2, 1), "text")]
    assert lise.party_letter == "V"


def test_registry_link_gives_the_kommune_and_marks_a_registry_party(migrated_database_url: str) -> None:
    text = f"{PETER} stemte for forslaget."
    with session_scope(get_engine(migrated_database_url), write=True) as session:
        ids = politician_ids(session, [(PETER, 751), (PETER, 101)])
        registry_id = ids[(PETER, 751)]
        mention = person(text, PETER, "C", registry_id=registry_id, party_source="registry")
        store(session, "https://a.example/1", date(2025, 6, 1), text, [mention])
        (peter,) = _persons(session, PETER)
        history = _history(session, peter.id or 0)
    assert (peter.kommune_code, peter.politician_id, peter.party_letter) == (751, registry_id, "C")
    assert history == [("C", date(2025, 6, 1), "registry")]


def test_speaker_is_the_person_the_document_names(migrated_database_url: str) -> None:
    text = f"»Det er godt,« siger {PETER} (A)."
    quote = QuoteMention(text="Det er godt,", start=1, end=13, speaker=PETER)
    other = f"{PETER} (C) er uenig."
    with session_scope(get_engine(migrated_database_url), write=True) as session:
        store(
            session, "https://b.example/1", date(2025, 6, 1), other, [person(other, PETER, "C", kommune=751)]
        )
        doc = store(
            session,
            "https://a.example/1",
            date(2025, 6, 2),
            text,
            [person(text, PETER, "A", kommune=101)],
            [quote],
        )
        speaker = session.exec(select(Quote.speaker_id).where(Quote.document_id == doc.id)).one()
        mentioned = session.exec(
            select(Mention.target_id).where(Mention.document_id == doc.id, Mention.type == "person")
        ).one()
        peter_101 = session.exec(select(Person).where(Person.name == PETER, Person.kommune_code == 101)).one()
    assert speaker == mentioned == peter_101.id


def test_first_and_last_seen_span_the_texts(migrated_database_url: str) -> None:
    text = f"{LISE} talte."
    with session_scope(get_engine(migrated_database_url), write=True) as session:
        store(session, "https://a.example/1", date(2025, 5, 1), text, [person(text, LISE, None, kommune=751)])
        store(session, "https://a.example/2", date(2025, 2, 1), text, [person(text, LISE, None, kommune=751)])
        (lise,) = _persons(session, LISE)
        assert lise.first_seen == datetime(2025, 2, 1, 9, tzinfo=UTC)
        assert lise.last_seen == datetime(2025, 5, 1, 9, tzinfo=UTC)
        assert _history(session, lise.id or 0) == []


def test_namesakes_are_told_apart_in_the_person_options(migrated_database_url: str) -> None:
    from store.queries.options import person_options

    one = f"Borgmester {PETER} (A) åbnede skolen."
    two = f"{PETER} (C) vil have flere cykelstier."
    with session_scope(get_engine(migrated_database_url), write=True) as session:
        store(session, "https://a.example/1", date(2025, 3, 1), one, [person(one, PETER, "A", kommune=573)])
        store(session, "https://b.example/2", date(2025, 3, 2), two, [person(two, PETER, "C", kommune=707)])
        labels = [o.label for o in person_options(session)]
    assert labels == [f"{PETER} (A, Varde)", f"{PETER} (C, Norddjurs)"]


def test_a_watch_on_a_name_of_two_persons_is_refused(migrated_database_url: str) -> None:
    import pytest

    from store.watches import WatchError, resolve_person

    one = f"{PETER} (A) åbnede skolen."
    two = f"{PETER} (C) vil have cykelstier."
    with session_scope(get_engine(migrated_database_url), write=True) as session:
        store(session, "https://a.example/1", date(2025, 3, 1), one, [person(one, PETER, "A", kommune=573)])
        assert resolve_person(session, PETER.lower()) == _identities(session, PETER)[0][0]
        store(session, "https://b.example/2", date(2025, 3, 2), two, [person(two, PETER, "C", kommune=707)])
        ids = [row[0] for row in _identities(session, PETER)]
        with pytest.raises(WatchError, match=rf"is 2 persons: give the id of one of them: {ids[0]} \(573\)"):
            resolve_person(session, PETER)
        assert resolve_person(session, str(ids[1])) == ids[1]
