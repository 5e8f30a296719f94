"""The shared word-list format every NLP component reads."""

from __future__ import annotations

from pathlib import Path

from nlp.wordlists import list_lines, read_list


def test_comments_blank_lines_and_whitespace_are_dropped(tmp_path: Path) -> None:
    text = "# en kommentar\nborgere\n\n  elever  \n   # indrykket kommentar\nkr.\n"
    assert list_lines(text) == ["borgere", "elever", "kr."]
    path = tmp_path / "ord.txt"
    path.write_text(text, encoding="utf-8")
    assert read_list(path) == ["borgere", "elever", "kr."]


def test_danish_letters_survive(tmp_path: Path) -> None:
    path = tmp_path / "ord.txt"
    path.write_text("Ærø\nØsterbro\nÅrhus\n", encoding="utf-8")
    assert read_list(path) == ["Ærø", "Østerbro", "Århus"]
