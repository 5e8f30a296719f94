"""Resolution stage: canonical names, tails, surnames and first names within a document."""

from __future__ import annotations

from nlp.persons.found import Candidate, Evidence
from nlp.persons.identity import Person, group_persons
from nlp.persons.resolution import canonical, longest_forms, name_full, resolve_singles, tails
from nlp.persons.rules import PersonRules


def candidate(words: str, start: int = 0, evidence: Evidence | None = None) -> Candidate:
    return Candidate(start, start + len(words), start + len(words), words.split(), evidence or Evidence())


def test_canonical_drops_a_genitive() -> None:
    assert canonical(["Jesper", "Würtzens"], {"Würtzen"}) == "Jesper Würtzen"
    assert canonical(["Anne", "Hansens"], set()) == "Anne Hansen"
    assert canonical(["Lars", "Jens"], set()) == "Lars Jens"


def test_longest_forms_and_tails() -> None:
    assert (
        longest_forms(["Lars Rasmussen", "Lars Løkke Rasmussen"])["Lars Rasmussen"] == "Lars Løkke Rasmussen"
    )
    found = tails(["Lasse Friis Hansen", "Anne Hansen"])
    assert found["Friis Hansen"] == "Lasse Friis Hansen"
    assert found["Anne Hansen"] == "Anne Hansen"


def test_name_full_takes_tails_of_others() -> None:
    full = [candidate("Lasse Friis Hansen")]
    others = [candidate("Friis Hansen", 40), candidate("Grøn Omstilling", 60)]
    name_full(full, others)
    assert [c.name for c in full] == ["Lasse Friis Hansen", "Lasse Friis Hansen"]


def test_singles_resolve_only_to_one_name(rules: PersonRules) -> None:
    full = [candidate("Anne Holm"), candidate("Ib Holm", 20), candidate("Ole Dam", 40)]
    name_full(full, [])
    singles = [candidate("Holm", 60), candidate("Dams", 70), candidate("Ole", 80), candidate("Hans", 90)]
    resolved, unresolved = resolve_singles(rules.data, full, singles)
    assert [(c.words[0], c.name) for c in resolved] == [("Dams", "Ole Dam"), ("Ole", "Ole Dam")]
    assert [c.words[0] for c in unresolved] == ["Holm", "Hans"]


def test_person_merges_the_first_party_and_role() -> None:
    persons = group_persons(
        [
            Candidate(0, 1, 1, ["Ib", "Holt"], Evidence(role="borgmester", politician=True), name="Ib Holt"),
            Candidate(5, 6, 6, ["Holt"], Evidence(party="V", role="formand"), name="Ib Holt"),
        ]
    )
    assert len(persons) == 1
    person = persons[0]
    assert (person.party, person.role, person.politician) == ("V", "borgmester", True)
    assert Person("Ane Bo").politician is False
