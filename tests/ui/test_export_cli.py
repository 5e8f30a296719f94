"""`kommunevagt export documents`: every document with its story, as CSV and JSON Lines, through the
real console command."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tests.ui.seed import DOCS, seed

KOMMUNEVAGT = str(Path(sys.executable).with_name("kommunevagt"))


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> str:
    reprint = replace(DOCS[0], url="https://lokalavis.example/ledighed-igen", title="=HYPERLINK(1)")
    url = f"sqlite:///{tmp_path_factory.mktemp('export') / 'archive.sqlite'}"
    seed(url, [*DOCS, reprint])
    return url


def export(url: str, fmt: str) -> str:
    done = subprocess.run(
        [KOMMUNEVAGT, "export", "documents", "--format", fmt],
        env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == f"{len(DOCS) + 1} documents"
    return done.stdout


def test_jsonl_carries_each_documents_story(archive: str) -> None:
    rows = [json.loads(line) for line in export(archive, "jsonl").splitlines()]
    assert len(rows) == len(DOCS) + 1
    by_url = {r["url"]: r for r in rows}
    first, again = by_url[DOCS[0].url], by_url["https://lokalavis.example/ledighed-igen"]
    assert first["story_id"] == again["story_id"] is not None
    assert first["story_documents"] == again["story_documents"] == 2
    assert first["story_original_id"] == again["story_original_id"] == first["id"]  # same day: first stored
    assert len({r["story_id"] for r in rows}) == len(DOCS)
    assert first["published_at"].startswith("2025-03-04")


def test_csv_has_a_header_and_guards_formulas(archive: str) -> None:
    rows = list(csv.DictReader(io.StringIO(export(archive, "csv"))))
    assert len(rows) == len(DOCS) + 1
    assert {"id", "url", "source_name", "status", "story_id", "story_documents"} <= set(rows[0])
    assert "'=HYPERLINK(1)" in {r["title"] for r in rows}


def export_figures(url: str, fmt: str) -> str:
    done = subprocess.run(
        [KOMMUNEVAGT, "export", "figures", "--format", fmt],
        env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "11 figures"
    return done.stdout


def test_figures_carry_record_change_and_verdict(figures_url: str) -> None:
    rows = [json.loads(line) for line in export_figures(figures_url, "jsonl").splitlines()]
    fell = next(r for r in rows if r["text"] == "4,1 procent")
    assert {k: fell[k] for k in ("measure", "subject_type", "subject_code", "period", "change_direction",
                                 "change_baseline", "verdict", "official", "table")} == {
        "measure": "ledighedsprocent", "subject_type": "kommune", "subject_code": 751, "period": "2025M02",
        "change_direction": "down", "change_baseline": "forrige periode", "verdict": "differs",
        "official": 4.6, "table": "AUP01",
    }  # fmt: skip
    assert fell["statbank_link"] == "https://www.statbank.dk/AUP01" and fell["story_id"] is not None
    table = list(csv.DictReader(io.StringIO(export_figures(figures_url, "csv"))))
    assert [r["text"] for r in table] == [r["text"] for r in rows]
    assert {"measure", "subject_type", "period", "change_direction", "verdict", "relative_gap"} <= set(
        table[0]
    )
    assert next(r for r in table if r["text"] == "3,46 procent")["verdict"] == "rounded"
