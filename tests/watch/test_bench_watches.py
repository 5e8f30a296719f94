"""`kommunevagt bench watches` on a small generated archive: the day is stored again through the
crawler's store step as new content (not dropped as duplicates), with its analysis, and the
forced run over the 1,000 searches finds exactly that day."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from bench import watches as bench
from bench.archive import generate
from core.settings import Settings
from store.db import dispose_engines, get_engine, session_scope
from store.models import Claim, Document, WatchItem
from watch.run import run_watches


def test_the_day_goes_through_the_store_step_and_the_run_finds_it(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench, "WATCHES", 200)  # the same mix, fewer of them
    source = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    generate(source, documents=300)
    dispose_engines(source)  # the last close checkpoints the WAL into the file the bench copies
    work = tmp_path / "work"
    work.mkdir()
    url, day = bench.prepare(source, work)
    before = bench.highest_ids(url)
    bench.add_watches(url, before)
    assert run_watches(get_engine(url), settings, force=True)[0].new_items == 0  # the warm-up run

    assert bench.store_day(url, day) > 0
    with session_scope(get_engine(url)) as session:
        copies = session.exec(select(Document).where(col(Document.url).endswith("?kopi=bench"))).all()
        claims = session.exec(
            select(func.count()).select_from(Claim).where(col(Claim.document_id).in_([d.id for d in copies]))
        ).one()
    assert len(copies) == len(day) >= 1
    assert all(copy.text.endswith(bench.COPY_LINE) and copy.id and copy.id > before[0] for copy in copies)
    assert claims == sum(len(extraction.claims) for _doc, extraction in day)

    reports = run_watches(get_engine(url), settings, force=True)
    with session_scope(get_engine(url)) as session:
        alerted = set(session.exec(select(WatchItem.document_id)).all())
    dispose_engines(url)
    assert len(reports) == 200
    assert sum(report.new_items for report in reports) > 0
    assert alerted <= {copy.id for copy in copies}
