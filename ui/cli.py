"""Sub-commands of `kommunevagt` that belong to the ui package."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Attach `kommunevagt ui`."""

    @app.command("ui")
    def ui(
        port: int = typer.Option(8501, "--port", help="Port on 127.0.0.1."),
        no_browser: bool = typer.Option(False, "--no-browser", help="Do not open a browser window."),
    ) -> None:
        """Open the Streamlit app (Tidslinje, Politikere, Tal, Dækning) over the configured database."""
        from core.settings import get_settings
        from ui.launch import run_streamlit

        url = get_settings().resolved_database_url()
        raise typer.Exit(run_streamlit(url, port=port, open_browser=not no_browser))
