"""Spans and line-start helpers shared by the person stages."""

from __future__ import annotations

from nlp.persons.spans import Spans, sentence_start


def test_overlap_covers_and_starts_at() -> None:
    spans = Spans([(10, 20), (0, 5)])
    assert list(spans) == [(0, 5), (10, 20)]
    assert spans.overlaps(4, 6) and spans.overlaps(19, 30)
    assert not spans.overlaps(5, 10) and not spans.overlaps(20, 25)
    assert spans.covers(10, 20) and not spans.covers(9, 12)
    assert spans.starts_at(10) and not spans.starts_at(11)


def test_add_appends_after_the_last() -> None:
    spans = Spans()
    spans.add(3, 7)
    assert spans.overlaps(6, 9) and not spans.overlaps(7, 9)


def test_sentence_start() -> None:
    text = "Det sagde han. Anne Bro svarede\n- Ib Holt og Ole"
    assert sentence_start(text, 0)
    assert sentence_start(text, text.index("Anne"))
    assert sentence_start(text, text.index("Ib"))
    assert not sentence_start(text, text.index("Ole"))
