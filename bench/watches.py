"""`kommunevagt bench watches`: `watch run` for 1,000 saved searches over the newest day of the
generated bench archive, as a ratio to the time it takes to store that day's documents.

The archive is `bench.ui_views`'s (100,000 documents, 500,000 claims by default; a smaller one with
`KOMMUNEVAGT_BENCH_DOCUMENTS`), copied so the original stays as generated. Its newest day's
documents are read back with their analysis (mentions, figures, claims) and stored again under
new URLs, with a line added to their text so that they are new content rather than duplicates,
through the crawler's store step (`crawler.pipelines.store.store_item`, one transaction per
document on the writer, as a crawl does: duplicate check, document, analysis, story, a minutes'
member lists). That time is the baseline; the NLP is not in it (the documents arrive analysed,
as they reach the store step in a crawl), nor is the download.

1,000 watches (kommuner, regions, persons, parties, kinds, full-text queries, in the mix a press
office would keep) are created with their watermarks at the archive's newest ids, and a first
run (nothing new; it writes their empty Atom feeds) is done before the day is stored, as a
deployment's searches have run before. Then a forced `watch run` (match, items, Atom feeds; no
push channels, which would time the network) matches exactly that day. Target: <= 0.1.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.result import ClaimMention, Extraction, KommuneMention, PersonMention, StatisticMention
from store.models import Claim, ClaimKommune, ClaimStatistic, Document, Kommune, Mention, Person, Statistic

WATCHES = 1_000
TARGET = 0.1
TEXTS = ("ledighed", "skole", "budget", "ældre", "trafik", "borgmester")


def _day_documents(session: Session) -> list[Document]:
    """The documents published on the archive's newest (UTC) day."""
    newest = session.exec(select(func.max(Document.published_at))).one()
    assert newest is not None, "the archive is empty"
    start = newest.replace(hour=0, minute=0, second=0, microsecond=0)
    return list(session.exec(select(Document).where(col(Document.published_at) >= start)).all())


def _extraction(session: Session, document: Document) -> Extraction:
    """The stored analysis of `document` as the NLP would hand it to the store."""
    kommuner = {k.code: k.name for k in session.exec(select(Kommune)).all()}
    mentions = session.exec(select(Mention).where(Mention.document_id == document.id)).all()
    people = {p.id: p for p in session.exec(select(Person).where(col(Person.id).in_(
        [m.target_id for m in mentions if m.type == "person"]))).all()}  # fmt: skip
    statistics = list(session.exec(select(Statistic).where(Statistic.document_id == document.id)).all())
    index = {s.id: i for i, s in enumerate(statistics)}
    persons = [(m, people[m.target_id]) for m in mentions if m.type == "person" and m.target_id in people]
    extraction = Extraction(
        kommuner=[KommuneMention(m.text, m.start, m.end, m.target_id, kommuner[m.target_id])
                  for m in mentions if m.type == "kommune"],
        persons=[PersonMention(m.text, m.start, m.end, p.name, p.party_letter, None, bool(p.is_politician))
                 for m, p in persons],
        statistics=[StatisticMention(s.text, s.start, s.end, s.kind, s.value, s.value_max,  # type: ignore[arg-type]
                                     s.unit, s.approx, s.of_value, s.sentence_start, s.sentence_end)
                    for s in statistics],
    )  # fmt: skip
    for claim in session.exec(select(Claim).where(Claim.document_id == document.id)).all():
        figures = session.exec(
            select(ClaimStatistic.statistic_id).where(ClaimStatistic.claim_id == claim.id)
        ).all()
        codes = session.exec(select(ClaimKommune.kommune_code).where(ClaimKommune.claim_id == claim.id)).all()
        speaker = session.get(Person, claim.speaker_id) if claim.speaker_id else None
        extraction.claims.append(ClaimMention(
            claim.text, claim.start, claim.end, [index[f] for f in figures if f in index],
            speaker.name if speaker else None, list(codes), claim.source_org,
        ))  # fmt: skip
    return extraction


def _watch_filters(session: Session, rng: random.Random) -> list[Any]:
    """1,000 filters in a press-office mix: mostly one kommune, then regions, persons, parties,
    a kommune with a kind, and full-text queries (alone or with a kommune)."""
    from store.queries.filters import ClaimFilter

    kommuner = list(session.exec(select(Kommune.code)).all())
    regions = sorted({r for r in session.exec(select(Kommune.region_code)).all() if r})
    politicians = select(Person.id).where(col(Person.is_politician)).limit(500)
    persons = [p for p in session.exec(politicians).all() if p]
    makers: list[tuple[float, Callable[[], ClaimFilter]]] = [
        (0.55, lambda: ClaimFilter(kommuner=(rng.choice(kommuner),))),
        (0.08, lambda: ClaimFilter(regions=(rng.choice(regions),))),
        (0.12, lambda: ClaimFilter(persons=(rng.choice(persons),))),
        (0.05, lambda: ClaimFilter(parties=(rng.choice("ABCFIOVØ"),))),
        (0.08, lambda: ClaimFilter(kommuner=(rng.choice(kommuner),), document_kinds=("minutes",))),
        (0.06, lambda: ClaimFilter(text=rng.choice(TEXTS))),
        (0.06, lambda: ClaimFilter(text=rng.choice(TEXTS), kommuner=(rng.choice(kommuner),))),
    ]
    weights = [weight for weight, _ in makers]
    return [rng.choices(makers, weights)[0][1]() for _ in range(WATCHES)]


def prepare(source_url: str, work: Path) -> tuple[str, list[tuple[Document, Extraction]]]:
    """A copy of the archive and its newest day's documents with their analyses, in memory."""
    from store.db import get_engine, session_scope

    path = work / "watches.sqlite"
    shutil.copyfile(source_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    with session_scope(get_engine(url)) as session:
        day = [(doc, _extraction(session, doc)) for doc in _day_documents(session)]
        for doc, _ in day:
            session.expunge(doc)
    return url, day


COPY_LINE = "\n\n(Genoptrykt.)"  # after the text, so the analysis' offsets stay right


def _items(day: list[tuple[Document, Extraction]]) -> list[tuple[Any, int | None]]:
    """The day's documents as the crawler hands them to its store step, under new URLs."""
    from crawler.items import DocumentItem
    from crawler.pipelines.dedupe import content_hash

    items = []
    for doc, extraction in day:
        url = f"{doc.canonical_url}?kopi=bench"
        item = DocumentItem(
            url=url, source="bench", kind=doc.kind, text=doc.text + COPY_LINE, fetched_at=doc.fetched_at,
            title=doc.title, author=doc.author, published_at=doc.published_at, status=doc.status,
            status_reason=doc.status_reason, canonical_url=url, extraction=extraction,
        )  # fmt: skip
        item.content_hash = content_hash(item)
        items.append((item, doc.source_id))
    return items


def store_day(url: str, day: list[tuple[Document, Extraction]]) -> float:
    """Store the day's documents again through the crawler's store step; seconds taken."""
    from bench.configured import configured_database
    from crawler.pipelines.store import store_item

    items = _items(day)
    with configured_database(url):  # store_item writes to the configured database
        started = time.perf_counter()
        outcomes = [store_item(item, source_id)[0] for item, source_id in items]
        elapsed = time.perf_counter() - started
    assert outcomes.count("stored") == len(items), f"not all stored: {outcomes}"
    return elapsed


def add_watches(url: str, watermarks: tuple[int, int]) -> None:
    """The 1,000 watches, their watermarks at the archive's newest ids (feed only: no push channel)."""
    from store.db import get_engine, session_scope
    from store.watches import WatchSpec, create_watch

    with session_scope(get_engine(url), write=True) as session:
        for number, filters in enumerate(_watch_filters(session, random.Random(13))):
            watch = create_watch(
                session=session, spec=WatchSpec(name=f"overvågning {number:04d}", filters=filters)
            )
            watch.last_document_id, watch.last_claim_id = watermarks
        session.flush()


def highest_ids(url: str) -> tuple[int, int]:
    from store.db import get_engine, session_scope

    with session_scope(get_engine(url)) as session:
        document = session.exec(select(func.max(Document.id))).one() or 0
        claim = session.exec(select(func.max(Claim.id))).one() or 0
    return int(document), int(claim)


def run() -> None:
    """Print the store time, the `watch run` time and their ratio against the 0.1 target."""
    from bench.ui_views import database
    from core.settings import get_settings
    from store.db import dispose_engines, get_engine
    from watch.run import run_watches

    documents = int(os.environ.get("KOMMUNEVAGT_BENCH_DOCUMENTS", "100000"))
    source = database(documents=documents)
    with tempfile.TemporaryDirectory(prefix="kommunevagt-bench-watches-") as folder:
        work = Path(folder)
        url, day = prepare(source, work)
        claims = sum(len(extraction.claims) for _, extraction in day)
        add_watches(url, highest_ids(url))
        settings = replace_settings(get_settings(), work / "feeds")
        started = time.perf_counter()
        run_watches(get_engine(url), settings, force=True)  # nothing new: writes the empty feeds
        first = time.perf_counter() - started
        stored = store_day(url, day)
        phases: dict[str, float] = {}
        started = time.perf_counter()
        reports = run_watches(get_engine(url), settings, force=True, phases=phases)
        watched = time.perf_counter() - started
        items = sum(report.new_items for report in reports)
        feeds = sum(1 for report in reports if report.new_items or report.spikes)
        dispose_engines()
    ratio = watched / stored
    print(f"archive: {documents:,} documents; newest day: {len(day)} documents, {claims} claims")
    print(f"first watch run, {len(reports)} searches, nothing new (writes every feed): {first:.2f} s")
    print(
        f"store the day (crawler store step): {stored:.2f} s; "
        f"watch run, {len(reports)} searches: {watched:.2f} s ({items} items)"
    )
    print(
        f"  of which: match {phases['match']:.2f} s (one transaction), send {phases['send']:.2f} s, "
        f"{feeds} feeds rewritten {phases['feeds']:.2f} s"
    )
    print(f"ratio {ratio:.3f} (target <= {TARGET}) {'ok' if ratio <= TARGET else 'SLOW'}")
    print(f"ratio without the feeds {(watched - phases['feeds']) / stored:.3f}")


def replace_settings(settings: Any, feeds: Path) -> Any:
    """The settings with the feeds written under the bench's temporary folder."""
    return settings.model_copy(update={"feeds_dir": feeds})
