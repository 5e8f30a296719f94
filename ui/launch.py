"""Start the Streamlit server for the app, bound to this machine only.

`kommunevagt ui` (and `demo`) run Streamlit as a child process and stay its parent: Ctrl-C,
SIGTERM and SIGHUP stop the child as well, so a supervisor that stops the command never leaves a
server behind on the port.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

APP = Path(__file__).resolve().parent / "app.py"
STOP_SIGNALS = tuple(s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None)
STOP_GRACE_SECONDS = 10


def streamlit_command(port: int, open_browser: bool) -> list[str]:
    """`python -m streamlit run ui/app.py` on 127.0.0.1:`port`, asking nothing, sending nothing.

    Options go on the command line, which outranks any `.streamlit/config.toml` in the working
    directory or in HOME, so the server binds to this machine only wherever it is started from.
    - No first-run prompt: Streamlit asks for an e-mail address on the terminal the first time
      it runs non-headless, and without a terminal it exits with 255 instead of serving.
      `showEmailPrompt` off skips that question; headless also skips opening a browser.
    - No usage statistics, which also keeps Streamlit from writing a machine id into
      ~/.streamlit: a first run leaves the user's home as it was.
    - No tracebacks in the browser (`showErrorDetails`): the app shows its own one-line
      messages; a developer who wants tracebacks runs `streamlit run ui/app.py` directly.
    - The minimal toolbar drops Streamlit's developer menu and "Deploy" button, which mean
      nothing to the app's users; our own line names the URL, so Streamlit's welcome is hidden.
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
        "--server.showEmailPrompt",
        "false",
        "--browser.gatherUsageStats",
        "false",
        "--browser.serverAddress",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
        "--global.developmentMode",
        "false",
        "--client.showErrorDetails",
        "none",
        "--client.toolbarMode",
        "minimal",
        "--logger.hideWelcomeMessage",
        "true",
    ]


def streamlit_env(database_url: str) -> dict[str, str]:
    """The environment of the server: the database goes in as DATABASE_URL."""
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    return env


def can_open_browser() -> bool:
    """Whether a browser window can appear at all.

    On Linux and the BSDs a graphical session sets DISPLAY or WAYLAND_DISPLAY; without one
    (ssh, a container, a service) opening "a browser" means a text browser taking over the
    terminal, or an error, so the server then runs headless and only prints its URL.
    """
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class _Stop(Exception):
    """A stop signal arrived; raised from the handler so `run_streamlit` can stop its child."""


def _raise_stop(signum: int, _frame: FrameType | None) -> None:
    raise _Stop(signum)


@contextmanager
def _stop_signals_raise() -> Iterator[None]:
    """SIGTERM and SIGHUP raise `_Stop` inside the block (handlers only exist in the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _raise_stop) for s in STOP_SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _stop(process: subprocess.Popen[bytes]) -> int:
    """Ask the server to stop (it shuts down cleanly on SIGTERM); kill it if it does not."""
    process.terminate()
    try:
        return process.wait(timeout=STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def exit_code(returncode: int) -> int:
    """A child killed by signal N (returncode -N) exits as a shell reports it: 128 + N."""
    return 128 - returncode if returncode < 0 else returncode


def run_streamlit(database_url: str, port: int = 8501, open_browser: bool = True) -> int:
    """Run the app until it is stopped (Ctrl-C, SIGTERM, SIGHUP); returns the exit code."""
    command = streamlit_command(port, open_browser and can_open_browser())
    process = subprocess.Popen(command, env=streamlit_env(database_url))
    print(f"Kommunevagt: http://127.0.0.1:{port}/ (Ctrl-C stopper)", flush=True)
    with _stop_signals_raise():
        try:
            return exit_code(process.wait())
        except (KeyboardInterrupt, _Stop):
            return exit_code(_stop(process))
