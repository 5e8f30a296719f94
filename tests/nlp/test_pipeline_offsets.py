"""`extract_many` maps offsets back to the caller's text across cleaning and chunking."""

from __future__ import annotations

import re
import unicodedata

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from core.result import ClaimMention, KommuneMention, StatisticMention
from nlp import pipeline
from nlp.extensions import register_extensions

register_extensions()
_NUMBER = re.compile(r"\d+")


@Language.component("test_marks_kommuner_and_numbers")
def _marks(doc: Doc) -> Doc:
    """Stand-in for the real components: every 'Brøndby' is a kommune, every number a count."""
    doc._.kommuner = [
        KommuneMention(m.group(), m.start(), m.end(), 153, "Brøndby")
        for m in re.finditer("Brøndby", doc.text)
    ]
    doc._.statistics = [
        StatisticMention(
            m.group(),
            m.start(),
            m.end(),
            "count",
            float(m.group()),
            None,
            None,
            False,
            None,
            m.start(),
            m.end(),
        )
        for m in _NUMBER.finditer(doc.text)
    ]
    doc._.claims = [
        ClaimMention(s.text, s.start, s.end, [i], None, [], None) for i, s in enumerate(doc._.statistics)
    ]
    return doc


@pytest.fixture(scope="module")
def marking_nlp() -> Language:
    nlp = spacy.blank("da")
    nlp.add_pipe("test_marks_kommuner_and_numbers")
    return nlp


def test_nfd_input_offsets_point_into_original(marking_nlp: Language) -> None:
    original = unicodedata.normalize("NFD", "Året i Brøndby gav 12 nye job.")
    result = pipeline.extract(original, nlp=marking_nlp)
    (kommune,) = result.kommuner
    assert original[kommune.start : kommune.end] == kommune.text
    assert unicodedata.normalize("NFC", kommune.text) == "Brøndby"
    (figure,) = result.statistics
    assert original[figure.start : figure.end] == "12"


def test_chunked_text_merges_with_shifted_offsets(marking_nlp: Language, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "MAX_CHUNK_CHARS", 60)
    text = "".join(f"Afsnit {i} om Brøndby.\n\n" for i in range(10))
    result = pipeline.extract(text, nlp=marking_nlp)
    assert len(result.kommuner) == 10
    assert all(text[k.start : k.end] == "Brøndby" for k in result.kommuner)
    assert [s.value for s in result.statistics] == [float(i) for i in range(10)]
    # Claims keep pointing at their own statistic after the pieces are merged.
    for claim in result.claims:
        (index,) = claim.statistics
        assert result.statistics[index].start == claim.start


def test_batches_keep_order(marking_nlp: Language) -> None:
    texts = [f"{i} borgere" for i in range(7)]
    results = list(pipeline.extract_many(texts, nlp=marking_nlp, batch_size=3))
    assert [r.statistics[0].value for r in results] == [float(i) for i in range(7)]


def test_empty_and_garbage_text(marking_nlp: Language) -> None:
    assert pipeline.extract("", nlp=marking_nlp).kommuner == []
    garbage = bytes(range(256)).decode("latin-1") * 20
    assert pipeline.extract(garbage, nlp=marking_nlp).kommuner == []
