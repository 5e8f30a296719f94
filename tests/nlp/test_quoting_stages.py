"""The quote stages of `nlp/quoting/` one at a time, on a Doc with known persons."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from nlp.quoting.candidates import Candidates
from nlp.quoting.document import QuoteDoc
from nlp.quoting.indirect import speech_clauses
from nlp.quoting.resolution import Resolution
from nlp.quoting.speakers import Speakers
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
    assert index.canonical("Jensen") == "Hanne Jensen"
    assert index.sentence_start(index.paras[1], text.index("hun")) == text.index("Sagde")


def test_speaker_after_a_verb(nlp: Language, data: SpeechData) -> None:
    text = "»Godt,« siger borgmester Hanne Jensen. »Ja,« siger hun. »Nej,« mener jeg."
    speakers = Speakers(QuoteDoc(data, make_doc(nlp, text, names=("Hanne Jensen",))))
    named = speakers.after(text.index("siger") + 5, len(text))
    assert named is not None and named.name == "Hanne Jensen"
    pronoun = speakers.after(text.index("siger hun") + 5, len(text))
    assert pronoun is not None and pronoun.gender == "f" and pronoun.name is None
    assert speakers.after(text.index("mener") + 5, len(text)) is None


def test_speaker_before_a_verb(nlp: Language, data: SpeechData) -> None:
    text = "Hanne Jensen (A) siger, at det går godt. Borgmesteren siger nej."
    speakers = Speakers(
        QuoteDoc(data, make_doc(nlp, text, names=("Hanne Jensen",), roles={"Hanne Jensen": "borgmester"}))
    )
    named = speakers.before(0, text.index("siger"))
    assert named is not None and named.name == "Hanne Jensen"
    role = speakers.before(text.index("Borgmesteren"), text.index("siger nej"))
    assert role is not None and role.name == "Hanne Jensen"  # the holder of the role


def test_candidates_before_resolution(nlp: Language, data: SpeechData) -> None:
    text = "»Det er godt,« siger hun.\n\n»Alle unge i job«"
    index = QuoteDoc(data, make_doc(nlp, text))
    candidates = Candidates(index, Speakers(index))
    found = candidates.find()
    assert [(text[c.segment.start : c.segment.end], c.attributed) for c in found] == [
        ("Det er godt,", True),  # trimmed only when it becomes a QuoteMention
        ("Alle unge i job", False),
    ]
    assert [candidates.is_quote(c) for c in found] == [True, True]  # a whole paragraph of 4 words


def test_pronoun_resolves_to_the_person_in_focus(nlp: Language, data: SpeechData) -> None:
    text = "Hanne Jensen er borgmester.\n\n»Det er godt,« siger hun."
    index = QuoteDoc(data, make_doc(nlp, text, names=("Hanne Jensen",)))
    speakers = Speakers(index)
    candidates = Candidates(index, speakers)
    kept = [c for c in candidates.find() if candidates.is_quote(c)]
    resolution = Resolution(index, kept)
    assert [(q.text, q.speaker) for q in resolution.quotes()] == [("Det er godt", "Hanne Jensen")]
    assert resolution.last_person(len(text), "f") == "Hanne Jensen"
    # the speech clause is outside the marks, so kv_claims gets it too
    verb = text.index("siger")
    assert speech_clauses(index, speakers, kept, resolution) == [(verb, verb + 5, "Hanne Jensen")]
