"""The run-wide matcher (`store.queries.watch_index`, `watch_batch`) finds exactly what the
per-search SQL (`watch_match._matching_documents`, `_matching_claims`) finds, for searches of
every kind on a generated archive, from several watermarks; and a whole `watch run` stores the
same items as matching each search on its own would."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, col, select

from bench.archive import generate
from core.settings import Settings
from store.db import dispose_engines, get_engine, session_scope
from store.models import Claim, Document, Kommune, Mention, Person, Statistic, Watch, WatchItem
from store.queries import watch_batch
from store.queries.filters import ClaimFilter
from store.queries.watch_index import read_window
from store.queries.watch_match import _matching_claims, _matching_documents, item_values, stories_of
from store.watches import WatchSpec, create_watch, filters_from_json
from watch.run import run_watches

NOW = datetime(2025, 6, 1, 6, tzinfo=UTC)
WORDS = ("ledigheden", "budget", "veje cykelstier", "skole", "ventelister", "procent", "zzzq", " ", "Kommune")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A generated archive of 300 documents, with what the generator leaves out added: region
    mentions, documents without text, and stories of several documents."""
    path = tmp_path_factory.mktemp("batch") / "archive.sqlite"
    url = f"sqlite:///{path}"
    generate(url, documents=300)
    with session_scope(get_engine(url), write=True) as session:
        rng = random.Random(5)
        doc_ids = list(session.exec(select(Document.id)).all())
        for doc_id in rng.sample(doc_ids, 40):
            session.execute(
                text("INSERT INTO mention (document_id, type, target_id, text, start, \"end\") "
                     "VALUES (:d, 'region', :r, 'Region', 0, 6)"),
                {"d": doc_id, "r": rng.choice([1081, 1082, 1083, 1084, 1085])},
            )  # fmt: skip
        for doc_id in rng.sample(doc_ids, 15):
            session.execute(text("UPDATE document SET status = 'no_text' WHERE id = :d"), {"d": doc_id})
        for n, first in enumerate(range(0, 120, 3), start=1):  # stories of three documents each
            session.execute(text("INSERT INTO story (id, document_count) VALUES (:s, 3)"), {"s": n})
            for doc_id in doc_ids[first : first + 3]:
                session.execute(
                    text("UPDATE document SET story_id = :s WHERE id = :d"), {"s": n, "d": doc_id}
                )
    dispose_engines(url)
    yield path


@pytest.fixture
def archive(template: Path, tmp_path: Path) -> Iterator[str]:
    path = tmp_path / "archive.sqlite"
    path.write_bytes(template.read_bytes())
    url = f"sqlite:///{path}"
    yield url
    dispose_engines(url)


def _filters(session: Session, count: int) -> list[ClaimFilter]:
    """Searches of every kind, alone and combined, some naming what is not in the archive."""
    rng = random.Random(13)
    kommuner = list(session.exec(select(Kommune.code)).all())
    persons = [p for p in session.exec(select(Mention.target_id).where(Mention.type == "person")).all()]
    speakers = [p for p in session.exec(select(Claim.speaker_id).where(col(Claim.speaker_id).is_not(None)))]
    parties = [p for p in session.exec(select(Person.party_letter).distinct()) if p] + ["Z"]
    kinds = list(session.exec(select(Statistic.kind).distinct()).all())
    sources = [s for s in session.exec(select(Document.source_id).distinct()) if s is not None]
    fields = {
        "kommuner": lambda: tuple(rng.sample(kommuner, rng.choice([1, 1, 2]))),
        "regions": lambda: tuple(rng.sample([1081, 1082, 1083, 1084, 1085], rng.choice([1, 2]))),
        "persons": lambda: tuple(rng.sample(persons + speakers, rng.choice([1, 2]))),
        "parties": lambda: tuple(rng.sample(parties, rng.choice([1, 2]))),
        "statistic_kinds": lambda: tuple(rng.sample(kinds, rng.choice([1, 2]))),
        "document_kinds": lambda: (rng.choice(["news", "debate", "minutes"]),),
        "sources": lambda: tuple(rng.sample(sources, rng.choice([1, 3]))),
        "text": lambda: rng.choice(WORDS),
    }
    found = [ClaimFilter()] + [ClaimFilter(**{name: make()}) for name, make in fields.items()]  # type: ignore[arg-type]
    while len(found) < count:
        names = rng.sample(list(fields), rng.choice([1, 2, 2, 3]))
        found.append(ClaimFilter(**{name: fields[name]() for name in names}))  # type: ignore[arg-type]
    return found


def _reference(session: Session, filters: ClaimFilter, after: tuple[int, int], upto: tuple[int, int]) -> dict:
    found = _matching_documents(session, filters, after[0], upto[0])
    found.update(_matching_claims(session, filters, after[1], upto[1]))
    return found


def test_the_window_matches_what_sql_matches(archive: str) -> None:
    with session_scope(get_engine(archive)) as session:
        top_document = int(session.exec(select(Document.id).order_by(col(Document.id).desc())).first() or 0)
        top_claim = int(session.exec(select(Claim.id).order_by(col(Claim.id).desc())).first() or 0)
        filters = _filters(session, 150)
        window = read_window(
            session, after_document=0, after_claim=0, upto_document=top_document, upto_claim=top_claim,
            texts=[f.text for f in filters],
        )  # fmt: skip
        compared = matched = 0
        for after in [(0, 0), (top_document // 2, top_claim // 3), (top_document - 20, top_claim - 90)]:
            for f in filters:
                expected = _reference(session, f, after, (top_document, top_claim))
                assert window.found(f, *after) == expected, (f, after)
                compared += 1
                matched += bool(expected)
    assert compared == 450
    assert matched > 200  # most searches find something: the comparison is not of empty sets


def test_a_run_stores_the_items_of_matching_each_search_alone(
    archive: str, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Watches far behind are matched in SQL on their own: make a third of them far.
    monkeypatch.setattr(watch_batch, "FAR_DOCUMENTS", 200)
    engine = get_engine(archive)
    with session_scope(engine, write=True) as session:
        top = (
            int(session.exec(select(Document.id).order_by(col(Document.id).desc())).first() or 0),
            int(session.exec(select(Claim.id).order_by(col(Claim.id).desc())).first() or 0),
        )
        for number, filters in enumerate(_filters(session, 90)):
            watch = create_watch(session=session, spec=WatchSpec(name=f"w{number:03d}", filters=filters))
            watch.last_document_id, watch.last_claim_id = [(0, 0), (120, 700), (260, 1300)][number % 3]
        session.flush()
        expected = set()
        for watch in session.exec(select(Watch)).all():
            after = (watch.last_document_id, watch.last_claim_id)
            found = _reference(session, filters_from_json(watch.filters), after, top)
            for value in item_values(int(watch.id or 0), found, stories_of(session, list(found)), NOW):
                expected.add((value["watch_id"], value["item_key"], value["document_id"], value["claim_id"]))
    reports = run_watches(engine, settings, now=NOW)
    with session_scope(engine) as session:
        stored = {
            (item.watch_id, item.item_key, item.document_id, item.claim_id)
            for item in session.exec(select(WatchItem)).all()
        }
        marks = {(w.last_document_id, w.last_claim_id) for w in session.exec(select(Watch)).all()}
    assert stored == expected
    assert sum(report.new_items for report in reports) == len(expected) > 500
    assert any(key.startswith("story:") for _w, key, _d, _c in stored)
    assert marks == {top}
    assert sum(r.new_items for r in run_watches(engine, settings, now=NOW)) == 0
