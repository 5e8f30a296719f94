"""`kommunevagt ingest` through the real console command: every bad path gets one line, the rest is stored.

Each run gets its own folder and SQLite file. Root reads any file, so under root the run that
needs an unreadable file runs in a user namespace as an ordinary user (`unshare --map-user`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlmodel import Session, select

from core.textdecode import one_line
from demo.server import DEMO_SITE
from store.db import get_engine
from store.models import Document

KOMMUNEVAGT = Path(sys.executable).parent / "kommunevagt"
SCAN_PDF = DEMO_SITE / "dagsordenportal/skanderborg/filer/2026-01-28-byraadet-referat-scan.pdf"


def article(town: str) -> str:
    return (
        f"Færre ledige i {town}\n\nLedigheden i {town} Kommune er faldet til 2,9 pct. i september, "
        "oplyser Danmarks Statistik. Borgmesteren glæder sig over, at færre står uden job.\n"
    )


def ingest(
    folder: Path, *paths: Path, unprivileged: bool = False, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{folder / 'kv.sqlite'}",
        KOMMUNEVAGT_DATA_DIR=str(folder / "var"),
        **env,
    )
    as_user = ["unshare", "--user", "--map-user=1000", "--map-group=1000"]
    prefix = as_user if unprivileged and os.geteuid() == 0 else []
    return subprocess.run(
        [*prefix, str(KOMMUNEVAGT), "ingest", *map(str, paths)],
        cwd=folder, env=environment, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def stored(folder: Path) -> dict[str, Document]:
    with Session(get_engine(f"sqlite:///{folder / 'kv.sqlite'}")) as session:
        return {Path(unquote(urlsplit(d.url).path)).name: d for d in session.exec(select(Document))}


def lines_by_name(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    return {Path(line.split(maxsplit=1)[1].split(" (")[0]).name: line for line in result.stdout.splitlines()}


def test_each_file_is_decoded_by_the_one_rule_and_notes_say_what_was_repaired(tmp_path: Path) -> None:
    stray = tmp_path / "stray.txt"
    data = article("Odense").encode()
    stray.write_bytes(data[:40] + b"\xff" + data[40:])
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(article("Vejle").encode("utf-16"))  # with a byte-order mark
    bom8 = tmp_path / "bom8.txt"
    bom8.write_bytes(article("Horsens").encode("utf-8-sig"))
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(article("Næstved").encode("cp1252"))

    result = ingest(tmp_path, stray, utf16, bom8, legacy)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = lines_by_name(result)
    assert lines["stray.txt"].startswith("stored") and "1 invalid UTF-8 byte replaced" in lines["stray.txt"]
    assert "windows-1252" in lines["legacy.txt"]
    docs = stored(tmp_path)
    assert docs["stray.txt"].text == (data[:40].decode() + "\ufffd" + data[40:].decode()).strip()
    assert docs["stray.txt"].status_reason == "1 invalid UTF-8 byte replaced with U+FFFD"
    assert docs["utf16.txt"].text == article("Vejle").strip()
    assert docs["bom8.txt"].text == article("Horsens").strip()  # no U+FEFF in front
    assert docs["legacy.txt"].text == article("Næstved").strip()
    assert not any("Ã" in d.text for d in docs.values())

    # `extract` reads the same bytes as the same text: its offsets point into what ingest stored.
    extracted = subprocess.run(
        [str(KOMMUNEVAGT), "extract", "--jsonl", str(stray)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    (record,) = [json.loads(line) for line in extracted.stdout.splitlines()]
    assert record["kommuner"]
    for found in record["kommuner"]:
        assert docs["stray.txt"].text[found["start"] : found["end"]] == found["text"]


def test_binary_and_oversized_files_are_refused_and_the_rest_stored(tmp_path: Path) -> None:
    program = tmp_path / "ls"
    shutil.copy("/bin/ls", program)
    long_text = tmp_path / "lang.txt"
    long_text.write_text(article("Aarhus") * 40)  # ~7,000 characters
    huge = tmp_path / "stor.txt"
    huge.write_text(article("Aalborg") * 2_000)  # ~350 kB
    good = tmp_path / "god.txt"
    good.write_text(article("Odder"))
    caps = {"KOMMUNEVAGT_MAX_TEXT_CHARS": "5000", "KOMMUNEVAGT_DOWNLOAD_MAXSIZE": "300000"}

    result = ingest(tmp_path, program, long_text, huge, good, **caps)
    assert result.returncode == 1
    lines = lines_by_name(result)
    assert len(result.stdout.splitlines()) == 4 and "Traceback" not in result.stderr
    assert lines["ls"].startswith("failed") and "not a text file" in lines["ls"]
    assert lines["lang.txt"].startswith("failed") and "text too long" in lines["lang.txt"]
    assert "5000 characters" in lines["lang.txt"]
    assert lines["stor.txt"].startswith("failed") and "file too large" in lines["stor.txt"]
    assert lines["god.txt"].startswith("stored")
    assert set(stored(tmp_path)) == {"god.txt"}


def test_bad_paths_get_one_line_each_and_lose_nothing_else(tmp_path: Path) -> None:
    missing = tmp_path / "findes-ikke.txt"
    directory = tmp_path / "mappe"
    directory.mkdir()
    fifo = tmp_path / "roer"
    os.mkfifo(fifo)  # reading it would wait forever
    unreadable = tmp_path / "hemmelig.txt"
    unreadable.write_text(article("Ishøj"))
    unreadable.chmod(0o000)
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\t\n")
    scan = tmp_path / "scan.pdf"
    shutil.copy(SCAN_PDF, scan)
    broken = tmp_path / "halv.pdf"
    broken.write_bytes(SCAN_PDF.read_bytes()[:500])  # cut off in its object table
    good = tmp_path / "god.txt"
    good.write_text(article("Odder"))
    odd_name = tmp_path / "ny\nlinje\x1b[2J.txt"  # printed raw it would split the line and clear the screen
    odd_name.write_text(article("Vejle"))
    paths = [missing, directory, fifo, unreadable, empty, blank, scan, broken, good, odd_name]

    result = ingest(tmp_path, *paths, unprivileged=True)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""  # no traceback, no library warnings: the lines below say it all
    lines = result.stdout.splitlines()
    assert [line.split()[1] for line in lines] == [one_line(p) for p in paths]  # one line each, in order
    outcome = {Path(line.split()[1]).name: line for line in lines}
    assert "failed" in outcome["findes-ikke.txt"] and "no such file" in outcome["findes-ikke.txt"]
    assert "failed" in outcome["mappe"] and "is a directory" in outcome["mappe"]
    assert "failed" in outcome["roer"] and "not a regular file" in outcome["roer"]
    assert "failed" in outcome["hemmelig.txt"] and "Permission denied" in outcome["hemmelig.txt"]
    assert "failed" in outcome["tom.txt"] and "empty file" in outcome["tom.txt"]
    assert "failed" in outcome["blank.txt"] and "no text" in outcome["blank.txt"]
    assert outcome["scan.pdf"].startswith("stored") and "no text layer" in outcome["scan.pdf"]
    assert "failed" in outcome["halv.pdf"] and "unreadable PDF" in outcome["halv.pdf"]
    assert outcome["god.txt"].startswith("stored")
    assert lines[-1] == f"stored    {tmp_path}/ny\\nlinje\\x1b[2J.txt"
    docs = stored(tmp_path)
    assert set(docs) == {"scan.pdf", "god.txt", odd_name.name} and docs["scan.pdf"].status == "no_text"


def test_nothing_valid_stores_nothing_and_exits_non_zero(tmp_path: Path) -> None:
    program = tmp_path / "ls"
    shutil.copy("/bin/ls", program)
    result = ingest(tmp_path, tmp_path / "findes-ikke.txt", program)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["failed", "failed"]
    assert stored(tmp_path) == {}
