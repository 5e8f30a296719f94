"""The shared word-list format every NLP component reads."""

from __future__ import annotations

import re
from pathlib import Path

from nlp.wordlists import (
    alternation,
    csv_records,
    list_lines,
    read_csv,
    read_csv_rows,
    read_list,
    trie_alternation,
)


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


def test_csv_tables_skip_comments_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "tabel.csv"
    path.write_text("# forklaring\nform,letter\n\nVenstre,V\n# midt i\n  \nRV,B\n", encoding="utf-8")
    assert read_csv(path) == [{"form": "Venstre", "letter": "V"}, {"form": "RV", "letter": "B"}]
    assert csv_records(path.read_text(encoding="utf-8")) == read_csv(path)
    assert read_csv_rows(path) == [["Venstre", "V"], ["RV", "B"]]


def test_alternation_prefers_the_longest_phrase_and_any_whitespace() -> None:
    pattern = re.compile(alternation(["Venstre", "Radikale Venstre", "lyder det", "lyder det fra", ""]))
    assert (m := pattern.match("Radikale\n  Venstre")) and m.group() == "Radikale\n  Venstre"
    assert (m := pattern.match("lyder  det fra")) and m.group() == "lyder  det fra"
    assert pattern.match("") is None  # an empty entry is no alternative
    # one order for every caller: length, then code point; duplicates once
    assert alternation(["b", "a", "cc", "a"]) == "cc|a|b"
    assert alternation(["a.b"]) == r"a\.b"


def test_trie_alternation_matches_exactly_the_words() -> None:
    words = ["Lyngby", "Lyngby-Taarbæk", "Ærø", "Ære", "Høje-Taastrup", "Høje Taastrup"]
    pattern = re.compile(rf"(?:{trie_alternation(words, space='[ ]+')})\Z")
    for word in words:
        assert pattern.match(word)
    assert pattern.match("Høje   Taastrup")  # a space matches `space`
    for other in ("Lyngb", "Lyngby-", "Æ", "Ærøs", "Høje"):
        assert not pattern.match(other)
    longest = re.match(trie_alternation(["Lyngby", "Lyngby-Taarbæk"]), "Lyngby-Taarbæk")
    assert longest is not None and longest.group() == "Lyngby-Taarbæk"
