"""Sub-commands of `kommunevagt` that belong to the crawler package: `crawl` and `ingest`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

# Called after a crawl that was not interrupted; returns False when something it did failed.
# The console command passes the saved searches' run here (`watch.cli.after_crawl`), so the crawler
# package does not import the alerting one.
AfterCrawl = Callable[[], bool]


def register(app: typer.Typer, *, after_crawl: AfterCrawl | None = None) -> None:
    """Attach this package's commands to the main app; `after_crawl` runs after each crawl."""

    @app.command("crawl")
    def crawl(
        sources: list[str] = typer.Argument(None, help="source names (default: all in the sources file)"),
        sources_file: Path = typer.Option(
            None, "--sources", help="TOML sources file (default: crawler/sources.toml)"
        ),
        demo: bool = typer.Option(False, "--demo", help="serve the bundled demo site and crawl its sources"),
        jobdir: Path = typer.Option(None, "--jobdir", help="keep crawl state here; rerun to resume"),
        http_cache: bool = typer.Option(False, "--http-cache", help="development: cache responses on disk"),
        distributed: bool = typer.Option(
            False, "--distributed", help="send the sources to the workers (`kommunevagt worker`) over Redis"
        ),
        watches: bool = typer.Option(
            True, "--watches/--no-watches", help="run the due saved searches when the crawl ends"
        ),
    ) -> None:
        """Crawl sources into the database; prints a per-source summary (and failures with reasons).

        Then the saved searches that are due run on what the crawl stored (`watch run`), unless
        the crawl was interrupted: "after every crawl" is a watch's default schedule.
        """
        names = list(sources or [])
        mode = "demo" if demo else "distributed" if distributed else "local"
        if distributed and (jobdir or http_cache or demo):
            raise typer.BadParameter("--jobdir, --http-cache and --demo are for local crawls")
        result = _run(mode, names, sources_file, jobdir, http_cache)
        finished = report(result)
        watched = True
        if watches and after_crawl is not None and result.status != "interrupted":
            watched = after_crawl()
        if not (finished and watched):
            raise typer.Exit(code=1)

    @app.command("ingest")
    def ingest(
        # Paths are checked per file in crawler.ingest, so one bad path does not stop the others.
        files: list[Path] = typer.Argument(..., readable=False, help="text, HTML or PDF files"),
        kind: str = typer.Option("news", help="news, debate or minutes"),
        source: str = typer.Option("lokale-filer", help="source name to file them under"),
        n_process: int = typer.Option(1, "--n-process", min=1, help="NLP worker processes"),
        batch_size: int = typer.Option(32, "--batch-size", min=1, help="texts per NLP batch"),
    ) -> None:
        """Analyse local files and store them like crawled documents; exit 1 if any file failed."""
        from crawler.ingest import ingest_files

        failed = 0
        for result in ingest_files(
            list(files), kind=kind, source=source, n_process=n_process, batch_size=batch_size
        ):
            typer.echo(result.line())
            failed += result.outcome == "failed"
        if failed:
            raise typer.Exit(code=1)


def _run(
    mode: str, names: list[str], sources_file: Path | None, jobdir: Path | None, http_cache: bool
) -> Any:
    """One crawl, local, of the demo site, or on the distributed workers; its `CrawlResult`."""
    from crawler.distributed.coordinator import RedisNotReachable
    from crawler.progress import Progress
    from crawler.runner import run_crawl
    from crawler.sources import SourceConfigError

    overrides: dict[str, object] = {}
    if jobdir:
        overrides["JOBDIR"] = str(jobdir)
    if http_cache:
        overrides["HTTPCACHE_ENABLED"] = True
    progress = Progress()
    try:
        if mode == "demo":
            from demo.run import crawl_demo  # tooling beside the product, loaded only for --demo

            return crawl_demo(names, sources_file=sources_file, overrides=overrides, progress=progress)
        if mode == "distributed":
            from crawler.distributed.coordinator import run_distributed

            return run_distributed(names, sources_file=sources_file, overrides=overrides, progress=progress)
        return run_crawl(names, sources_file=sources_file, overrides=overrides, progress=progress)
    except SourceConfigError as exc:
        raise typer.BadParameter(str(exc)) from None
    except RedisNotReachable as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from None
    finally:
        progress.done()


def report(result: Any) -> bool:
    """Print the summary of a crawl (`runner.CrawlResult`); True if it finished.

    Reasons and URLs come from the network: the tables hold them as `rich.text.Text` (see
    crawler/progress.py), and the last lines are plain text, so no server string is markup."""
    from rich.console import Console

    from crawler.accounting import local_failures
    from crawler.progress import problems_table, reasons_table, summary_table, text
    from store.queries.source_health import dead_run

    console = Console(width=None if Console().is_terminal else 140)
    console.print(summary_table(result.counts, f"crawl run {result.run_id}: {result.status}"))
    for table in (problems_table(result.counts), reasons_table(result.counts)):
        if table is not None:
            console.print(table)
    lines = list(result.crashes)
    if dead := [name for name, row in result.counts.items() if isinstance(row, dict) and dead_run(row)]:
        lines.append(f"dead source(s), nothing stored and only failures: {', '.join(dead)}")
    if result.workers:
        written = ", ".join(f"{name} {count}" for name, count in sorted(result.workers.items()))
        lines.append(f"documents written per worker: {written}")
    if local := local_failures(result.counts):
        lines.append(f"{local} document(s) could not be stored; the next run tries them again")
    if result.errors and result.log_file is None:  # a distributed crawl: logged on the workers
        where = f"the workers' output and logs/crawl-{result.run_id}.log in their data dirs"
        lines.append(f"{result.errors} error(s) logged by the workers ({where})")
    elif result.errors:
        lines.append(f"{result.errors} error(s) logged")
    if result.log_file:
        lines.append(f"log (with details): {result.log_file}")
    for line in lines:
        console.print(text(line), soft_wrap=True)  # a path stays on one line
    return bool(result.status == "finished")
