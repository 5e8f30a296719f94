"""kv_kommuner: kommune and region mentions with official codes, decided from context."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc, Span

from core.refdata import load_kommuner, load_regions
from nlp.components.kommune_lexicon import DATA_DIR
from nlp.components.kommuner import KommuneRecognizer


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("da")
    pipeline.add_pipe("kv_kommuner")
    return pipeline


def kommuner(nlp: Language, text: str) -> list[tuple[str, int]]:
    return [(m.text, m.code) for m in nlp(text)._.kommuner]


def regions(nlp: Language, text: str) -> list[tuple[str, int]]:
    return [(m.text, m.code) for m in nlp(text)._.regions]


def recognizer_of(nlp: Language) -> KommuneRecognizer:
    component = nlp.get_pipe("kv_kommuner")
    assert isinstance(component, KommuneRecognizer)
    return component


def with_entities(nlp: Language, text: str, entities: list[tuple[str, str]]) -> Doc:
    """Run the component on a doc whose NER spans (substring, label) are set by hand."""
    doc = nlp.make_doc(text)
    spans = []
    for substring, label in entities:
        start = text.index(substring)
        span = doc.char_span(start, start + len(substring), label=label)
        assert span is not None
        spans.append(span)
    doc.ents = spans
    return nlp.get_pipe("kv_kommuner")(doc)


# --- forms -------------------------------------------------------------------------------


def test_name_with_kommune(nlp: Language) -> None:
    doc = nlp("Budgettet i Ballerup Kommune blev vedtaget i aftes.")
    (mention,) = doc._.kommuner
    assert (mention.text, mention.start, mention.end, mention.code, mention.name) == (
        "Ballerup Kommune",
        12,
        28,
        151,
        "Ballerup",
    )


def test_bare_name(nlp: Language) -> None:
    assert kommuner(nlp, "Ledigheden faldt i Ballerup sidste år.") == [("Ballerup", 151)]


def test_genitive(nlp: Language) -> None:
    assert kommuner(nlp, "Ballerups borgmester var tilfreds.") == [("Ballerups", 151)]


def test_genitive_of_name_with_kommune(nlp: Language) -> None:
    assert kommuner(nlp, "Planen er Brøndby Kommunes bud på en løsning.") == [("Brøndby Kommunes", 153)]


def test_genitive_apostrophe_after_s(nlp: Language) -> None:
    assert kommuner(nlp, "Randers' byråd mødes i dag.") == [("Randers'", 730)]


def test_quote_mark_is_not_a_genitive(nlp: Language) -> None:
    assert kommuner(nlp, "Hun kaldte det 'Ballerup' i sin tale.") == [("Ballerup", 151)]


def test_lowercase_kommune_after_name(nlp: Language) -> None:
    assert kommuner(nlp, "Der er valg i Gladsaxe kommune.") == [("Gladsaxe kommune", 159)]


def test_kobenhavns_kommune(nlp: Language) -> None:
    assert kommuner(nlp, "Københavns Kommune bygger nye boliger.") == [("Københavns Kommune", 101)]


def test_kobenhavns_borgerrepraesentation(nlp: Language) -> None:
    found = kommuner(nlp, "Sagen kommer op i Københavns Borgerrepræsentation på torsdag.")
    assert found == [("Københavns Borgerrepræsentation", 101)]


def test_frederiksberg(nlp: Language) -> None:
    assert kommuner(nlp, "Skolerne på Frederiksberg får flere penge.") == [("Frederiksberg", 147)]


def test_dateline_at_start_of_text(nlp: Language) -> None:
    assert kommuner(nlp, "BRØNDBY. Kommunen har vedtaget en ny plan.") == [("BRØNDBY", 153)]


def test_dateline_after_a_date_line(nlp: Language) -> None:
    text = "Udgivet 2021-05\nHVIDOVRE. Kommunen åbner et nyt bibliotek."
    assert kommuner(nlp, text) == [("HVIDOVRE", 167)]


def test_dateline_of_an_ordinary_word_name(nlp: Language) -> None:
    assert kommuner(nlp, "Første afsnit.\n\nVEJEN. Byrådet har sagt ja til en ny hal.") == [("VEJEN", 575)]


def test_dateline_with_a_dash(nlp: Language) -> None:
    assert kommuner(nlp, "GREVE – Byrådet vil bygge 400 boliger.") == [("GREVE", 253)]


def test_caps_heading_with_kommune(nlp: Language) -> None:
    assert kommuner(nlp, "REFERAT FRA ODENSE KOMMUNE") == [("ODENSE KOMMUNE", 461)]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Lyngby-Taarbæk", 173),
        ("Høje-Taastrup", 169),
        ("Ringkøbing-Skjern", 760),
        ("Faaborg-Midtfyn", 430),
        ("Ikast-Brande", 756),
    ],
)
def test_hyphenated_names(nlp: Language, name: str, code: int) -> None:
    assert kommuner(nlp, f"Borgerne i {name} Kommune og i {name} er glade.") == [
        (f"{name} Kommune", code),
        (name, code),
    ]


def test_hyphenated_name_written_apart(nlp: Language) -> None:
    assert kommuner(nlp, "Trafikken i Høje Taastrup er tæt.") == [("Høje Taastrup", 169)]


def test_compound_with_hyphen_still_names_the_kommune(nlp: Language) -> None:
    assert kommuner(nlp, "Mange Lyngby-borgere protesterer.") == [("Lyngby", 173)]


def test_vesthimmerlands(nlp: Language) -> None:
    doc = nlp("Vesthimmerlands Kommune lukker en skole, og i Vesthimmerland er forældrene vrede.")
    assert [(m.text, m.code, m.name) for m in doc._.kommuner] == [
        ("Vesthimmerlands Kommune", 820, "Vesthimmerlands"),
        ("Vesthimmerland", 820, "Vesthimmerlands"),
    ]


def test_nordfyns(nlp: Language) -> None:
    found = kommuner(nlp, "Nordfyns Kommune og resten af Nordfyn")
    assert found == [("Nordfyns Kommune", 480), ("Nordfyn", 480)]


def test_bornholms_regionskommune(nlp: Language) -> None:
    doc = nlp("Bornholms Regionskommune sparer, siger man på Bornholm.")
    assert [(m.text, m.code, m.name) for m in doc._.kommuner] == [
        ("Bornholms Regionskommune", 400, "Bornholm"),
        ("Bornholm", 400, "Bornholm"),
    ]


@pytest.mark.parametrize(
    ("written", "code"),
    [("Århus", 751), ("Aarhus", 751), ("Åbenrå", 580), ("Aabenraa", 580), ("Ålborg", 851), ("Aalborg", 851)],
)
def test_old_and_new_spellings(nlp: Language, written: str, code: int) -> None:
    assert kommuner(nlp, f"Han flyttede til {written} i 1998.") == [(written, code)]


def test_seat_town(nlp: Language) -> None:
    assert kommuner(nlp, "Rådhuset i Nykøbing Falster er lukket.") == [("Nykøbing Falster", 376)]


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        ("Hun blev ansat i Jobcenter Ballerup sidste år.", "Ballerup", 151),
        ("Mødet holdes på Ballerup Rådhus.", "Ballerup", 151),
        ("Brøndby Bibliotek har åbent om søndagen.", "Brøndby", 153),
        ("Herning Byråd har vedtaget budgettet.", "Herning", 657),
        ("Odense Byråd stemte for.", "Odense", 461),
        ("Aarhus Byråd vil bygge en ny skole.", "Aarhus", 751),
    ],
)
def test_institution_named_after_kommune(nlp: Language, text: str, mention: str, code: int) -> None:
    assert kommuner(nlp, text) == [(mention, code)]


def test_institution_makes_an_ordinary_word_name_count(nlp: Language) -> None:
    assert kommuner(nlp, "Skive Byråd holdt møde i går.") == [("Skive", 779)]


# --- regions -----------------------------------------------------------------------------


def test_region_with_region(nlp: Language) -> None:
    doc = nlp("Region Hovedstaden har flest ledige.")
    (mention,) = doc._.regions
    assert (mention.text, mention.code, mention.name) == ("Region Hovedstaden", 1084, "Region Hovedstaden")
    assert doc._.kommuner == []


def test_region_bare_mid_sentence(nlp: Language) -> None:
    assert regions(nlp, "Ledigheden steg mest i Hovedstaden og i Midtjylland.") == [
        ("Hovedstaden", 1084),
        ("Midtjylland", 1082),
    ]


def test_region_midtjylland_with_region(nlp: Language) -> None:
    assert regions(nlp, "Region Midtjylland bygger nyt hospital.") == [("Region Midtjylland", 1082)]


def test_region_genitive(nlp: Language) -> None:
    assert regions(nlp, "Region Syddanmarks økonomi er presset.") == [("Region Syddanmarks", 1083)]


def test_nordjylland_counts_as_the_region(nlp: Language) -> None:
    assert regions(nlp, "Ventetiden i Nordjylland er lang.") == [("Nordjylland", 1081)]


def test_region_sjaelland_but_not_the_island(nlp: Language) -> None:
    assert regions(nlp, "Region Sjælland og resten af Sjælland") == [("Region Sjælland", 1085)]
    assert regions(nlp, "Der er mange turister på Sjælland om sommeren.") == []


def test_lowercase_hovedstaden_is_the_capital(nlp: Language) -> None:
    assert regions(nlp, "Han flyttede til hovedstaden for at studere.") == []


def test_all_five_regions(nlp: Language) -> None:
    for region in load_regions():
        doc = nlp(f"Tallene fra {region.name} er klar.")
        assert [(m.text, m.code, m.name) for m in doc._.regions] == [(region.name, region.code, region.name)]


# --- ambiguity: ordinary words and surnames -----------------------------------------------


def test_trap_vejen_til_maalet(nlp: Language) -> None:
    assert kommuner(nlp, "Vejen til målet er lang.") == []


def test_trap_vejen_til_mid_sentence(nlp: Language) -> None:
    assert kommuner(nlp, "Hun siger, at Vejen til målet er lang.") == []


def test_vejen_til_after_a_preposition_is_the_town(nlp: Language) -> None:
    assert kommuner(nlp, "Toget kører fra Vejen til Kolding.") == [("Vejen", 575), ("Kolding", 621)]


def test_trap_greve_title(nlp: Language) -> None:
    assert kommuner(nlp, "Til festen kom greve Frederik og hans kone.") == []


def test_trap_greve_title_capitalised(nlp: Language) -> None:
    assert kommuner(nlp, "Greve Frederik holdt tale.") == []


def test_trap_anne_herning(nlp: Language) -> None:
    assert kommuner(nlp, "Anne Herning sagde, at hun var glad.") == []


def test_trap_jens_holbaek_with_party(nlp: Language) -> None:
    assert kommuner(nlp, "Forslaget kom fra Jens Holbæk (V).") == []


def test_surname_after_initial(nlp: Language) -> None:
    assert kommuner(nlp, "Lone B. Skive er ny formand.") == []


def test_surname_before_party_letter(nlp: Language) -> None:
    assert kommuner(nlp, "Det mener byrådsmedlem Varde (A) ikke.") == []


def test_surname_repeated_later_is_the_person(nlp: Language) -> None:
    text = "Anne Herning er ny formand. – Det er en ære, siger Herning, der bor i Herning."
    doc = nlp(text)
    assert [(m.text, m.start) for m in doc._.kommuner] == [("Herning", text.rindex("Herning"))]


def test_lowercase_never_counts(nlp: Language) -> None:
    assert kommuner(nlp, "ballerup kommune, vejen, skive og odder") == []


def test_ordinary_word_mid_sentence_is_the_kommune(nlp: Language) -> None:
    found = kommuner(nlp, "Borgmesteren i Vejen og kollegaen fra Odder mødtes.")
    assert found == [("Vejen", 575), ("Odder", 727)]


def test_ordinary_word_at_sentence_start_needs_evidence(nlp: Language) -> None:
    assert kommuner(nlp, "Han er glad. Skive er en skole ved åen.") == []


def test_ordinary_word_at_sentence_start_confirmed_by_document(nlp: Language) -> None:
    assert kommuner(nlp, "Vejen Kommune mangler penge. Vejen skal spare.") == [
        ("Vejen Kommune", 575),
        ("Vejen", 575),
    ]


def test_ordinary_phrase_stays_ordinary_even_in_a_document_about_the_kommune(nlp: Language) -> None:
    text = "– Vejen frem er at samarbejde, siger borgmesteren i Vejen Kommune."
    assert kommuner(nlp, text) == [("Vejen Kommune", 575)]


def test_ordinary_word_with_place_inside_the_kommune(nlp: Language) -> None:
    assert kommuner(nlp, "Greve Strand er fyldt med badegæster.") == [("Greve", 253)]


def test_ordinary_word_as_first_part_of_a_compound(nlp: Language) -> None:
    assert kommuner(nlp, "Lejre-borgerne klager over støjen.") == [("Lejre", 350)]


def test_ordinary_word_genitive_with_kommune_noun(nlp: Language) -> None:
    assert kommuner(nlp, "Vejens borgmester er glad.") == [("Vejens", 575)]


def test_ordinary_word_in_caps_headline_is_not_a_dateline(nlp: Language) -> None:
    assert kommuner(nlp, "VEJEN TIL JOB ER LANG") == []


def test_ordinary_word_after_opening_quote(nlp: Language) -> None:
    assert kommuner(nlp, "Bogen hedder »Vejen hjem« og er god.") == []


def test_not_after_words(nlp: Language) -> None:
    assert kommuner(nlp, "Vejle Amt, Roskilde Stift og Roskilde Fjord") == []


def test_excluded_phrase_in_the_genitive(nlp: Language) -> None:
    assert kommuner(nlp, "Københavns Vestegns Politi efterlyser vidner.") == []


def test_excluded_phrases(nlp: Language) -> None:
    assert kommuner(nlp, "Flyet landede i Københavns Lufthavn, og kysten langs Køge Bugt er smuk.") == []


# --- NER entities --------------------------------------------------------------------------


def test_per_entity_makes_a_surname(nlp: Language) -> None:
    doc = with_entities(nlp, "Ifølge Zlatko Vejle er det godt.", [("Zlatko Vejle", "PER")])
    assert doc._.kommuner == []


def test_per_entity_mistake_does_not_silence_the_kommune_elsewhere(nlp: Language) -> None:
    text = "Samarbejdet med Business Ballerup er godt. Ballerup har mange nye virksomheder."
    doc = with_entities(nlp, text, [("Business Ballerup", "PER")])
    assert [(m.text, m.start) for m in doc._.kommuner] == [("Ballerup", text.rindex("Ballerup"))]


def test_per_entity_on_an_institution_name_is_ignored(nlp: Language) -> None:
    doc = with_entities(nlp, "Hun er ansat i Jobcenter Ballerup.", [("Jobcenter Ballerup", "PER")])
    assert [(m.text, m.code) for m in doc._.kommuner] == [("Ballerup", 151)]


def test_one_word_per_entity_on_a_place_name_is_not_trusted(nlp: Language) -> None:
    doc = with_entities(nlp, "Hun bor i Kolding. Kolding vokser.", [("Kolding", "PER")])
    assert [(m.text, m.code) for m in doc._.kommuner] == [("Kolding", 621), ("Kolding", 621)]


def test_org_entity_named_after_kommune_counts(nlp: Language) -> None:
    doc = with_entities(nlp, "Hun arbejder i Jobcenter Ballerup.", [("Jobcenter Ballerup", "ORG")])
    assert [(m.text, m.code) for m in doc._.kommuner] == [("Ballerup", 151)]


def test_loc_entity_is_evidence_for_an_ordinary_word(nlp: Language) -> None:
    doc = with_entities(nlp, "Det regnede. Skive fik mest.", [("Skive", "LOC")])
    assert [(m.text, m.code) for m in doc._.kommuner] == [("Skive", 779)]


# --- all reference names ---------------------------------------------------------------------


def test_every_kommune_with_kommune_bare_genitive_and_dateline(nlp: Language) -> None:
    rows = load_kommuner()
    assert len(rows) == 98
    for row in rows:
        with_kommune = nlp(f"Borgmesteren i {row.name} Kommune glæder sig.")._.kommuner
        assert [(m.text, m.code, m.name) for m in with_kommune] == [
            (f"{row.name} Kommune", row.code, row.name)
        ], row
        bare = nlp(f"Hun bor i {row.name}, og det er hun glad for.")._.kommuner
        assert [(m.text, m.code) for m in bare] == [(row.name, row.code)], row
        genitive = row.name + ("'" if row.name.endswith("s") else "s")
        owner = nlp(f"Det var {genitive} borgmester, der talte.")._.kommuner
        assert [(m.text, m.code) for m in owner] == [(genitive, row.code)], row
        dateline = nlp(f"{row.name.upper()}. Byrådet mødes i aften.")._.kommuner
        assert [(m.text, m.code) for m in dateline] == [(row.name.upper(), row.code)], row


# --- offsets, helpers, serialisation, robustness ----------------------------------------------


def test_mentions_sorted_with_true_offsets(nlp: Language) -> None:
    text = "I Esbjerg og Region Syddanmark, i Fanø Kommune og på Ærø bor færre. ODENSE KOMMUNE følger."
    doc = nlp(text)
    starts = [m.start for m in doc._.kommuner]
    assert starts == sorted(starts)
    assert [m.code for m in doc._.kommuner] == [561, 563, 492, 461]
    for mention in doc._.kommuner + doc._.regions:
        assert text[mention.start : mention.end] == mention.text


def test_span_kommune_codes(nlp: Language) -> None:
    doc = nlp("Tallet er størst i Gentofte. Men i Albertslund og Gentofte Kommune faldt det.")
    second = doc.char_span(doc.text.index("Men"), len(doc.text))
    assert isinstance(second, Span)
    assert second._.kommune_codes == [165, 157]


def test_save_and_load_round_trip(nlp: Language, tmp_path: Path) -> None:
    text = "Jobcenter Ballerup og Region Hovedstaden. Anne Herning bor i Århus."
    nlp.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "kv_kommuner" / "variants.csv").exists()
    assert (tmp_path / "pipeline" / "kv_kommuner" / "reference_kommuner.csv").exists()
    loaded = spacy.load(tmp_path / "pipeline")
    before, after = nlp(text), loaded(text)
    assert (
        after._.kommuner
        == before._.kommuner
        == [
            type(before._.kommuner[0])("Ballerup", 10, 18, 151, "Ballerup"),
            type(before._.kommuner[0])("Århus", 61, 66, 751, "Aarhus"),
        ]
    )
    assert after._.regions == before._.regions
    loaded.to_disk(tmp_path / "pipeline")  # saving over its own data directory is fine
    assert spacy.load(tmp_path / "pipeline")(text)._.kommuner == before._.kommuner


def test_data_directory_drives_the_vocabulary(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    with (data / "variants.csv").open("a", encoding="utf-8") as handle:
        handle.write("Skovlunde,151,town\n")
    pipeline = spacy.blank("da")
    pipeline.add_pipe("kv_kommuner", config={"data_dir": str(data)})
    assert kommuner(pipeline, "Hallen i Skovlunde er ny.") == [("Skovlunde", 151)]


def test_unknown_code_in_variants_is_an_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    with (data / "variants.csv").open("a", encoding="utf-8") as handle:
        handle.write("Atlantis,999,place\n")
    with pytest.raises(ValueError, match="999"):
        KommuneRecognizer(spacy.blank("da"), "kv_kommuner", data_dir=str(data))


def test_empty_text(nlp: Language) -> None:
    doc = nlp("")
    assert doc._.kommuner == [] and doc._.regions == []


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
    | st.binary(max_size=300).map(lambda raw: raw.decode("latin-1"))
)
def test_any_text_gives_consistent_mentions(nlp: Language, text: str) -> None:
    recognizer = recognizer_of(nlp)
    found, regs = recognizer.find(text)
    for mention in found + regs:
        assert text[mention.start : mention.end] == mention.text
    assert [m.start for m in found] == sorted(m.start for m in found)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "i Ballerup",
                "Vejen",
                "Anne Herning",
                "REGION",
                "Region",
                "Hovedstaden",
                "Kommune",
                "(V)",
                ".",
                "\n",
                "»",
                " ",
                "Lyngby-",
                "Taarbæk",
                "s",
                "'",
                "greve",
                "Greve",
                "Jobcenter",
                "BRØNDBY",
                "Amt",
            ]
        ),
        max_size=60,
    )
)
def test_fragments_of_names_never_break(nlp: Language, parts: list[str]) -> None:
    text = " ".join(parts)
    found, regs = recognizer_of(nlp).find(text)
    for mention in found + regs:
        assert text[mention.start : mention.end] == mention.text


@pytest.mark.slow
def test_large_text_runs_in_linear_time(nlp: Language) -> None:
    recognizer = recognizer_of(nlp)
    unit = (
        "Borgmesteren i Vejen Kommune glæder sig over, at ledigheden falder for tredje år i træk. "
        "Anne Herning fra fagforeningen er enig, men tallene fra Region Midtjylland viser, at der "
        "stadig mangler hænder i ældreplejen og på byggepladserne rundt omkring i landsdelen. "
    )
    small, large = unit * 2_000, unit * 20_000  # ~0.5 MB and ~5 MB
    started = time.perf_counter()
    small_found, _ = recognizer.find(small)
    small_time = time.perf_counter() - started
    started = time.perf_counter()
    large_found, large_regions = recognizer.find(large)
    large_time = time.perf_counter() - started
    assert len(large_found) == 10 * len(small_found) == 20_000
    assert len(large_regions) == 20_000
    # Ten times the text may not cost much more than ten times the time (generous for a busy CPU).
    assert large_time < 30 * max(small_time, 0.01)
