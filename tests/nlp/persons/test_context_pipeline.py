"""kv_persons with kv_kommuner before it: namesakes, role nouns, surnames, member lists, registry."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.language import Language

import nlp.components  # noqa: F401  (registers the factories)
from core.politicians import RegistryEntry, Role
from core.result import PersonMention
from nlp.components.persons import PersonsComponent


def seat(
    rid: int, name: str, kommune: int, party: str | None, role: Role = "medlem", *, until: date | None = None
) -> RegistryEntry:
    start = date(2018, 1, 1) if until else date(2022, 1, 1)
    return RegistryEntry(rid, name, kommune, party, role, start, until, "test")


REGISTRY = [
    seat(1, "Peter Sørensen", 573, "A", "borgmester"),
    seat(2, "Peter Sørensen", 707, "C"),
    seat(3, "Kirsten Bach", 707, "V", "borgmester"),
    seat(4, "Ozan Kaya", 707, "Ø"),
    seat(5, "Arne Bøgh", 860, "A", "borgmester", until=date(2021, 12, 31)),
    seat(6, "Birgitte Nørgaard", 860, "V", "borgmester"),
    seat(7, "Maria Storm", 860, "F"),
]


@pytest.fixture(scope="module")
def pipe() -> Language:
    pipeline = spacy.blank("da")
    for name in ("kv_sentences", "kv_kommuner", "kv_persons"):
        pipeline.add_pipe(name)
    return pipeline


@pytest.fixture()
def component(pipe: Language):  # type: ignore[no-untyped-def]
    found = pipe.get_pipe("kv_persons")
    assert isinstance(found, PersonsComponent)
    yield found
    found.set_registry(None)


def rows(pipe: Language, text: str) -> list[tuple[str, str, int | None, str | None, int | None]]:
    return [(p.text, p.name, p.kommune, p.party, p.registry_id) for p in pipe(text)._.persons]


NAMESAKES = (
    "Varde-borgmester Peter Sørensen (A) mødtes med Peter Sørensen (C), byrådsmedlem i Norddjurs. "
    "Borgmesteren i Varde var glad, siger Sørensen fra Norddjurs."
)


def test_namesakes_in_one_document_stay_two_persons(pipe: Language) -> None:
    found = [(p.text, p.party, p.kommune) for p in pipe(NAMESAKES)._.persons]
    assert found == [
        ("Peter Sørensen (A)", "A", 573),
        ("Peter Sørensen (C)", "C", 707),
        ("Borgmesteren", "A", 573),
        ("Sørensen", "C", 707),
    ]


def test_namesakes_across_documents_get_their_own_registry_ids(
    pipe: Language, component: PersonsComponent
) -> None:
    component.set_registry(REGISTRY)
    assert [r[4] for r in rows(pipe, NAMESAKES)] == [1, 2, 1, 2]
    assert rows(pipe, "I Norddjurs siger Peter Sørensen nej.") == [
        ("Peter Sørensen", "Peter Sørensen", 707, "C", 2)
    ]
    assert rows(pipe, "I Varde siger Peter Sørensen ja.") == [
        ("Peter Sørensen", "Peter Sørensen", 573, "A", 1)
    ]


def test_role_noun_through_the_registry_on_the_documents_date(
    pipe: Language, component: PersonsComponent
) -> None:
    component.set_registry(REGISTRY)
    old = "Hjørring, 3. august 2020\n\nI Hjørring er borgmesteren bekymret."
    assert rows(pipe, old) == [("borgmesteren", "Arne Bøgh", 860, "A", 5)]
    new = "Hjørring, 3. august 2024\n\nI Hjørring er borgmesterens forslag vedtaget."
    assert rows(pipe, new) == [("borgmesterens", "Birgitte Nørgaard", 860, "V", 6)]
    component.set_registry(None)
    assert rows(pipe, old) == []  # no one named it, no registry


def test_surname_through_the_registry_needs_a_place_a_word_would_not_take(
    pipe: Language, component: PersonsComponent
) -> None:
    component.set_registry(REGISTRY)
    assert rows(pipe, "I Hjørring er man uenig, siger Storm.") == [("Storm", "Maria Storm", 860, "F", 7)]
    assert rows(pipe, "I Hjørring var der storm. Storm over Hjørring.") == []
    component.set_registry(None)
    assert rows(pipe, "I Hjørring er man uenig, siger Storm.") == []


MINUTES = (
    "Norddjurs Kommune\nReferat\n\nØkonomiudvalget\nMødedato: 9. april 2024\n\n"
    "Til stede: Kirsten Bach, formand, Ozan Kaya, Mbali Ndlovu (F)\n"
    "Desuden deltog: Tove Lykkegaard\n\n"
    "Medlemmer\nSiyabonga Mthembu\nPeter Sørensen\n\n"
    "Beslutning\nBorgmesteren orienterede. Kaya tog forbehold.\n"
)


def test_member_lists_find_partyless_and_foreign_names(pipe: Language) -> None:
    found: dict[str, PersonMention] = {p.name: p for p in pipe(MINUTES)._.persons}
    assert set(found) == {
        "Kirsten Bach",
        "Ozan Kaya",
        "Mbali Ndlovu",
        "Tove Lykkegaard",
        "Siyabonga Mthembu",
        "Peter Sørensen",
    }
    assert all(
        found[n].politician for n in ("Ozan Kaya", "Siyabonga Mthembu", "Peter Sørensen", "Mbali Ndlovu")
    )
    assert found["Tove Lykkegaard"].politician is False
    assert (found["Kirsten Bach"].role, found["Ozan Kaya"].kommune) == ("formand", 707)


def test_member_lists_with_the_registry(pipe: Language, component: PersonsComponent) -> None:
    component.set_registry(REGISTRY)
    found = {(p.text, p.name, p.party, p.party_source, p.registry_id) for p in pipe(MINUTES)._.persons}
    assert ("Ozan Kaya", "Ozan Kaya", "Ø", "registry", 4) in found
    assert ("Peter Sørensen", "Peter Sørensen", "C", "registry", 2) in found  # Norddjurs' namesake
    assert ("Borgmesteren", "Kirsten Bach", "V", "registry", 3) in found
    assert ("Kaya", "Ozan Kaya", "Ø", "registry", 4) in found
    assert ("Mbali Ndlovu (F)", "Mbali Ndlovu", "F", "text", None) in found


def test_a_compound_of_a_name_is_no_mention(pipe: Language) -> None:
    text = "Tomas Kowalski (A) talte. Kowalski-familiens værft og to Peter Sørensen'er."
    assert [p.text for p in pipe(text)._.persons] == ["Tomas Kowalski (A)"]
