"""kv_persons: one small test per hard case, with the project's own Danish sentences."""

from __future__ import annotations

import time
from datetime import date

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from core.politicians import RegistryEntry as Entry
from core.politicians import Role
from core.result import KommuneMention, PersonMention, RegionMention
from nlp.components.person_data import role_holder
from nlp.components.persons import PersonsComponent  # registers kv_persons


@Language.component("test_fake_ner")
def _fake_ner(doc: Doc) -> Doc:
    """Stands in for the trained NER: tags the spans listed in the text's test table."""
    spans = []
    text = doc.text
    for label, words in FAKE_ENTS.items():
        for phrase in words:
            start = text.find(phrase)
            while start != -1:
                span = doc.char_span(start, start + len(phrase), label=label)
                if span is not None:
                    spans.append(span)
                start = text.find(phrase, start + 1)
    doc.ents = spacy.util.filter_spans(spans)
    return doc


FAKE_ENTS: dict[str, list[str]] = {
    "PER": [
        "Zbigniew Kowalczyk",
        "Oyelaran Adebayo",
        "Mødedato Tirsdag",
        "Mini Skills",
        "Business Gladsaxe",
        "Sydkysten",
    ],
    "ORG": ["Grøn Omstilling"],
}

# What kv_kommuner would find in the test sentences (it runs before kv_persons).
FAKE_PLACES = {"Ballerup": 151, "Herning": 657, "Vejen": 575}


@Language.component("test_fake_kommuner")
def _fake_kommuner(doc: Doc) -> Doc:
    found = []
    text = doc.text
    for name, code in FAKE_PLACES.items():
        start = text.find(name)
        while start != -1:
            found.append(KommuneMention(name, start, start + len(name), code, name))
            start = text.find(name, start + 1)
    doc._.kommuner = sorted(found, key=lambda m: m.start)
    start = text.find("Region Hovedstaden")
    region = RegionMention("Region Hovedstaden", start, start + 18, 1084, "Region Hovedstaden")
    doc._.regions = [region] if start != -1 else []
    return doc


@pytest.fixture(scope="module")
def pipe() -> Language:
    pipeline = spacy.blank("da")
    pipeline.add_pipe("test_fake_kommuner")
    pipeline.add_pipe("kv_persons")
    return pipeline


@pytest.fixture(scope="module")
def pipe_ner() -> Language:
    pipeline = spacy.blank("da")
    pipeline.add_pipe("test_fake_ner")
    pipeline.add_pipe("test_fake_kommuner")
    pipeline.add_pipe("kv_persons")
    return pipeline


def persons(pipe: Language, text: str) -> list[PersonMention]:
    return pipe(text)._.persons


def by_name(pipe: Language, text: str) -> dict[str, PersonMention]:
    return {p.name: p for p in persons(pipe, text)}


# --- minutes --------------------------------------------------------------------------------

MINUTES_HEAD = "Referat\n\nDagsorden\nPunkt 1: Budget\n\n"


def test_minutes_participant_list(pipe: Language) -> None:
    text = MINUTES_HEAD + (
        "Mødedeltagere: Hanne Jensen (A), Peter Olsen (V) (Afbud), Ole Bak (Ø), Lise Dam (direktør)\n"
    )
    found = by_name(pipe, text)
    assert set(found) == {"Hanne Jensen", "Peter Olsen", "Ole Bak", "Lise Dam"}
    assert (found["Hanne Jensen"].party, found["Hanne Jensen"].politician) == ("A", True)
    assert found["Peter Olsen"].party == "V"
    assert found["Ole Bak"].party == "Ø"
    lise = found["Lise Dam"]
    assert (lise.party, lise.role, lise.politician) == (None, "direktør", False)


def test_minutes_party_and_role_in_parentheses(pipe: Language) -> None:
    text = MINUTES_HEAD + "Afbud\nKirsten Lund (C) (1. viceborgmester), Mona Tahir (F)\n"
    found = by_name(pipe, text)
    assert (found["Kirsten Lund"].party, found["Kirsten Lund"].role) == ("C", "1. viceborgmester")
    assert found["Mona Tahir"].party == "F"


def test_role_between_two_names_belongs_to_the_first(pipe: Language) -> None:
    text = MINUTES_HEAD + "Deltagere: Ane Kjær (A), formand, Bent Lyng (V), Ida Holt (F)\n"
    found = by_name(pipe, text)
    assert (found["Ane Kjær"].role, found["Bent Lyng"].role) == ("formand", None)
    assert role_holder(persons(pipe, text), "formanden") == "Ane Kjær"


def test_k_in_minutes_is_kristendemokraterne(pipe: Language) -> None:
    text = MINUTES_HEAD + "Mødedeltagere: Bodil Krag (K), Hans Mørk (A)\nBeslutning\nGodkendt.\n"
    assert by_name(pipe, text)["Bodil Krag"].party == "K"


def test_k_in_news_is_the_conservatives(pipe: Language) -> None:
    text = "Forslaget får ikke opbakning fra Bodil Krag (K), der i stedet vil sænke skatten."
    assert by_name(pipe, text)["Bodil Krag"].party == "C"


def test_formanden_after_a_name_in_minutes_is_a_politician(pipe: Language) -> None:
    text = MINUTES_HEAD + "Mødedeltagere: Torben Holm (formanden), Jette Ravn (A)\n"
    found = by_name(pipe, text)["Torben Holm"]
    assert found.politician is True


# --- news party abbreviations -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("abbreviation", "letter"),
    [
        ("S", "A"),
        ("SF", "F"),
        ("R", "B"),
        ("RV", "B"),
        ("DF", "O"),
        ("EL", "Ø"),
        ("LA", "I"),
        ("KD", "K"),
        ("ALT", "Å"),
        ("DD", "Æ"),
        ("NB", "D"),
        ("M", "M"),
        ("V", "V"),
    ],
)
def test_news_abbreviation_maps_to_list_letter(pipe: Language, abbreviation: str, letter: str) -> None:
    text = f"Det er en dårlig idé, mener Gorm Vestergaard ({abbreviation}) om planen."
    found = by_name(pipe, text)["Gorm Vestergaard"]
    assert (found.party, found.politician) == (letter, True)


def test_party_parenthesis_is_part_of_the_mention_text(pipe: Language) -> None:
    text = "Ifølge Gorm Vestergaard (S) er planen klar."
    mention = persons(pipe, text)[0]
    assert mention.text == "Gorm Vestergaard (S)"
    assert text[mention.start : mention.end] == mention.text


# --- party in words ---------------------------------------------------------------------------


def test_party_genitive_before_the_name(pipe: Language) -> None:
    assert by_name(pipe, "Enhedslistens Karen Holm stemte imod.")["Karen Holm"].party == "Ø"


def test_party_after_fra(pipe: Language) -> None:
    assert by_name(pipe, "Kritikken kommer fra Peter Berg fra Venstre.")["Peter Berg"].party == "V"


def test_party_abbreviation_after_fra_and_seat_in_the_council(pipe: Language) -> None:
    text = (
        "Kritikken kommer fra Gert Lund fra DF og Sanne Bro fra LA. "
        "Det siger Anja Holm, som sidder i byrådet for De Konservative, og Eva Rye, der sidder i byrådet. "
        "Gaven er fra Ulla Dahl for alle."
    )
    found = by_name(pipe, text)
    assert (found["Gert Lund"].party, found["Sanne Bro"].party, found["Anja Holm"].party) == ("O", "I", "C")
    assert (found["Eva Rye"].party, found["Eva Rye"].politician) == (None, True)
    assert (found["Ulla Dahl"].party, found["Ulla Dahl"].politician) == (None, False)


def test_party_member_noun(pipe: Language) -> None:
    found = by_name(pipe, "Socialdemokraten Mette Dahl og SF'eren Rune Kjær er enige.")
    assert found["Mette Dahl"].party == "A"
    assert found["Rune Kjær"].party == "F"


def test_party_adjective_with_role(pipe: Language) -> None:
    found = by_name(pipe, "Det siger den konservative borgmester Niels Bech.")["Niels Bech"]
    assert (found.party, found.role, found.politician) == ("C", "borgmester", True)


def test_venstremanden(pipe: Language) -> None:
    assert by_name(pipe, "Venstremanden Kaj Friis er tilfreds.")["Kaj Friis"].party == "V"


def test_role_for_party(pipe: Language) -> None:
    found = by_name(pipe, "Nu trækker Gitte Sand, byrådsmedlem for Dansk Folkeparti, sig.")["Gitte Sand"]
    assert (found.party, found.role, found.politician) == ("O", "byrådsmedlem", True)


# --- roles ------------------------------------------------------------------------------------


def test_role_before_the_name(pipe: Language) -> None:
    found = by_name(pipe, "Borgmester Trine Lykke åbnede mødet.")["Trine Lykke"]
    assert (found.role, found.politician, found.party) == ("borgmester", True, None)


def test_role_after_the_name_with_comma(pipe: Language) -> None:
    found = by_name(pipe, "Det forklarer Jonas Krogh, rådmand i Aarhus.")["Jonas Krogh"]
    assert (found.role, found.politician) == ("rådmand", True)


def test_role_after_der_er(pipe: Language) -> None:
    text = "Det mener Lene Bruun, der er formand for Børne- og Skoleudvalget i kommunen."
    found = by_name(pipe, text)["Lene Bruun"]
    assert (found.role, found.politician) == ("formand for Børne- og Skoleudvalget", True)


def test_role_after_er_without_comma(pipe: Language) -> None:
    text = (
        "Pia Lund er rådmand for Kultur og Fritid. Novo Nordisk er førende ekspert, og Mærsk Line er leder."
    )
    found = by_name(pipe, text)
    assert set(found) == {"Pia Lund"}
    assert (found["Pia Lund"].role, found["Pia Lund"].politician) == ("rådmand for Kultur og Fritid", True)


def test_role_before_with_committee_and_comma(pipe: Language) -> None:
    text = "Formand for teknik- og miljøudvalget, Ulla Brandt, er glad."
    found = by_name(pipe, text)["Ulla Brandt"]
    assert (found.role, found.politician) == ("formand for teknik- og miljøudvalget", True)


def test_definite_role_before_the_name_is_labelled_indefinite(pipe: Language) -> None:
    text = "Formanden for Kulturudvalget, Mona Lykke (A), og skolebestyrelsesformand Per Nørgaard er enige."
    found = by_name(pipe, text)
    assert (found["Mona Lykke"].role, found["Mona Lykke"].politician) == ("formand for Kulturudvalget", True)
    assert (found["Per Nørgaard"].role, found["Per Nørgaard"].politician) == (
        "skolebestyrelsesformand",
        False,
    )


def test_committee_genitive_before_formand(pipe: Language) -> None:
    found = by_name(pipe, "Kulturudvalgets formand Lone Hansen vil bygge et bibliotek.")["Lone Hansen"]
    assert (found.role, found.politician) == ("formand", True)


def test_party_with_its_own_letter_is_not_a_person(pipe: Language) -> None:
    text = "Nye Borgerlige (D) og Radikale Venstre (B) stemte imod, mens Liberal Alliance (LA) undlod."
    assert persons(pipe, text) == []


def test_minister_is_a_politician(pipe: Language) -> None:
    found = by_name(pipe, "Planen blev præsenteret af beskæftigelsesminister Ole Winther.")["Ole Winther"]
    assert (found.role, found.politician) == ("beskæftigelsesminister", True)


@pytest.mark.parametrize(
    ("role", "politician"),
    [
        ("folketingspolitiker", True),
        ("EU-parlamentariker", True),
        ("udvalgsmedlem", True),
        ("ældrerådsmedlem", False),
        ("skolebestyrelsesmedlem", False),
    ],
)
def test_member_and_politician_compounds(pipe: Language, role: str, politician: bool) -> None:
    found = by_name(pipe, f"Det mener {role} Vibeke Lau om sagen.")["Vibeke Lau"]
    assert (found.role, found.politician) == (role, politician)


def test_plain_formand_outside_politics_is_not_a_politician(pipe: Language) -> None:
    found = by_name(pipe, "Det siger Søren Lauritsen, formand for Dansk Industri.")["Søren Lauritsen"]
    assert found.politician is False


@pytest.mark.parametrize(
    "role", ["direktør", "kommunaldirektør", "centerchef", "jobcenterchef", "afsnitsleder", "konsulent"]
)
def test_officials_are_not_politicians(pipe: Language, role: str) -> None:
    found = by_name(pipe, f"Det fortæller Maria Skov, {role} i kommunen.")["Maria Skov"]
    assert (found.role, found.politician) == (role, False)


def test_byline_is_a_journalist(pipe: Language) -> None:
    text = "Nyt budget vedtaget\n\nAf Karsten Juul\n\nByrådet vedtog i går budgettet."
    found = by_name(pipe, text)["Karsten Juul"]
    assert (found.role, found.politician) == ("journalist", False)


def test_byline_with_two_journalists(pipe: Language) -> None:
    text = "Skolerne lukker\n\nAf Karsten Juul og Marie Vind\n\nByrådet vedtog i går planen."
    found = by_name(pipe, text)
    assert (found["Karsten Juul"].role, found["Marie Vind"].role) == ("journalist", "journalist")


def test_party_letter_after_a_role_after_the_name(pipe: Language) -> None:
    found = by_name(pipe, "Debatindlæg af Jens Peter Bonde, byrådsmedlem (K), Gladsaxe")["Jens Peter Bonde"]
    assert (found.party, found.role, found.politician) == ("C", "byrådsmedlem", True)


def test_debate_author_byline_with_party_is_a_politician(pipe: Language) -> None:
    text = "Debat: Skolerne fortjener bedre\n\nAf Karen Holm (Ø), byrådsmedlem\n\nDet er på tide."
    found = by_name(pipe, text)["Karen Holm"]
    assert (found.party, found.role, found.politician) == ("Ø", "byrådsmedlem", True)


def test_speech_verb_without_title_or_known_given_name(pipe: Language) -> None:
    found = by_name(pipe, "– Vi er på rette vej, siger Ilka Ravnsholt.")
    assert found["Ilka Ravnsholt"].politician is False
    assert found["Ilka Ravnsholt"].party is None


# --- names ------------------------------------------------------------------------------------


def test_initials_before_a_surname(pipe: Language) -> None:
    text = "Statuen af H.C. Andersen står ved søen, skriver P. Nørgaard. Punkt A. Budget og Bilag B. Skema."
    assert {p.name for p in persons(pipe, text)} == {"H.C. Andersen", "P. Nørgaard"}


def test_initials_and_middle_names(pipe: Language) -> None:
    text = "Med på mødet var Henrik P. Sommer (V) og Anne-Mette Bjerg Holm (A)."
    assert set(by_name(pipe, text)) == {"Henrik P. Sommer", "Anne-Mette Bjerg Holm"}


def test_unknown_first_given_name_is_kept(pipe: Language) -> None:
    assert set(by_name(pipe, "Det siger Saoirse Mette Lund (A) om sagen.")) == {"Saoirse Mette Lund"}


def test_section_label_before_a_name_is_dropped(pipe: Language) -> None:
    assert set(by_name(pipe, "Debat Lars Kruse skriver om skolen.")) == {"Lars Kruse"}


def test_name_particle(pipe: Language) -> None:
    assert "Christian von Holstein" in by_name(pipe, "Bogen er skrevet af Christian von Holstein.")


def test_surname_mentions_resolve_to_the_full_name(pipe: Language) -> None:
    text = "Borgmester Jesper Bøgh (A) er glad. Bøgh siger, at tallene er gode. Jesper er stolt."
    found = persons(pipe, text)
    assert [p.text for p in found] == ["Jesper Bøgh (A)", "Bøgh", "Jesper"]
    assert all((p.name, p.party, p.politician) == ("Jesper Bøgh", "A", True) for p in found)


def test_mentions_are_sorted_one_per_mention(pipe: Language) -> None:
    text = "Jonas Krogh (A) og Lene Bruun (V) mødtes. Bruun og Krogh var enige."
    found = persons(pipe, text)
    assert [p.name for p in found] == ["Jonas Krogh", "Lene Bruun", "Lene Bruun", "Jonas Krogh"]
    assert [p.start for p in found] == sorted(p.start for p in found)


def test_genitive_name(pipe: Language) -> None:
    text = "Rådmand Bent Aagaard (A) fremlagde planen. Bent Aagaards forslag blev vedtaget."
    found = persons(pipe, text)
    assert {p.name for p in found} == {"Bent Aagaard"}
    assert len(found) == 2


def test_longer_and_shorter_forms_of_a_name_merge(pipe: Language) -> None:
    text = "Statsminister Lars Løkke Rasmussen (V) talte. Bagefter sagde Lars Rasmussen nej."
    assert {p.name for p in persons(pipe, text)} == {"Lars Løkke Rasmussen"}


# --- held-out failure patterns -------------------------------------------------------------------


@pytest.mark.parametrize("surname", ["Gade", "Skov", "Bro", "Holm", "Dal", "Strand", "Mølle", "Sø", "Bæk"])
def test_surname_that_is_an_ordinary_word(pipe: Language, surname: str) -> None:
    found = persons(pipe, f"Borgmester Hanne {surname} (V) åbnede mødet. {surname} vil ikke spare.")
    assert [p.text for p in found] == [f"Hanne {surname} (V)", surname]
    person = found[1]
    assert (person.name, person.party, person.role, person.politician) == (
        f"Hanne {surname}",
        "V",
        "borgmester",
        True,
    )


def test_street_words_stay_streets(pipe: Language) -> None:
    text = "Kontoret flytter til Jens Baggesens Gade 4, og senere til Hanne Gade 12 i Vejle."
    assert persons(pipe, text) == []
    text = "Det siger Peter Skov Gade (K), der bor på Niels Juels Gade."
    assert [p.text for p in persons(pipe, text)] == ["Peter Skov Gade (K)"]


@pytest.mark.parametrize(
    ("party", "letter"),
    [
        ("Radikale Venstres", "B"),
        ("Dansk Folkepartis", "O"),
        ("Det Konservative Folkepartis", "C"),
        ("Liberal Alliances", "I"),
        ("Socialdemokratiets", "A"),
        ("Nye Borgerliges", "D"),
    ],
)
def test_multi_word_party_genitive_before_the_name(pipe: Language, party: str, letter: str) -> None:
    found = by_name(pipe, f"Også {party} Birthe Kofoed bakker op om den nye svømmehal.")
    assert set(found) == {"Birthe Kofoed"}
    assert (found["Birthe Kofoed"].party, found["Birthe Kofoed"].politician) == (letter, True)


@pytest.mark.parametrize(
    ("lead", "letter", "role"),
    [
        ("DF's gruppeformand,", "O", "gruppeformand"),
        ("SF's spidskandidat", "F", "spidskandidat"),
        ("S' borgmesterkandidat", "A", "borgmesterkandidat"),
        ("V's", "V", None),
        ("EL's", "Ø", None),
        ("LA's", "I", None),
        ("K's", "C", None),
    ],
)
def test_party_abbreviation_genitive(pipe: Language, lead: str, letter: str, role: str | None) -> None:
    found = by_name(pipe, f"Nu melder {lead} Torben Aalund, sig klar til valget.")["Torben Aalund"]
    assert (found.party, found.role, found.politician) == (letter, role, True)


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Det mener rådmand for Teknik og Miljø Pia Lohse (R).", "Pia Lohse", "rådmand for Teknik og Miljø"),
        ("Rådmand for Sundhed og Omsorg Anne Bro (S) er enig.", "Anne Bro", "rådmand for Sundhed og Omsorg"),
        (
            "Også formand for Klima- og Miljøudvalget Jens Krog (F) stemte for.",
            "Jens Krog",
            "formand for Klima- og Miljøudvalget",
        ),
    ],
)
def test_capitalised_area_of_a_role_is_not_part_of_the_name(
    pipe: Language, text: str, name: str, role: str
) -> None:
    found = by_name(pipe, text)
    assert set(found) == {name}
    assert (found[name].role, found[name].politician) == (role, True)


def test_two_word_surname_reference(pipe: Language) -> None:
    text = (
        "Rådmand Jakob Friis Thomsen (S) lover flere pædagoger. – Vi holder ord, siger Friis Thomsen. "
        "Ifølge Friis Thomsen er pengene fundet. Anna Crawley Berg (V) er imod, siger Crawley Berg."
    )
    found = persons(pipe, text)
    assert {p.name for p in found} == {"Jakob Friis Thomsen", "Anna Crawley Berg"}
    assert [p.text for p in found if p.name == "Jakob Friis Thomsen"] == [
        "Jakob Friis Thomsen (S)",
        "Friis Thomsen",
        "Friis Thomsen",
    ]
    assert all(p.party == "A" for p in found if p.name == "Jakob Friis Thomsen")


def test_given_name_alone_next_to_a_speech_verb(pipe: Language) -> None:
    text = (
        "– Vi glæder os til sommerferien, siger Freja. Freja går i 4. klasse. "
        "Mandag siger Venstre nej, og Tove Friis er enig. – Nej, siger Hans."
    )
    found = persons(pipe, text)
    assert [p.text for p in found] == ["Freja", "Freja", "Tove Friis"]
    assert found[0].name == "Freja" and found[0].politician is False


@pytest.mark.parametrize("name", ["Nadia Qureshi", "Mehmet Öztürk", "Amir Sand", "Tuyet Nguyen"])
def test_speech_verb_name_with_a_foreign_given_name(pipe: Language, name: str) -> None:
    text = f"Der er sand i kritikken. – Vi mangler hænder i hjemmeplejen, fortæller {name}."
    found = by_name(pipe, text)
    assert set(found) == {name}
    assert (found[name].party, found[name].politician) == (None, False)


def test_role_noun_resolves_to_the_holder(pipe: Language) -> None:
    text = (
        "Borgmester Hanne Gade (V) og viceborgmester Erik Lau (A) mødtes med rådmand for Skole "
        "og Børn Sofie Linde (F) og jobcenterchef Bjarne Ipsen. Gade vil spare. "
        "– Vi har fundet en løsning, siger borgmesteren. Rådmanden er enig, men jobcenterchefen "
        "tvivler. Senere talte udvalgsformand Tue Broch (C), og formanden var glad."
    )
    found = persons(pipe, text)
    at = text.index
    assert role_holder(found, "borgmesteren", before=at("siger borgmesteren")) == "Hanne Gade"
    assert role_holder(found, "Rådmanden", before=at("Rådmanden")) == "Sofie Linde"
    assert role_holder(found, "jobcenterchefen", before=at("jobcenterchefen")) == "Bjarne Ipsen"
    assert role_holder(found, "formanden", before=at("formanden var")) == "Tue Broch"
    assert role_holder(found, "ministeren", before=len(text)) is None
    assert role_holder(found, "viceborgmesteren") == "Erik Lau"


def test_role_noun_finds_every_role_a_person_holds(pipe: Language) -> None:
    text = MINUTES_HEAD + (
        "Medlemmer\nAnne Hansen (A), formand\nPeter Gade (V)\n\n"
        "Borgmester Anne Hansen orienterede. Borgmesteren foreslog en pause."
    )
    doc = pipe(text)
    assert by_name(pipe, text)["Anne Hansen"].role == "formand"
    assert role_holder(doc, "Borgmesteren", before=text.index("Borgmesteren")) == "Anne Hansen"
    assert role_holder(doc._.persons, "Borgmesteren") is None  # one merged role per person
    assert role_holder(doc, "formanden") == "Anne Hansen"


def test_role_noun_most_recent_holder_and_cataphora(pipe: Language) -> None:
    text = (
        "Direktøren lover bedre service. Kommunaldirektør Mona Friis taler først. "
        "Senere taler direktør Ib Worm, og direktøren er uenig."
    )
    found = persons(pipe, text)
    assert role_holder(found, "direktøren", before=text.index("direktøren er")) == "Ib Worm"
    # Before any holder and with two in the document, the noun stays unresolved.
    assert role_holder(found, "Direktøren", before=0) is None
    assert role_holder(found[:1], "Direktøren", before=0) == "Mona Friis"


@pytest.mark.parametrize(
    ("lead", "letter", "role"),
    [
        ("S-borgmester", "A", "borgmester"),
        ("V-ordfører", "V", "ordfører"),
        ("DF-formand", "O", "formand"),
        ("SF-rådmand", "F", "rådmand"),
        ("EL-politiker", "Ø", "politiker"),
        ("Venstre-borgmester", "V", "borgmester"),
    ],
)
def test_party_compound_role(pipe: Language, lead: str, letter: str, role: str) -> None:
    found = by_name(pipe, f"I morgen besøger {lead} Rosa Vinkel plejecentret.")["Rosa Vinkel"]
    assert (found.party, found.role, found.politician) == (letter, role, True)


def test_party_named_in_parentheses_and_independent(pipe: Language) -> None:
    text = (
        "Forslaget fra Knud Aarup (Venstre) fik støtte af Dina Krebs (Enhedslisten) og Otto Ring (løsgænger)."
    )
    found = by_name(pipe, text)
    assert (found["Knud Aarup"].party, found["Dina Krebs"].party) == ("V", "Ø")
    assert (found["Otto Ring"].party, found["Otto Ring"].politician) == (None, True)
    assert found["Knud Aarup"].text == "Knud Aarup (Venstre)"


def test_role_with_a_place_before_the_name(pipe: Language) -> None:
    text = (
        "Det siger borgmester i Odense Kommune Gitte Vad (V). "
        "Næstformand i Socialudvalget Bo Eskildsen (A) er enig, "
        "mens direktør i Ældre Sagen Ruth Mayer tvivler."
    )
    found = by_name(pipe, text)
    assert set(found) == {"Gitte Vad", "Bo Eskildsen", "Ruth Mayer"}
    assert (found["Gitte Vad"].role, found["Gitte Vad"].party) == ("borgmester", "V")
    assert (found["Bo Eskildsen"].role, found["Bo Eskildsen"].politician) == ("næstformand", True)
    assert (found["Ruth Mayer"].role, found["Ruth Mayer"].politician) == ("direktør", False)


def test_party_genitive_with_modifier_before_the_role(pipe: Language) -> None:
    found = by_name(pipe, "Enhedslistens politiske ordfører, Signe Holt, er imod.")["Signe Holt"]
    assert (found.party, found.role) == ("Ø", "ordfører")


def test_apostrophe_in_a_surname(pipe: Language) -> None:
    assert set(by_name(pipe, "– Det er for sent, siger Liam O'Connor.")) == {"Liam O'Connor"}


# --- false positives --------------------------------------------------------------------------


def test_no_persons_from_places_organisations_and_sentence_starts(pipe: Language) -> None:
    text = (
        "Region Hovedstaden og Ballerup Kommune har talt med Beskæftigelsesministeriet. "
        "Planen Gælder fra Mandag. I Januar Kommer Den Sociale Indgang. Nye Tal fra Danmarks Statistik.\n"
        "Opsøgende Indsats Virker\n"
        "Ifølge Dansk Industri går det godt, og Styrelsen for Arbejdsmarked og Rekruttering er enig."
    )
    assert persons(pipe, text) == []


def test_names_inside_organisation_and_street_names(pipe: Language) -> None:
    text = (
        "Mødet holdes på Niels Bohr Instituttet, tæt på Peter Bangs Vej og Jens Olsen Skolen. "
        "Bagefter går turen ad Hans Christian Andersens Boulevard."
    )
    assert persons(pipe, text) == []


def test_given_names_that_are_words_and_companies(pipe: Language, pipe_ner: Language) -> None:
    text = (
        "Hans Bil holdt i kø. Per Stykke koster det 20 kr. Sankt Hans Aften aflyses. "
        "Kontrakten gik til Mark Jansen A/S. Hans Jensen kom for sent. Hans forslag faldt. Bo Lund kom også."
    )
    assert [p.name for p in persons(pipe, text)] == ["Hans Jensen", "Bo Lund"]
    assert [p.name for p in persons(pipe_ner, text)] == ["Hans Jensen", "Bo Lund"]


def test_speech_verb_with_an_organisation(pipe: Language) -> None:
    assert persons(pipe, "Det er for dyrt, mener Danske Regioner.") == []


def test_speech_verb_with_an_organisation_of_ordinary_words(pipe: Language) -> None:
    text = "Den grønne omstilling går for langsomt, mener Grøn Omstilling."
    assert persons(pipe, text) == []


def test_person_named_like_a_kommune(pipe: Language) -> None:
    found = by_name(pipe, "Det siger Anne Herning, der bor i Vejen.")
    assert set(found) == {"Anne Herning"}


def test_kommune_word_cuts_a_name_run(pipe: Language) -> None:
    found = by_name(pipe, "Jobcenter Ballerup Lars Nygaard (A) svarer.")
    assert set(found) == {"Lars Nygaard"}


# --- NER --------------------------------------------------------------------------------------


def test_ner_person_without_other_evidence(pipe: Language, pipe_ner: Language) -> None:
    text = "I går besøgte Zbigniew Kowalczyk byen."
    assert persons(pipe, text) == []
    assert [p.name for p in persons(pipe_ner, text)] == ["Zbigniew Kowalczyk"]


def test_sentence_start_mention_of_a_name_found_elsewhere(pipe_ner: Language) -> None:
    text = "Oyelaran Adebayo åbner butik. I går besøgte Oyelaran Adebayo rådhuset."
    assert [p.text for p in persons(pipe_ner, text)] == ["Oyelaran Adebayo", "Oyelaran Adebayo"]


def test_ner_person_spans_that_are_not_persons(pipe_ner: Language) -> None:
    text = (
        "Mødedato Tirsdag 4. marts\n"
        "- Mini Skills er en messe for alle skoler.\n"
        "Messen arrangeres af Business Gladsaxe, som også betaler. Prisen gik til Team Sydkysten.\n"
        "Foto: Ida Lind/Ritzau Scanpix\nFabrikken hed dengang Rackmanns Fabrikker."
    )
    assert [p.name for p in persons(pipe_ner, text)] == ["Ida Lind"]


def test_ner_organisation_blocks_a_weak_candidate(pipe_ner: Language) -> None:
    assert persons(pipe_ner, "Det er ikke nok, mener Grøn Omstilling.") == []


# --- registry ---------------------------------------------------------------------------------


def _seat(registry_id: int, name: str, kommune: int, party: str | None, role: Role = "medlem") -> Entry:
    return Entry(registry_id, name, kommune, party, role, date(2022, 1, 1), None, "test")


def test_registry_fills_party_of_a_kommune_politician() -> None:
    pipeline = spacy.blank("da")
    pipeline.add_pipe("test_fake_kommuner")
    component = pipeline.add_pipe("kv_persons")
    assert isinstance(component, PersonsComponent)
    text = "I Ballerup siger Yvonne Krarup nej."
    alone = by_name(pipeline, text)["Yvonne Krarup"]
    assert (alone.party, alone.politician, alone.registry_id) == (None, False, None)
    component.set_registry([_seat(7, "Yvonne Krarup", 151, "Ø")])
    found = by_name(pipeline, text)["Yvonne Krarup"]
    assert (found.party, found.party_source, found.politician) == ("Ø", "registry", True)
    assert (found.kommune, found.registry_id) == (151, 7)
    differs = by_name(pipeline, "I Ballerup siger Yvonne Krarup (A) nej.")["Yvonne Krarup"]
    assert (differs.party, differs.party_source, differs.registry_id) == ("A", "text", 7)
    component.set_registry(None)
    assert by_name(pipeline, text)["Yvonne Krarup"].registry_id is None


def test_registry_is_not_saved_with_the_pipeline(tmp_path) -> None:
    pipeline = spacy.blank("da")
    component = pipeline.add_pipe("kv_persons")
    assert isinstance(component, PersonsComponent)
    component.set_registry([_seat(7, "Yvonne Krarup", 151, "Ø")])
    pipeline.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe").get_pipe("kv_persons")
    assert isinstance(loaded, PersonsComponent) and loaded.registry is None


# --- serialisation and robustness --------------------------------------------------------------


def test_save_load_reads_the_saved_data(tmp_path) -> None:
    pipeline = spacy.blank("da")
    pipeline.add_pipe("kv_persons", config={"minutes_min_cues": 3})
    pipeline.to_disk(tmp_path / "pipe")
    (tmp_path / "pipe" / "kv_persons" / "roles.csv").write_text(
        "form,match,politician\nkaptajn,word,yes\n", encoding="utf-8"
    )
    loaded = spacy.load(tmp_path / "pipe")
    component = loaded.get_pipe("kv_persons")
    assert isinstance(component, PersonsComponent)
    assert component.minutes_min_cues == 3
    found = by_name(loaded, "Kaptajn Ib Holt er glad.")["Ib Holt"]
    assert (found.role, found.politician) == ("kaptajn", True)


def test_round_trip_keeps_results(tmp_path) -> None:
    pipeline = spacy.blank("da")
    pipeline.add_pipe("kv_persons")
    pipeline.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    text = MINUTES_HEAD + "Mødedeltagere: Hanne Jensen (A), Bodil Krag (K)\nSiger Ilka Ravnsholt."
    assert persons(loaded, text) == persons(pipeline, text)


def test_empty_text(pipe: Language) -> None:
    assert persons(pipe, "") == []
    assert persons(pipe, " \n\n ") == []


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(pipe: Language, text: str) -> None:
    for mention in persons(pipe, text):
        assert text[mention.start : mention.end] == mention.text
        assert mention.name


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=400))
def test_binary_garbage(pipe: Language, data: bytes) -> None:
    persons(pipe, data.decode("latin-1"))


def test_large_text_is_linear(pipe: Language) -> None:
    unit = (
        "Borgmester Jesper Bøgh (S) siger, at Enhedslistens Karen Holm tager fejl. "
        "Ballerup Kommune og Region Hovedstaden. Mandag Kommer Nye Tal. "
        "AAAA BBBB Ccccc Ddddd Eeeee Fffff (((( )))) ,,,, siger siger Af Af\n"
    )
    small, large = unit * 50, unit * 500
    pipe.max_length = len(large) + 1

    def timed(text: str) -> float:
        begin = time.perf_counter()
        pipe(text)
        return time.perf_counter() - begin

    small_time = min(timed(small) for _ in range(3))
    large_time = timed(large)
    assert large_time < small_time * 10 * 3 + 0.5


def test_one_long_run_of_capitalised_words_is_linear(pipe: Language) -> None:
    small, large = "Anne " * 2000, "Anne " * 20000
    pipe.max_length = len(large) + 1

    def timed(text: str) -> float:
        begin = time.perf_counter()
        pipe(text)
        return time.perf_counter() - begin

    small_time = min(timed(small) for _ in range(3))
    assert timed(large) < small_time * 10 * 3 + 0.5
