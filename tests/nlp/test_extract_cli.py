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


def test_utf16_with_bom_and_windows_1252_are_read_as_text(tmp_path: Path) -> None:
    text = "Borgmesteren i Næstved Kommune glæder sig over færre ledige."
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(text.encode("utf-16"))  # with a byte-order mark
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(text.encode("cp1252"))
    result = run_extract(utf16, legacy)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    for record in records:
        (found,) = record["kommuner"]
        assert (found["code"], text[found["start"] : found["end"]]) == (370, found["text"])
    assert result.stderr.splitlines() == [f"extract: {legacy}: not UTF-8; read as windows-1252"]


def test_binary_file_is_refused_and_the_others_printed(tmp_path: Path) -> None:
    program = tmp_path / "ls"
    program.write_bytes(Path("/bin/ls").read_bytes())
    good = tmp_path / "a.txt"
    good.write_text("Borgmesteren i Odense Kommune glæder sig.", encoding="utf-8")
    result = run_extract(program, good)
    assert result.returncode != 0
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == [str(good)]
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"extract: {program}: not a text file")
