"""Resolution: one canonical name per person in a document, and the mentions that name it.

Full names are joined without a genitive -s ("Jesper Würtzens" -> "Jesper Würtzen"), shorter
forms take the longest form in the text ("Lars Rasmussen" is "Lars Løkke Rasmussen"), and runs
equal to a name's last two or more words are that name ("Friis Hansen"). A single word that is
the surname or first name of exactly one full name is that person; a given name alone next to
a speech verb is a person of its own ("siger Ida"). Each person's party, role and politician
flag are merged over all their mentions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from core.result import PersonMention
from nlp.components.person_data import PersonData
from nlp.persons.found import Candidate, Evidence
from nlp.persons.identity import Person

_GENITIVE = re.compile(r"(?:sen|son|sson|sø)s$")

ReadContext = Callable[[Candidate], Evidence]


def name_full(full: list[Candidate], others: list[Candidate]) -> None:
    """Give every full name its canonical form; runs that are a name's tail join `full`."""
    last_words = {c.words[-1] for c in full}
    for candidate in full:
        candidate.name = canonical(candidate.words, last_words)
    forms = longest_forms({c.name for c in full})
    for candidate in full:
        candidate.name = forms[candidate.name]
    found_tails = tails({c.name for c in full})
    for candidate in full:
        candidate.name = found_tails.get(candidate.name, candidate.name)
    for other in others:
        name = found_tails.get(canonical(other.words, last_words))
        if name is not None:
            other.name = name
            full.append(other)


def resolve_singles(
    data: PersonData, full: list[Candidate], singles: list[Candidate]
) -> tuple[list[Candidate], list[Candidate]]:
    """The single words that are the surname or first name of exactly one full name (named),
    and the single words left over."""
    by_surname: dict[str, set[str]] = {}
    by_first: dict[str, set[str]] = {}
    for name in {c.name for c in full}:
        words = name.split()
        by_surname.setdefault(words[-1], set()).add(name)
        by_first.setdefault(words[0], set()).add(name)
    resolved, unresolved = [], []
    for single in singles:
        word = single.words[0]
        stem = word[:-1] if word.endswith("s") else word
        keys = [(word, by_surname), (stem, by_surname)]
        if word not in data.ambiguous_given_names:  # "Hans forslag" is "his proposal"
            keys += [(word, by_first), (stem, by_first)]
        for key, index in keys:
            found = index.get(key)
            if found and len(found) == 1:
                single.name = next(iter(found))
                resolved.append(single)
                break
        else:
            unresolved.append(single)
    return resolved, unresolved


def first_name_only(data: PersonData, singles: list[Candidate], read: ReadContext) -> list[Candidate]:
    """People the text names by a given name alone: "– Det er dejligt, siger Ida." A given
    name next to a speech verb is a person; its other lone mentions are the same one."""
    names = set()
    for single in singles:
        word = single.words[0]
        if word in names or word in data.ambiguous_given_names or word not in data.given_names:
            continue
        if read(single).weak:
            names.add(word)
    found = [s for s in singles if s.words[0] in names]
    for single in found:
        single.name = single.words[0]
    return found


def to_mentions(
    text: str, mentions: list[Candidate], persons: list[Person]
) -> tuple[list[PersonMention], list[PersonMention]]:
    """The `PersonMention`s in text order, and those whose own context states a role."""
    mentions.sort(key=lambda c: c.start)
    out = []
    for mention in mentions:
        person = persons[mention.person]
        out.append(
            PersonMention(
                text=text[mention.start : mention.text_end],
                start=mention.start,
                end=mention.text_end,
                name=person.name,
                party=person.party,
                role=person.role,
                politician=person.politician,
                kommune=person.kommune,
                registry_id=person.registry_id,
                party_source="registry"
                if person.party_source == "registry"
                else "text"
                if person.party
                else None,
            )
        )
    # A person may hold several roles ("Borgmester Anne Hansen" is also "formand" in the
    # minutes' list); each mention that states one keeps it for role_holder.
    roles = [replace(out[i], role=m.evidence.role) for i, m in enumerate(mentions) if m.evidence.role]
    return out, roles


def canonical(words: list[str], last_words: set[str]) -> str:
    """Join the name's words, dropping a genitive -s ("Jesper Würtzens" -> "Jesper Würtzen")."""
    words = list(words)
    last = words[-1]
    if last.endswith("s") and (last[:-1] in last_words or _GENITIVE.search(last)):
        words[-1] = last[:-1]
    return " ".join(words)


def tails(names: Iterable[str]) -> dict[str, str]:
    """Two or more last words of a name -> that name, where only one longer name ends so.

    "Friis Hansen" is "Lasse Friis Hansen", "Crawley Larsen" is "Susanne Crawley Larsen"
    (single words go through the surname index of `resolve_singles`). A name no longer name
    ends with maps to itself, so a run found without evidence elsewhere still resolves.
    """
    owners: dict[str, set[str]] = {}
    for name in names:
        words = name.split()
        for k in range(2, len(words)):
            owners.setdefault(" ".join(words[-k:]), set()).add(name)
    found = {tail: next(iter(names_)) for tail, names_ in owners.items() if len(names_) == 1}
    for name in names:
        if name not in owners:
            found[name] = name
    return found


def longest_forms(names: Iterable[str]) -> dict[str, str]:
    """ "Lars Rasmussen" is "Lars Løkke Rasmussen" when the longer form is in the same text."""
    longest: dict[tuple[str, str], str] = {}
    for name in names:
        words = name.split()
        key = (words[0], words[-1])
        if key not in longest or len(words) > len(longest[key].split()):
            longest[key] = name
    return {name: longest[(name.split()[0], name.split()[-1])] for name in names}
