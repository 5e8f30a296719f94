"""`kommunevagt db ...` as a user runs it: a subprocess, one clear stderr line on bad input."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner, Result

from store.db import get_engine, session_scope
from store.schema import head_revision

REPO = Path(__file__).resolve().parents[2]


def kommunevagt(*args: str, database_url: str | None, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["KOMMUNEVAGT_DATA_DIR"] = str(tmp_path / "var")
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "kommunevagt", *args],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def assert_one_error_line(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def invoke(*args: str, database_url: str) -> Result:
    """The same command in-process (fast), for the cases a subprocess run already covers."""
    from core.settings import get_settings
    from kommunevagt.cli import app

    get_settings.cache_clear()  # settings are read once per process; this run has its own URL
    try:
        return CliRunner(env={"DATABASE_URL": database_url}).invoke(app, list(args))
    finally:
        get_settings.cache_clear()


def test_upgrade_then_current(database_url: str, tmp_path: Path) -> None:
    before = invoke("db", "current", database_url=database_url)
    assert before.exit_code == 0 and "no schema yet" in before.stdout
    result = kommunevagt("db", "upgrade", database_url=database_url, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"revision {head_revision()} (head)" in result.stdout
    again = invoke("db", "upgrade", database_url=database_url)
    assert again.exit_code == 0 and again.stderr == ""
    after = kommunevagt("db", "current", database_url=database_url, tmp_path=tmp_path)
    assert after.returncode == 0 and f"{head_revision()} (head)" in after.stdout


def test_default_is_a_sqlite_file_under_the_data_dir(tmp_path: Path) -> None:
    result = kommunevagt("db", "upgrade", database_url=None, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "var" / "kommunevagt.sqlite").is_file()


MALFORMED = [
    ("not a database url", "not a valid database URL"),
    ("postgresql+psycopg://kv:hemmelig@localhost:port/kv", "not a valid database URL"),
    ("mysql://kv@localhost/kv", "unsupported database"),
]


def test_malformed_url(tmp_path: Path) -> None:
    url, fragment = MALFORMED[1]
    result = kommunevagt("db", "upgrade", database_url=url, tmp_path=tmp_path)
    assert_one_error_line(result, fragment)
    assert "hemmelig" not in result.stderr


@pytest.mark.parametrize(("url", "fragment"), MALFORMED)
def test_malformed_url_in_process(url: str, fragment: str) -> None:
    result = invoke("db", "upgrade", database_url=url)
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0]
    assert "hemmelig" not in result.stderr


def test_unreachable_server(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = kommunevagt(
        "db",
        "upgrade",
        database_url=f"postgresql+psycopg://kv:hemmelig@127.0.0.1:{port}/kv",
        tmp_path=tmp_path,
    )
    assert_one_error_line(result, "cannot use database", str(port))
    assert "hemmelig" not in result.stderr


def test_not_a_database_file(tmp_path: Path) -> None:
    path = tmp_path / "noter.sqlite"
    path.write_text("Det her er ikke en database, men en indkøbsseddel.\n" * 200)
    assert_one_error_line(kommunevagt("db", "upgrade", database_url=f"sqlite:///{path}", tmp_path=tmp_path))


def test_newer_schema_revision(migrated_database_url: str, tmp_path: Path) -> None:
    with session_scope(get_engine(migrated_database_url)) as session:
        session.execute(text("UPDATE alembic_version SET version_num = '0999_from_the_future'"))
    result = kommunevagt("db", "upgrade", database_url=migrated_database_url, tmp_path=tmp_path)
    assert_one_error_line(result, "0999_from_the_future", "newer")
    current = invoke("db", "current", database_url=migrated_database_url)
    assert current.exit_code == 1 and "0999_from_the_future" in current.stderr
