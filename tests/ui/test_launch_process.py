"""`kommunevagt ui` as a real process, started the way a new user or a supervisor starts it.

A first run has a HOME without ~/.streamlit and often no terminal (`make demo` from a script, a
systemd unit): the UI must come up without asking anything. A supervisor stops it with SIGTERM:
the Streamlit server behind it must stop too, not linger on the port as an orphan.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads child processes from /proc"),
]

START_SECONDS = 90  # a deadline for a loaded machine, not a speed requirement


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    """Pids whose parent is `pid` (field 4 of /proc/PID/stat, after the parenthesised name)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """True while `pid` runs (a zombie is not running: it is only waiting to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _port_free(port: int) -> bool:
    """Nobody listens on the port: a new server could take it (SO_REUSEADDR, as servers bind,
    so connections of the stopped server in TIME_WAIT do not count)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
            sock.listen()
        except OSError:
            return False
    return True


@dataclass
class Launched:
    process: subprocess.Popen[bytes]
    port: int
    home: Path
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def launched(seeded_url: str, tmp_path: Path) -> Iterator[Launched]:
    """`python -m kommunevagt ui` in a fresh HOME, stdin not a terminal, no display, browser on
    (the default): what `make demo` does on a new machine."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(HOME=str(home), DATABASE_URL=seeded_url)
    env.pop("XDG_CONFIG_HOME", None)
    port = _free_port()
    log = tmp_path / "ui.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kommunevagt", "ui", "--port", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=tmp_path,
            start_new_session=True,  # so the cleanup below can stop the whole group
        )
    try:
        yield Launched(process, port, home, log)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _wait_healthy(launched: Launched) -> None:
    deadline = time.monotonic() + START_SECONDS
    url = f"http://127.0.0.1:{launched.port}/_stcore/health"
    while time.monotonic() < deadline:
        if launched.process.poll() is not None:
            pytest.fail(f"exited with {launched.process.returncode}:\n{launched.output()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"no answer on 127.0.0.1:{launched.port}:\n{launched.output()}")


def test_first_run_reaches_the_ui_without_a_prompt(launched: Launched) -> None:
    _wait_healthy(launched)
    with urllib.request.urlopen(f"http://127.0.0.1:{launched.port}/", timeout=10) as response:
        assert response.status == 200
        assert b"<html" in response.read().lower()
    assert "Email" not in launched.output()
    assert f"http://127.0.0.1:{launched.port}/" in launched.output()
    # Nothing was written into the user's home (no credentials, no machine id).
    assert list(launched.home.iterdir()) == []


def test_sigterm_stops_the_streamlit_child(launched: Launched) -> None:
    _wait_healthy(launched)
    children = _children(launched.process.pid)
    assert children, "expected the Streamlit server as a child process"
    launched.process.send_signal(signal.SIGTERM)
    launched.process.wait(timeout=START_SECONDS)
    deadline = time.monotonic() + START_SECONDS
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in children if _alive(pid)], launched.output()
    assert _port_free(launched.port)
