"""Entity-swap data augmentation for the NER training corpus.

The UNER training split has about 1,200 person mentions, and most names in the test split
were never seen in training. Replacing each entity with another training entity of the same
label (keeping the context words) teaches the model to rely on context and word shape more
than on memorised names. Registered as a spaCy augmenter so `config.cfg` can name it.

`v2` also draws synthetic Danish names from the project's own lists instead of training
entities: persons as "Given [Given] Surname" (given names of `nlp/data/persons/`, surnames of
`nlp/data/persons/surnames_da.txt` and "<given name>sen" patronymics) with the token count of the name
they replace, and one-word places as kommune and region names from `core/refdata`. The news
the pipeline reads are full of such names, and the 1990s training text has few of them.
Measured over five seeds (person_level 0.5, place_level 0.3), v2 did not beat v1 on the dev
split (mean dev F1 70.7 against 70.7 over eight v1 seeds, seed spread about +-1.2), so
`config.cfg` keeps v1; v2 stays for texts whose names differ more from the training data.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.util import registry

from nlp import lexicon
from nlp.wordlists import read_list

EntityPool = dict[str, list[tuple[list[str], list[bool]]]]

HERE = Path(__file__).resolve().parent
PERSON_DATA = HERE.parent / "data" / "persons"
# The lexicon's given names of these sources (nlp/lexicon/given_names.csv) make the synthetic names.
GIVEN_NAME_SOURCES = frozenset({"common", "faker"})
SURNAME_FILE = PERSON_DATA / "surnames_da.txt"
# Given names shorter than this make no patronymic ("Bo" -> "Bosen").
_NO_PATRONYMIC_BELOW = 3


@dataclass(frozen=True, slots=True)
class NameLists:
    """The name material synthetic entities are built from."""

    given: tuple[str, ...]
    surnames: tuple[str, ...]
    places: tuple[str, ...]
    given_set: frozenset[str]

    @classmethod
    def load(cls) -> NameLists:
        """Given names and surnames of the project's lists; kommune and region names."""
        from core.refdata import load_kommuner, load_regions

        rows = lexicon.given_names(lexicon.read(lexicon.GIVEN_NAMES))
        given = sorted(
            {r.name for r in rows if not GIVEN_NAME_SOURCES.isdisjoint(r.sources) and " " not in r.name}
        )
        surnames = sorted(set(read_list(SURNAME_FILE)))
        # "Nordfyns", "Vesthimmerlands" are the official (genitive) kommune names, the places
        # are "Nordfyn", "Vesthimmerland".
        official = (k.name for k in load_kommuner())
        kommuner = {n.removesuffix("s") if n.endswith(("fyns", "lands")) else n for n in official}
        regions = {r.name.removeprefix("Region ") for r in load_regions()}
        return cls(tuple(given), tuple(surnames), tuple(sorted(kommuner | regions)), frozenset(given))

    def surname(self, rng: random.Random) -> str:
        """A listed surname, or (one time in three) a patronymic "-sen" of a given name."""
        if rng.random() < 1 / 3:
            base = rng.choice(self.given)
            # Patronymics are formed from (mostly men's) names ending in a consonant:
            # "Mikkel" -> "Mikkelsen", "Ib" -> "Ibsen"; "Jens" -> "Jensen" is on the list.
            if len(base) >= _NO_PATRONYMIC_BELOW and base[-1].lower() not in "aeiouyæøås-":
                return base + "sen"
        return rng.choice(self.surnames)

    def person(self, n_words: int, rng: random.Random) -> list[str]:
        """A person name of `n_words` words: one word is a given name or a surname."""
        if n_words <= 1:
            return [rng.choice(self.given) if rng.random() < 0.5 else self.surname(rng)]
        middle = [
            rng.choice(self.given) if rng.random() < 0.7 else self.surname(rng) for _ in range(n_words - 2)
        ]
        return [rng.choice(self.given), *middle, self.surname(rng)]

    def is_genitive(self, word: str) -> bool:
        """Whether a name word reads as a genitive ("Jensens", "Mettes"; not "Lars", "Jens")."""
        return len(word) > 2 and word.endswith("s") and word not in self.given_set

    def place(self, rng: random.Random) -> list[str]:
        """A kommune or region name, as one or more words ("Høje-Taastrup" is one)."""
        return rng.choice(self.places).split()


# Draws the replacement words for one entity: (label, words of the old entity, rng) -> words,
# or None to draw from the training-entity pool instead.
Synthesizer = Callable[[str, list[str], random.Random], list[str] | None]


def name_synthesizer(names: NameLists, person_level: float, place_level: float) -> Synthesizer:
    """Synthetic names for PER (with probability `person_level`) and one-word LOC (`place_level`)."""

    def synthesize(label: str, old: list[str], rng: random.Random) -> list[str] | None:
        if label == "PER" and rng.random() < person_level:
            made = names.person(min(len(old), 3), rng)
            if names.is_genitive(old[-1]):  # keep the case: "Jensens forslag" -> "Karin Holms forslag"
                made[-1] += "'" if made[-1][-1] in "sxz" else "s"
            return made
        if label == "LOC" and len(old) == 1 and rng.random() < place_level:
            return names.place(rng)
        return None

    return synthesize


def entity_pool(docs: list[Doc]) -> EntityPool:
    """All entity surface forms per label, as (words, trailing-space flags inside the entity)."""
    pool: EntityPool = {}
    for doc in docs:
        for ent in doc.ents:
            words = [t.text for t in ent]
            spaces = [bool(t.whitespace_) for t in ent][:-1] + [False]
            pool.setdefault(ent.label_, []).append((words, spaces))
    return pool


def swap_entities(
    doc: Doc, pool: EntityPool, rng: random.Random, synthesize: Synthesizer | None = None
) -> Doc:
    """A copy of `doc` with every entity replaced by a random pool entity of its label, or by
    the words `synthesize` makes for it when it makes some."""
    words: list[str] = []
    spaces: list[bool] = []
    ents: list[str] = []
    i = 0
    for ent in doc.ents:
        for tok in doc[i : ent.start]:
            words.append(tok.text)
            spaces.append(bool(tok.whitespace_))
            ents.append("O")
        made = synthesize(ent.label_, [t.text for t in ent], rng) if synthesize else None
        if made:
            new_words, new_spaces = made, [True] * (len(made) - 1) + [False]
        else:
            new_words, new_spaces = rng.choice(pool[ent.label_])
        words.extend(new_words)
        spaces.extend(new_spaces[:-1] + [bool(doc[ent.end - 1].whitespace_)])
        ents.extend([f"B-{ent.label_}"] + [f"I-{ent.label_}"] * (len(new_words) - 1))
        i = ent.end
    for tok in doc[i:]:
        words.append(tok.text)
        spaces.append(bool(tok.whitespace_))
        ents.append("O")
    return Doc(doc.vocab, words=words, spaces=spaces, ents=ents)


@registry.augmenters("kommunevagt.entity_swap.v1")
def create_entity_swap_augmenter(
    path: Path, level: float
) -> Callable[[Language, Example], Iterator[Example]]:
    """Yield each example, plus with probability `level` a copy with swapped entities.

    `path` is the training DocBin the replacement names are drawn from. Uses the `random`
    module, which spaCy seeds from `[system] seed`, so training stays reproducible.
    """
    return _swapping_augmenter(path, level, None)


@registry.augmenters("kommunevagt.entity_swap.v2")
def create_name_swap_augmenter(
    path: Path, level: float, person_level: float, place_level: float
) -> Callable[[Language, Example], Iterator[Example]]:
    """Like v1, but a swapped person is synthetic with probability `person_level` and a swapped
    one-word place a kommune/region name with probability `place_level` (see `NameLists`)."""
    return _swapping_augmenter(path, level, name_synthesizer(NameLists.load(), person_level, place_level))


def _swapping_augmenter(
    path: Path, level: float, synthesize: Synthesizer | None
) -> Callable[[Language, Example], Iterator[Example]]:
    pools: dict[int, EntityPool] = {}

    def augment(nlp: Language, example: Example) -> Iterator[Example]:
        yield example
        if not example.reference.ents or random.random() >= level:
            return
        key = id(nlp.vocab)
        if key not in pools:
            pools[key] = entity_pool(list(DocBin().from_disk(path).get_docs(nlp.vocab)))
        # A private generator seeded from `random` keeps the draw sequence reproducible.
        rng = random.Random(random.getrandbits(32))
        reference = swap_entities(example.reference, pools[key], rng, synthesize)
        yield Example(nlp.make_doc(reference.text), reference)

    return augment
