"""`kommunevagt extract --jsonl` keeps the contract: JSON lines only, in order, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

KEYS = {"path", "kommuner", "regions", "persons", "statistics", "quotes", "claims"}


def run_extract(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kommunevagt", "extract", "--jsonl", *map(str, paths)],
        capture_output=True, text=True, timeout=300, check=False,
    )


def test_missing_file_is_reported_and_others_printed(tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    first.write_text("Borgmesteren i Odense Kommune glæder sig.", encoding="utf-8")
    second = tmp_path / "b.txt"
    second.write_bytes(b"Latin-1 bytes: \xe6\xf8\xe5 i Esbjerg")
    missing = tmp_path / "findes-ikke.txt"
    result = run_extract(first, missing, second)
    assert result.returncode != 0
    assert "findes-ikke.txt" in result.stderr
    lines = result.stdout.splitlines()
    assert [json.loads(line)["path"] for line in lines] == [str(first), str(second)]
    assert all(set(json.loads(line)) == KEYS for line in lines)


def test_all_readable_exits_zero(tmp_path: Path) -> None:
    empty = tmp_path / "tom.txt"
    empty.write_text("", encoding="utf-8")
    result = run_extract(empty)
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["statistics"] == []
