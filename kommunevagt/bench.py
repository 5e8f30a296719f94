"""`kommunevagt bench`: runs the benchmarks each package defines in its own `bench.py`."""

from __future__ import annotations

import importlib

import typer

# name -> module with a `run() -> None` function that prints its figures.
BENCHMARKS = {
    "nlp": "bench.nlp_speed",
    "crawl": "bench.crawl",
    "ui": "bench.ui_views",
    "stories": "bench.stories",
    "workers": "bench.workers",
    "stats": "bench.stats_check",
    "watches": "bench.watches",
}


def register(app: typer.Typer) -> None:
    """Attach the `bench` command."""

    @app.command("bench")
    def bench(which: str = typer.Argument("all", help="all, " + ", ".join(BENCHMARKS))) -> None:
        """Measure speed (and NER quality); figures are ratios against baselines from the same run."""
        names = list(BENCHMARKS) if which == "all" else [which]
        for name in names:
            if name not in BENCHMARKS:
                raise typer.BadParameter(f"unknown benchmark {name!r}")
            try:
                module = importlib.import_module(BENCHMARKS[name])
            except ModuleNotFoundError as exc:
                typer.echo(f"bench {name}: not available ({exc})", err=True)
                continue
            typer.echo(f"== bench {name}")
            module.run()
