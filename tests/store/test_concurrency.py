"""Several processes on one SQLite file at once: they queue for the write lock, nothing is lost.

Each racer imports everything first and then waits for a shared start signal (a file), so the
processes really do begin their database work at the same moment.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from store.db import get_engine, session_scope
from store.models import Document, Kommune, Source
from store.schema import current_revision, head_revision

REPO = Path(__file__).resolve().parents[2]


def race(url: str, action: str, tmp_path: Path, count: int, *args: str) -> list[str]:
    """Run `count` racers of `action` at once; every one must succeed. Returns their stdouts."""
    go = tmp_path / f"go-{action}"
    racers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.store.racer", url, action, str(go), *args],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    try:
        go.touch()
        outputs = [racer.communicate(timeout=600) for racer in racers]
    finally:
        for racer in racers:
            if racer.poll() is None:
                racer.kill()
    for racer, (_, stderr) in zip(racers, outputs, strict=True):
        assert racer.returncode == 0, stderr[-3000:]
    return [stdout for stdout, _ in outputs]


@pytest.mark.slow
def test_concurrent_upgrades_of_a_new_file_all_succeed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ny.sqlite'}"
    outputs = race(url, "upgrade", tmp_path, 4)
    assert [out.strip() for out in outputs] == ["upgraded"] * 4
    assert current_revision(url) == head_revision()
    with session_scope(get_engine(url)) as session:
        assert session.exec(select(func.count()).select_from(Kommune)).one() == 98


@pytest.mark.slow
def test_two_crawl_writers_on_a_new_file_store_every_document(tmp_path: Path) -> None:
    """Two crawls' store steps (read, then write, per document) into one new file: none fails."""
    url = f"sqlite:///{tmp_path / 'ny.sqlite'}"
    outputs = race(url, "crawl-store", tmp_path, 3, "40")
    assert [out.strip() for out in outputs] == ["stored 40"] * 3
    with session_scope(get_engine(url)) as session:
        sources = session.exec(select(Source.id)).all()
        assert len(sources) == 3
        for source_id in sources:
            count = select(func.count()).select_from(Document).where(col(Document.source_id) == source_id)
            assert session.exec(count).one() == 40
