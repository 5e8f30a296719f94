"""Every UI query gives the same answer on PostgreSQL as on SQLite (same seeded archive)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlmodel import Session

from store import queries as q
from store.db import get_engine, session_scope
from store.queries import person_history
from store.queries.person_export import export_persons
from store.queries.persons import person_groups
from tests.ui.seed import seed

pytestmark = pytest.mark.postgres

AARHUS = 751
CALLS: dict[str, Callable[[Session], Any]] = {
    "options": lambda s: q.filter_options(session=s),
    "persons": lambda s: q.person_options(session=s),
    "histogram": lambda s: q.claim_histogram(session=s, filters=q.ClaimFilter()),
    "weeks": lambda s: q.claims_over_time(session=s, filters=q.ClaimFilter(), period="week"),
    "quarters": lambda s: q.claims_over_time(session=s, filters=q.ClaimFilter(), period="quarter"),
    "page": lambda s: q.claim_page(session=s, filters=q.ClaimFilter(), limit=3, offset=1),
    # Words stem differently (PostgreSQL "ledigheden" also finds "ledige"), so one that does not.
    "search": lambda s: q.claim_page(session=s, filters=q.ClaimFilter(text="ministeriets")),
    "filtered": lambda s: q.count_claims(
        session=s,
        filters=q.ClaimFilter(regions=(1082,), statistic_kinds=("percent",), date_from=date(2025, 3, 1)),
    ),
    "kind histogram": lambda s: q.claim_histogram(
        session=s, filters=q.ClaimFilter(statistic_kinds=("percent",))
    ),
    "dated histogram": lambda s: q.claim_histogram(
        session=s, filters=q.ClaimFilter(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))
    ),
    "short range by kind": lambda s: q.claim_page(
        session=s,
        filters=q.ClaimFilter(
            document_kinds=("news",), date_from=date(2025, 3, 1), date_to=date(2025, 3, 31)
        ),
    ),
    "person list": lambda s: q.person_list(session=s),
    "person": lambda s: q.person_detail(session=s, person_id=1),
    "statements": lambda s: q.person_statements(session=s, person_id=1),
    "statements over time": lambda s: q.person_statements_over_time(session=s, person_id=2),
    "co-mentioned": lambda s: q.kommuner_with_person(session=s, person_id=2),
    "persons by kommune and party": lambda s: q.person_list(session=s, kommune=AARHUS, party="V"),
    "person groups": lambda s: person_groups(s),
    "party history": lambda s: person_history.party_history(s, person_id=2),
    "registry seats": lambda s: person_history.person_seats(s, person_id=1),
    "quoted figures": lambda s: person_history.person_figures(s, person_id=1),
    "person export": lambda s: list(export_persons(s)),
    "figures": lambda s: q.figure_records(session=s, kommune_code=AARHUS),
    "conflicts": lambda s: q.figure_conflicts(session=s, kommune_code=AARHUS),
    "all conflicts": lambda s: q.figure_conflicts(session=s),
    "drifts": lambda s: q.figure_drifts(session=s, kommune_code=AARHUS),
    "measures": lambda s: q.record_measures(session=s),
    "weeks per kommune": lambda s: q.kommune_weeks(
        session=s, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)
    ),
    "by source": lambda s: q.coverage_by_source(
        session=s, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)
    ),
    "coverage": lambda s: q.kommune_coverage(
        session=s, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)
    ),
    "top": lambda s: q.top_politicians(session=s),
    "new": lambda s: q.new_since(session=s, since=date(2025, 3, 1)),
}


@pytest.fixture(scope="module")
def urls(seeded_url: str, postgres_server: Any) -> tuple[str, str]:
    url = postgres_server.create_database("kv_ui_queries")
    seed(url)
    return seeded_url, url


@pytest.mark.parametrize("name", list(CALLS))
def test_same_answer_on_both_databases(urls: tuple[str, str], name: str) -> None:
    answers = []
    for url in urls:
        with session_scope(get_engine(url)) as session:
            answers.append(CALLS[name](session))
    assert answers[0] == answers[1]
    assert answers[0] not in (None, [], 0)
