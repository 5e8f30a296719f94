"""The app over a database it cannot use shows one Danish line, never a traceback.

Each case is a real database in a state a user can meet: a damaged file, a server that does not
answer, a schema from a newer Kommunevagt, a file never upgraded, and a file damaged after the
app checked it (a page's query fails half-way).
"""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.helpers import unescape

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")


def open_app(url: str, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url)
        at = at.switch_page(page).run() if page else at.run()
    assert not at.exception, at.exception
    return at


def one_error(at: AppTest) -> str:
    """The single error line shown, checked to be a readable sentence and no traceback."""
    assert len(at.error) == 1, [e.value for e in at.error]
    text = unescape(str(at.error[0].value))
    assert "\n" not in text
    for leak in ("Traceback", "sqlalchemy", "sqlite3.", "SELECT", "[SQL"):
        assert leak not in text, text
    return text


def _copy(seeded_url: str, tmp_path: Path) -> tuple[str, Path]:
    """A copy of the seeded database (through SQLite's backup: the data may still be in the WAL)."""
    target = tmp_path / "copy.sqlite"
    with sqlite3.connect(seeded_url.removeprefix("sqlite:///")) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return f"sqlite:///{target}", target


def test_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "kommunevagt.sqlite"
    path.write_bytes(b"this is not a database\n" * 400)
    text = one_error(open_app(f"sqlite:///{path}"))
    assert "beskadiget eller ikke en database" in text


def test_unreachable_server() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    text = one_error(open_app(f"postgresql+psycopg://kv@127.0.0.1:{port}/kommunevagt"))
    assert "kan ikke bruges" in text and "Connection refused" in text and f"127.0.0.1:{port}" in text


def test_schema_from_a_newer_kommunevagt(seeded_url: str, tmp_path: Path) -> None:
    url, path = _copy(seeded_url, tmp_path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    text = one_error(open_app(url))
    assert "nyere Kommunevagt" in text and "9999_future" in text


def test_database_never_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    sqlite3.connect(path).close()
    text = one_error(open_app(f"sqlite:///{path}"))
    assert "kommunevagt db upgrade" in text


def test_failure_while_a_page_draws(seeded_url: str, tmp_path: Path) -> None:
    """The check passes, then a query fails: the page shows the line where it stopped."""
    url, path = _copy(seeded_url, tmp_path)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("DROP TABLE person")
    at = open_app(url, "app_pages/politikere.py")
    assert at.title[0].value == "Politikere"
    assert "kan ikke bruges (no such table: person)" in one_error(at)


def test_usable_database_shows_no_error(seeded_url: str) -> None:
    at = open_app(seeded_url)
    assert not at.error
    assert at.title[0].value == "Tidslinje"


def test_unparseable_url() -> None:
    assert "DATABASE_URL" in one_error(open_app("nonsense://"))
