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
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
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


FIGURE_KEYS = {"measure", "measure_text", "subject", "period", "period_inferred", "change"}


def test_figure_records_relative_to_published_or_the_dateline(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("Ledigheden i Kolding Kommune faldt sidste år fra 5,4 til 5,1 pct.", encoding="utf-8")
    dated = tmp_path / "dated.txt"
    dated.write_text(
        "Overskrift\n\nPubliceret 14. marts 2025\n\n"
        "Ledigheden i Kolding Kommune faldt sidste år fra 5,4 til 5,1 pct.",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "kommunevagt", "extract", "--jsonl", "--published", "2023-06-01", str(plain)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (given,) = [json.loads(line) for line in result.stdout.splitlines()]
    first, second = given["statistics"]
    assert set(second) >= FIGURE_KEYS
    assert (second["measure"], second["subject"], second["period"]) == (
        "ledighedsprocent",
        {"type": "kommune", "code": 621},
        "2022",
    )
    assert second["change"] == {"direction": "down", "from": 5.4, "baseline": "forrige periode"}
    assert first["change"] is None
    undated, from_dateline = (json.loads(line) for line in run_extract(plain, dated).stdout.splitlines())
    assert [s["period"] for s in undated["statistics"]] == [None, None]  # "sidste år" of no date
    # "sidste år" of 14 March 2025; the level it fell from is the year before
    assert [s["period"] for s in from_dateline["statistics"]] == ["2023", "2024"]


def test_a_bad_published_date_is_one_clear_line(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("Tekst.", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kommunevagt", "extract", "--published", "2025-13-01", str(plain)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "not a date YYYY-MM-DD" in result.stderr


def test_registry_file_resolves_persons_and_a_bad_one_is_one_line(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("I Norddjurs siger Ozan Kaya nej, og Peter Sørensen (A) ja.", encoding="utf-8")
    registry = tmp_path / "registry.csv"
    registry.write_text(
        "registry_id,name,kommune_code,party,role,valid_from,valid_to,source\n"
        "12,Ozan Kaya,707,Ø,medlem,2022-01-01,,DST KV21PERS\n"
        "10,Peter Sørensen,707,C,medlem,2022-01-01,,DST KV21PERS\n",
        encoding="utf-8",
    )
    plain = json.loads(run_extract(text).stdout)["persons"]
    assert [(p["name"], p["party"], p["registry_id"]) for p in plain] == [
        ("Ozan Kaya", None, None),
        ("Peter Sørensen", "A", None),
    ]
    result = subprocess.run(
        [sys.executable, "-m", "kommunevagt", "extract", "--jsonl", "--registry", str(registry), str(text)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    persons = json.loads(result.stdout)["persons"]
    assert [(p["name"], p["kommune"], p["party"], p["party_source"], p["registry_id"]) for p in persons] == [
        ("Ozan Kaya", 707, "Ø", "registry", 12),
        ("Peter Sørensen", 707, "A", "text", 10),  # the text's party wins
    ]
    registry.write_bytes("registry_id;navn\n1;Søren".encode("cp1252"))
    bad = subprocess.run(
        [sys.executable, "-m", "kommunevagt", "extract", "--registry", str(registry), str(text)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr.splitlines() == [f"extract: --registry {registry}: not UTF-8 text"]
