"""Kommune context: the kommune a mention is tied to, a sentence's and a document's kommune."""

from __future__ import annotations

import re

from core.result import KommuneMention
from nlp.persons.places import KommuneContext
from nlp.persons.rules import PersonRules

CODES = {"Varde": 573, "Norddjurs": 707, "Esbjerg": 561}


def context(rules: PersonRules, text: str, *, minutes: bool = False) -> KommuneContext:
    found = [
        KommuneMention(m.group(), m.start(), m.end(), CODES[m.group(1)], m.group(1))
        for m in re.finditer(r"(Varde|Norddjurs|Esbjerg)(?: Kommunes?|s)?", text)
    ]
    starts = [0] + [m.end() for m in re.finditer(r"[.!?]\s+", text)]
    return KommuneContext(text, found, starts, lambda w: rules.data.role(w) is not None, minutes=minutes)


def tied(rules: PersonRules, text: str, name: str = "Peter Sørensen") -> int | None:
    start = text.index(name)
    return context(rules, text).tied(start, start + len(name))


def test_tied_after_the_name(rules: PersonRules) -> None:
    assert tied(rules, "Peter Sørensen (C), byrådsmedlem i Norddjurs, er uenig.") == 707
    assert tied(rules, "Peter Sørensen, der er borgmester i Varde, er glad.") == 573
    assert tied(rules, "Peter Sørensen (A) fra Varde siger ja.") == 573
    assert tied(rules, "Peter Sørensen, Varde, stemte ja.") == 573


def test_tied_before_the_name(rules: PersonRules) -> None:
    assert tied(rules, "I går sagde Varde-borgmester Peter Sørensen ja.") == 573
    assert tied(rules, "Varde Kommunes borgmester, Peter Sørensen, er glad.") == 573
    assert tied(rules, "Han er borgmester i Varde, Peter Sørensen.") == 573


def test_a_kommune_the_sentence_only_names_is_no_tie(rules: PersonRules) -> None:
    assert tied(rules, "Peter Sørensen siger, at Esbjerg har ret.") is None
    assert tied(rules, "Peter Sørensen mødtes i Esbjerg med ministeren.") is None
    assert tied(rules, "I Varde siger Peter Sørensen ja.") is None


def test_sentence_recent_and_document(rules: PersonRules) -> None:
    text = "Esbjerg og Varde mødes. Varde vil have en bro. Det siger Ib Holt. Esbjerg er imod."
    places = context(rules, text)
    assert places.sentence(0) is None  # two kommuner
    assert places.sentence(text.index("vil")) == 573
    assert places.recent(text.index("Ib Holt")) == 573  # named in the sentence before
    assert places.document == 561  # Esbjerg and Varde twice each: the first named wins
    minutes = "Varde Kommune\nReferat\nEsbjerg, Esbjerg og Esbjerg."
    assert context(rules, minutes, minutes=True).document == 573
