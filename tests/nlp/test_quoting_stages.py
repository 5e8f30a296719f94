"""The quote stages of `nlp/quoting/` one at a time, on a Doc with known persons."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from nlp.quoting.candidates import CandidateRules
from nlp.quoting.document import QuoteDoc
from nlp.quoting.resolution import QuoteRun
from nlp.quoting.speakers import SpeakerRules
from nlp.speech import SpeechData
from tests.nlp.quote_fixtures import make_doc


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.blank("da")


@pytest.fixture(scope="module")
def data() -> SpeechData:
    return SpeechData.load()


def test_document_index(nlp: Language, data: SpeechData) -> None:
    text = "Hanne Jensen kom.\n\nDet er godt. Sagde hun."
    index = QuoteDoc(data, make_doc(nlp, text, names=("Hanne Jensen",)))
    assert [p.start for p in index.paras] == [0, 19]
    assert index.surnames == {"jensen": "Hanne Jensen"}
    assert index._canonical("Jensen") == "Hanne Jensen"
    assert index._sentence_start(index.paras[1], text.index("hun")) == text.index("Sagde")


def test_speaker_after_a_verb(nlp: Language, data: SpeechData) -> None:
    text = "»Godt,« siger borgmester Hanne Jensen. »Ja,« siger hun. »Nej,« mener jeg."
    rules = SpeakerRules(data, make_doc(nlp, text, names=("Hanne Jensen",)))
    named = rules._speaker_after(text.index("siger") + 5, len(text))
    assert named is not None and named.name == "Hanne Jensen"
    pronoun = rules._speaker_after(text.index("siger hun") + 5, len(text))
    assert pronoun is not None and pronoun.gender == "f" and pronoun.name is None
    assert rules._speaker_after(text.index("mener") + 5, len(text)) is None


def test_candidates_before_resolution(nlp: Language, data: SpeechData) -> None:
    text = "»Det er godt,« siger hun.\n\n»Alle unge i job«"
    found = CandidateRules(data, make_doc(nlp, text))._candidates()
    assert [(text[c.segment.start : c.segment.end], c.attributed) for c in found] == [
        ("Det er godt,", True),  # trimmed only when it becomes a QuoteMention
        ("Alle unge i job", False),
    ]


def test_pronoun_resolves_to_the_person_in_focus(nlp: Language, data: SpeechData) -> None:
    text = "Hanne Jensen er borgmester.\n\n»Det er godt,« siger hun."
    run = QuoteRun(data, make_doc(nlp, text, names=("Hanne Jensen",)))
    assert [(q.text, q.speaker) for q in run.quotes()] == [("Det er godt", "Hanne Jensen")]
    # the speech clause is outside the marks, so kv_claims gets it too
    assert run.speech() == [(text.index("siger"), text.index("siger") + 5, "Hanne Jensen")]
