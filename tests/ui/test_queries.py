"""store.queries on a generated archive: the fast paths give the same answers as the plain ones."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session

from bench.archive import generate
from store import queries as q
from store.db import get_engine, session_scope

FILTERS = [
    q.ClaimFilter(),
    q.ClaimFilter(statistic_kinds=("rank",)),
    q.ClaimFilter(statistic_kinds=("percent",), regions=(1084,)),
    q.ClaimFilter(document_kinds=("minutes",), date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)),
    q.ClaimFilter(text="ledigheden", kommuner=(101, 751)),
    # Only dates: counted per timestamp first.
    q.ClaimFilter(date_from=date(2024, 2, 1), date_to=date(2024, 11, 30)),
    # Only figure kinds and dates: counted from the statistic rows.
    q.ClaimFilter(statistic_kinds=("percent", "rank"), date_from=date(2023, 6, 1), date_to=date(2024, 6, 1)),
    # A month or less: documents checked per claim instead of collected.
    q.ClaimFilter(document_kinds=("news",), date_from=date(2024, 3, 1), date_to=date(2024, 3, 31)),
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("generated") / "small.sqlite"
    counts = generate(f"sqlite:///{path}", documents=400)
    assert (counts.documents, counts.claims, counts.statistics, counts.quotes) == (400, 2000, 2000, 400)
    return f"sqlite:///{path}"


@pytest.fixture
def session(generated: str) -> Iterator[Session]:
    with session_scope(get_engine(generated)) as session:
        yield session


@pytest.mark.parametrize("filters", FILTERS)
def test_histogram_agrees_with_count_and_paging(session: Session, filters: q.ClaimFilter) -> None:
    histogram = q.claim_histogram(session=session, filters=filters)
    assert histogram.total == q.count_claims(session=session, filters=filters)
    assert histogram.total > 0
    assert sum(p.count for p in histogram.by("week")) == histogram.total
    for offset in (0, 7, histogram.total // 2, max(0, histogram.total - 3)):
        plain = q.claim_page(session=session, filters=filters, limit=10, offset=offset)
        windowed = q.claim_page(
            session=session, filters=filters, limit=10, offset=offset, histogram=histogram
        )
        assert [c.id for c in windowed] == [c.id for c in plain]


def test_generated_figures_sit_in_their_sentences(session: Session) -> None:
    cards = q.claim_page(session=session, filters=q.ClaimFilter(), limit=50)
    assert all(len(c.figures) == 1 and c.kommuner for c in cards)
    for card in cards:
        figure = card.figures[0]
        assert card.text[figure.start : figure.end] == figure.text


def test_period_rollup() -> None:
    assert q.period_of(date(2025, 3, 20), "week") == date(2025, 3, 17)
    assert q.period_of(date(2025, 3, 20), "month") == date(2025, 3, 1)
    assert q.period_of(date(2025, 8, 20), "quarter") == date(2025, 7, 1)


def test_kommune_weeks_add_up_the_full_breakdown(session: Session) -> None:
    """The page's per-week counts (weeks formed in SQL) equal the CSV breakdown summed over sources."""
    first, last = date(2023, 3, 1), date(2024, 2, 29)
    weeks = q.kommune_weeks(session=session, date_from=first, date_to=last)
    summed: dict[tuple[date, int], int] = {}
    for row in q.kommune_coverage(session=session, date_from=first, date_to=last):
        summed[(row.week, row.kommune_code)] = summed.get((row.week, row.kommune_code), 0) + row.mentions
    assert weeks and {(w.week, w.kommune_code): w.mentions for w in weeks} == summed
    assert all(w.week.weekday() == 0 for w in weeks)
    assert [(w.week, w.kommune_name) for w in weeks] == sorted((w.week, w.kommune_name) for w in weeks)
    by_source = q.coverage_by_source(session=session, date_from=first, date_to=last)
    assert sum(c.mentions for c in by_source) == sum(summed.values())


def test_top_politicians_count_every_mention(session: Session) -> None:
    top = q.top_politicians(session=session, limit=5)
    assert len(top) == 5 and [t.mentions for t in top] == sorted((t.mentions for t in top), reverse=True)
    for politician in top:
        detail = q.person_detail(session=session, person_id=politician.id)
        assert detail is not None and detail.summary.is_politician
        assert politician.mentions == detail.summary.mentions >= politician.documents > 0
