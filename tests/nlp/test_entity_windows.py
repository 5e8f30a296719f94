"""kv_entity_windows: the trained NER run only around capitalised words finds what it finds on
the whole text, skips the rest, and saves and loads with the pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

import nlp.components.entity_windows  # noqa: F401  (registers the factory)
from nlp.components.entity_windows import EntityWindows, windowed_ner
from nlp.pipeline import NER_MODEL_PATH

pytestmark = pytest.mark.skipif(
    not (NER_MODEL_PATH / "config.cfg").exists(), reason="trained NER weights missing (run `make model`)"
)

TEXTS = [
    "Borgmester Mette Kjær Holm fra Vordingborg Kommune vil bygge en ny skole ved havnen. "
    "Det koster efter planen omkring 40 millioner kroner, og byggeriet begynder til foråret, "
    "når lokalplanen er vedtaget af byrådet.",
    "Han siger, at De Konservative og Dansk Folkeparti stemte imod i Region Sjælland. "
    "Hans forslag om flere busser til oplandet blev ikke til noget i denne omgang.",
    "der er ingen navne i denne sætning, kun almindelige ord om vejret og trafikken i dag.",
    "Formanden for Kultur- og Fritidsudvalget, Ahmad Rasuli (Ø), mødtes med Danmarks Idrætsforbund "
    "og Dansk Folkeoplysnings Samråd i Aalborg. Mødet varede tre timer, fortæller han.",
]


@pytest.fixture(scope="module")
def pair() -> tuple[Language, Language]:
    """The same weights twice: NER on the whole text, and NER through the windows."""
    return spacy.load(NER_MODEL_PATH), windowed_ner(NER_MODEL_PATH)


def ents(doc: spacy.tokens.Doc) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label_) for e in doc.ents]


def test_windows_find_what_the_whole_text_finds(pair: tuple[Language, Language]) -> None:
    whole, windowed = pair
    for text in TEXTS:
        assert ents(windowed(text)) == ents(whole(text)), text
    assert ents(windowed(TEXTS[0]))  # the texts do have names


def test_windows_cover_capitalised_words_and_skip_the_rest(pair: tuple[Language, Language]) -> None:
    _, windowed = pair
    component = windowed.get_pipe("kv_entity_windows")
    assert isinstance(component, EntityWindows)
    doc = windowed.make_doc("i dag var der møde , og Lone Berg kom for sent til det lange møde om budgettet")
    # "Lone" (7) and "Berg" (8) open windows of 2 tokens each side (the default), merged into one.
    assert component.windows(doc) == [(5, 11)]
    assert component.windows(windowed.make_doc("ingen store bogstaver her overhovedet")) == []


def test_capitalised_function_words_open_no_window(pair: tuple[Language, Language]) -> None:
    _, windowed = pair
    component = windowed.get_pipe("kv_entity_windows")
    doc = windowed.make_doc("Det regnede . Han gik hjem . Hans cykel stod i skuret hele natten")
    assert component.windows(doc) == []


def test_an_ordinary_word_opens_a_window_only_inside_a_sentence(pair: tuple[Language, Language]) -> None:
    _, windowed = pair
    component = windowed.get_pipe("kv_entity_windows")
    assert "kommunen" in component.ordinary_words
    # "Kommunen" starts the text: no window. "Aarhus" does open one.
    doc = windowed.make_doc("Kommunen har sparet på vejene i år , og nu klager folk i Aarhus over hullerne")
    assert component.windows(doc) == [(11, 16)]
    assert component.windows(windowed.make_doc("Kommunen har sparet på vejene i år")) == []


def test_word_list_is_built_from_the_training_split(tmp_path: Path) -> None:
    from nlp.training.lowercase_words import lowercase_words

    iob = tmp_path / "x-train.iob2"
    iob.write_text(
        "# text = Kommunen og skov ved Jens Skov\n"
        "1\tKommunen\tO\n2\tog\tO\n3\tskov\tO\n4\tved\tO\n5\tJens\tB-PER\n6\tSkov\tI-PER\n\n",
        encoding="utf-8",
    )
    # "skov" is written in lower case, but "Skov" is part of a name, so it is not ordinary.
    assert lowercase_words(iob) == ["og", "ved"]


def test_pipe_and_call_agree_and_batches_keep_documents_apart(pair: tuple[Language, Language]) -> None:
    _, windowed = pair
    one_by_one = [ents(windowed(text)) for text in TEXTS]
    assert [ents(doc) for doc in windowed.pipe(TEXTS, batch_size=2)] == one_by_one


def test_saved_pipeline_keeps_the_ner_disabled_and_the_windows(
    pair: tuple[Language, Language], tmp_path: Path
) -> None:
    _, windowed = pair
    windowed.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    assert loaded.pipe_names == ["kv_entity_windows"]
    assert "ner" in loaded.component_names and "ner" in loaded.disabled
    assert ents(loaded(TEXTS[1])) == ents(windowed(TEXTS[1]))
    assert (tmp_path / "p" / "kv_entity_windows" / "lowercase_words.txt").is_file()


def test_negative_context_is_refused() -> None:
    nlp = spacy.blank("da")
    with pytest.raises(ValueError, match="context"):
        nlp.add_pipe("kv_entity_windows", config={"context": -1})


def test_without_a_ner_component_nothing_is_set() -> None:
    nlp = spacy.blank("da")
    nlp.add_pipe("kv_entity_windows")
    assert list(nlp("Lone Berg bor i Aalborg.").ents) == []


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_entities_inside_the_text(text: str) -> None:
    windowed = _shared_windowed()
    doc = windowed(text)
    assert all(0 <= e.start < e.end <= len(doc) for e in doc.ents)


_CACHE: dict[str, Language] = {}


def _shared_windowed() -> Language:
    """hypothesis does not mix with function-scoped fixtures; one pipeline per test session."""
    if "windowed" not in _CACHE:
        _CACHE["windowed"] = windowed_ner(NER_MODEL_PATH)
    return _CACHE["windowed"]


def test_one_piece_per_document_a_sentence_start_per_window(pair: tuple[Language, Language]) -> None:
    _, windowed = pair
    component = windowed.get_pipe("kv_entity_windows")
    assert isinstance(component, EntityWindows)
    text = (
        "i går mødtes Lone Berg med folk fra byen , og bagefter gik alle hjem til kaffe og kage "
        "hos naboen , før Jens Holm fra Aalborg talte"
    )
    doc = windowed.make_doc(text)
    windows = component.windows(doc)
    assert len(windows) == 2
    piece = component._joined(doc, windows, doc.to_array("ORTH").tolist())
    assert [t.text for t in piece] == [t.text for start, end in windows for t in doc[start:end]]
    assert [t.is_sent_start for t in piece].count(True) == 2
    assert piece[windows[0][1] - windows[0][0]].is_sent_start  # the second window starts one
    # Entities come back at the document's own positions, each inside one window.
    for ent in windowed(text).ents:
        assert any(start <= ent.start and ent.end <= end for start, end in windows), ent
