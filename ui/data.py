"""Data for the pages: thin cached wrappers around `store.queries`.

Pages never open sessions or build statements; they call these functions with plain values.
Results are cached with `st.cache_data` for a minute (the crawler may add documents meanwhile),
keyed by the database URL as well as the arguments, so two databases used in one process (as in
the tests) never share cached answers.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import streamlit as st

from store import queries
from store.queries import (
    ClaimCard,
    ClaimFilter,
    ClaimHistogram,
    CoverageRow,
    FigureConflict,
    FigureRow,
    FilterOptions,
    KommuneCount,
    KommuneWeek,
    NewSince,
    Option,
    PeriodCount,
    PersonDetail,
    PersonSummary,
    PoliticianCount,
    SourceCoverage,
    Statement,
)

CACHE_SECONDS = 60
EXPORT_LIMIT = 10_000  # rows in one CSV download


def database_url() -> str:
    """DATABASE_URL as handed over by `kommunevagt ui`, else the configured default."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    from kommunevagt.settings import get_settings

    return get_settings().resolved_database_url()


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False, max_entries=500)
def _query(url: str, name: str, **kwargs: Any) -> Any:
    """Run `store.queries.<name>` in one read-only session."""
    from store.db import get_engine, session_scope

    function = getattr(queries, name)
    with session_scope(get_engine(url)) as session:
        return function(session=session, **kwargs)


def _run(name: str, **kwargs: Any) -> Any:
    return _query(database_url(), name, **kwargs)


# --- shared -----------------------------------------------------------------------------------


def filter_options() -> FilterOptions:
    return _run("filter_options")  # type: ignore[no-any-return]


def person_options(politicians_only: bool = False) -> list[Option]:
    return _run("person_options", politicians_only=politicians_only)  # type: ignore[no-any-return]


def date_bounds() -> tuple[date | None, date | None]:
    """First and last publication day in the archive."""
    first = _run("earliest_published")
    last = _run("latest_published")
    return (first.date() if first else None, last.date() if last else None)


# --- Tidslinje --------------------------------------------------------------------------------


def claim_histogram(filters: ClaimFilter) -> ClaimHistogram:
    return _run("claim_histogram", filters=filters)  # type: ignore[no-any-return]


def claim_page(
    filters: ClaimFilter, limit: int, offset: int, histogram: ClaimHistogram | None = None
) -> list[ClaimCard]:
    return _run(  # type: ignore[no-any-return]
        "claim_page", filters=filters, limit=limit, offset=offset, histogram=histogram
    )


def claims_for_export(filters: ClaimFilter, histogram: ClaimHistogram | None = None) -> list[ClaimCard]:
    """The filtered view for a CSV download, newest first, capped at EXPORT_LIMIT rows."""
    return claim_page(filters, EXPORT_LIMIT, 0, histogram)


# --- Politikere -------------------------------------------------------------------------------


def count_persons(name_filter: str, politicians_only: bool) -> int:
    return _run(  # type: ignore[no-any-return]
        "count_persons", name_filter=name_filter, politicians_only=politicians_only
    )


def person_list(name_filter: str, politicians_only: bool, limit: int, offset: int) -> list[PersonSummary]:
    return _run(  # type: ignore[no-any-return]
        "person_list", name_filter=name_filter, politicians_only=politicians_only, limit=limit, offset=offset
    )


def person_detail(person_id: int) -> PersonDetail | None:
    return _run("person_detail", person_id=person_id)  # type: ignore[no-any-return]


def person_statements_over_time(person_id: int, period: queries.Period = "month") -> list[PeriodCount]:
    return _run("person_statements_over_time", person_id=person_id, period=period)  # type: ignore[no-any-return]


def person_statements(person_id: int, limit: int, offset: int) -> list[Statement]:
    return _run("person_statements", person_id=person_id, limit=limit, offset=offset)  # type: ignore[no-any-return]


def kommuner_with_person(person_id: int, limit: int = 20) -> list[KommuneCount]:
    return _run("kommuner_with_person", person_id=person_id, limit=limit)  # type: ignore[no-any-return]


# --- Tal --------------------------------------------------------------------------------------


def figure_rows(
    kommune_code: int,
    statistic_kinds: tuple[str, ...],
    text: str,
    date_from: date | None,
    date_to: date | None,
    period: queries.Period,
    limit: int = 500,
) -> list[FigureRow]:
    return _run(  # type: ignore[no-any-return]
        "figure_rows",
        kommune_code=kommune_code,
        statistic_kinds=statistic_kinds,
        text=text,
        date_from=date_from,
        date_to=date_to,
        period=period,
        limit=limit,
    )


def count_figures(
    kommune_code: int,
    statistic_kinds: tuple[str, ...],
    text: str,
    date_from: date | None,
    date_to: date | None,
) -> int:
    return _run(  # type: ignore[no-any-return]
        "count_figures",
        kommune_code=kommune_code,
        statistic_kinds=statistic_kinds,
        text=text,
        date_from=date_from,
        date_to=date_to,
    )


def figure_conflicts(
    kommune_code: int,
    statistic_kinds: tuple[str, ...],
    text: str,
    date_from: date | None,
    date_to: date | None,
    period: queries.Period,
) -> list[FigureConflict]:
    return _run(  # type: ignore[no-any-return]
        "figure_conflicts",
        kommune_code=kommune_code,
        statistic_kinds=statistic_kinds,
        text=text,
        date_from=date_from,
        date_to=date_to,
        period=period,
    )


# --- Dækning ----------------------------------------------------------------------------------


def kommune_weeks(
    date_from: date,
    date_to: date,
    kommuner: tuple[int, ...],
    sources: tuple[int, ...],
    kinds: tuple[str, ...],
) -> list[KommuneWeek]:
    return _run(  # type: ignore[no-any-return]
        "kommune_weeks",
        date_from=date_from,
        date_to=date_to,
        kommuner=kommuner,
        sources=sources,
        document_kinds=kinds,
    )


def coverage_by_source(
    date_from: date,
    date_to: date,
    kommuner: tuple[int, ...],
    sources: tuple[int, ...],
    kinds: tuple[str, ...],
) -> list[SourceCoverage]:
    return _run(  # type: ignore[no-any-return]
        "coverage_by_source",
        date_from=date_from,
        date_to=date_to,
        kommuner=kommuner,
        sources=sources,
        document_kinds=kinds,
    )


def kommune_coverage(
    date_from: date,
    date_to: date,
    kommuner: tuple[int, ...],
    sources: tuple[int, ...],
    kinds: tuple[str, ...],
) -> list[CoverageRow]:
    """Week x kommune x source x kind, for the CSV download."""
    return _run(  # type: ignore[no-any-return]
        "kommune_coverage",
        date_from=date_from,
        date_to=date_to,
        kommuner=kommuner,
        sources=sources,
        document_kinds=kinds,
    )


def top_politicians(date_from: date | None, date_to: date | None, limit: int = 20) -> list[PoliticianCount]:
    return _run("top_politicians", date_from=date_from, date_to=date_to, limit=limit)  # type: ignore[no-any-return]


def new_since(since: date) -> NewSince:
    return _run("new_since", since=since)  # type: ignore[no-any-return]
