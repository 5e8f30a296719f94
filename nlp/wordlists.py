"""The one format of the NLP's word-list files: one entry a line, blank lines and `#` comment
lines skipped, surrounding whitespace stripped. Every component reads its lists through here."""

from __future__ import annotations

from pathlib import Path


def list_lines(text: str) -> list[str]:
    """The entries of a word-list file's text, in file order."""
    return [line for line in (raw.strip() for raw in text.splitlines()) if line and not line.startswith("#")]


def read_list(path: Path) -> list[str]:
    """The entries of the word-list file at `path` (UTF-8), in file order."""
    return list_lines(path.read_text(encoding="utf-8"))
