"""`kommunevagt bench ui`: time every page's queries for typical filter changes on a large archive.

The archive (`bench.archive`; KOMMUNEVAGT_BENCH_CLAIMS claims, default 500,000, five per
document) is generated once and reused while its size matches: into var/bench/ on SQLite, or
into the PostgreSQL database named by KOMMUNEVAGT_BENCH_DATABASE_URL, which must then be empty
or hold an archive of that size (the bench never deletes a PostgreSQL database's rows). Each
step calls the same `store.queries` functions the page calls for that view, uncached, in a fresh
session: one warm-up run, then the worst of five runs is the figure, against a one-second
target. The slowest views' slowest statements are shown with their plans (`bench.plans`:
EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL, EXPLAIN QUERY PLAN on SQLite).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session

from bench.archive import describe, generate
from bench.plans import Statement, explain, recorded
from store import queries as q
from store.aggregates import refresh as refresh_aggregates
from store.db import StoreError, dispose_engines, get_engine, session_scope
from store.upgrade import upgrade
from ui.geo import map_spec

CLAIMS_PER_DOCUMENT = 5
CLAIMS = int(os.environ.get("KOMMUNEVAGT_BENCH_CLAIMS", "500000"))
DOCUMENTS = max(1, CLAIMS // CLAIMS_PER_DOCUMENT)
TARGET_SECONDS = 1.0
REPEAT = 5
WARMUP = 1
PLANS = 3  # views whose slowest statement is explained


@dataclass(frozen=True)
class Step:
    page: str
    view: str
    run: Callable[[Session], Any]


@dataclass(frozen=True)
class Timing:
    worst: float  # wall seconds, the figure held against the target
    median: float
    cpu: float  # CPU seconds of this process in the worst run: the work itself on a busy machine
    statements: tuple[Statement, ...]  # what the worst run sent to the database


def database(path: Path | None = None, documents: int = DOCUMENTS) -> str:
    """URL of the generated SQLite archive, generating it first when missing or of another size.

    A kept archive is brought to the current schema first (`upgrade` is idempotent and also
    refreshes the planner statistics) and its aggregates are brought up to date (as after a
    crawl), so new indexes and aggregates are measured without regenerating.
    """
    from core.settings import get_settings

    path = path or get_settings().data_dir / "bench" / f"ui-{documents}.sqlite"
    url = f"sqlite:///{path}"
    if path.exists():
        try:
            if _documents(url) == documents:
                upgrade(url)
                refresh_aggregates(url)
                return url
        except StoreError:
            pass
        dispose_engines()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for stale in path.parent.glob(partial.name + "*"):
        stale.unlink()
    _generate(f"sqlite:///{partial}", documents, str(path))
    dispose_engines()
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    partial.rename(path)
    return url


def postgres_database(url: str, documents: int = DOCUMENTS) -> str:
    """`url` holding an archive of `documents`: generated when the database is empty, reused
    when it holds that many; anything else is refused (it might be someone's real archive)."""
    upgrade(url)
    have = _documents(url)
    if have == 0:
        _generate(url, documents, url.split("@")[-1])
    elif have != documents:
        raise SystemExit(
            f"bench ui: {url.split('@')[-1]} holds {have:,} documents, not {documents:,}; "
            "point KOMMUNEVAGT_BENCH_DATABASE_URL at an empty database"
        )
    refresh_aggregates(url)  # an archive generated before a newer aggregate: as after a crawl
    return url


def _documents(url: str) -> int:
    with session_scope(get_engine(url)) as session:
        return q.count_documents(session=session)


def _generate(url: str, documents: int, where: str) -> None:
    print(f"generating {documents:,} documents into {where} ...", flush=True)
    counts = generate(url, documents=documents, claims_per_document=CLAIMS_PER_DOCUMENT)
    print(f"generated {describe(counts)}", flush=True)


def steps(session: Session) -> list[Step]:
    """The views to time, with arguments picked from the archive itself."""
    last = q.latest_published(session=session)
    assert last is not None, "the archive is empty"
    end = last.date()
    options = q.filter_options(session=session)
    kommune = options.kommuner[0].value
    people = q.person_list(session=session, limit=1)
    person = people[0].id if people else 1
    return [
        *_tidslinje_steps(end, kommune, options.regions[0].value, options.sources[0].value, person),
        Step("Politikere", "liste", lambda s: (q.count_persons(session=s), q.person_list(session=s))),
        Step("Politikere", "navnesøgning", lambda s: q.person_list(session=s, name_filter="Hansen")),
        Step("Politikere", "person", _person_page(person)),
        Step("Tal", "alle kommuner", _tal(None, ())),
        Step("Tal", "kommune, alle nøgletal", _tal(kommune, ())),
        Step("Tal", "kommune + ledighedsprocent", _tal(kommune, ("ledighedsprocent",))),
        Step("Dækning", "12 uger", _daekning(end, 12)),
        Step("Dækning", "52 uger", _daekning(end, 52)),
    ]


def _tidslinje_steps(end: date, kommune: int, region: int, source: int, person: int) -> list[Step]:
    def view(name: str, f: q.ClaimFilter) -> Step:
        def run(s: Session) -> Any:
            histogram = q.claim_histogram(session=s, filters=f)
            return histogram.by("month"), q.claim_page(session=s, filters=f, histogram=histogram)

        return Step("Tidslinje", name, run)

    year_ago = end - timedelta(days=365)
    text_kommune = q.ClaimFilter(text="ledigheden", kommuner=(kommune,), statistic_kinds=("percent",))
    return [
        view("ingen filtre", q.ClaimFilter()),
        view("kommune", q.ClaimFilter(kommuner=(kommune,))),
        view("region + seneste år", q.ClaimFilter(regions=(region,), date_from=year_ago, date_to=end)),
        view("parti A", q.ClaimFilter(parties=("A",))),
        view("person", q.ClaimFilter(persons=(person,))),
        view("type af tal: placering", q.ClaimFilter(statistic_kinds=("rank",))),
        view("dokumenttype: referat", q.ClaimFilter(document_kinds=("minutes",))),
        view("kilde", q.ClaimFilter(sources=(source,))),
        view("fritekst 'ledigheden'", q.ClaimFilter(text="ledigheden")),
        view("fritekst + kommune + procent", text_kommune),
        Step(
            "Tidslinje",
            "side 200",
            lambda s: q.claim_page(session=s, filters=q.ClaimFilter(), offset=200 * 25),
        ),
    ]


def _tal(kommune_code: int | None, measures: tuple[str, ...]) -> Callable[[Session], Any]:
    """Tal without a kommune (latest conflicts and checks) or for one (records, conflicts, drifts)."""

    def run(s: Session) -> Any:
        if kommune_code is None:
            return q.figure_conflicts(session=s, measures=measures), q.latest_checked(session=s)
        args: dict[str, Any] = {"kommune_code": kommune_code, "measures": measures}
        return (
            q.count_figure_records(session=s, **args),
            q.figure_records(session=s, **args),
            q.figure_conflicts(session=s, **args, limit=50),
            q.figure_drifts(session=s, **args, limit=50),
        )

    return run


def _person_page(person: int) -> Callable[[Session], Any]:
    def run(s: Session) -> Any:
        return (
            q.person_detail(session=s, person_id=person),
            q.person_statements_over_time(session=s, person_id=person),
            q.person_statements(session=s, person_id=person),
            q.kommuner_with_person(session=s, person_id=person),
        )

    return run


def _daekning(end: date, weeks: int) -> Callable[[Session], Any]:
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


def measure(url: str, repeat: int = REPEAT, warmup: int = WARMUP) -> list[tuple[Step, Timing]]:
    """Each step `warmup` times unmeasured, then `repeat` times; the worst run is its figure."""
    engine = get_engine(url)
    with session_scope(engine) as session:
        plan = steps(session)
    results = []
    for step in plan:
        for _ in range(warmup):
            with session_scope(engine) as session:
                step.run(session)
        runs: list[tuple[float, float, tuple[Statement, ...]]] = []
        for _ in range(repeat):
            with session_scope(engine) as session, recorded(engine) as statements:
                started, cpu = time.perf_counter(), time.process_time()
                step.run(session)
                runs.append((time.perf_counter() - started, time.process_time() - cpu, tuple(statements)))
        walls = sorted(wall for wall, _, _ in runs)
        worst = max(runs, key=lambda run: run[0])
        results.append((step, Timing(worst[0], walls[len(walls) // 2], worst[1], worst[2])))
    return results


def run() -> None:
    """Print seconds per page view, whether each is under the target, and the slowest plans."""
    bench_url = os.environ.get("KOMMUNEVAGT_BENCH_DATABASE_URL")
    url = postgres_database(bench_url) if bench_url else database()
    results = measure(url)
    print(f"{'side':<11} {'visning':<34} {'værst':>8}     {'median':>8}     {'CPU':>8}")
    slowest: dict[str, float] = {}
    for step, timing in results:
        flag = "ok" if timing.worst < TARGET_SECONDS else "SLOW"
        print(
            f"{step.page:<11} {step.view:<34} {timing.worst * 1000:8.0f} ms  "
            f"{timing.median * 1000:8.0f} ms  {timing.cpu * 1000:8.0f} ms  {flag}"
        )
        slowest[step.page] = max(slowest.get(step.page, 0.0), timing.worst)
    print("slowest per page: " + ", ".join(f"{page} {s * 1000:.0f} ms" for page, s in slowest.items()))
    for step, timing in sorted(results, key=lambda r: r[1].worst, reverse=True)[:PLANS]:
        if not timing.statements:
            continue
        statement = max(timing.statements, key=lambda s: s.seconds)
        print(f"\n== {step.page} / {step.view}: slowest statement {statement.seconds * 1000:.0f} ms")
        print(explain(get_engine(url), statement))
