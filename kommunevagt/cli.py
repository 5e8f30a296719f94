"""The one console command, `kommunevagt`.

Each top-level package contributes its own sub-commands through a `register(app)` function in
its `cli.py`, so this module only assembles them. Heavy imports (spaCy, Scrapy, Streamlit)
happen inside the command functions, keeping `kommunevagt --help` fast.
"""

from __future__ import annotations

import typer

from crawler import cli as crawler_cli
from crawler import sources_cli
from crawler.distributed import cli as distributed_cli
from kommunevagt import bench as bench_cli
from kommunevagt import demo as demo_cli
from kommunevagt import schedule as schedule_cli
from nlp import cli as nlp_cli
from registry import cli as registry_cli
from statbank import cli as statbank_cli
from store import cli as store_cli
from ui import cli as ui_cli
from ui import export_cli
from watch import cli as watch_cli

app = typer.Typer(
    name="kommunevagt",
    help="Monitor Danish local news, debate posts and council minutes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def root() -> None:
    """Kommunevagt: Danish local news, debate posts and council minutes as a timeline of claims."""


store_cli.register(app)
nlp_cli.register(app)
crawler_cli.register(app, after_crawl=watch_cli.after_crawl)  # "after every crawl": the watches
for module in (ui_cli, bench_cli, demo_cli, schedule_cli):
    module.register(app)
statbank_cli.register(app)
distributed_cli.register(app)
export_cli.register(app)
sources_cli.register(app)
watch_cli.register(app)
registry_cli.register(app)


def main() -> None:
    """Entry point named in pyproject.toml.

    Every command ends a database problem the same way, here, once: `error: <one line>` on
    stderr and exit code 1 instead of a traceback (`store.db.error_line` decides what counts).
    Anything else is a bug and keeps its traceback.
    """
    try:
        app()
    except Exception as exc:
        from store.db import error_line

        line = error_line(exc)
        if line is None:
            raise
        typer.echo(f"error: {line}", err=True)
        raise SystemExit(1) from None
