"""Revision 0009 upgrades an archive written before persons had a kommune (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from alembic import command
from sqlalchemy import text
from sqlmodel import select

from store.db import get_engine, migration_engine, session_scope
from store.models import Person, PersonParty, Quote
from store.schema import alembic_config
from store.upgrade import load_reference_data, upgrade
from tests.store.people_docs import person, store


def _archive_at_0008(url: str) -> tuple[int, int]:
    """A database at revision 0008 holding two persons, one with a party and a quote; their ids."""
    with migration_engine(url).begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0008")
        load_reference_data(connection)
    seen = datetime(2024, 11, 3, 8, tzinfo=UTC)
    with migration_engine(url).begin() as connection:
        ids = [
            connection.execute(
                text(
                    "INSERT INTO person (name, party_letter, is_politician, roles, first_seen, last_seen) "
                    "VALUES (:name, :party, :politician, :roles, :seen, :seen) RETURNING id"
                ),
                {"name": name, "party": party, "politician": party is not None, "roles": roles, "seen": seen},
            ).scalar_one()
            for name, party, roles in [("Anne Sørensen", "A", '["borgmester"]'), ("Bo Holm", None, "[]")]
        ]
        document_id = connection.execute(
            text(
                "INSERT INTO document (url, canonical_url, fetched_at, kind, text, content_hash, status) "
                "VALUES ('https://a.example/1', 'https://a.example/1', :seen, 'news', 'Tekst.', 'x', 'ok') "
                "RETURNING id"
            ),
            {"seen": seen},
        ).scalar_one()
        connection.execute(
            text(
                'INSERT INTO quote (document_id, start, "end", text, speaker_id, published_at) '
                "VALUES (:document, 0, 6, 'Tekst.', :speaker, :seen)"
            ),
            {"document": document_id, "speaker": ids[0], "seen": seen},
        )
    return ids[0], ids[1]


def test_upgrade_keeps_persons_and_starts_their_party_history(database_url: str) -> None:
    anne_id, bo_id = _archive_at_0008(database_url)
    upgrade(database_url)
    text_a = "Anne Sørensen (A) fra Ballerup."
    text_c = "Anne Sørensen (C) fra Hjørring."
    with session_scope(get_engine(database_url), write=True) as session:
        anne = session.get(Person, anne_id)
        assert anne is not None
        assert (anne.name, anne.kommune_code, anne.party_letter, anne.roles) == (
            "Anne Sørensen",
            None,
            "A",
            ["borgmester"],
        )
        history = session.exec(select(PersonParty).where(PersonParty.person_id == anne_id)).all()
        assert [(h.party_letter, h.since, h.source) for h in history] == [
            ("A", datetime(2024, 11, 3, 8, tzinfo=UTC), "text")
        ]
        assert session.exec(select(PersonParty).where(PersonParty.person_id == bo_id)).all() == []
        # The old person is the one a text from her kommune finds; a namesake elsewhere is new.
        store(
            session,
            "https://a.example/2",
            date(2025, 1, 1),
            text_a,
            [person(text_a, "Anne Sørensen", "A", kommune=151)],
        )
        store(
            session,
            "https://a.example/3",
            date(2025, 1, 2),
            text_c,
            [person(text_c, "Anne Sørensen", "C", kommune=860)],
        )
    with session_scope(get_engine(database_url)) as session:
        rows = session.exec(select(Person).where(Person.name == "Anne Sørensen").order_by(Person.id)).all()
        assert [(p.id, p.kommune_code, p.party_letter) for p in rows] == [
            (anne_id, 151, "A"),
            (rows[1].id, 860, "C"),
        ]
        assert session.exec(select(Quote.speaker_id)).all() == [anne_id]
