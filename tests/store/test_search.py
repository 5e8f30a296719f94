"""Full-text search over claims on both databases, with user input that looks like query syntax."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import Session, col, select

from store import crud
from store.db import get_engine, session_scope
from store.models import Claim
from store.search import claim_ids_matching, fts5_query
from tests.store.factories import sample


def _matching(session: Session, query: str) -> list[str]:
    ids = claim_ids_matching(session=session, query=query)
    return [
        c.text for c in session.exec(select(Claim).where(col(Claim.id).in_(ids)).order_by(col(Claim.start)))
    ]


@pytest.fixture
def session(migrated_database_url: str):
    with session_scope(get_engine(migrated_database_url), write=True) as session:
        doc, found = sample(1, sentences=3)  # Brøndby, Hjørring, København
        crud.store_analysed_document(session=session, document=doc, extraction=found)
        session.flush()
        yield session


def test_words_match_claims(session: Session) -> None:
    assert _matching(session, "Hjørring") == [c for c in _matching(session, "ledigheden") if "Hjørring" in c]
    assert len(_matching(session, "ledigheden")) == 3
    assert _matching(session, "hjørring   KOMMUNE") == _matching(session, "Hjørring")
    assert _matching(session, "Hjørring Brøndby") == []  # every word must occur
    assert _matching(session, "Odense") == []


def test_inflected_forms_match(session: Session) -> None:
    """ "ledighed" finds "ledigheden": prefix terms on SQLite, Danish stemming on PostgreSQL."""
    assert len(_matching(session, "ledighed")) == 3


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "AND",
        "ledigheden OR",
        "NEAR(a b)",
        "*",
        "ledig*",
        "-Brøndby",
        "col:text",
        "'; DROP TABLE claim;--",
    ],
)
def test_query_syntax_in_user_input_is_plain_text(session: Session, query: str) -> None:
    _matching(session, query)  # must not raise
    assert session.exec(select(Claim)).first() is not None


def test_empty_query_matches_nothing(session: Session) -> None:
    assert _matching(session, "") == [] and _matching(session, " ,.! ") == []


def test_index_follows_updates_and_deletes(session: Session) -> None:
    """The SQLite triggers (and the PostgreSQL expression index) see every change to a claim."""
    claim = session.exec(select(Claim).where(col(Claim.text).contains("Hjørring"))).one()
    claim.text = "Skatten i Hjørring Kommune stiger med 0,3 procentpoint."
    session.flush()
    assert _matching(session, "skatten") == [claim.text]
    assert len(_matching(session, "ledigheden")) == 2
    doc2, found2 = sample(2, sentences=1)  # re-analysis deletes the old claims
    crud.store_analysed_document(session=session, document=doc2, extraction=found2)
    session.flush()
    assert _matching(session, "skatten") == []
    assert _matching(session, "ledigheden") == [found2.claims[0].text]


def test_fts5_query_quotes_every_word() -> None:
    assert fts5_query('ledighed "OR" Brøndby*') == '"ledighed"* "OR"* "Brøndby"*'
    assert fts5_query("--") is None


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_postgresql_uses_the_gin_index(session: Session) -> None:
    session.execute(text("SET LOCAL enable_seqscan = off"))
    ids = claim_ids_matching(session=session, query="ledighed")
    compiled = ids.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
    plan = "\n".join(row[0] for row in session.execute(text(f"EXPLAIN {compiled}")))
    assert "ix_claim_text_fts" in plan, plan
