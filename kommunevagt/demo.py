"""`kommunevagt demo`: the `crawl --demo` crawl (`demo.run.crawl_demo`), then the UI on its database."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Attach the `demo` command."""

    @app.command("demo")
    def demo(
        port: int = typer.Option(8501, help="port of the UI"),
        open_browser: bool = typer.Option(
            True, "--open-browser/--no-browser", help="open the UI in a browser"
        ),
        crawl_only: bool = typer.Option(False, "--crawl-only", help="stop after crawling (no UI)"),
    ) -> None:
        """Crawl the local demo site (news, debate, council minutes) into the database and open the UI."""
        from rich.console import Console

        from core.settings import get_settings
        from crawler.cli import report
        from crawler.progress import Progress
        from demo.run import crawl_demo
        from store import db

        database_url = get_settings().resolved_database_url()
        console = Console(width=None if Console().is_terminal else 140)
        console.print(f"database: {db.describe(database_url)}", highlight=False)
        progress = Progress()
        try:
            result = crawl_demo(
                [],
                progress=progress,
                on_serving=lambda url: console.print(f"demo site: {url}/", highlight=False),
            )
        finally:
            progress.done()
        if not report(result):  # the summary `crawl --demo` prints
            raise typer.Exit(code=1)  # no UI on an archive the crawl did not finish
        from watch.cli import after_crawl

        after_crawl()  # the saved searches that are due, as after every crawl
        if crawl_only:
            return
        from ui.launch import run_streamlit

        raise typer.Exit(code=run_streamlit(database_url, port=port, open_browser=open_browser))
