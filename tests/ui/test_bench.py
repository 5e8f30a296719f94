"""`kommunevagt bench ui` on a small archive: generated once, reused, measured per view."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command

from bench import ui_views as bench
from store.db import dispose_engines
from store.schema import alembic_config, head_revision


def test_archive_is_generated_once_then_upgraded_and_measured(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ui-300.sqlite"
    url = bench.database(path, documents=300)
    assert "generating 300 documents" in capsys.readouterr().out
    with closing(sqlite3.connect(path)) as connection:
        # Generated archives carry planner statistics for the filled tables.
        analysed = {row[0] for row in connection.execute("SELECT tbl FROM sqlite_stat1")}
        assert {"claim", "mention", "claimstatistic"} <= analysed
    # A kept archive of an older schema is upgraded when it is reused.
    command.downgrade(alembic_config(url), "0002")
    dispose_engines()

    assert bench.database(path, documents=300) == url
    assert "generating" not in capsys.readouterr().out
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "ix_claimstatistic_statistic" in names

    results = bench.measure(url, repeat=2, warmup=1)
    assert {step.page for step, _ in results} == {"Tidslinje", "Politikere", "Tal", "Dækning"}
    assert len({(step.page, step.view) for step, _ in results}) == len(results) >= 19
    assert all(t.worst >= t.median > 0 and t.cpu >= 0 and t.statements for _, t in results)
