"""The console command assembles every package's sub-commands, and ends every database problem
with one line on stderr and a non-zero exit, whichever command met it (a real subprocess each)."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kommunevagt.cli import app

REPO = Path(__file__).resolve().parents[1]
TEXT = "Byrådet i Silkeborg Kommune har besluttet at bruge 12 mio. kr. på skolerne, siger borgmesteren.\n"


def test_help_lists_commands() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "bench" in result.output


def run(*args: str, database_url: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DATABASE_URL=database_url,
        KOMMUNEVAGT_DATA_DIR=str(tmp_path / "var"),
        KOMMUNEVAGT_DEMO_URL="http://127.0.0.1:9",  # never reached: the database fails first
    )
    return subprocess.run(
        [sys.executable, "-m", "kommunevagt", *args],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


# --- the bad databases: each returns (DATABASE_URL, a fragment the one line must contain) ----


def _migrated(tmp_path: Path) -> Path:
    from store.db import dispose_engines
    from store.upgrade import upgrade

    path = tmp_path / "kv.sqlite"
    upgrade(f"sqlite:///{path}")
    dispose_engines()  # the last close folds the WAL into the file
    return path


def read_only(tmp_path: Path) -> tuple[str, str]:
    # Opened read-only through SQLite's URI (file permissions do not bind root, who runs CI).
    return f"sqlite:///file:{_migrated(tmp_path)}?mode=ro&uri=true", "readonly database"


def not_a_database(tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "noter.sqlite"
    path.write_text("Det her er ikke en database, men en indkøbsseddel.\n" * 200)
    return f"sqlite:///{path}", "file is not a database"


def damaged(tmp_path: Path) -> tuple[str, str]:
    path = _migrated(tmp_path)
    with path.open("r+b") as fh:  # keep the header, overwrite the pages after the first two
        fh.seek(2 * 4096)
        fh.write(b"\xa5" * 64 * 1024)
    return f"sqlite:///{path}", "malformed"


def unparseable(tmp_path: Path) -> tuple[str, str]:
    return "postgresql+psycopg://kv:hemmelig@localhost:port/kv", "not a valid database URL"


def unreachable(tmp_path: Path) -> tuple[str, str]:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"postgresql+psycopg://kv:hemmelig@127.0.0.1:{port}/kv", "Connection refused"


def newer(tmp_path: Path) -> tuple[str, str]:
    path = _migrated(tmp_path)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '0999_from_the_future'")
    connection.close()  # the last close folds the WAL into the file
    return f"sqlite:///{path}", "0999_from_the_future"


BAD_DATABASES: list[Callable[[Path], tuple[str, str]]] = [
    read_only, not_a_database, damaged, unparseable, unreachable, newer,
]  # fmt: skip
COMMANDS = {
    "crawl": ["crawl", "--sources", str(REPO / "demo" / "sources.toml")],
    "ingest": ["ingest", "notat.txt"],
    "db upgrade": ["db", "upgrade"],
}


# `db` commands already met the other cases in tests/store/test_cli.py.
CASES = [(command, bad) for command in ("crawl", "ingest") for bad in BAD_DATABASES] + [
    ("db upgrade", read_only),
    ("db upgrade", damaged),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("command", "make_database"), CASES, ids=[f"{command}-{bad.__name__}" for command, bad in CASES]
)
def test_a_bad_database_is_one_line_for_every_command(
    command: str, make_database: Callable[[Path], tuple[str, str]], tmp_path: Path
) -> None:
    (tmp_path / "notat.txt").write_text(TEXT, encoding="utf-8")
    url, fragment = make_database(tmp_path)
    before = {p: p.read_bytes() for p in tmp_path.glob("*.sqlite")}
    result = run(*COMMANDS[command], database_url=url, tmp_path=tmp_path)
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-3000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-3000:]
    assert lines[0].startswith("error: ") and fragment in lines[0], lines[0]
    assert "hemmelig" not in result.stderr + result.stdout
    assert {p: p.read_bytes() for p in before} == before  # nothing was written to it


def test_extract_does_not_need_the_database(tmp_path: Path) -> None:
    (tmp_path / "notat.txt").write_text(TEXT, encoding="utf-8")
    url, _ = unparseable(tmp_path)
    result = run("extract", "--jsonl", "notat.txt", database_url=url, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert '"code": 740' in result.stdout


def test_other_errors_keep_their_traceback(tmp_path: Path) -> None:
    """Only database problems are shortened: a bug must stay visible as one."""
    code = (
        "import sys; import kommunevagt.cli as c\n"
        "def boom(): raise ZeroDivisionError('en fejl i koden')\n"
        "c.app = boom; sys.argv = ['kommunevagt']; c.main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 1 and "Traceback" in result.stderr and "ZeroDivisionError" in result.stderr
