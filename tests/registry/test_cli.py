"""`kommunevagt politicians import` and `list`: whole files or nothing, one line per problem."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kommunevagt.cli import app
from store.db import get_engine, session_scope
from store.politicians import load_registry

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KOMMUNEVAGT = str(Path(sys.executable).with_name("kommunevagt"))


@pytest.fixture
def database(migrated_database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    from core.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", migrated_database_url)
    get_settings.cache_clear()
    return migrated_database_url


def _registry(url: str) -> list[tuple[str, int, str | None, str]]:
    with session_scope(get_engine(url)) as session:
        return [(e.name, e.kommune_code, e.party, e.source) for e in load_registry(session)]


def test_import_then_list(database: str) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["politicians", "import", str(FIXTURES / "kv21pers.csv")])
    assert done.exit_code == 0, done.output
    assert "5 members in 4 kommuner imported" in done.stdout
    again = runner.invoke(app, ["politicians", "import", str(FIXTURES / "kv21pers.csv")])
    assert again.exit_code == 0
    assert len(_registry(database)) == 5  # a re-import replaces, it does not add
    listed = runner.invoke(app, ["politicians", "list", "--kommune", "Varde"])
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.splitlines()
    assert [line.split("\t")[1:3] for line in lines] == [
        ["Mette Bock (Ø)", "Varde"],
        ["Peter Sørensen (A)", "Varde"],
    ]
    assert lines[0].split("\t")[4:] == ["2022-01-01–2025-12-31", "DST KV21PERS"]
    unknown = runner.invoke(app, ["politicians", "list", "--kommune", "Atlantis"])
    assert unknown.exit_code == 1 and "unknown kommune 'Atlantis'" in unknown.output


def test_a_bad_file_imports_nothing(database: str, tmp_path: Path) -> None:
    """The bad row is the last one: every row before it was readable, and still none is stored."""
    good = (FIXTURES / "kv21pers.csv").read_bytes()
    bad = tmp_path / "kv21pers-rettet.csv"
    bad.write_bytes(good + b"Bo Dam (V) (Atlantis Kommune);Personlige stemmer;2021;2\r\n")
    done = CliRunner().invoke(app, ["politicians", "import", str(bad)])
    assert done.exit_code == 1
    assert done.output.strip() == (
        f"error: {bad}: line 12: unknown kommune 'Atlantis Kommune'; nothing imported"
    )
    assert _registry(database) == []


def test_a_missing_file(database: str, tmp_path: Path) -> None:
    done = CliRunner().invoke(app, ["politicians", "import", str(tmp_path / "findes-ikke.csv")])
    assert done.exit_code == 1
    assert done.output.startswith("error: ") and "No such file" in done.output


def test_console_command_reads_windows_1252(migrated_database_url: str) -> None:
    if not migrated_database_url.startswith("sqlite"):
        pytest.skip("one run of the real console command is enough")
    done = subprocess.run(
        [KOMMUNEVAGT, "politicians", "import", str(FIXTURES / "kv25pers_cp1252.csv")],
        env={**os.environ, "DATABASE_URL": migrated_database_url}, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "note:" in done.stderr and "cp1252" in done.stderr
    assert ("Søren Lønborg", 707, "V", "DST KV25PERS") in _registry(migrated_database_url)
