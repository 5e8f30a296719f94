"""Identity: namesakes kept apart by party and kommune; kommune and registry politician of a person."""

from __future__ import annotations

from datetime import date

from core.politicians import RegistryEntry
from nlp.persons.found import Candidate, Evidence
from nlp.persons.identity import Person, Resolver, group_persons
from nlp.persons.registry import Registry
from nlp.persons.rules import PersonRules
from tests.nlp.persons.test_places import context


def mention(start: int, words: str, party: str | None = None, kommune: int | None = None) -> Candidate:
    end = start + len(words)
    return Candidate(
        start, end, end, words.split(), Evidence(party=party, kommune=kommune), name="Peter Sørensen"
    )


def test_namesakes_split_by_party_and_kommune() -> None:
    mentions = [
        mention(0, "Peter Sørensen", party="A", kommune=573),
        mention(50, "Peter Sørensen", party="C"),
        mention(100, "Peter Sørensen", kommune=707),
        mention(150, "Sørensen"),
    ]
    persons = group_persons(mentions)
    assert [(p.party, p.tied) for p in persons] == [("A", 573), ("C", 707)]
    assert [m.person for m in mentions] == [0, 1, 1, 1]  # the surname: the one named last


def test_a_mention_without_context_follows_the_kommune_in_focus(rules: PersonRules) -> None:
    text = (
        "Peter Sørensen (A) fra Varde og Peter Sørensen (C) fra Norddjurs. "
        "I Varde er man glad, siger Sørensen."
    )
    places = context(rules, text)
    mentions = [
        mention(0, "Peter Sørensen", party="A", kommune=573),
        mention(text.index("Peter Sørensen (C)"), "Peter Sørensen", party="C", kommune=707),
        mention(text.rindex("Sørensen"), "Sørensen"),
    ]
    group_persons(mentions, places)
    assert mentions[2].person == 0


def resolver(
    rules: PersonRules, text: str, entries: list[RegistryEntry], day: date | None = None
) -> Resolver:
    return Resolver(context(rules, text), Registry.build(entries), day, rules.is_local)


SEATS = [
    RegistryEntry(1, "Peter Sørensen", 573, "A", "borgmester", None, None, "t"),
    RegistryEntry(2, "Peter Sørensen", 707, "C", "medlem", None, None, "t"),
]


def test_registry_match_by_kommune_then_by_party(rules: PersonRules) -> None:
    text = "Møde i Varde. Peter Sørensen kom."
    found = resolver(rules, text, SEATS)
    person = Person("Peter Sørensen")
    found.resolve([person], [])
    assert (person.registry_id, person.kommune, person.party, person.party_source) == (
        1,
        573,
        "A",
        "registry",
    )
    national = resolver(rules, "Et møde. Peter Sørensen kom.", SEATS)
    by_party = Person("Peter Sørensen", party="C")
    national.resolve([by_party], [])
    assert (by_party.registry_id, by_party.kommune, by_party.party_source) == (2, 707, "text")
    unknown = Person("Peter Sørensen")
    national.resolve([unknown], [])
    assert unknown.registry_id is None  # a common name with no context is no one in particular


def test_text_party_wins_and_officials_are_not_matched(rules: PersonRules) -> None:
    found = resolver(rules, "Møde i Varde.", SEATS)
    switched = Person("Peter Sørensen", party="M")
    official = Person("Peter Sørensen", role="direktør", politician_votes=[False])
    found.resolve([switched, official], [])
    assert (switched.registry_id, switched.party, switched.party_source) == (1, "M", "text")
    assert (official.registry_id, official.kommune) == (None, None)


def test_only_kommune_politicians_get_a_kommune_from_the_text(rules: PersonRules) -> None:
    found = resolver(rules, "Møde i Varde.", [])
    local = Person("Ib Holt", party="V")
    minister = Person("Ane Bro", party="A", role="beskæftigelsesminister")
    citizen = Person("Ole Dam")
    found.resolve([local, minister, citizen], [])
    assert [p.kommune for p in (local, minister, citizen)] == [573, None, None]
