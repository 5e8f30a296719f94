"""kv_statistics: one small test per hard case, with the project's own Danish sentences."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from core.result import StatisticMention
from nlp.components import sentences, statistics  # noqa: F401  (register the factories)


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("da")
    pipeline.add_pipe("kv_sentences")
    pipeline.add_pipe("kv_statistics")
    return pipeline


def stats(nlp: Language, text: str) -> list[StatisticMention]:
    return list(nlp(text)._.statistics)


def keys(nlp: Language, text: str) -> set[tuple[str, float]]:
    return {(s.kind, round(s.value, 1)) for s in stats(nlp, text)}


def only(nlp: Language, text: str) -> StatisticMention:
    found = stats(nlp, text)
    assert len(found) == 1, found
    return found[0]


# --- Danish number formats -----------------------------------------------------------------


def test_thousands_separator_and_decimal_comma(nlp: Language) -> None:
    assert keys(nlp, "Ledigheden ramte 1.331 personer, hvilket er 18,4 pct. af de forsikrede.") == {
        ("count", 1331.0),
        ("percent", 18.4),
    }


def test_money_in_kroner(nlp: Language) -> None:
    found = only(nlp, "Et fripas giver ret til at tjene 41.280 kr. om året.")
    assert (found.kind, found.value, found.unit, found.text) == ("money", 41280.0, "kr.", "41.280 kr.")


def test_decimal_percent(nlp: Language) -> None:
    found = only(nlp, "Sygefraværet er faldet og ligger nu 2,5 pct. under sidste år.")
    assert (found.kind, found.value) == ("percent", 2.5)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Byrådet afsatte 4,5 mio. kr. til legepladser.", 4_500_000.0),
        ("Regionen bruger 3,2 mia. kr. på det nye sygehus.", 3_200_000_000.0),
        ("Aftalen giver 40 millioner kroner ekstra til ældreplejen.", 40_000_000.0),
        ("Reformen vil koste tre milliarder over fire år.", 3_000_000_000.0),
    ],
)
def test_money_with_multipliers(nlp: Language, text: str, value: float) -> None:
    assert ("money", value) in keys(nlp, text)


def test_number_words(nlp: Language) -> None:
    text = "Skolen har fået tolv nye lærere, tyve elever og femogtyve pædagoger."
    assert keys(nlp, text) == {("count", 12.0), ("count", 20.0), ("count", 25.0)}


def test_article_en_et_is_not_a_number(nlp: Language) -> None:
    assert stats(nlp, "En borger klagede over et brev fra en sagsbehandler.") == []


def test_en_million_is_a_number(nlp: Language) -> None:
    assert ("count", 1_000_000.0) in keys(nlp, "Over en million danskere har downloadet appen.")


def test_word_number_with_modifier_before_counted_noun(nlp: Language) -> None:
    found = only(nlp, "Der er i år ansat to ekstra sagsbehandlere i jobcentret.")
    assert (found.kind, found.value, found.unit) == ("count", 2.0, "sagsbehandlere")


# --- shares ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Halvdelen af de adspurgte forældre var utilfredse.", 50.0),
        ("Hver tredje ældre føler sig ensom.", 33.3),
        ("Tre ud af fire borgere er tilfredse med servicen.", 75.0),
        ("En fjerdedel af budgettet går til administration.", 25.0),
    ],
)
def test_shares_are_percent(nlp: Language, text: str, value: float) -> None:
    assert keys(nlp, text) == {("percent", value)}


# --- ranks -----------------------------------------------------------------------------------


def test_ordinal_place_with_denominator(nlp: Language) -> None:
    found = only(nlp, "Kommunen indtager en samlet 3. plads ud af de 98 kommuner.")
    assert (found.kind, found.value, found.of) == ("rank", 3.0, 98.0)


def test_place_after_article(nlp: Language) -> None:
    assert keys(nlp, "Skolen gik fra en 40. plads til en 7. plads.") == {("rank", 40.0), ("rank", 7.0)}


def test_nummer_in_the_country(nlp: Language) -> None:
    found = only(nlp, "Vejle er nu nummer 4 i landet på trivsel.")
    assert (found.kind, found.value) == ("rank", 4.0)


def test_nr_is_a_rank_only_as_a_placement(nlp: Language) -> None:
    assert keys(nlp, "Odense ligger nr. 2 i landet.") == {("rank", 2.0)}
    assert stats(nlp, "Reglerne står i lov nr. 548 og i sag nr. 14.") == []


def test_ordinal_word_best(nlp: Language) -> None:
    assert keys(nlp, "Aarhus er den tredje bedste kommune til at skabe job.") == {("rank", 3.0)}


def test_top_n(nlp: Language) -> None:
    assert keys(nlp, "Skolen er igen i top fem.") == {("rank", 5.0)}
    assert keys(nlp, "Top 10-placeringen glæder borgmesteren.") == {("rank", 10.0)}


def test_best_among_all_kommuner(nlp: Language) -> None:
    found = only(nlp, "Herning er bedst blandt landets 98 kommuner til at få unge i uddannelse.")
    assert (found.kind, found.value, found.of) == ("rank", 1.0, 98.0)


# --- ranges and approximations ------------------------------------------------------------------


def test_hyphen_range(nlp: Language) -> None:
    found = only(nlp, "Det svarer til cirka 30-35 familier om året.")
    assert (found.kind, found.value, found.value_max, found.approx) == ("count", 30.0, 35.0, True)


def test_fra_til_range_takes_the_unit_of_the_second_number(nlp: Language) -> None:
    found = only(nlp, "Rabatten ligger fra 10 til 15 procent af prisen.")
    assert (found.kind, found.value, found.value_max) == ("percent", 10.0, 15.0)


def test_change_from_to_is_two_figures_with_the_second_unit(nlp: Language) -> None:
    found = stats(nlp, "Andelen steg fra 62 til 68 procent på to år.")
    assert [(s.kind, s.value, s.value_max, s.text) for s in found] == [
        ("percent", 62.0, None, "62"),
        ("percent", 68.0, None, "68 procent"),
    ]
    assert keys(nlp, "Udgiften faldt fra 4,5 til 3 mio. kr.") == {
        ("money", 4_500_000.0),
        ("money", 3_000_000.0),
    }


@pytest.mark.parametrize("word", ["cirka", "ca.", "knap", "godt", "omkring", "over", "mindst", "op til"])
def test_approximation_words(nlp: Language, word: str) -> None:
    found = only(nlp, f"Det gælder {word} 300 borgere i kommunen.")
    assert found.approx and found.value == 300.0 and found.text.startswith(word)


def test_exact_figure_is_not_approximate(nlp: Language) -> None:
    assert not only(nlp, "I alt 35 borgere fik hjælp.").approx


# --- units -------------------------------------------------------------------------------------


def test_percentage_points(nlp: Language) -> None:
    found = only(nlp, "Ledigheden steg med 1,2 procentpoint.")
    assert (found.kind, found.value, found.unit) == ("percentage_points", 1.2, "procentpoint")


@pytest.mark.parametrize("unit", ["borgere", "personer", "ledige", "elever", "sagsbehandlere"])
def test_counted_nouns(nlp: Language, unit: str) -> None:
    found = only(nlp, f"Der er nu 48 {unit} i ordningen.")
    assert (found.kind, found.value, found.unit) == ("count", 48.0, unit)


def test_comparative_count_without_noun(nlp: Language) -> None:
    assert keys(nlp, "Der var 40 færre i marts end året før.") == {("count", 40.0)}


# --- bare figures of quantity nouns, changes, averages and measurements ----------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Antallet af børn i dagplejen er 1.874, og det er 60 flere end i fjor.", ("count", 1874.0)),
        ("Ventelisten til en plejebolig ligger på 212.", ("count", 212.0)),
        ("Bestanden af odderne er nu 35.", ("count", 35.0)),
        ("I 2024 var befolkningen 61.450.", ("count", 61450.0)),
        ("Antallet af ansatte, der er på nedsat tid, udgør 418 i dag.", ("count", 418.0)),
        ("Beløbet lyder på 18.500 for hele perioden.", ("money", 18500.0)),
        ("Andelen af unge uden job er 7,3, viser opgørelsen.", ("percent", 7.3)),
    ],
)
def test_bare_number_as_predicate_of_a_quantity_noun(
    nlp: Language, text: str, expected: tuple[str, float]
) -> None:
    assert expected in keys(nlp, text)


def test_sum_is_money_only_when_the_sentence_speaks_of_kroner(nlp: Language) -> None:
    assert keys(nlp, "Summen er 9.000, mens driften koster 2 mio. kr.") == {
        ("money", 9000.0),
        ("money", 2_000_000.0),
    }
    assert keys(nlp, "Summen af point er 64.") == {("count", 64.0)}


@pytest.mark.parametrize(
    "text",
    [
        "Antallet af elever steg, men bygningen er 3 og et halvt år gammel.",
        "Klokken er 8, og han er 45.",
        "Der er dobbelt så mange ledige som i 2020.",
        "Ledigheden er halveret siden 2019.",
        "Der er 3 gange så mange pladser i år.",
        "Han er tre gange så hurtig som de andre.",
        "Et hospital på 40 i snit er ikke nok.",
    ],
)
def test_bare_numbers_without_a_quantity_subject_stay_out(nlp: Language, text: str) -> None:
    assert not {k for k in keys(nlp, text) if k[0] != "other"}, keys(nlp, text)


def test_change_verb_with_a_later_year(nlp: Language) -> None:
    assert keys(nlp, "Tallet kan stige til 680 i 2035.") == {("count", 680.0)}
    assert keys(nlp, "Elevtallet forventes at falde til 2.950 i 2030.") == {("count", 2950.0)}
    assert keys(nlp, "Antallet nåede op på 1.020 i 2023.") == {("count", 1020.0)}


def test_change_from_a_year_to_a_year_gives_both_figures(nlp: Language) -> None:
    text = "Antallet af klagesager steg fra 64 i 2021 til 97 i 2024."
    assert keys(nlp, text) == {("count", 64.0), ("count", 97.0)}


def test_predicate_with_adverb_and_preposition(nlp: Language) -> None:
    assert keys(nlp, "Elevtallet ligger nu på 1.140.") == {("count", 1140.0)}
    assert keys(nlp, "Ventelisten er i dag oppe på 87.") == {("count", 87.0)}


def test_averages_are_other(nlp: Language) -> None:
    assert keys(nlp, "Karaktergennemsnittet på skolen steg fra 6,2 til 6,9.") == {
        ("other", 6.2),
        ("other", 6.9),
    }
    assert keys(nlp, "Eleverne fik et gennemsnit på 8,1 ved prøverne.") == {("other", 8.1)}
    assert keys(nlp, "Klassen fik i gennemsnit 5,6 i matematik.") == {("other", 5.6)}


def test_a_decimal_count_of_a_quantity_noun_is_other(nlp: Language) -> None:
    assert keys(nlp, "Nøgletallet er 1,7 i år.") == {("other", 1.7)}


def test_millions_of_counted_things_are_a_count(nlp: Language) -> None:
    found = only(nlp, "Letbanen havde sidste år 9,8 millioner passagerer.")
    assert (found.kind, found.value, found.unit) == ("count", 9_800_000.0, "passagerer")


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Kommunen anlægger 11 kilometer ny cykelsti.", "km"),
        ("Farten sættes ned til 40 km/t forbi skolen.", "km/t"),
        ("Hallen bliver på 2.400 kvadratmeter.", "m2"),
        ("Der blev samlet 12 ton affald ind.", "ton"),
    ],
)
def test_physical_measurements_are_other_with_their_unit(nlp: Language, text: str, unit: str) -> None:
    found = only(nlp, text)
    assert (found.kind, found.unit) == ("other", unit)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Ventetiden på en operation er 19 uger.", "uger"),
        ("Sagerne tager i gennemsnit 11 måneder.", "måneder"),
        ("Turen med bussen tager 65 minutter.", "minutter"),
    ],
)
def test_durations_are_counts_with_their_unit(nlp: Language, text: str, unit: str) -> None:
    found = only(nlp, text)
    assert (found.kind, found.unit) == ("count", unit)


def test_years_stay_out_even_for_a_waiting_time(nlp: Language) -> None:
    assert stats(nlp, "Ventetiden er 2 år.") == []


def test_i_dag_is_not_a_rate(nlp: Language) -> None:
    assert stats(nlp, "Hun har 40 i dag og har haft travlt.") == []


# --- not statistics --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Mødet blev holdt den 08-10-2024 på rådhuset.",
        "Byrådet mødes 12. marts 2024 og igen d. 8. oktober.",
        "Mødet starter kl. 08:00 og slutter 14.30.",
        "Skolen blev bygget i 2017, og i 2015 var der valg.",
        "Planen for 2018-2019 og budgettet for 2023-24 er vedtaget.",
        "Tallene dækker 3. kv. 2023 og frem.",
        "Sagen har nummeret 15.00.00-P20-1-21 i journalen.",
        "Punkt 3 blev behandlet efter punkt 3.1 i Lokale 29.",
        "Eleverne i 9. klasse var på besøg.",
        "Tilbuddet er for unge under 30 år og for de 18-29 år gamle samt 30-årige.",
        "Hun er 2. viceborgmester i kommunen.",
        "Meddelelser.....\t3",
        "1 bilag, heraf 1 anbefales",
        "Ring på 44 77 20 00 eller skriv til os.",
        "Adressen er Hold-An Vej 7, 2750 Ballerup.",
        "Det følger af § 17, stk. 2, og af lov nr. 548.",
        "De næste to år bliver svære for kommunen.",
    ],
)
def test_not_statistics(nlp: Language, text: str) -> None:
    assert stats(nlp, text) == []


def test_list_numbers_at_line_start_are_not_statistics(nlp: Language) -> None:
    text = "Indstilling\n\n1. Sagen tages til efterretning.\n2. Budgettet godkendes."
    assert stats(nlp, text) == []


# --- offsets, sentences, pipeline plumbing --------------------------------------------------------


def test_offsets_and_sentence(nlp: Language) -> None:
    text = "Første sætning er uden tal. Her steg prisen med 7 pct. i år. Sidste sætning."
    found = only(nlp, text)
    assert text[found.start : found.end] == found.text == "7 pct."
    assert text[found.sentence_start : found.sentence_end] == "Her steg prisen med 7 pct. i år."


def test_sorted_by_start(nlp: Language) -> None:
    found = stats(nlp, "Der var 5 pct. flere, 300 borgere og en 4. plads.")
    assert [s.start for s in found] == sorted(s.start for s in found)


def test_save_load_round_trip(nlp: Language, tmp_path: Path) -> None:
    text = "Kommunen fik en 2. plads og sparede 4,5 mio. kr. på 120 stillinger."
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "kv_statistics" / "units.csv").exists()
    assert loaded(text)._.statistics == nlp(text)._.statistics


def test_empty_text(nlp: Language) -> None:
    assert stats(nlp, "") == []


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(nlp: Language, text: str) -> None:
    for found in stats(nlp, text):
        assert 0 <= found.start < found.end <= len(text)
        assert found.sentence_start <= found.start


SOUP = ["12", "pct.", "3.", "plads", "kr.", "-", "til", "fra", "cirka", "to", " ", "\n", "år", "1.331", "2,5"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(SOUP)))
def test_number_soup_never_raises(nlp: Language, parts: list[str]) -> None:
    text = " ".join(parts)
    for found in stats(nlp, text):
        assert text[found.start : found.end] == found.text


def test_large_text_runs_in_linear_time(nlp: Language) -> None:
    piece = "Knap 900 borgere, 2,5 pct. og en 3. plads d. 12. marts 2024 kl. 08:00. " * 50 + "\n\n"
    nlp.max_length = 10_000_000

    def seconds(text: str) -> float:
        start = time.perf_counter()
        nlp(text)
        return time.perf_counter() - start

    small, large = seconds(piece * 20), seconds(piece * 80)
    assert large < small * 4 * 2.5 + 0.5


def test_binary_garbage(nlp: Language) -> None:
    garbage = bytes(range(256)).decode("latin-1") * 50
    assert isinstance(stats(nlp, garbage), list)
