"""Cleaning text must never move the caller's offsets in a way it cannot undo."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from nlp.textprep import chunk_bounds, prepare


def test_nfc_text_is_untouched() -> None:
    prepared = prepare("Brøndby Kommune")
    assert prepared.text == "Brøndby Kommune"
    assert prepared.to_original is None


def test_nfd_letters_are_composed_and_offsets_map_back() -> None:
    original = unicodedata.normalize("NFD", "Århus og Brøndby")
    prepared = prepare(original)
    assert prepared.text == "Århus og Brøndby"
    start = prepared.text.index("Brøndby")
    end = start + len("Brøndby")
    mapped = original[prepared.original_offset(start) : prepared.original_offset(end)]
    assert unicodedata.normalize("NFC", mapped) == "Brøndby"


def test_control_characters_become_spaces_in_place() -> None:
    prepared = prepare("Ballerup\x00Kommune\x0c")
    assert prepared.text == "Ballerup Kommune "
    assert prepared.to_original is None


def test_chunks_prefer_paragraph_breaks() -> None:
    text = ("Et afsnit om Odense. " * 20 + "\n\n") * 10
    bounds = chunk_bounds(text, 1000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(end - start <= 1000 for start, end in bounds)
    assert all(text[end - 2 : end] == "\n\n" for _, end in bounds[:-1])


def test_chunks_of_text_without_spaces() -> None:
    bounds = chunk_bounds("x" * 2500, 1000)
    assert bounds == [(0, 1000), (1000, 2000), (2000, 2500)]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_prepare_offsets_are_monotone_and_complete(text: str) -> None:
    prepared = prepare(text)
    assert unicodedata.is_normalized("NFC", prepared.text)
    if prepared.to_original is None:
        assert len(prepared.text) == len(text)
    else:
        table = prepared.to_original
        assert len(table) == len(prepared.text) + 1
        assert table[0] == 0 and table[-1] == len(text)
        assert all(a <= b for a, b in zip(table, table[1:], strict=False))


@given(st.text(max_size=500), st.integers(min_value=1, max_value=60))
def test_chunks_cover_text_exactly(text: str, size: int) -> None:
    bounds = chunk_bounds(text, size)
    assert "".join(text[s:e] for s, e in bounds) == text
    assert all(e - s <= size for s, e in bounds)
