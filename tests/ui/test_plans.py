"""Query plans of the slow-prone views on SQLite, with and without planner statistics.

Timings on a small archive prove nothing, but the plan shows which index a query starts from;
these are the plans that keep the views fast on the 100,000-document bench archive
(`kommunevagt bench ui`). Without statistics (a database filled since its last ANALYZE) SQLite
must not fall into plans that take minutes there.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import Session

from bench.archive import generate
from store import queries as q
from store.db import dispose_engines, get_engine, session_scope

FIRST, LAST = date(2024, 1, 1), date(2024, 12, 31)
AARHUS = 751


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "archive.sqlite"
    generate(f"sqlite:///{path}", documents=400)
    dispose_engines()
    return path


@pytest.fixture(params=["statistics", "no statistics"])
def url(request: pytest.FixtureRequest, archive: Path, tmp_path: Path) -> Iterator[str]:
    path = tmp_path / "copy.sqlite"
    shutil.copy(archive, path)
    if request.param == "no statistics":
        with closing(sqlite3.connect(path)) as connection:
            connection.execute("DELETE FROM sqlite_stat1")
            connection.commit()
    yield f"sqlite:///{path}"
    dispose_engines()


def plans(url: str, call: Callable[[Session], Any]) -> list[str]:
    """EXPLAIN QUERY PLAN of every SELECT that `call` runs, one line per plan step."""
    engine = get_engine(url)
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        with session_scope(engine) as session:
            call(session)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    lines = []
    with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as connection:
        for statement, parameters in statements:
            lines += [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + statement, parameters)]
    return lines


def test_coverage_reads_one_date_range_of_the_mention_index(url: str) -> None:
    # Dækning's per-day counts (store/aggregates.py) are stale once a mention arrives after their
    # refresh, as while a crawl writes; then the mentions are counted from the index.
    with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as connection:
        connection.execute("DELETE FROM aggregate_state")
        connection.commit()
    for call in (
        lambda s: q.kommune_weeks(session=s, date_from=FIRST, date_to=LAST),
        lambda s: q.coverage_by_source(session=s, date_from=FIRST, date_to=LAST),
        lambda s: q.top_politicians(session=s, date_from=FIRST, date_to=LAST),
    ):
        lines = plans(url, call)
        assert any("COVERING INDEX ix_mention_type_published" in line for line in lines), lines


def test_current_coverage_counts_come_from_mention_day(url: str) -> None:
    for call in (
        lambda s: q.kommune_weeks(session=s, date_from=FIRST, date_to=LAST),
        lambda s: q.top_politicians(session=s, date_from=FIRST, date_to=LAST),
    ):
        lines = plans(url, call)
        assert any("mention_day" in line for line in lines), lines
        assert not any("ix_mention_type_published" in line for line in lines), lines


def test_a_kommunes_figure_records_start_from_its_subject(url: str) -> None:
    measures = ("ledighedsprocent",)
    for call in (
        lambda s: q.count_figure_records(session=s, kommune_code=AARHUS, measures=measures),
        lambda s: q.figure_records(session=s, kommune_code=AARHUS),
        lambda s: q.figure_conflicts(session=s, kommune_code=AARHUS, measures=measures),
        lambda s: q.figure_drifts(session=s, kommune_code=AARHUS),
    ):
        lines = plans(url, call)
        assert any("ix_statistic_figure_record" in line for line in lines), lines
        assert not any(line.startswith("SCAN statistic") for line in lines), lines


def test_figure_kind_histogram_never_reads_claim_rows(url: str) -> None:
    lines = plans(
        url, lambda s: q.claim_histogram(session=s, filters=q.ClaimFilter(statistic_kinds=("rank",)))
    )
    assert any("COVERING INDEX ix_claimstatistic_statistic" in line for line in lines), lines
    assert not any(line.startswith(("SEARCH claim ", "SCAN claim ")) for line in lines), lines


def test_a_page_of_one_document_kind_reads_claims_by_date(url: str) -> None:
    filters = q.ClaimFilter(document_kinds=("minutes",))

    def page(s: Session) -> None:
        q.claim_page(session=s, filters=filters, histogram=q.claim_histogram(session=s, filters=filters))

    lines = plans(url, page)
    assert any(line.startswith("SEARCH claim USING INDEX ix_claim_published") for line in lines), lines
