"""`kommunevagt bench stats`: `stats check` over the 500,000 claims of the bench archive, against
the time `bench ui` takes to generate them (issue 11: at most 0.1 of it).

1. The archive (`bench.archive.generate`, the generator of `bench ui`: KOMMUNEVAGT_BENCH_CLAIMS
   claims, default 500,000, five per document) is generated into a new SQLite file; that time
   is the baseline, measured in the same run on the same machine.
2. Official figures are put in the cache as `stats sync` would: AUP01's ledighedsprocent per
   kommune and month, the claims' mean rounded to one decimal (so most claims match or round
   and the archive's perturbed ones differ); every other measure has none, or none for a
   claimed month. Not timed.
3. `kommunevagt stats check` runs in this process as the command runs (every figure record
   judged, the verdicts stored), once with `--quiet` and once with `--jsonl` (one line per
   figure, to /dev/null here): each timed.

The figures are wall and CPU seconds of this process for both; the ratio is check / generate.
"""

from __future__ import annotations

import contextlib
import io
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from bench.archive import describe, generate
from bench.ui_views import CLAIMS, CLAIMS_PER_DOCUMENT
from store.db import dispose_engines, get_engine, session_scope

TARGET_RATIO = 0.1


@dataclass(frozen=True)
class Timed:
    wall: float
    cpu: float


@contextlib.contextmanager
def _timer(into: list[Timed]) -> Iterator[None]:
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    into.append(Timed(time.perf_counter() - wall, time.process_time() - cpu))


def official_from_claims(url: str) -> int:
    """Official ledighedsprocent (AUP01) per kommune and claimed month: the claims' mean rounded
    to one decimal, as rows of the Statistikbanken cache; returns how many."""
    from statbank.measures import load_measures

    source = next(s for s in load_measures()["ledighedsprocent"].sources if s.table == "AUP01")
    statement = text(
        "INSERT INTO official_figure (measure, table_id, variable_codes, area_code, subject_type, "
        "subject_code, period, value, unit, fetched_at, link) "
        "SELECT measure, :table, :codes, printf('%03d', subject_code), 'kommune', subject_code, period, "
        "round(avg(value), 1), :unit, :fetched, :link FROM statistic "
        "WHERE measure = 'ledighedsprocent' AND subject_type = 'kommune' "
        "GROUP BY measure, subject_code, period"
    )
    with session_scope(get_engine(url), write=True) as session:
        session.execute(
            statement,
            {"table": source.table, "codes": source.variable_codes, "unit": source.unit,
             "fetched": datetime.now(UTC), "link": source.link},
        )  # fmt: skip
        return int(session.execute(text("SELECT count(*) FROM official_figure")).scalar_one())


def run_check(url: str, *, quiet: bool = False, jsonl: bool = False) -> str:
    """`kommunevagt stats check` against `url`, in this process; its summary line (stderr)."""
    from bench.configured import configured_database
    from statbank.cli import check_command

    errors = io.StringIO()
    with (
        configured_database(url),
        open(os.devnull, "w") as devnull,
        contextlib.redirect_stdout(devnull),
        contextlib.redirect_stderr(errors),
    ):
        check_command(jsonl=jsonl, from_jsonl=None, quiet=quiet)
    return errors.getvalue().strip()


def measure(path: Path, claims: int = CLAIMS) -> tuple[Timed, dict[str, Timed], str]:
    """(generation, check time per output mode, the check's summary) on a new archive at `path`
    (removed after). The modes: `--quiet` (the check and its stored verdicts) and `--jsonl` (the
    same plus one JSON line per figure, to /dev/null)."""
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    url = f"sqlite:///{path}"
    timings: list[Timed] = []
    try:
        with _timer(timings):
            counts = generate(url, documents=max(1, claims // CLAIMS_PER_DOCUMENT))
        print(f"generated {describe(counts)}", flush=True)
        print(f"official figures cached: {official_from_claims(url):,}", flush=True)
        with _timer(timings):
            summary = run_check(url, quiet=True)
        with _timer(timings):
            run_check(url, jsonl=True)
    finally:
        dispose_engines()
        for stale in path.parent.glob(path.name + "*"):
            stale.unlink()
    return timings[0], {"--quiet": timings[1], "--jsonl": timings[2]}, summary


def run() -> None:
    """Print the generation and check times and the ratios against the 0.1 target."""
    from core.settings import get_settings

    path = get_settings().data_dir / "bench" / f"stats-check-{CLAIMS}.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    print(f"generating {CLAIMS:,} claims into {path} ...", flush=True)
    generated, checks, summary = measure(path)
    print(summary)
    print(f"generate:           {generated.wall:7.1f} s wall {generated.cpu:7.1f} s CPU")
    for mode, checked in checks.items():
        ratio, cpu_ratio = checked.wall / generated.wall, checked.cpu / max(generated.cpu, 1e-9)
        verdict = "ok" if ratio <= TARGET_RATIO else "SLOW"
        print(
            f"stats check {mode:<8}{checked.wall:7.1f} s wall {checked.cpu:7.1f} s CPU; / generation "
            f"{ratio:.3f} wall, {cpu_ratio:.3f} CPU (target <= {TARGET_RATIO}) {verdict}"
        )
