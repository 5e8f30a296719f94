"""kv_persons: every mention of a person, with canonical name, party letter, role and politician flag.

Why rules around the NER: the statistical NER finds PER spans but knows nothing of parties,
roles or minutes, and it misses names in participant lists. So candidates come from one regex
pass over the text (runs of capitalised words and initials on one line) plus the NER's PER
spans, and a candidate is kept when there is evidence that it is a person: a known given name,
a PER span, or its context (party letter in parentheses, a role, a party named in words, a
speech verb, a byline). Context also gives party and role; later surname or first-name
mentions, and runs equal to a name's last two or more words ("Friis Hansen"), inherit the
full name found in the same document. The rules are stages in `nlp/persons/` (candidates,
evidence, resolution; see its `rules.py`); the word lists are data files (`nlp/data/persons/`,
see `person_data`). This module is the spaCy component around them.

For later components: `nlp.components.person_data.role_holder(doc, "borgmesteren",
before=offset)` resolves a definite role noun ("borgmesteren", "rådmanden", "formanden",
"ministeren", "direktøren", "jobcenterchefen", ...) to the canonical name of the person this
component found holding that role, the most recent one before `offset`, or None (kv_quotes
uses it for "..., siger borgmesteren"). It reads `doc._.person_roles` (a PersonMention per
mention that states a role of its own) and `doc._.persons`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from core.result import PersonMention
from nlp.components.batching import BatchedPipe
from nlp.components.person_data import DATA_DIR, PersonData
from nlp.entity_spans import entity_spans
from nlp.extensions import doc_text, register_extensions
from nlp.persons.resolution import Person, to_mentions
from nlp.persons.rules import DocInput, PersonRules
from nlp.persons.spans import Spans

register_extensions()

KnownPoliticians = Mapping[str, tuple[str | None, list[str]]]


@Language.factory(
    "kv_persons",
    default_config={"minutes_min_cues": 2, "use_ner": True, "remember_politicians": False},
    assigns=["doc._.persons"],
)
def make_persons(
    nlp: Language, name: str, minutes_min_cues: int, use_ner: bool, remember_politicians: bool
) -> PersonsComponent:
    return PersonsComponent(
        nlp,
        name,
        minutes_min_cues=minutes_min_cues,
        use_ner=use_ner,
        remember_politicians=remember_politicians,
    )


class PersonsComponent(BatchedPipe):
    """Finds persons; see the module docstring and `nlp/persons/` for the rules."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        minutes_min_cues: int = 2,
        use_ner: bool = True,
        remember_politicians: bool = False,
    ) -> None:
        self.name = name
        self.minutes_min_cues = minutes_min_cues
        self.use_ner = use_ner
        # In-process registry: politicians with a party seen in earlier documents of this
        # process fill in later ones (off by default so results do not depend on file order).
        self.remember_politicians = remember_politicians
        self._load(PersonData.from_dir(DATA_DIR))
        self.known: dict[str, tuple[str | None, list[str]]] = {}

    def _load(self, data: PersonData) -> None:
        self.data = data
        self.rules = PersonRules(data, minutes_min_cues=self.minutes_min_cues)

    # --- registry ------------------------------------------------------------------------

    def set_known_politicians(self, known: KnownPoliticians) -> None:
        """Names (any case) -> (party letter or None, roles) of politicians seen before."""
        self.known = {_norm(name): (party, list(roles)) for name, (party, roles) in known.items()}

    # --- the pass ------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        found, roles = self._find(doc)
        doc._.persons = found
        doc._.person_roles = roles
        if self.remember_politicians:
            for mention in found:
                if mention.politician and mention.party:
                    held = [mention.role] if mention.role else []
                    self.known.setdefault(_norm(mention.name), (mention.party, held))
        return doc

    def _find(self, doc: Doc) -> tuple[list[PersonMention], list[PersonMention]]:
        """The person mentions, and the mentions that state a role of their own (see role_holder)."""
        text = doc_text(doc)
        if not text.strip():
            return [], []
        per_spans, other_spans = self._ner_spans(doc, text)
        mentions, persons = self.rules.find(DocInput(text, _blocked_spans(doc), per_spans, other_spans))
        self._apply_registry(persons)
        return to_mentions(text, mentions, persons)

    def _ner_spans(self, doc: Doc, text: str) -> tuple[Spans, Spans]:
        if not self.use_ner:
            return Spans(), Spans()
        per = Spans((s, e) for kind in ("PER", "PERSON") for s, e, _ in entity_spans(doc, kind, text))
        other = Spans((s, e) for kind in ("ORG", "LOC", "GPE") for s, e, _ in entity_spans(doc, kind, text))
        return per, other

    def _apply_registry(self, persons: dict[str, Person]) -> None:
        if not self.known:
            return
        for person in persons.values():
            entry = self.known.get(_norm(person.name))
            if entry is None:
                continue
            party, roles = entry
            if person.party is None and party:
                person.party = party
            if person.role is None and roles:
                person.role = roles[0]
            if not any(v is False for v in person.politician_votes):
                person.politician_votes.insert(0, True)

    # --- serialisation -------------------------------------------------------------------

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        self.data.to_dir(path)
        cfg = {
            "minutes_min_cues": self.minutes_min_cues,
            "use_ner": self.use_ner,
            "remember_politicians": self.remember_politicians,
        }
        srsly.write_json(path / "cfg.json", cfg)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> PersonsComponent:
        path = Path(path)
        cfg: dict[str, Any] = srsly.read_json(path / "cfg.json")
        self.minutes_min_cues = int(cfg.get("minutes_min_cues", self.minutes_min_cues))
        self.use_ner = bool(cfg.get("use_ner", self.use_ner))
        self.remember_politicians = bool(cfg.get("remember_politicians", self.remember_politicians))
        self._load(PersonData.from_dir(path))
        return self


def _norm(name: str) -> str:
    return " ".join(name.replace(".", " ").split()).casefold()


def _blocked_spans(doc: Doc) -> Spans:
    spans = [(m.start, m.end) for m in (doc._.kommuner or [])]
    spans += [(m.start, m.end) for m in (doc._.regions or [])]
    return Spans(spans)
