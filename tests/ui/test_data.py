"""ui.data: the typed cache in front of store.queries keeps answers apart per query and database."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st

from store.db import get_engine, session_scope
from store.queries import coverage, options, persons
from store.upgrade import upgrade
from ui import data


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    st.cache_data.clear()


def test_queries_with_the_same_arguments_do_not_share_answers(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All queries go through one cache; two that take the same arguments keep their own entries."""
    monkeypatch.setenv("DATABASE_URL", seeded_url)
    with session_scope(get_engine(seeded_url)) as session:
        over_time = persons.person_statements_over_time(session, person_id=2)
        kommuner = persons.kommuner_with_person(session, person_id=2)
    assert over_time and kommuner
    assert data.person_statements_over_time(person_id=2) == over_time
    assert data.kommuner_with_person(person_id=2) == kommuner
    assert data.person_statements_over_time(person_id=2) == over_time  # now from the cache


def test_answers_are_kept_per_database(
    seeded_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty_url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    upgrade(empty_url)
    monkeypatch.setenv("DATABASE_URL", seeded_url)
    seeded = data.date_bounds()
    monkeypatch.setenv("DATABASE_URL", empty_url)
    assert data.date_bounds() == (None, None)
    monkeypatch.setenv("DATABASE_URL", seeded_url)
    assert data.date_bounds() == seeded
    assert seeded.first is not None and seeded.last is not None and seeded.first <= seeded.last


def test_the_wrapper_passes_arguments_through_by_name(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", seeded_url)
    bounds = data.date_bounds()
    assert bounds.last is not None
    with session_scope(get_engine(seeded_url)) as session:
        expected = coverage.new_since(session, since=bounds.last, limit=1)
        assert options.date_bounds(session) == bounds
    assert data.new_since(since=bounds.last, limit=1) == expected
    assert data.new_since.__name__ == "new_since" and data.new_since.__doc__ == coverage.new_since.__doc__
