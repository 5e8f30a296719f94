"""On PostgreSQL ids can commit out of order: a transaction holding a lower document and claim id
commits after a `watch run` that already saw a higher one. The late row is still alerted, once
(store/watch_horizon.py)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from core.result import ClaimMention, Extraction, KommuneMention, StatisticMention
from core.settings import Settings
from store.crud import store_analysed_document
from store.db import get_engine, session_scope
from store.models import Document, Watch, WatchItem
from store.queries.filters import ClaimFilter
from store.watches import WatchSpec, create_watch
from tests.ui.seed import seed
from watch.run import run_watches

AARHUS = 751
NOW = datetime(2025, 4, 1, 6, 0, tzinfo=UTC)


def _document(session: Session, slug: str, sentence: str) -> int:
    """Store one analysed article about Aarhus with one claim in `session`; its id (no commit)."""
    figure = "4,1 procent"
    at = sentence.index(figure)
    extraction = Extraction(
        kommuner=[KommuneMention("Aarhus", 0, 6, AARHUS, "Aarhus")],
        statistics=[StatisticMention(figure, at, at + len(figure), "percent", 4.1, None, "%", False, None,
                                     0, len(sentence))],
        claims=[ClaimMention(sentence, 0, len(sentence), [0], None, [AARHUS], None)],
    )  # fmt: skip
    document = Document(
        url=f"https://lokalavis.example/{slug}", canonical_url=f"https://lokalavis.example/{slug}",
        title=slug, published_at=NOW, fetched_at=NOW, kind="news", text=sentence,
        content_hash=hashlib.sha256(sentence.encode()).hexdigest(),
    )  # fmt: skip
    stored, _outcome = store_analysed_document(session=session, document=document, extraction=extraction)
    session.flush()
    assert stored.id is not None
    return stored.id


def _summaries(url: str, settings: Settings) -> list[str]:
    return [report.summary() for report in run_watches(get_engine(url), settings, now=NOW)]


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_a_row_committed_after_a_higher_one_is_alerted_once(
    migrated_database_url: str, settings: Settings
) -> None:
    url = migrated_database_url
    seed(url)
    with session_scope(get_engine(url), write=True) as session:
        create_watch(session=session, spec=WatchSpec(name="Aarhus", filters=ClaimFilter(kommuner=(AARHUS,))))
    assert _summaries(url, settings) == ["Aarhus: 3 new"]  # the seeded archive

    late = Session(get_engine(url))  # takes the lower ids and commits last
    try:
        late_id = _document(late, "sent", "Aarhus: ledigheden er 4,1 procent, og det er sent.")
        with session_scope(get_engine(url), write=True) as session:
            early_id = _document(session, "tidligt", "Aarhus har en ledighed på 4,1 procent i marts i år.")
        assert late_id < early_id
        assert _summaries(url, settings) == ["Aarhus: 1 new"]  # the early one; the late one is invisible
        late.commit()
    finally:
        late.close()

    assert _summaries(url, settings) == ["Aarhus: 1 new"]  # the late one, not lost
    assert _summaries(url, settings) == ["Aarhus: 0 new"]
    with session_scope(get_engine(url)) as session:
        alerted = [item.document_id for item in session.exec(select(WatchItem)).all()]
        watch = session.exec(select(Watch)).one()
    assert sorted(alerted).count(late_id) == 1 and alerted.count(early_id) == 1
    assert watch.last_document_id == early_id and watch.seen_at is None  # settled: no window left
