"""The committed statistical NER: loads, is sourceable alone, finds names, meets the targets.

The acceptance test scores the UNER Danish-DDT test split (565 sentences) and is skipped when
../shared/data/ner is absent. The other tests use the project's own Danish sentences.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Span

from bench.ner_quality import NER_MODEL
from nlp.ner_eval import evaluate_ner, score_spans
from nlp.training.augment import NameLists, entity_pool, name_synthesizer, swap_entities
from nlp.training.convert import iob2_spans, read_iob2, sentence_to_doc, spaces_from_text

SHARED_NER = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ner" / "uner_da_ddt"

# (text, expected (span, label) pairs); names and titles mid-sentence, as news writes them.
SENTENCES = [
    ("Det er en god dag for byen, siger Mikkel Sørensen til avisen.", [("Mikkel Sørensen", "PER")]),
    (
        "Byrådet har valgt Karen Holm som ny formand for teknik- og miljøudvalget.",
        [("Karen Holm", "PER")],
    ),
    (
        "Ifølge Peter Lund fra Venstre skal skolen bygges færdig næste år.",
        [("Peter Lund", "PER"), ("Venstre", "ORG")],
    ),
    (
        "Kommunaldirektør Søren Madsen fremlagde budgettet for byrådet i Vejle.",
        [("Søren Madsen", "PER"), ("Vejle", "LOC")],
    ),
    (
        "Vi har ventet længe på den nye hal, fortæller Ida Kristensen, der er formand for klubben.",
        [("Ida Kristensen", "PER")],
    ),
    (
        "Mette Frederiksen mødtes tirsdag med borgmestrene fra Aarhus og Aalborg.",
        [("Mette Frederiksen", "PER"), ("Aarhus", "LOC"), ("Aalborg", "LOC")],
    ),
    (
        "På mødet deltog rådmand Anders Winther og direktør Lone Bak fra Region Midtjylland.",
        [("Anders Winther", "PER"), ("Lone Bak", "PER")],
    ),
    ("Pia Olsen Dyhr fra SF kritiserede forslaget.", [("Pia Olsen Dyhr", "PER"), ("SF", "ORG")]),
]


@pytest.fixture(scope="module")
def ner() -> Language:
    return spacy.load(NER_MODEL)


def test_model_is_one_listener_free_ner(ner: Language) -> None:
    assert ner.pipe_names == ["ner"]
    component = ner.get_pipe("ner")
    assert isinstance(component, EntityRecognizer)
    assert set(component.labels) == {"PER", "LOC", "ORG"}
    tok2vec = ner.config["components"]["ner"]["model"]["tok2vec"]
    assert tok2vec["@architectures"] == "spacy.Tok2Vec.v2"  # embedded, not a listener


def test_model_folder_is_small_and_attributed() -> None:
    size = sum(p.stat().st_size for p in NER_MODEL.rglob("*") if p.is_file())
    assert size < 10_000_000
    readme = (NER_MODEL / "README.md").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in readme and "UNER" in readme


def test_finds_names(ner: Language) -> None:
    """A statistical model misses some names (the rules of kv_persons complete them, e.g. a
    third name the NER cuts off), so this asks for 7 of the 8 sentences exactly right and every
    expected entity at least overlapped by one of the right label."""
    exact = 0
    for text, expected in SENTENCES:
        doc = ner(text)
        found = [(e.text, e.label_) for e in doc.ents]
        exact += all(pair in found for pair in expected)
        for name, label in expected:
            start, end = text.index(name), text.index(name) + len(name)
            overlapping = [e for e in doc.ents if e.start_char < end and start < e.end_char]
            assert label in {e.label_ for e in overlapping}, (name, found)
    assert exact >= len(SENTENCES) - 1


def test_sourced_into_another_pipeline() -> None:
    nlp = spacy.blank("da")
    nlp.add_pipe("ner", source=spacy.load(NER_MODEL))
    doc = nlp(SENTENCES[0][0])
    assert ("Mikkel Sørensen", "PER") in [(e.text, e.label_) for e in doc.ents]


def test_handles_empty_and_odd_text(ner: Language) -> None:
    assert list(ner("").ents) == []
    assert ner("\x00\x07 ÆØÅ æøå \u200b ---").text.startswith("\x00")


def test_iob2_reader_keeps_tokens_and_spaces(tmp_path: Path) -> None:
    iob = tmp_path / "x-test.iob2"
    iob.write_text(
        "# sent_id = a\n# text = Lise Dahl (A) bor i Vejle.\n"
        "1\tLise\tB-PER\n2\tDahl\tI-PER\n3\t(\tO\n4\tA\tB-ORG\n5\t)\tO\n"
        "6\tbor\tO\n7\ti\tO\n8\tVejle\tB-LOC\n9\t.\tO\n\n",
        encoding="utf-8",
    )
    (sentence,) = list(read_iob2(iob))
    doc = sentence_to_doc(spacy.blank("da"), sentence)
    assert doc.text == "Lise Dahl (A) bor i Vejle."
    assert [(e.text, e.label_) for e in doc.ents] == [("Lise Dahl", "PER"), ("A", "ORG"), ("Vejle", "LOC")]


def test_spaces_survive_a_mismatching_text_line() -> None:
    assert spaces_from_text(["Hej", "du", "!"], "Hej du!") == [True, False, False]
    assert spaces_from_text(["Hej", "du"], "noget andet") == [True, False]


def test_iob2_spans_lenient_about_stray_inside_tags() -> None:
    tags = ["I-PER", "I-PER", "O", "B-LOC", "I-ORG", "B-ORG", "I-ORG"]
    assert iob2_spans(tags) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 7, "ORG")]


def test_score_spans_exact_match() -> None:
    gold = [{(0, 2, "PER"), (4, 5, "LOC")}, {(1, 3, "ORG")}]
    pred = [{(0, 2, "PER"), (4, 5, "ORG")}, {(1, 2, "ORG")}]
    scores = score_spans(gold, pred)
    assert scores["PER"]["f"] == 1.0
    assert (scores["LOC"]["tp"], scores["LOC"]["fn"]) == (0, 1)
    assert (scores["ORG"]["fp"], scores["ORG"]["fn"]) == (2, 1)
    assert scores["micro"]["p"] == pytest.approx(1 / 3)
    assert scores["micro"]["r"] == pytest.approx(1 / 3)


def test_entity_swap_keeps_context_and_labels() -> None:
    nlp = spacy.blank("da")
    source = nlp("Lise Dahl bor i Vejle.")
    source.ents = [Span(source, 0, 2, "PER"), Span(source, 4, 5, "LOC")]
    donor = nlp("Han mødte Jens Peter Holm i Aabenraa.")
    donor.ents = [Span(donor, 2, 5, "PER"), Span(donor, 6, 7, "LOC")]
    swapped = swap_entities(source, entity_pool([donor]), random.Random(1))
    assert swapped.text == "Jens Peter Holm bor i Aabenraa."
    assert [(e.text, e.label_) for e in swapped.ents] == [("Jens Peter Holm", "PER"), ("Aabenraa", "LOC")]


@pytest.fixture(scope="module")
def names() -> NameLists:
    return NameLists.load()


def test_name_lists_hold_danish_names_and_kommuner(names: NameLists) -> None:
    assert {"Mette", "Lars"} <= names.given_set
    assert {"Jensen", "Nielsen"} <= set(names.surnames)
    assert {"Ballerup", "Høje-Taastrup", "Nordfyn", "Midtjylland"} <= set(names.places)
    assert "Nordfyns" not in names.places


def test_synthetic_person_keeps_word_count_and_genitive(names: NameLists) -> None:
    synthesize = name_synthesizer(names, person_level=1.0, place_level=0.0)
    rng = random.Random(7)
    for old in (["Hansen"], ["Ole", "Bak"], ["Karen", "Marie", "Holm"], ["A", "B", "C", "D"]):
        made = synthesize("PER", old, rng)
        assert made is not None and len(made) == min(len(old), 3)
        assert all(word[:1].isupper() for word in made)
    genitive = synthesize("PER", ["Peter", "Lunds"], rng)
    assert genitive is not None and genitive[-1].endswith(("s", "'"))
    assert synthesize("LOC", ["Vejle"], rng) is None  # place_level 0: the pool decides
    assert synthesize("ORG", ["SF"], rng) is None


def test_synthetic_places_replace_one_word_places_only(names: NameLists) -> None:
    synthesize = name_synthesizer(names, person_level=0.0, place_level=1.0)
    rng = random.Random(3)
    place = synthesize("LOC", ["Paris"], rng)
    assert place is not None and " ".join(place) in names.places
    assert synthesize("LOC", ["Det", "Røde", "Hav"], rng) is None
    assert synthesize("PER", ["Ole", "Bak"], rng) is None


def test_swap_with_synthetic_names_keeps_context(names: NameLists) -> None:
    nlp = spacy.blank("da")
    source = nlp("I går sagde Lise Dahl i Vejle, at hun vil stille op.")
    source.ents = [Span(source, 3, 5, "PER"), Span(source, 6, 7, "LOC")]
    donor = nlp("Paris")
    donor.ents = [Span(donor, 0, 1, "LOC")]
    synthesize = name_synthesizer(names, person_level=1.0, place_level=1.0)
    swapped = swap_entities(source, entity_pool([source, donor]), random.Random(5), synthesize)
    person, place = swapped.ents
    assert (person.label_, len(person), place.label_) == ("PER", 2, "LOC")
    assert person[0].text in names.given_set and place.text in names.places
    assert swapped.text.startswith("I går sagde ") and swapped.text.endswith(", at hun vil stille op.")
    assert swapped[person.end].text == "i"


needs_uner = pytest.mark.skipif(not SHARED_NER.is_dir(), reason=f"UNER data not found at {SHARED_NER}")


@pytest.fixture(scope="module")
def test_split_scores(ner: Language) -> dict[str, Any]:
    return evaluate_ner(ner, next(SHARED_NER.glob("*-test.iob2")))


@pytest.mark.acceptance
@needs_uner
def test_uner_test_split_matches_committed_scores(test_split_scores: dict[str, Any]) -> None:
    """The committed weights still give the scores recorded next to them (and a floor)."""
    recorded = json.loads((NER_MODEL / "scores.json").read_text(encoding="utf-8"))
    assert test_split_scores["sentences"] == 565
    for label in ("PER", "LOC", "ORG", "micro"):
        assert test_split_scores[label]["f"] == pytest.approx(recorded[label]["f"], abs=1e-6)
    assert test_split_scores["PER"]["f"] >= 0.80
    assert test_split_scores["micro"]["f"] >= 0.72


@pytest.mark.acceptance
@needs_uner
def test_uner_test_split_meets_the_person_target(test_split_scores: dict[str, Any]) -> None:
    assert test_split_scores["PER"]["f"] >= 0.80


@pytest.mark.acceptance
@needs_uner
def test_uner_test_split_meets_the_micro_target(test_split_scores: dict[str, Any]) -> None:
    assert test_split_scores["micro"]["f"] >= 0.72
