"""kv_persons: every mention of a person, with canonical name, party letter, role and politician flag.

Why rules around the NER: the statistical NER finds PER spans but knows nothing of parties,
roles or minutes, and it misses names in participant lists. So candidates come from one regex
pass over the text (runs of capitalised words and initials on one line) plus the NER's PER
spans, and a candidate is kept when there is evidence that it is a person: a known given name,
a PER span, or its context (party letter in parentheses, a role, a party named in words, a
speech verb, a byline). Context also gives party and role; later surname or first-name
mentions, and runs equal to a name's last two or more words ("Friis Hansen"), inherit the
full name found in the same document. The rules are stages in `nlp/persons/` (candidates,
evidence, resolution, identity, references; see its `rules.py`); the word lists are data files
(`nlp/data/persons/`, see `person_data` and `nlp/persons/lists.py`). This module is the spaCy
component around them.

A mention resolves to a person by name plus context: namesakes with different parties or tied
to different kommuner stay two persons, and each local politician gets a kommune. With a
politician registry (`set_registry`, or `nlp.pipeline.extract_many(registry=...)`; rows of
`core.politicians.RegistryEntry`, runtime-only) a person also gets the registry's id and, when
the text gives none, its party (`party_source="registry"`; a party in the text wins), and
surnames and role nouns the document does not resolve are looked up for its kommune.

For later components: `nlp.components.person_data.role_holder(doc, "borgmesteren",
before=offset)` resolves a definite role noun ("borgmesteren", "rådmanden", "formanden",
"ministeren", "direktøren", "jobcenterchefen", ...) to the canonical name of the person this
component found holding that role, the most recent one before `offset`, or None (kv_quotes
uses it for "..., siger borgmesteren"). It reads `doc._.person_roles` (a PersonMention per
mention that states a role of its own) and `doc._.persons`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Self

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from core.politicians import RegistryEntry
from core.result import PersonMention
from nlp.components.batching import BatchedPipe
from nlp.components.data_component import LEXICON_DIR, DataComponent
from nlp.components.person_data import DATA_FILES, LEXICON_FILES, PersonData
from nlp.components.sentences import sentence_starts
from nlp.components.statistics import published_date
from nlp.entity_spans import entity_spans
from nlp.extensions import doc_text, register_extensions
from nlp.persons.lists import LIST_FILES, ContextLists
from nlp.persons.registry import Registry
from nlp.persons.rules import DocInput, PersonRules
from nlp.persons.spans import Spans

register_extensions()

DEFAULT_DATA_DIR = "data/persons"  # relative to the nlp package; set in nlp/config.cfg


@Language.factory(
    "kv_persons",
    default_config={
        "minutes_min_cues": 2,
        "use_ner": True,
        "data_dir": DEFAULT_DATA_DIR,
        "lexicon_dir": LEXICON_DIR,
    },
    assigns=["doc._.persons"],
)
def make_persons(
    nlp: Language, name: str, minutes_min_cues: int, use_ner: bool, data_dir: str, lexicon_dir: str
) -> PersonsComponent:
    return PersonsComponent(
        nlp,
        name,
        minutes_min_cues=minutes_min_cues,
        use_ner=use_ner,
        data_dir=data_dir,
        lexicon_dir=lexicon_dir,
    )


class PersonsComponent(DataComponent, BatchedPipe):
    """Finds persons; see the module docstring and `nlp/persons/` for the rules.

    `registry` is the politician registry of the current run (`set_registry`), runtime-only:
    it is not written by `to_disk`, as the store is where the registry lives and changes.
    """

    data_files = (*DATA_FILES, *LIST_FILES)
    lexicon_files = LEXICON_FILES

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        minutes_min_cues: int = 2,
        use_ner: bool = True,
        data_dir: str = DEFAULT_DATA_DIR,
        lexicon_dir: str = LEXICON_DIR,
    ) -> None:
        self.name = name
        self.minutes_min_cues = minutes_min_cues
        self.use_ner = use_ner
        self.registry: Registry | None = None
        self.use_data(data_dir, lexicon_dir)

    def load_data(self, data_dir: Path, lexicon_dir: Path) -> None:
        self.data = PersonData.from_dir(data_dir, lexicon_dir)
        self.lists = ContextLists.from_dir(data_dir)
        self.rules = PersonRules(self.data, self.lists, minutes_min_cues=self.minutes_min_cues)

    def set_registry(self, entries: Iterable[RegistryEntry] | Registry | None) -> None:
        """Use these registry politicians from now on (None or empty: the text alone)."""
        if entries is None or isinstance(entries, Registry):
            self.registry = entries or None
        else:
            self.registry = Registry.build(entries) or None

    # --- the pass ------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        found, roles = self._find(doc)
        doc._.persons = found
        doc._.person_roles = roles
        return doc

    def _find(self, doc: Doc) -> tuple[list[PersonMention], list[PersonMention]]:
        """The person mentions, and the mentions that state a role of their own (see role_holder)."""
        text = doc_text(doc)
        if not text.strip():
            return [], []
        per_spans, other_spans = self._ner_spans(doc, text)
        kommuner = list(doc._.kommuner or [])
        spans = [(m.start, m.end) for m in kommuner] + [(m.start, m.end) for m in (doc._.regions or [])]
        found = DocInput(
            text,
            Spans(spans),
            per_spans,
            other_spans,
            kommuner=kommuner,
            sentence_starts=sentence_starts(doc),
            day=published_date(doc, text) if self.registry is not None else None,
            registry=self.registry,
        )
        return self.rules.find(found)

    def _ner_spans(self, doc: Doc, text: str) -> tuple[Spans, Spans]:
        if not self.use_ner:
            return Spans(), Spans()
        per = Spans((s, e) for kind in ("PER", "PERSON") for s, e, _ in entity_spans(doc, kind, text))
        other = Spans((s, e) for kind in ("ORG", "LOC", "GPE") for s, e, _ in entity_spans(doc, kind, text))
        return per, other

    # --- serialisation -------------------------------------------------------------------

    def save_extra(self, target: Path) -> None:
        cfg = {"minutes_min_cues": self.minutes_min_cues, "use_ner": self.use_ner}
        srsly.write_json(target / "cfg.json", cfg)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> Self:
        cfg: dict[str, Any] = srsly.read_json(Path(path) / "cfg.json")
        self.minutes_min_cues = int(cfg.get("minutes_min_cues", self.minutes_min_cues))
        self.use_ner = bool(cfg.get("use_ner", self.use_ner))
        return super().from_disk(path)
