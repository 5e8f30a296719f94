"""`kommunevagt demo`: serve the bundled demo site, crawl it into SQLite, run the NLP, open the UI."""

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
        from crawler.demo_server import DemoServer
        from crawler.progress import Progress, problems_table, summary_table
        from crawler.runner import LOCAL_SETTINGS, run_crawl
        from crawler.sources import DEMO_SOURCES
        from store import db
        from store.upgrade import upgrade

        database_url = get_settings().resolved_database_url()
        if database_url.startswith("sqlite:///"):
            from pathlib import Path

            Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        console = Console(width=None if Console().is_terminal else 140)
        console.print(f"database: {db.describe(database_url)}", highlight=False)
        upgrade(database_url)
        progress = Progress()
        with DemoServer() as server:
            console.print(f"demo site: {server.url}/", highlight=False)
            result = run_crawl(
                [],
                sources_file=DEMO_SOURCES,
                demo_url=server.url,
                overrides=LOCAL_SETTINGS,
                progress=progress,
            )
        progress.done()
        console.print(summary_table(result.counts, f"crawl run {result.run_id}: {result.status}"))
        problems = problems_table(result.counts)
        if problems is not None:
            console.print(problems)
        from watch.cli import after_crawl

        after_crawl()  # the saved searches that are due, as after every crawl
        if crawl_only:
            return
        from ui.launch import run_streamlit

        raise typer.Exit(code=run_streamlit(database_url, port=port, open_browser=open_browser))
