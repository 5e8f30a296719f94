"""The one format of the NLP's word-list files: one entry a line, blank lines and `#` comment
lines skipped, surrounding whitespace stripped. Every component reads its lists through here,
and the builders of generated lists write them through here."""

from __future__ import annotations

from pathlib import Path


def list_lines(text: str) -> list[str]:
    """The entries of a word-list file's text, in file order."""
    return [line for line in (raw.strip() for raw in text.splitlines()) if line and not line.startswith("#")]


def read_list(path: Path) -> list[str]:
    """The entries of the word-list file at `path` (UTF-8), in file order."""
    return list_lines(path.read_text(encoding="utf-8"))


def write_list(path: Path, entries: list[str], header: str) -> None:
    """Write a generated list: `header` (`#` comment lines, each ending in a newline), then one
    entry a line; prints what it wrote, for the `make model` log."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "\n".join(entries) + "\n", encoding="utf-8")
    print(f"{len(entries)} words -> {path}")
