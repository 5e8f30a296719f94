"""Candidates stage: runs of capitalised words cut into pieces and classified."""

from __future__ import annotations

from nlp.persons.found import DocState
from nlp.persons.rules import PersonRules
from nlp.persons.spans import Spans


def classify(
    rules: PersonRules, text: str, *, blocked: Spans | None = None, per: Spans | None = None
) -> DocState:
    state = DocState(text, rules.is_minutes(text), rules.candidates.bylines(text), per or Spans(), Spans())
    rules.candidates.find(state, blocked or Spans())
    return state


def words(found: list) -> list[str]:
    return [" ".join(c.words) for c in found]


def test_full_names_singles_and_others(rules: PersonRules) -> None:
    state = classify(rules, "I går mødtes Anne Holm og Friis Hansen. Holm var glad.")
    assert words(state.full) == ["Anne Holm"]
    assert words(state.others) == ["Friis Hansen"]
    assert "Holm" in words(state.singles)


def test_lead_in_role_and_party_genitive_are_cut(rules: PersonRules) -> None:
    state = classify(rules, "Her taler Radikale Venstres Karin Lund med Borgmester Per Dam.")
    assert words(state.full) == ["Karin Lund", "Per Dam"]


def test_role_phrase_runs_into_the_name(rules: PersonRules) -> None:
    state = classify(rules, "Det siger rådmand for Sundhed og Omsorg Anne Bro (A).")
    assert words(state.full) == ["Anne Bro"]
    assert state.full[0].evidence.role == "rådmand for Sundhed og Omsorg"


def test_street_is_no_surname(rules: PersonRules) -> None:
    state = classify(rules, "Kontoret ligger på Jens Baggesens Gade 4, og Hanne Gade (V) kom.")
    assert "Hanne Gade" in words(state.full)
    assert all("Gade" not in w or w == "Hanne Gade" for w in words(state.full))


def test_kommune_word_cuts_a_run_unless_after_a_given_name(rules: PersonRules) -> None:
    text = "Jobcenter Herning hjalp Anne Herning."
    blocked = Spans([(10, 17), (29, 36)])
    state = classify(rules, text, blocked=blocked)
    assert words(state.full) == ["Anne Herning"]


def test_company_and_party_are_no_persons(rules: PersonRules) -> None:
    state = classify(rules, "Kontrakten gik til Mark Teknik A/S. Radikale Venstre (B) stemte imod.")
    assert words(state.full) == []


def test_ner_alone_needs_to_be_away_from_sentence_starts(rules: PersonRules) -> None:
    text = "Zbigniew Kowalczyk kom. I går mødte vi Zbigniew Kowalczyk."
    per = Spans([(0, 18), (text.rindex("Zbigniew"), len(text) - 1)])
    state = classify(rules, text, per=per)
    assert [c.start for c in state.full] == [text.rindex("Zbigniew")]


def test_minutes_and_bylines(rules: PersonRules) -> None:
    assert rules.is_minutes("Referat\nDagsorden\nPunkt 1\n")
    assert not rules.is_minutes("Referat af en god dag.\n")
    text = "Af Anne Hansen og Peter Olsen\nFoto: Ida Lind\n"
    bylines = rules.candidates.bylines(text)
    assert bylines == {3: "Af", text.index("Peter"): "Af", text.index("Ida"): "Foto:"}
