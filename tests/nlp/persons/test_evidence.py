"""Evidence stage: party, role and politician flag from the words around a name."""

from __future__ import annotations

from nlp.persons.found import Evidence
from nlp.persons.rules import PersonRules


def read(rules: PersonRules, text: str, name: str, *, minutes: bool = False) -> tuple[Evidence, str]:
    start = text.index(name)
    bylines = rules.candidates.bylines(text)
    evidence, end = rules.evidence.context(text, start, start + len(name), minutes, bylines)
    return evidence, text[start:end]


def test_party_code_in_news_and_minutes(rules: PersonRules) -> None:
    news, shown = read(rules, "Det mener Bodil Krag (K).", "Bodil Krag")
    assert (news.party, shown) == ("C", "Bodil Krag (K)")
    minutes, _ = read(rules, "Bodil Krag (K)", "Bodil Krag", minutes=True)
    assert minutes.party == "K"


def test_role_before_with_party_prefix(rules: PersonRules) -> None:
    evidence, _ = read(rules, "Her er S-borgmester Ib Holt.", "Ib Holt")
    assert (evidence.party, evidence.role, evidence.politician) == ("A", "borgmester", True)


def test_role_and_party_after(rules: PersonRules) -> None:
    evidence, _ = read(rules, "Jens Bonde, byrådsmedlem (K), stemte imod.", "Jens Bonde")
    assert (evidence.party, evidence.role) == ("C", "byrådsmedlem")
    evidence, _ = read(rules, "Peter Berg fra Venstre stemte imod.", "Peter Berg")
    assert (evidence.party, evidence.person) == ("V", True)


def test_only_an_office_after_a_copula(rules: PersonRules) -> None:
    evidence, _ = read(rules, "Anne Bro er rådmand.", "Anne Bro")
    assert evidence.role == "rådmand"
    evidence, _ = read(rules, "Novo Nordisk er førende ekspert.", "Novo Nordisk")
    assert evidence.role is None


def test_role_after_an_earlier_name_is_not_this_ones(rules: PersonRules) -> None:
    text = "Deltagere: Ane Kjær (A), formand, Bent Lyng (V)"
    evidence, _ = read(rules, text, "Bent Lyng", minutes=True)
    assert (evidence.party, evidence.role) == ("V", None)


def test_speech_verb_is_weak_evidence(rules: PersonRules) -> None:
    assert read(rules, "Det er godt, siger Ilka Ravnsholt.", "Ilka Ravnsholt")[0].weak
    assert read(rules, "Ilka Ravnsholt siger nej.", "Ilka Ravnsholt")[0].weak


def test_bare_byline_is_a_journalist(rules: PersonRules) -> None:
    evidence, _ = read(rules, "Af Karen Holm\nTekst", "Karen Holm")
    assert (evidence.role, evidence.politician) == ("journalist", False)
    evidence, _ = read(rules, "Af Karen Holm (Ø), byrådsmedlem\n", "Karen Holm")
    assert (evidence.party, evidence.role) == ("Ø", "byrådsmedlem")
