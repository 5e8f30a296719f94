"""kv_sentences: one small test per hard case, with the project's own Danish sentences."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from nlp.components import sentences  # noqa: F401  (registers kv_sentences)


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("da")
    pipeline.add_pipe("kv_sentences")
    return pipeline


def sents(nlp: Language, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents]


def test_plain_sentences(nlp: Language) -> None:
    assert sents(nlp, "Byrådet mødes i dag. Der er tre punkter! Kommer du?") == [
        "Byrådet mødes i dag.",
        "Der er tre punkter!",
        "Kommer du?",
    ]


@pytest.mark.parametrize(
    "abbreviation", ["ca.", "bl.a.", "f.eks.", "jf.", "nr.", "kl.", "mht.", "evt.", "inkl.", "ekskl.", "hhv."]
)
def test_abbreviations_do_not_end_a_sentence(nlp: Language, abbreviation: str) -> None:
    text = f"Udvalget drøftede {abbreviation} Skolereformen og budgettet. Næste punkt."
    assert len(sents(nlp, text)) == 2


def test_money_and_percent_abbreviations_inside_a_sentence(nlp: Language) -> None:
    text = "Projektet koster 4,5 mio. kr. og sparer 2,5 pct. af udgifterne. Det glæder udvalget."
    assert sents(nlp, text) == [
        "Projektet koster 4,5 mio. kr. og sparer 2,5 pct. af udgifterne.",
        "Det glæder udvalget.",
    ]


def test_date_abbreviation_and_ordinals(nlp: Language) -> None:
    text = "Mødet holdes d. 12. marts på rådhuset. Kommunen fik en 2. plads i år."
    assert len(sents(nlp, text)) == 2


def test_initials_do_not_end_a_sentence(nlp: Language) -> None:
    assert len(sents(nlp, "Formanden Saime B. Inanc åbnede mødet.")) == 1


def test_number_at_sentence_end(nlp: Language) -> None:
    assert len(sents(nlp, "Antallet steg til 340. Det er flere end sidst.")) == 2


def test_blank_line_always_ends(nlp: Language) -> None:
    assert sents(nlp, "Overskrift uden punktum\n\nbrødtekst med lille begyndelsesbogstav.") == [
        "Overskrift uden punktum",
        "brødtekst med lille begyndelsesbogstav.",
    ]


def test_wrapped_line_does_not_end(nlp: Language) -> None:
    text = "Kommunen har i de seneste år arbejdet målrettet med at få flere borgere i job og\nuddannelse."
    assert len(sents(nlp, text)) == 1


def test_heading_then_paragraph(nlp: Language) -> None:
    assert sents(nlp, "Målrettet indsats\nJobcentret har fået flere ressourcer.") == [
        "Målrettet indsats",
        "Jobcentret har fået flere ressourcer.",
    ]


def test_list_items_are_their_own_units(nlp: Language) -> None:
    text = "Udvalget ønsker:\n- flere praktikpladser\n- kortere ventetid\n• bedre vejledning\n1. mere tid"
    assert sents(nlp, text) == [
        "Udvalget ønsker:",
        "- flere praktikpladser",
        "- kortere ventetid",
        "• bedre vejledning",
        "1. mere tid",
    ]


def test_numbered_list_item_is_not_split_after_its_number(nlp: Language) -> None:
    text = "1. Orienteringen tages til efterretning."
    assert sents(nlp, text) == [text]


def test_table_rows_are_their_own_units(nlp: Language) -> None:
    text = "Alder\tAntal\n18-24 år\t12\n25-29 år\t30"
    assert sents(nlp, text) == ["Alder\tAntal", "18-24 år\t12", "25-29 år\t30"]


@pytest.mark.parametrize(("opening", "closing"), [("”", "”"), ("»", "«"), ('"', '"')])
def test_quote_with_speech_verb_is_one_sentence(nlp: Language, opening: str, closing: str) -> None:
    quote = f"{opening}Vi er glade for resultatet,{closing} siger borgmester Hanne Berg."
    assert sents(nlp, quote + " Hun smiler.")[0] == quote


def test_question_in_quote_followed_by_lowercase_speech_verb(nlp: Language) -> None:
    assert len(sents(nlp, "»Hvorfor venter vi?« spørger hun.")) == 1


def test_every_token_has_sentence_start(nlp: Language) -> None:
    doc = nlp("Første linje\n\nAnden sætning. Tredje sætning.")
    assert all(token.is_sent_start is not None for token in doc)
    assert doc.has_annotation("SENT_START")


def test_leading_whitespace_makes_no_empty_sentence(nlp: Language) -> None:
    assert sents(nlp, "\n\nREFERAT\n\nMødet blev holdt.")[-2:] == ["REFERAT", "Mødet blev holdt."]
    assert "" not in sents(nlp, "\n\nREFERAT\n\nMødet blev holdt.")[1:]


def test_save_load_round_trip(nlp: Language, tmp_path: Path) -> None:
    text = "Mødet holdes ca. kl. 10. Der er 3 punkter på dagsordenen.\n- punkt et\n- punkt to"
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "kv_sentences" / "abbreviations.csv").exists()
    assert [s.text for s in loaded(text).sents] == [s.text for s in nlp(text).sents]


def test_empty_text(nlp: Language) -> None:
    assert list(nlp("").sents) == []


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab .!?\n\t-•1»«”"Æø')), max_size=300))
def test_arbitrary_text_never_raises(nlp: Language, text: str) -> None:
    doc = nlp(text)
    if len(doc):
        assert "".join(s.text_with_ws for s in doc.sents) == text


def test_large_text_runs_in_linear_time(nlp: Language) -> None:
    piece = "Mødet holdes ca. kl. 10. Der er bl.a. 3 punkter.\n- punkt et\n\nOverskrift\nTekst her. " * 40
    nlp.max_length = 10_000_000

    def seconds(text: str) -> float:
        start = time.perf_counter()
        nlp(text)
        return time.perf_counter() - start

    small, large = seconds(piece * 20), seconds(piece * 80)
    assert large < small * 4 * 2.5 + 0.5


def test_sentence_starts_are_handed_over_as_character_offsets(nlp: Language) -> None:
    text = "Byrådet mødes kl. 17 i dag. Der er ca. 40 punkter!\n\nOverskrift\nNæste afsnit her."
    doc = nlp(text)
    assert sentences.sentence_starts(doc) == [s.start_char for s in doc.sents]


def test_sentence_starts_without_kv_sentences_come_from_the_tokens() -> None:
    blank = spacy.blank("da")
    doc = blank("Første sætning. Anden sætning.")
    assert sentences.sentence_starts(doc) == [0]  # no marks: one sentence
    doc[3].is_sent_start = True
    assert sentences.sentence_starts(doc) == [0, doc[3].idx]
