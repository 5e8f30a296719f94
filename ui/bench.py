"""`kommunevagt bench ui`: time every page's queries for typical filter changes on a large archive.

The archive (100,000 documents, 500,000 claims, from `ui.generate`) is generated once into
var/bench/ and reused while its size matches. Each step calls the same `store.queries` functions
the page calls for that view, uncached, in a fresh session, and reports the median time of three
runs; the target is under one second per step on SQLite.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session

from store import queries as q
from store.db import StoreError, dispose_engines, get_engine, session_scope
from store.upgrade import upgrade
from ui.generate import generate
from ui.geo import map_spec

DOCUMENTS = 100_000
CLAIMS_PER_DOCUMENT = 5
TARGET_SECONDS = 1.0
REPEAT = 3


@dataclass(frozen=True)
class Step:
    page: str
    view: str
    run: Callable[[Session], Any]


def database(path: Path | None = None, documents: int = DOCUMENTS) -> str:
    """URL of the generated archive, generating it first when missing or of another size.

    A kept archive is brought to the current schema first (`upgrade` is idempotent and also
    refreshes the planner statistics), so new indexes are measured without regenerating.
    """
    from core.settings import get_settings

    path = path or get_settings().data_dir / "bench" / f"ui-{documents}.sqlite"
    url = f"sqlite:///{path}"
    if path.exists():
        try:
            with session_scope(get_engine(url)) as session:
                have = q.count_documents(session=session)
            if have == documents:
                upgrade(url)
                return url
        except StoreError:
            pass
        dispose_engines()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for stale in path.parent.glob(partial.name + "*"):
        stale.unlink()
    started = time.perf_counter()
    print(f"generating {documents:,} documents into {path} ...", flush=True)
    counts = generate(f"sqlite:///{partial}", documents=documents, claims_per_document=CLAIMS_PER_DOCUMENT)
    dispose_engines()
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    partial.rename(path)
    print(
        f"generated {counts.documents:,} documents, {counts.claims:,} claims in "
        f"{time.perf_counter() - started:.0f} s"
    )
    return url


def steps(session: Session) -> list[Step]:
    """The views to time, with arguments picked from the archive itself."""
    last = q.latest_published(session=session)
    assert last is not None, "the archive is empty"
    end = last.date()
    options = q.filter_options(session=session)
    kommune = options.kommuner[0].value
    region = options.regions[0].value
    source = options.sources[0].value
    people = q.person_list(session=session, limit=1)
    person = people[0].id if people else 1
    year = q.ClaimFilter(date_from=end - timedelta(days=365), date_to=end)

    def tidslinje(f: q.ClaimFilter) -> Callable[[Session], Any]:
        def run(s: Session) -> Any:
            histogram = q.claim_histogram(session=s, filters=f)
            return histogram.by("month"), q.claim_page(session=s, filters=f, histogram=histogram)

        return run

    def page_200(s: Session) -> Any:
        f = q.ClaimFilter()
        return q.claim_page(
            session=s, filters=f, offset=200 * 25, histogram=q.claim_histogram(session=s, filters=f)
        )

    def tal(kinds: tuple[str, ...], text: str) -> Callable[[Session], Any]:
        def run(s: Session) -> Any:
            args: dict[str, Any] = {"kommune_code": kommune, "statistic_kinds": kinds, "text": text}
            return (
                q.count_figures(session=s, **args),
                q.figure_rows(session=s, **args),
                q.figure_conflicts(session=s, **args),
            )

        return run

    def person_page(s: Session) -> Any:
        return (
            q.person_detail(session=s, person_id=person),
            q.person_statements_over_time(session=s, person_id=person),
            q.person_statements(session=s, person_id=person),
            q.kommuner_with_person(session=s, person_id=person),
        )

    def daekning(weeks: int) -> Callable[[Session], Any]:
        def run(s: Session) -> Any:
            start = end - timedelta(weeks=weeks)
            totals = q.kommune_totals(session=s, date_from=start, date_to=end)
            return (
                map_spec({t.code: t.count for t in totals}),  # the map, as the page builds it
                q.kommune_weeks(session=s, date_from=start, date_to=end),
                q.coverage_by_source(session=s, date_from=start, date_to=end),
                q.top_politicians(session=s, date_from=start, date_to=end),
                q.new_since(session=s, since=end - timedelta(days=7)),
                q.claim_page(session=s, filters=q.ClaimFilter(date_from=end - timedelta(days=7)), limit=10),
            )

        return run

    return [
        Step("Tidslinje", "ingen filtre", tidslinje(q.ClaimFilter())),
        Step("Tidslinje", "kommune", tidslinje(q.ClaimFilter(kommuner=(kommune,)))),
        Step(
            "Tidslinje",
            "region + seneste år",
            tidslinje(q.ClaimFilter(regions=(region,), date_from=year.date_from, date_to=end)),
        ),
        Step("Tidslinje", "parti A", tidslinje(q.ClaimFilter(parties=("A",)))),
        Step("Tidslinje", "person", tidslinje(q.ClaimFilter(persons=(person,)))),
        Step("Tidslinje", "type af tal: placering", tidslinje(q.ClaimFilter(statistic_kinds=("rank",)))),
        Step("Tidslinje", "dokumenttype: referat", tidslinje(q.ClaimFilter(document_kinds=("minutes",)))),
        Step("Tidslinje", "kilde", tidslinje(q.ClaimFilter(sources=(source,)))),
        Step("Tidslinje", "fritekst 'ledigheden'", tidslinje(q.ClaimFilter(text="ledigheden"))),
        Step(
            "Tidslinje",
            "fritekst + kommune + procent",
            tidslinje(q.ClaimFilter(text="ledigheden", kommuner=(kommune,), statistic_kinds=("percent",))),
        ),
        Step(
            "Tidslinje",
            "side 200",
            lambda s: q.claim_page(session=s, filters=q.ClaimFilter(), offset=200 * 25),
        ),
        Step("Politikere", "liste", lambda s: (q.count_persons(session=s), q.person_list(session=s))),
        Step("Politikere", "navnesøgning", lambda s: q.person_list(session=s, name_filter="Hansen")),
        Step("Politikere", "person", person_page),
        Step("Tal", "kommune, alle tal", tal((), "")),
        Step("Tal", "kommune + procent", tal(("percent",), "")),
        Step("Tal", "kommune + nøgleord", tal((), "ledigheden")),
        Step("Dækning", "12 uger", daekning(12)),
        Step("Dækning", "52 uger", daekning(52)),
    ]


def measure(url: str, repeat: int = REPEAT) -> list[tuple[Step, float, float]]:
    """(step, wall seconds, CPU seconds of this process) per step, each the median of `repeat`
    runs; the CPU figure shows the work itself when other processes compete for the cores, and
    the median keeps one unlucky run on a busy machine from deciding the verdict."""
    engine = get_engine(url)
    with session_scope(engine) as session:
        plan = steps(session)
    results = []
    for step in plan:
        walls, cpus = [], []
        for _ in range(repeat):
            with session_scope(engine) as session:
                started, cpu = time.perf_counter(), time.process_time()
                step.run(session)
                walls.append(time.perf_counter() - started)
                cpus.append(time.process_time() - cpu)
        results.append((step, statistics.median(walls), statistics.median(cpus)))
    return results


def run() -> None:
    """Print seconds per page view and whether each is under the one-second target."""
    url = database()
    results = measure(url)
    slowest: dict[str, float] = {}
    print(f"{'side':<11} {'visning':<34} {'tid':>8}     {'CPU':>8}")
    for step, seconds, cpu in results:
        flag = "ok" if seconds < TARGET_SECONDS else "SLOW"
        print(f"{step.page:<11} {step.view:<34} {seconds * 1000:8.0f} ms  {cpu * 1000:8.0f} ms  {flag}")
        slowest[step.page] = max(slowest.get(step.page, 0.0), seconds)
    print("slowest per page: " + ", ".join(f"{page} {s * 1000:.0f} ms" for page, s in slowest.items()))
