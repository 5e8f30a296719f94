"""Start the Streamlit server for the app, bound to this machine only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"


def streamlit_command(port: int, open_browser: bool) -> list[str]:
    """`python -m streamlit run ui/app.py` on 127.0.0.1:`port` without telemetry.

    Options go on the command line, which outranks any `.streamlit/config.toml` in the working
    directory, so the server binds to this machine only wherever it is started from. The
    minimal toolbar drops Streamlit's developer menu and "Deploy" button, which mean nothing to
    the app's users.
    """
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "false" if open_browser else "true",
        "--browser.gatherUsageStats",
        "false",
        "--browser.serverAddress",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
        "--global.developmentMode",
        "false",
        "--client.toolbarMode",
        "minimal",
    ]


def streamlit_env(database_url: str) -> dict[str, str]:
    """The environment of the server: the database goes in as DATABASE_URL."""
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    return env


def run_streamlit(database_url: str, port: int = 8501, open_browser: bool = True) -> int:
    """Run the app until it is stopped (Ctrl-C); returns Streamlit's exit code."""
    process = subprocess.Popen(streamlit_command(port, open_browser), env=streamlit_env(database_url))
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            return process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait()
