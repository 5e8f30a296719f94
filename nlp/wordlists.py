"""The one reader of the NLP's data files, and the regex alternations built from them.

Word lists: one entry a line, blank lines and `#` comment lines skipped, surrounding
whitespace stripped. CSV tables: the same comment and blank lines skipped, then a header row.
Every component and stage reads its word lists and tables through here (the reference data of
`core/refdata/` has its own reader, because `core` is a leaf that imports nothing of `nlp`),
and the builders of generated lists write them through here. The alternations are here too,
so that every pattern built from a list prefers the longest entry the same way.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
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


def _table_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def csv_records(text: str) -> list[dict[str, str]]:
    """The rows of a CSV file's text as dicts keyed by its header row (comments skipped)."""
    return list(csv.DictReader(_table_lines(text)))


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of the CSV file at `path` (UTF-8) as dicts keyed by its header row."""
    return csv_records(path.read_text(encoding="utf-8"))


def read_csv_rows(path: Path) -> list[list[str]]:
    """The rows of the CSV file at `path` after its header row, as lists; empty rows dropped.
    For tables read by position, whose header only documents the columns."""
    rows = list(csv.reader(_table_lines(path.read_text(encoding="utf-8"))))
    return [row for row in rows[1:] if row]


def alternation(phrases: Iterable[str], *, space: str = r"\s+") -> str:
    """A regex alternation of `phrases`: each once, longest first (so "Radikale Venstre" wins
    over "Venstre" and "lyder det fra" over "lyder det"), ties in code-point order, and the
    whitespace inside a phrase matching `space` (any run of whitespace by default)."""
    unique = sorted({p for p in phrases if p}, key=lambda p: (-len(p), p))
    return "|".join(space.join(re.escape(part) for part in p.split()) for p in unique)


def trie_alternation(words: Iterable[str], *, space: str = r"\s+") -> str:
    """A regex matching exactly `words`, factored as a trie on their first characters, a space
    matching `space`.

    The engine never tries the same prefix twice, which keeps one pattern of a few hundred
    names fast, and a greedy trie prefers the longest word ("Lyngby-Taarbæk" over "Lyngby")."""
    trie: dict[str, dict] = {}
    for word in sorted(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _render(trie, space)


def _render(node: dict[str, dict], space: str) -> str:
    ends = "" in node
    branches = [
        (space if char == " " else re.escape(char)) + _render(child, space)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
    return body
