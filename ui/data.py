"""Data for the pages: the `store.queries` functions, cached and given a session.

Pages never open sessions or build statements; they call these functions with plain values, by
keyword, and mypy checks those values against the query's own signature (see `cached`).
Results are cached with `st.cache_data` for a minute (the crawler may add documents meanwhile),
keyed by the database URL as well as the query and its arguments, so two databases used in one
process (as in the tests) never share cached answers.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar, cast

import streamlit as st

from store.queries import claims, coverage, figure_groups, figures, options, person_history, persons
from store.queries import source_health as source_health_queries
from store.queries.claims import ClaimCard, ClaimHistogram
from store.queries.filters import ClaimFilter
from store.queries.person_history import PersonFigure

if TYPE_CHECKING:
    from sqlmodel import Session

P = ParamSpec("P")
R = TypeVar("R")

CACHE_SECONDS = 60
EXPORT_LIMIT = 10_000  # rows in one CSV download


def database_url() -> str:
    """DATABASE_URL as handed over by `kommunevagt ui`, else the configured default."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    from core.settings import get_settings

    return get_settings().resolved_database_url()


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False, max_entries=500)
def _run(
    url: str, name: str, _query: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    """`_query(session, *args, **kwargs)` in one read-only session.

    The cache key is (url, name, args, kwargs): `name` stands for the query, since Streamlit does
    not hash parameters whose name starts with an underscore.
    """
    from store.db import get_engine, session_scope

    with session_scope(get_engine(url)) as session:
        return _query(session, *args, **kwargs)


def cached(query: Callable[Concatenate[Session, P], R]) -> Callable[P, R]:
    """`query` without its session parameter, run against `database_url()` through one shared
    cache. The result has the query's own parameters and return type, so the pages' calls are
    type-checked as if they called the store directly."""
    name = f"{query.__module__}.{query.__qualname__}"

    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        return cast(R, _run(database_url(), name, query, args, kwargs))

    call.__name__ = query.__name__
    call.__qualname__ = query.__qualname__
    call.__doc__ = query.__doc__
    return call


# --- shared -----------------------------------------------------------------------------------

filter_options = cached(options.filter_options)
person_options = cached(options.person_options)
date_bounds = cached(options.date_bounds)

# --- Tidslinje --------------------------------------------------------------------------------

claim_histogram = cached(claims.claim_histogram)
claim_page = cached(claims.claim_page)


def claims_for_export(filters: ClaimFilter, histogram: ClaimHistogram | None = None) -> list[ClaimCard]:
    """The filtered view for a CSV download, newest first, capped at EXPORT_LIMIT rows."""
    return claim_page(filters=filters, limit=EXPORT_LIMIT, offset=0, histogram=histogram)


# --- Politikere -------------------------------------------------------------------------------

count_persons = cached(persons.count_persons)
person_list = cached(persons.person_list)
person_detail = cached(persons.person_detail)
person_statements_over_time = cached(persons.person_statements_over_time)
person_statements = cached(persons.person_statements)
kommuner_with_person = cached(persons.kommuner_with_person)
person_groups = cached(persons.person_groups)
party_history = cached(person_history.party_history)
person_seats = cached(person_history.person_seats)


@dataclass(frozen=True, slots=True)
class CheckedFigure:
    """A figure the person quoted with the verdict of `statbank.check` (no_official_figure when
    no official figure is synced for it)."""

    quoted: PersonFigure
    verdict: str  # matches | rounded | differs | no_official_figure
    official: float | None
    official_period: str | None
    relative_gap: float | None
    table: str | None


def _person_figure_checks(session: Session, *, person_id: int, limit: int = 50) -> list[CheckedFigure]:
    """The person's figures checked against the official figures cached by `stats sync`."""
    from statbank.check import check_all
    from store.official import official_index

    quoted = person_history.person_figures(session, person_id=person_id, limit=limit)
    results = check_all([q.figure for q in quoted], official_index(session=session))
    return [
        CheckedFigure(q, r.verdict, r.official, r.official_period, r.relative_gap, r.table)
        for q, r in zip(quoted, results, strict=True)
    ]


person_figure_checks = cached(_person_figure_checks)

# --- Tal --------------------------------------------------------------------------------------

figure_records = cached(figures.figure_records)
count_figure_records = cached(figures.count_figure_records)
record_measures = cached(figures.record_measures)
latest_checked = cached(figures.latest_checked)
official_series = cached(figures.official_series)
figure_conflicts = cached(figure_groups.figure_conflicts)
figure_drifts = cached(figure_groups.figure_drifts)

# --- Dækning ----------------------------------------------------------------------------------

kommune_weeks = cached(coverage.kommune_weeks)
kommune_totals = cached(coverage.kommune_totals)  # the map: every kommune, whatever the filter
coverage_by_source = cached(coverage.coverage_by_source)
kommune_coverage = cached(coverage.kommune_coverage)  # week x kommune x source x kind, for the CSV
top_politicians = cached(coverage.top_politicians)
new_since = cached(coverage.new_since)
source_health = cached(source_health_queries.source_health)  # dead and silent sources

# --- Overvågning ------------------------------------------------------------------------------


def watch_overviews() -> list[Any]:
    """Every saved search with its latest hits and sent log; not cached, since the page is where
    searches are added and removed and must show that at once."""
    from store.db import get_engine, session_scope
    from store.queries.watch_match import watch_overviews as overviews

    with session_scope(get_engine(database_url())) as session:
        return list(overviews(session))


def add_watch(
    *, name: str, kommuner: list[int], text: str, emails: list[str], daily: str | None
) -> str | None:
    """Save a search from the page's form; the one-line reason it was refused, or None."""
    from store.db import get_engine, session_scope
    from store.watches import WatchError, WatchSpec, create_watch
    from watch.schedule import parse_time
    from watch.spec import parse_email

    try:
        addresses = tuple(parse_email(address) for address in emails)
        at_time = parse_time(daily) if daily else None
        spec = WatchSpec(
            name=name, filters=ClaimFilter(kommuner=tuple(kommuner), text=text.strip()), emails=addresses,
            frequency="daily" if at_time else "crawl", at_time=at_time,
        )  # fmt: skip
        with session_scope(get_engine(database_url()), write=True) as session:
            create_watch(session=session, spec=spec)
    except (ValueError, WatchError) as exc:
        return str(exc)
    return None


def remove_watch(name: str) -> None:
    from store.db import get_engine, session_scope
    from store.watches import remove_watch as remove

    with session_scope(get_engine(database_url()), write=True) as session:
        remove(session=session, name=name)
