"""The assembled pipeline: config-driven, text-keeping tokenizer, saves and loads whole."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from nlp.extensions import TEXT_KEY, doc_text
from nlp.pipeline import build_nlp, doc_to_extraction

TEXT = (
    "Borgmester Hanne Lind (V) fra Vejle Kommune siger, at ledigheden er faldet til 3,1 procent.\n\n"
    "»Det er vi glade for,« siger Hanne Lind."
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def test_pipeline_order_follows_config(nlp: Language) -> None:
    rules = [name for name in nlp.pipe_names if name != "kv_entity_windows"]
    assert rules == ["kv_sentences", "kv_kommuner", "kv_statistics", "kv_persons", "kv_quotes", "kv_claims"]


def test_tokenizer_keeps_the_input_text(nlp: Language) -> None:
    doc = nlp.make_doc(TEXT)
    assert doc.user_data[TEXT_KEY] == TEXT == doc_text(doc) == doc.text


def test_whole_pipeline_round_trips_through_disk(nlp: Language, tmp_path: Path) -> None:
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names
    assert doc_to_extraction(loaded(TEXT)) == doc_to_extraction(nlp(TEXT))
    assert doc_to_extraction(loaded(TEXT)).kommuner[0].code == 630


def test_batched_pipe_gives_what_one_text_at_a_time_gives(nlp: Language) -> None:
    """The rule components handle a whole batch each (nlp/components/batching.py); the result
    per document must not depend on the batch it came in, nor on the order of the batch."""
    texts = [
        TEXT,
        "Viceborgmester Ole Dam (C) i Faxe Kommune vil bruge 3,2 mio. kr. på cykelstier.",
        "",
        "Ifølge Danmarks Statistik bor der 41.280 personer i Svendborg Kommune, en stigning på 2 pct.",
        "»Vi når det aldrig,« siger hun. Det mener Ole Dam ikke.",
    ] * 3
    one_by_one = [doc_to_extraction(nlp(text)) for text in texts]
    for batch_size in (1, 2, 7, 64):
        assert [doc_to_extraction(d) for d in nlp.pipe(texts, batch_size=batch_size)] == one_by_one
    assert [doc_to_extraction(d) for d in nlp.pipe(reversed(texts), batch_size=4)] == one_by_one[::-1]
