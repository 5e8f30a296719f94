"""Engine factory and sessions: SQLite settings, URL handling, transactions."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from store.db import StoreError, get_engine, parse_url, session_scope
from store.models import Region


def test_sqlite_file_settings(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'folder' / 'kv.sqlite'}"
    engine = get_engine(url)
    assert get_engine(url) is engine  # one pool per URL
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert (connection.execute(text("PRAGMA busy_timeout")).scalar() or 0) >= 1000
    assert (tmp_path / "nested" / "folder" / "kv.sqlite").exists()


def test_default_url_comes_from_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.settings import get_settings

    assert parse_url().database == str(tmp_path / "var" / "kommunevagt.sqlite")
    monkeypatch.setenv("DATABASE_URL", "postgresql://kv@db.example/kv")
    get_settings.cache_clear()
    assert parse_url().drivername == "postgresql+psycopg"  # the one driver installed


@pytest.mark.parametrize("url", ["", "://", "oracle://scott@db/orcl", "sqlite+nosuchdriver:///x.db"])
def test_bad_urls_raise_store_error(url: str) -> None:
    with pytest.raises(StoreError) as caught:
        get_engine(url)
    assert "\n" not in str(caught.value)


def test_session_scope_commits_or_rolls_back(migrated_database_url: str) -> None:
    engine = get_engine(migrated_database_url)
    with pytest.raises(ZeroDivisionError), session_scope(engine) as session:
        session.add(Region(code=1999, name="Region Rollback"))
        session.flush()
        _ = 1 / 0
    with session_scope(engine) as session:
        assert session.get(Region, 1999) is None
        session.add(Region(code=1998, name="Region Commit"))
    with session_scope(engine) as session:
        region = session.get(Region, 1998)
    assert region is not None and region.name == "Region Commit"  # readable after the scope ends


def test_foreign_keys_are_enforced(migrated_database_url: str) -> None:
    from sqlalchemy.exc import IntegrityError

    from store.models import Kommune

    with pytest.raises(IntegrityError), session_scope(get_engine(migrated_database_url)) as session:
        session.add(Kommune(code=998, name="Ingensteds", region_code=1))
