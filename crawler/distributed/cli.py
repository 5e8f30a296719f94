"""`kommunevagt worker` and `kommunevagt backfill` (`crawl --distributed` is in crawler/cli.py)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Attach this package's commands to the main app."""

    @app.command("worker")
    def worker(
        queues: str = typer.Option("crawl,analyse", "--queues", help="comma-separated: crawl, analyse"),
        threads: int = typer.Option(2, "--threads", min=1, help="tasks at once (one NLP batch at a time)"),
    ) -> None:
        """Run a worker for distributed crawls (Redis at KOMMUNEVAGT_REDIS_URL) until SIGTERM or Ctrl-C."""
        from crawler.distributed.coordinator import RedisNotReachable
        from crawler.distributed.worker import QUEUES, run_worker

        chosen = [q.strip() for q in queues.split(",") if q.strip()]
        unknown = sorted(set(chosen) - set(QUEUES))
        if unknown or not chosen:
            raise typer.BadParameter(
                f"unknown queue(s) {', '.join(unknown) or '(none)'}; known: {', '.join(QUEUES)}"
            )
        try:
            run_worker(chosen, threads, lambda line: typer.echo(line, err=True))
        except RedisNotReachable as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(code=1) from None

    @app.command("backfill")
    def backfill(
        source: str = typer.Option(..., "--source", help="the source to walk back"),
        since: datetime = typer.Option(..., "--from", formats=["%Y-%m-%d"], help="oldest publication date"),
        sources_file: Path = typer.Option(None, "--sources", help="TOML sources file"),
        shard_size: int = typer.Option(None, "--shard-size", min=1, help="URLs per task (default 100)"),
    ) -> None:
        """Walk a source's sitemap archive or agenda history back to --from, in monthly shards, on the
        workers; rerun to resume (finished shards are skipped)."""
        _distributed([source], sources_file, since.date(), shard_size)


def _distributed(
    names: list[str], sources_file: Path | None, since: date | None, shard_size: int | None
) -> None:
    from crawler.cli import report
    from crawler.distributed.coordinator import RedisNotReachable, run_distributed
    from crawler.progress import Progress
    from crawler.sources import SourceConfigError

    progress = Progress()
    try:
        result = run_distributed(
            names, sources_file=sources_file, progress=progress, since=since, shard_size=shard_size
        )
    except SourceConfigError as exc:
        raise typer.BadParameter(str(exc)) from None
    except RedisNotReachable as exc:
        progress.done()
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from None
    progress.done()
    report(result)
