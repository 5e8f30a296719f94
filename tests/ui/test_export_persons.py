"""`kommunevagt export persons`: every person with kommune, party, roles, counts and dates, through
the real console command and in process (paging)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from store.db import get_engine, session_scope
from store.queries import person_export
from tests.ui.seed import seed

KOMMUNEVAGT = str(Path(sys.executable).with_name("kommunevagt"))


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('export') / 'archive.sqlite'}"
    seed(url)
    return url


def export(url: str, fmt: str) -> str:
    done = subprocess.run(
        [KOMMUNEVAGT, "export", "persons", "--format", fmt],
        env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "3 persons"
    return done.stdout


def test_jsonl(archive: str) -> None:
    rows = {r["name"]: r for r in map(json.loads, export(archive, "jsonl").splitlines())}
    anders = rows["Anders Kristensen"]
    assert (anders["kommune_code"], anders["kommune"], anders["party"], anders["roles"]) == (
        751,
        "Aarhus",
        "A",
        "borgmester",
    )
    assert (anders["claims"], anders["quotes"], anders["mentions"]) == (1, 1, 1)
    assert anders["registry_id"] is not None and anders["politician"] is True
    lise = rows["Lise Madsen"]
    assert (lise["party"], lise["claims"], lise["mentions"]) == ("V", 2, 2)
    assert lise["first_seen"].startswith("2025-02-10") and lise["last_seen"].startswith("2025-03-20")
    assert rows["Bent Olsen"]["kommune"] is None and rows["Bent Olsen"]["registry_id"] is None


def test_csv(archive: str) -> None:
    rows = list(csv.DictReader(io.StringIO(export(archive, "csv"))))
    assert [r["name"] for r in rows] == ["Anders Kristensen", "Lise Madsen", "Bent Olsen"]  # id order
    assert set(rows[0]) >= {"id", "name", "kommune", "party", "roles", "claims", "quotes", "mentions",
                            "first_seen", "last_seen"}  # fmt: skip


def test_pages_cover_every_person_once(archive: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(person_export, "EXPORT_BATCH", 2)
    with session_scope(get_engine(archive)) as session:
        paged = [(p.id, p.claims, p.mentions) for p in person_export.export_persons(session)]
    monkeypatch.setattr(person_export, "EXPORT_BATCH", 1000)
    with session_scope(get_engine(archive)) as session:
        whole = [(p.id, p.claims, p.mentions) for p in person_export.export_persons(session)]
    assert paged == whole and len(whole) == 3
