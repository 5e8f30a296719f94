"""`kommunevagt demo`: serve the bundled demo site, crawl it into SQLite, run the NLP, open the UI."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Attach the `demo` command (filled in by the crawler and UI work)."""
