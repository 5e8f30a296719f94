"""kv_claims: sentences with figures or rankings, their speaker, kommuner and source."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc, Span

from core.result import ClaimMention
from nlp.components.claims import ClaimFinder  # registers kv_claims
from nlp.components.quotes import QuoteFinder  # registers kv_quotes
from tests.nlp.quote_fixtures import make_doc, run

PLACES = {"Ballerup": 151, "Brøndby": 153, "Hjørring": 860, "Odense": 461}


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("da")
    assert isinstance(pipeline.add_pipe("kv_quotes"), QuoteFinder)
    assert isinstance(pipeline.add_pipe("kv_claims"), ClaimFinder)
    return pipeline


def claims(
    nlp: Language,
    text: str,
    *,
    names: tuple[str, ...] = (),
    figures: tuple[str, ...] = (),
    roles: dict[str, str] | None = None,
) -> list[ClaimMention]:
    doc = run(nlp, make_doc(nlp, text, names=names, figures=figures, places=PLACES, roles=roles))
    for claim in doc._.claims:
        assert doc.text[claim.start : claim.end] == claim.text
    return list(doc._.claims)


def test_sentence_with_a_statistic_is_a_claim(nlp: Language) -> None:
    text = "Skolen fik nyt tag i fjor. Ledigheden i Odense faldt til 4,1 pct. i marts. Det blev fejret."
    (claim,) = claims(nlp, text, figures=("4,1 pct.",))
    assert claim.text == "Ledigheden i Odense faldt til 4,1 pct. i marts."
    assert claim.statistics == [0] and claim.kommuner == [461] and claim.speaker is None


def test_statistic_indexes_point_into_doc_statistics(nlp: Language) -> None:
    text = "Der var 120 ledige i januar. Nu er der 95 ledige og 30 i løntilskud."
    found = claims(nlp, text, figures=("120 ledige", "95 ledige", "30"))
    assert [c.statistics for c in found] == [[0], [1, 2]]


def test_source_after_ifoelge(nlp: Language) -> None:
    text = "Ifølge Danmarks Statistik er 2.300 flere i job i Hjørring end sidste år."
    (claim,) = claims(nlp, text, figures=("2.300",))
    assert claim.source == "Danmarks Statistik" and claim.kommuner == [860]


def test_source_in_tal_fra_x_viser(nlp: Language) -> None:
    text = "Nye tal fra Beskæftigelses-ministeriet viser, at 310 borgere i Brøndby har fået job."
    assert claims(nlp, text, figures=("310 borgere",))[0].source == "Beskæftigelsesministeriet"


def test_source_in_viser_tal_fra_and_oplyser(nlp: Language) -> None:
    found = claims(
        nlp,
        "Det viser tal fra KL, hvor 12 kommuner er med. Udgiften steg med 8 pct., oplyser Dansk Erhverv.",
        figures=("12 kommuner", "8 pct."),
    )
    assert [c.source for c in found] == ["KL", "Dansk Erhverv"]


def test_known_source_in_the_genitive(nlp: Language) -> None:
    text = "Beskæftigelsesministeriets nye tal placerer Odense med 6 pct. flere i job."
    assert claims(nlp, text, figures=("6 pct.",))[0].source == "Beskæftigelsesministeriet"


def test_genitive_source_noun_in_any_case(nlp: Language) -> None:
    # The cheap noun test before the genitive pattern must agree with its case folding,
    # also for a capitalised noun and for text outside Latin-1 (the long s folds to "s").
    text = "Danmarks Statistiks NYE OPGØRELSE viser 4 pct. ledige i Odense."
    assert claims(nlp, text, figures=("4 pct.",))[0].source == "Danmarks Statistik"
    text = "Danmarks Statistiks nye ſtatiſtik viser 4 pct. ledige i Odense."
    assert claims(nlp, text, figures=("4 pct.",))[0].source == "Danmarks Statistik"
    text = "Danmarks Statistiks nye plan viser 4 pct. ledige i Odense."
    assert claims(nlp, text, figures=("4 pct.",))[0].source is None


def test_web_address_and_unknown_organisation(nlp: Language) -> None:
    found = claims(
        nlp,
        "Ifølge jobindsats.dk er 44 unge i aktivering. Ifølge Grøn Fremtid Fonden sparer vi 20 ton CO2.",
        figures=("44 unge", "20 ton"),
    )
    assert [c.source for c in found] == ["jobindsats.dk", "Grøn Fremtid Fonden"]


def test_ner_org_entity_is_a_source(nlp: Language) -> None:
    doc = make_doc(
        nlp, "Tal fra Arbejdsløshedskassen ASE viser 14 pct. flere medlemmer.", figures=("14 pct.",)
    )
    doc.ents = [Span(doc, 2, 4, label="ORG")]
    assert run(nlp, doc)._.claims[0].source == "Arbejdsløshedskassen ASE"


def test_a_person_after_ifoelge_is_a_speaker_not_a_source(nlp: Language) -> None:
    text = "Ifølge borgmester Hanne Jensen er 40 familier ramt."
    (claim,) = claims(nlp, text, names=("Hanne Jensen",), figures=("40 familier",))
    assert claim.source is None and claim.speaker == "Hanne Jensen"


def test_ner_person_is_not_a_source(nlp: Language) -> None:
    doc = make_doc(nlp, "Det koster 30 mio. kr., vurderer Gorm Vestergaard.", figures=("30 mio. kr.",))
    doc.ents = [Span(doc, 7, 9, label="PER")]
    assert run(nlp, doc)._.claims[0].source is None


def test_ranked_comparison_without_a_figure(nlp: Language) -> None:
    text = (
        "Brøndby har det største fald i ledigheden i Region Hovedstaden. "
        "Ballerup er bedst blandt landets kommuner til at få unge i uddannelse. "
        "Odense ligger over landsgennemsnittet. Hjørring har den laveste ledighed i landet."
    )
    found = claims(nlp, text)
    assert [c.kommuner for c in found] == [[153], [151], [461], [860]]
    assert all(c.statistics == [] for c in found)


def test_ranking_within_a_part_of_the_country(nlp: Language) -> None:
    text = "Vi er blandt de bedste i Syddanmark til at skaffe lærlinge. Vi er de mest effektive på Fyn."
    assert len(claims(nlp, text)) == 2


def test_superlative_without_a_scope_is_no_claim(nlp: Language) -> None:
    text = "Vi vil have flest mulige borgere i arbejde. Det er den bedste løsning for familierne."
    assert claims(nlp, text) == []


def test_claim_inside_a_quote_has_the_quoted_speaker(nlp: Language) -> None:
    text = "Karin Dam er formand.\n\n»Vi har skaffet 200 praktikpladser. Det er rekord,« siger hun."
    (claim,) = claims(nlp, text, names=("Karin Dam",), figures=("200 praktikpladser",))
    assert claim.speaker == "Karin Dam" and claim.text.startswith("»Vi har skaffet")


def test_indirect_speech_names_the_speaker(nlp: Language) -> None:
    text = "Rådmand Jesper Bøgh mener, at 15 mio. kr. er for lidt til vejene."
    (claim,) = claims(nlp, text, names=("Jesper Bøgh",), figures=("15 mio. kr.",))
    assert claim.speaker == "Jesper Bøgh"


def test_pronoun_subject_of_indirect_speech(nlp: Language) -> None:
    text = "Ole Rask er formand. Han peger på, at 1.200 borgere venter på en bolig."
    found = claims(nlp, text, names=("Ole Rask",), figures=("1.200 borgere",))
    assert [c.speaker for c in found] == ["Ole Rask"]


def test_role_noun_in_indirect_speech_is_the_claims_speaker(nlp: Language) -> None:
    text = (
        "Borgmester Tove Riis (C) fremlagde budgettet i går. "
        "Borgmesteren siger, at 300 familier venter på en plads i vuggestuen."
    )
    roles = {"Tove Riis": "borgmester"}
    found = claims(nlp, text, names=("Tove Riis",), figures=("300 familier",), roles=roles)
    assert [c.speaker for c in found] == ["Tove Riis"]


def test_claim_kommuner_fall_back_to_the_paragraph_not_further(nlp: Language) -> None:
    text = (
        "Ballerup Kommune har fået nye tal. Kommunen har nu 2.100 ledige.\n\n"
        "Samtidig er der 700 ledige unge.\n\nI Hjørring er billedet et andet."
    )
    found = claims(nlp, text, figures=("2.100 ledige", "700 ledige"))
    assert [c.kommuner for c in found] == [[151], []]


def test_claim_kommuner_fall_back_to_the_one_kommune_of_the_document(nlp: Language) -> None:
    # minutes name the kommune in the heading; later paragraphs say "kommunen" and "udvalget"
    text = (
        "Referat fra Børne- og Skoleudvalget, Odense Kommune\n\n"
        "Punkt 4. Kommunen forventer 350 flere skolebørn i 2030.\n\n"
        "Udvalget godkendte en ramme på 12 mio. kr. til nye klasselokaler.\n\n"
        "Odense Kommune skal også bygge en ny børnehave."
    )
    found = claims(nlp, text, figures=("350 flere skolebørn", "12 mio. kr."))
    assert [c.kommuner for c in found] == [[461], [461]]


def test_claim_kommuner_in_order_without_repeats(nlp: Language) -> None:
    text = "Odense har 5 pct. flere elever end Brøndby, og Odense vokser."
    assert claims(nlp, text, figures=("5 pct.",))[0].kommuner == [461, 153]


def test_works_without_sentence_marks(nlp: Language) -> None:
    doc = nlp.make_doc("Ballerup har 300 ledige. Ingen tal her")
    doc._.statistics = make_doc(nlp, doc.text, figures=("300 ledige",))._.statistics
    doc._.kommuner = make_doc(nlp, doc.text, places=PLACES)._.kommuner
    (claim,) = run(nlp, doc)._.claims
    assert claim.text == "Ballerup har 300 ledige." and claim.kommuner == [151]


def test_save_and_load_round_trip(nlp: Language, tmp_path: Path) -> None:
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    text = "Ifølge KL har Odense den højeste ledighed i regionen."
    before = run(nlp, make_doc(nlp, text, places=PLACES))._.claims
    after = run(loaded, make_doc(loaded, text, places=PLACES))._.claims
    assert before == after and before[0].source == "KL"
    assert (tmp_path / "pipeline" / "kv_claims" / "rank_phrases.tsv").exists()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"ab Æ»«.,:\n", " i landet", "største ", "ifølge ", "KL ", "siger ", "Ballerup "]),
        max_size=120,
    ).map("".join)
)
def test_any_text_is_handled(nlp: Language, text: str) -> None:
    doc = run(nlp, make_doc(nlp, text, figures=("a",), places=PLACES))
    for claim in doc._.claims:
        assert 0 <= claim.start < claim.end <= len(text)


@settings(max_examples=20, deadline=None)
@given(st.binary(max_size=400))
def test_binary_garbage(nlp: Language, data: bytes) -> None:
    doc: Doc = make_doc(nlp, data.decode("latin-1"))
    run(nlp, doc)


def test_time_is_linear(nlp: Language) -> None:
    unit = (
        "Ifølge Danmarks Statistik har Odense 4 pct. ledige. Det er den laveste ledighed i landet. "
        "»Vi har 200 nye job,« siger Karin Dam.\n\n"
    )

    def seconds(copies: int) -> float:
        doc = make_doc(nlp, unit * copies, names=("Karin Dam",), figures=("4 pct.", "200"), places=PLACES)
        started = time.process_time()
        run(nlp, doc)
        return time.process_time() - started

    small, large = seconds(100), seconds(800)
    assert large < small * 8 * 3 + 0.5


def test_whole_pipeline_end_to_end() -> None:
    """Through build_nlp(): sentences, statistics, kommuner and persons come from their components."""
    from nlp.pipeline import extract

    text = (
        "Borgmester Hanne Jensen (A) fra Ballerup Kommune er tilfreds.\n\n"
        "»Ledigheden er faldet med 2,5 pct. Det er den laveste ledighed i regionen,« siger hun.\n\n"
        "Ifølge Danmarks Statistik er der 1.200 ledige i Ballerup."
    )
    result = extract(text)
    assert [(q.text[:20], q.speaker) for q in result.quotes] == [("Ledigheden er faldet", "Hanne Jensen")]
    first, ranked, sourced = result.claims
    assert result.statistics[first.statistics[0]].value == 2.5 and first.speaker == "Hanne Jensen"
    assert ranked.statistics == [] and ranked.speaker == "Hanne Jensen"
    assert sourced.source == "Danmarks Statistik" and sourced.kommuner == [151] and sourced.speaker is None
