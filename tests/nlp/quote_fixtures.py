"""Docs for the quote and claim tests with the earlier components' attributes set by hand.

kv_quotes and kv_claims only read what kv_persons, kv_statistics and kv_kommuner put on the
Doc, so these helpers build that input directly: each test states exactly which persons,
figures and kommuner the earlier components would have found.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from core.result import KommuneMention, PersonMention, StatisticMention

# Sentence ends for the tests' own texts: not after the abbreviations they use.
_SENT_END = re.compile(r"(?<!\bpct)(?<!\bkr)(?<!\bca)[.!?][«”\"]?(?=\s+[A-ZÆØÅ»”\"„–-])|\n\s*\n")


def persons(text: str, names: Iterable[str], roles: dict[str, str] | None = None) -> list[PersonMention]:
    """Every full name, and every later bare surname, as kv_persons reports them.

    `roles` gives a name's role ("borgmester"); its full-name mentions carry it.
    """
    found: list[PersonMention] = []
    covered: set[int] = set()
    roles = roles or {}
    for name in names:
        for match in re.finditer(re.escape(name), text):
            found.append(PersonMention(name, match.start(), match.end(), name, None, roles.get(name), False))
            covered.update(range(match.start(), match.end()))
        surname = name.split()[-1]
        for match in re.finditer(rf"(?<!\w){re.escape(surname)}(?!\w)", text):
            if match.start() not in covered:
                found.append(PersonMention(surname, match.start(), match.end(), name, None, None, False))
    return sorted(found, key=lambda p: p.start)


def statistics(text: str, figures: Iterable[str]) -> list[StatisticMention]:
    found = []
    for figure in figures:
        for match in re.finditer(re.escape(figure), text):
            found.append(
                StatisticMention(
                    figure, match.start(), match.end(), "count", 1.0, None, None, False, None, 0, 0
                )
            )
    return sorted(found, key=lambda s: s.start)


def kommuner(text: str, names: dict[str, int]) -> list[KommuneMention]:
    found = []
    for name, code in names.items():
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            found.append(KommuneMention(name, match.start(), match.end(), code, name))
    return sorted(found, key=lambda k: k.start)


def make_doc(
    nlp: Language,
    text: str,
    *,
    names: Iterable[str] = (),
    figures: Iterable[str] = (),
    places: dict[str, int] | None = None,
    roles: dict[str, str] | None = None,
) -> Doc:
    tokens = nlp.make_doc(text)
    offsets = [token.idx for token in tokens]
    starts = {bisect_left(offsets, m.end()) for m in _SENT_END.finditer(text)}
    doc = Doc(
        nlp.vocab,
        words=[t.text for t in tokens],
        spaces=[bool(t.whitespace_) for t in tokens],
        sent_starts=[t.i == 0 or t.i in starts for t in tokens],
    )
    doc._.persons = persons(text, names, roles)
    doc._.statistics = statistics(text, figures)
    doc._.kommuner = kommuner(text, places or {})
    return doc


def run(nlp: Language, doc: Doc) -> Doc:
    for _name, component in nlp.pipeline:
        doc = component(doc)
    return doc
