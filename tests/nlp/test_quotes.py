"""kv_quotes: quote marks, dash quotes, multi-paragraph and interrupted quotes, speakers."""

from __future__ import annotations

import time

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Span

from nlp.components.quotes import QuoteFinder  # registers kv_quotes
from nlp.quotemarks import WRAP_REACH, quote_paragraphs
from tests.nlp.quote_fixtures import make_doc, run


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("da")
    assert isinstance(pipeline.add_pipe("kv_quotes"), QuoteFinder)
    return pipeline


def quotes(
    nlp: Language, text: str, names: tuple[str, ...] = (), roles: dict[str, str] | None = None
) -> list[tuple[str, str | None]]:
    doc = run(nlp, make_doc(nlp, text, names=names, roles=roles))
    for quote in doc._.quotes:
        assert doc.text[quote.start : quote.end] == quote.text
    return [(q.text, q.speaker) for q in doc._.quotes]


def test_guillemets_with_speaker_after(nlp: Language) -> None:
    text = "Skolen får nye lokaler.\n\n»Vi har ventet i mange år på det her,« siger skoleleder Mette Kragh."
    assert quotes(nlp, text, ("Mette Kragh",)) == [("Vi har ventet i mange år på det her", "Mette Kragh")]


def test_curly_quotes_with_party_letter(nlp: Language) -> None:
    text = "”Det er en god dag for byen. Nu kan vi bygge,” siger Jonas Friis (V)."
    assert quotes(nlp, text, ("Jonas Friis",)) == [
        ("Det er en god dag for byen. Nu kan vi bygge", "Jonas Friis")
    ]


def test_straight_and_low_high_quotes(nlp: Language) -> None:
    text = (
        '"Budgettet holder ikke," mener Lone Bak.\n\n'
        "„Vi skal spare på vejene,“ udtaler rådmand Karl Svendsen."
    )
    assert quotes(nlp, text, ("Lone Bak", "Karl Svendsen")) == [
        ("Budgettet holder ikke", "Lone Bak"),
        ("Vi skal spare på vejene", "Karl Svendsen"),
    ]


def test_dash_quote_ends_at_the_speech_verb(nlp: Language) -> None:
    text = "Flere lærere.\n\n– Det er en god dag for skolen, siger Hanne Jensen, formand for udvalget."
    assert quotes(nlp, text, ("Hanne Jensen",)) == [("Det er en god dag for skolen", "Hanne Jensen")]


def test_dash_paragraph_without_attribution_continues_the_speaker(nlp: Language) -> None:
    text = (
        "– Vi er glade for aftalen, fortæller Søren Dahl.\n\n"
        "Aftalen gælder i tre år.\n\n"
        "– Nu kan vi endelig planlægge på længere sigt."
    )
    assert quotes(nlp, text, ("Søren Dahl",)) == [
        ("Vi er glade for aftalen", "Søren Dahl"),
        ("Nu kan vi endelig planlægge på længere sigt.", "Søren Dahl"),
    ]


def test_long_run_of_dash_paragraphs_keeps_one_speaker(nlp: Language) -> None:
    paragraphs = [f"– Punkt {word} handler om skolerne." for word in ("et", "to", "tre", "fire", "fem")]
    text = "– Vi har en plan, siger Eva Skov.\n\n" + "\n\n".join(paragraphs)
    assert [speaker for _text, speaker in quotes(nlp, text, ("Eva Skov",))] == ["Eva Skov"] * 6


def test_dash_list_items_are_not_quotes(nlp: Language) -> None:
    text = "Udvalget besluttede:\n\n- At godkende budgettet for skolerne\n- At sende sagen i høring"
    assert quotes(nlp, text) == []


def test_speaker_before_with_colon_and_dash(nlp: Language) -> None:
    text = "Det glæder Anders Lund, fortæller han:\n\n– Vi har fået flere penge til ældreplejen."
    assert quotes(nlp, text, ("Anders Lund",)) == [
        ("Vi har fået flere penge til ældreplejen.", "Anders Lund")
    ]


def test_name_then_verb_then_colon(nlp: Language) -> None:
    text = "Borgmester Birgit Holm (C) siger: »Vi sænker skatten næste år.«"
    assert quotes(nlp, text, ("Birgit Holm",)) == [("Vi sænker skatten næste år.", "Birgit Holm")]


def test_name_with_colon_before_quote(nlp: Language) -> None:
    text = "Kritikken kommer fra oppositionen. Ole Berg (Ø): »Det her er en spareplan.«"
    assert quotes(nlp, text, ("Ole Berg",)) == [("Det her er en spareplan.", "Ole Berg")]


def test_multi_paragraph_quote(nlp: Language) -> None:
    text = (
        "»Vi har brugt et år på planen. Den er klar nu.\n\n"
        "»Nu skal den bare vedtages i byrådet,« siger Lise Vang."
    )
    assert quotes(nlp, text, ("Lise Vang",)) == [
        ("Vi har brugt et år på planen. Den er klar nu.", "Lise Vang"),
        ("Nu skal den bare vedtages i byrådet", "Lise Vang"),
    ]


def test_interrupted_quote(nlp: Language) -> None:
    text = "Karen Holt er borgmester.\n\n»Det er godt,« siger hun, »men vi mangler penge til veje.«"
    assert quotes(nlp, text, ("Karen Holt",)) == [
        ("Det er godt", "Karen Holt"),
        ("men vi mangler penge til veje.", "Karen Holt"),
    ]


def test_quote_resumes_after_a_full_stop_attribution(nlp: Language) -> None:
    text = "Karen Holt er borgmester.\n\n»Det er godt.« Sådan siger hun. »Men vi mangler penge.«"
    assert quotes(nlp, text, ("Karen Holt",)) == [
        ("Det er godt.", "Karen Holt"),
        ("Men vi mangler penge.", "Karen Holt"),
    ]


def test_pronouns_resolve_by_gender(nlp: Language) -> None:
    text = (
        "Borgmester Pernille Krogh (A) og rådmand Mikkel Stein (V) er uenige om skolerne.\n\n"
        "»Vi lukker ingen skoler,« siger hun.\n\n"
        "»Det tror jeg ikke på,« siger han."
    )
    assert quotes(nlp, text, ("Pernille Krogh", "Mikkel Stein")) == [
        ("Vi lukker ingen skoler", "Pernille Krogh"),
        ("Det tror jeg ikke på", "Mikkel Stein"),
    ]


def test_pronoun_skips_the_byline(nlp: Language) -> None:
    text = (
        "Rådmand Niels Aagaard vil have flere busser.\n\nAf Jens Thomsen\n\n"
        "»Busserne er fyldte hver morgen,« siger han."
    )
    assert quotes(nlp, text, ("Niels Aagaard", "Jens Thomsen")) == [
        ("Busserne er fyldte hver morgen", "Niels Aagaard")
    ]


def test_persons_named_inside_a_quote_are_not_the_speaker(nlp: Language) -> None:
    text = "Maja Lind er glad.\n\n»Jeg har talt med Peter Kolding om det,« siger hun."
    assert quotes(nlp, text, ("Maja Lind", "Peter Kolding")) == [
        ("Jeg har talt med Peter Kolding om det", "Maja Lind")
    ]


def test_title_in_commas_before_the_speaker(nlp: Language) -> None:
    text = "»Vi skal spare,« siger den nye formand, Ib Kastrup Holm (C), efter mødet."
    assert quotes(nlp, text, ("Ib Kastrup Holm",)) == [("Vi skal spare", "Ib Kastrup Holm")]


def test_reported_speech_after_the_verb_is_not_the_speaker(nlp: Language) -> None:
    text = "Tina Lund er uenig.\n\n»Det holder ikke,« mener hun, at Bo Ravn har sagt."
    assert quotes(nlp, text, ("Tina Lund", "Bo Ravn")) == [("Det holder ikke", "Tina Lund")]


def test_surname_speaker_gets_the_full_name(nlp: Language) -> None:
    text = "Formand Torben Ravn vil lytte.\n\n»Vi holder et borgermøde,« siger Ravn."
    assert quotes(nlp, text, ("Torben Ravn",)) == [("Vi holder et borgermøde", "Torben Ravn")]


def test_speaker_missed_by_persons_is_read_after_the_verb(nlp: Language) -> None:
    text = "»Vi ansætter ti nye sagsbehandlere,« siger Ingrid Solvang, som er centerchef."
    assert quotes(nlp, text) == [("Vi ansætter ti nye sagsbehandlere", "Ingrid Solvang")]


def test_ner_person_is_used_when_persons_is_empty(nlp: Language) -> None:
    doc = make_doc(nlp, "»Det går fremad,« siger Xu Ming.")
    doc.ents = [Span(doc, 7, 9, label="PER")]
    assert [(q.text, q.speaker) for q in run(nlp, doc)._.quotes] == [("Det går fremad", "Xu Ming")]


def test_det_siger_in_the_next_paragraph(nlp: Language) -> None:
    text = "»Vi får flere ledige i job end nogensinde.«\n\nDet siger jobcenterchef Anne Holst."
    assert quotes(nlp, text, ("Anne Holst",)) == [("Vi får flere ledige i job end nogensinde.", "Anne Holst")]


def test_siger_han_og_tilfoejer_introduces_the_next_paragraph(nlp: Language) -> None:
    text = (
        "Karen Lund og Bo Winther talte begge.\n\n"
        "»Vi er klar,« siger Bo Winther og tilføjer:\n\n»Nu skal borgerne høre om planen.«"
    )
    assert quotes(nlp, text, ("Karen Lund", "Bo Winther")) == [
        ("Vi er klar", "Bo Winther"),
        ("Nu skal borgerne høre om planen.", "Bo Winther"),
    ]


def test_speech_verb_without_a_speaker_is_no_attribution(nlp: Language) -> None:
    text = 'Når byrådet taler om "grøn omstilling", lyder det flot. Men der sker intet.'
    assert quotes(nlp, text) == []


def test_unknown_speaker_after_a_colon_clause(nlp: Language) -> None:
    text = 'Naboen ringede, og sagsbehandleren sagde til mig: "Vi har ikke tid til flere sager."'
    assert quotes(nlp, text) == [("Vi har ikke tid til flere sager.", None)]


def test_quoted_heading_in_minutes_gets_no_speaker(nlp: Language) -> None:
    text = 'Lars Møller (A) deltog ikke.\n\n"Flere unge i uddannelse og job"\n\nSagen blev godkendt.'
    assert quotes(nlp, text, ("Lars Møller",)) == [("Flere unge i uddannelse og job", None)]


def test_titles_and_scare_quotes_are_not_quotes(nlp: Language) -> None:
    text = (
        'Eleverne bruger platformen ”Min Skole” og projektet "Unge i job". '
        "KL's formand talte om den 'nye' model."
    )
    assert quotes(nlp, text) == []


def test_unresolvable_pronoun_leaves_no_speaker(nlp: Language) -> None:
    assert quotes(nlp, "»Det er for dyrt,« siger han.") == [("Det er for dyrt", None)]


def test_definite_role_noun_after_the_verb_is_its_holder(nlp: Language) -> None:
    text = (
        "Borgmester Ida Holm (A) har forhandlet med Rasmus Lind om havnen.\n\n"
        "– Vi har fundet en løsning, siger borgmesteren.\n\n"
        "»Det tager tid,« siger jobcenterchefen."
    )
    names = ("Ida Holm", "Rasmus Lind")
    roles = {"Ida Holm": "borgmester", "Rasmus Lind": "jobcenterchef"}
    assert quotes(nlp, text, names, roles) == [
        ("Vi har fundet en løsning", "Ida Holm"),
        ("Det tager tid", "Rasmus Lind"),
    ]


def test_definite_role_noun_before_the_verb(nlp: Language) -> None:
    text = (
        "Rådmand Per Krog og direktør Bente Vang holdt møde i går.\n\n"
        "Rådmanden siger: »Vi lukker ingen skoler i år.«\n\n"
        "Direktøren fortæller: »Pengene er fundet.«"
    )
    roles = {"Per Krog": "rådmand", "Bente Vang": "direktør"}
    assert quotes(nlp, text, ("Per Krog", "Bente Vang"), roles) == [
        ("Vi lukker ingen skoler i år.", "Per Krog"),
        ("Pengene er fundet.", "Bente Vang"),
    ]


def test_role_noun_nobody_holds_gives_no_guess(nlp: Language) -> None:
    # the quote is attributed to the formand, who is not the last person named
    text = "Mette Borg åbnede mødet.\n\n– Vi mangler penge til vejene, siger formanden."
    assert quotes(nlp, text, ("Mette Borg",)) == [("Vi mangler penge til vejene", None)]


def test_deputy_is_not_the_borgmester(nlp: Language) -> None:
    text = (
        "Viceborgmester Lars Øst og borgmester Karen Dam var enige.\n\n"
        "»Vi bygger hallen,« siger borgmesteren."
    )
    roles = {"Lars Øst": "viceborgmester", "Karen Dam": "borgmester"}
    assert quotes(nlp, text, ("Lars Øst", "Karen Dam"), roles) == [("Vi bygger hallen", "Karen Dam")]


def test_hard_wrapped_quote_keeps_its_attribution(nlp: Language) -> None:
    text = (
        "Mødet i Teknik- og Miljøudvalget\n\n"
        "Udvalgsformand Jens Kold (V) sagde efter mødet: »Vi kan ikke\n"
        "vente længere på en ny bro, og derfor sætter vi arbejdet i\n"
        "gang allerede i år.«\n\n"
        "Næste møde holdes i marts."
    )
    found = quotes(nlp, text, ("Jens Kold",))
    assert [speaker for _text, speaker in found] == ["Jens Kold"]
    assert found[0][0].startswith("Vi kan ikke") and found[0][0].endswith("i år.")


def test_wrapped_attribution_after_the_quote(nlp: Language) -> None:
    text = (
        "»Vi har brug for flere pædagoger i børnehaverne,« siger\n"
        "rådmand Lise Mørk (Ø).\n\n"
        "Hun vil tage sagen op i byrådet."
    )
    assert quotes(nlp, text, ("Lise Mørk",)) == [
        ("Vi har brug for flere pædagoger i børnehaverne", "Lise Mørk")
    ]


def test_a_stray_open_mark_joins_only_nearby_lines() -> None:
    text = "»Her åbner et citat\n" + "Linje med Tekst\n" * 50_000
    started = time.perf_counter()
    paras = quote_paragraphs(text)
    assert time.perf_counter() - started < 5
    assert paras[0].end - paras[0].start <= WRAP_REACH + 40 and len(paras) > 40_000


def test_quote_open_over_a_capitalised_line(nlp: Language) -> None:
    text = "Direktør Nina Vest siger: »Vi har talt med\nHelle Brink om sagen,\nog hun er enig.«"
    assert quotes(nlp, text, ("Nina Vest", "Helle Brink")) == [
        ("Vi har talt med\nHelle Brink om sagen,\nog hun er enig.", "Nina Vest")
    ]


def test_single_line_breaks_between_news_paragraphs_stay_apart(nlp: Language) -> None:
    # one-line paragraphs: a quote continued with an opening mark, then narrative text
    text = (
        "»Vi skal bygge flere boliger til unge. Det har vi lovet.\n"
        "»Derfor sætter vi gang i tre byggerier,« siger borgmester Ulla Tang.\n"
        "Byggerierne koster 80 mio. kr."
    )
    assert quotes(nlp, text, ("Ulla Tang",)) == [
        ("Vi skal bygge flere boliger til unge. Det har vi lovet.", "Ulla Tang"),
        ("Derfor sætter vi gang i tre byggerier", "Ulla Tang"),
    ]


def test_short_quote_after_ifolge_is_the_named_persons(nlp: Language) -> None:
    text = (
        "Skolebyggeriet er forsinket.\n\n"
        "Ifølge borgmester Hanne Dyb (A) er forslaget »et skridt i den rigtige retning«.\n\n"
        "Planen er ifølge Dyb »den bedste i mange år«."
    )
    assert quotes(nlp, text, ("Hanne Dyb",)) == [
        ("et skridt i den rigtige retning", "Hanne Dyb"),
        ("den bedste i mange år", "Hanne Dyb"),
    ]


def test_ifolge_does_not_reach_past_another_person_or_a_document(nlp: Language) -> None:
    text = (
        "Ifølge Hanne Dyb har Per Lund kaldt planen »en dårlig idé«.\n\n"
        "Ifølge rapporten er vejene »i elendig stand«."
    )
    assert quotes(nlp, text, ("Hanne Dyb", "Per Lund")) == []


def test_another_person_between_two_quotes_stops_the_resume(nlp: Language) -> None:
    text = "Ifølge Hanne Dyb er ventetiden »helt uholdbar«, men Per Lund mener, at »det går nok«."
    assert quotes(nlp, text, ("Hanne Dyb", "Per Lund")) == [("helt uholdbar", "Hanne Dyb")]


def test_title_with_og_before_the_name_is_part_of_the_title(nlp: Language) -> None:
    text = "»Vi åbner to nye plejehjem,« siger rådmand for Sundhed og Omsorg Bo Falk (F)."
    doc = make_doc(nlp, text, names=("Bo Falk",), roles={"Bo Falk": "rådmand for Sundhed og Omsorg"})
    assert [(q.text, q.speaker) for q in run(nlp, doc)._.quotes] == [("Vi åbner to nye plejehjem", "Bo Falk")]


def test_save_and_load_round_trip(nlp: Language, tmp_path) -> None:
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    text = "»Vi er klar,« siger Hanne Jensen."
    before = run(nlp, make_doc(nlp, text, names=("Hanne Jensen",)))._.quotes
    after = run(loaded, make_doc(loaded, text, names=("Hanne Jensen",)))._.quotes
    assert before == after and before[0].speaker == "Hanne Jensen"
    assert (tmp_path / "pipeline" / "kv_quotes" / "given_names.csv").exists()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(list("ab Æ»«”\"'„“–-,.:\n") + ["siger", " hun ", "Hanne "]), max_size=120).map(
        "".join
    )
)
def test_any_text_is_handled(nlp: Language, text: str) -> None:
    doc = run(nlp, make_doc(nlp, text))
    for quote in doc._.quotes:
        assert 0 <= quote.start < quote.end <= len(text)


@settings(max_examples=20, deadline=None)
@given(st.binary(max_size=400))
def test_binary_garbage(nlp: Language, data: bytes) -> None:
    run(nlp, make_doc(nlp, data.decode("latin-1")))


def test_one_huge_line_stays_fast(nlp: Language) -> None:
    text = "«a» »b, siger hun. Det er godt: ”c” – d, siger Eva Skov, " * 4000
    doc = make_doc(nlp, text, names=("Eva Skov",))
    started = time.process_time()
    run(nlp, doc)
    assert time.process_time() - started < 5


def test_time_is_linear(nlp: Language) -> None:
    unit = (
        "Borgmester Pernille Krogh er glad.\n\n»Vi har fået 3 pct. flere i job,« siger hun, »og det "
        "fortsætter.\n\n– Men der er langt igen, siger Mikkel Stein.\n\n"
        '"Ingen kommentarer" og – streger – overalt: » « ” " \n'
    )

    def seconds(copies: int) -> float:
        doc = make_doc(nlp, unit * copies, names=("Pernille Krogh", "Mikkel Stein"))
        started = time.process_time()
        run(nlp, doc)
        return time.process_time() - started

    small, large = seconds(100), seconds(800)
    assert large < small * 8 * 3 + 0.5
