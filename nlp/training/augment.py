"""Entity-swap data augmentation for the NER training corpus.

The UNER training split has about 1,200 person mentions, and most names in the test split
were never seen in training. Replacing each entity with another training entity of the same
label (keeping the context words) teaches the model to rely on context and word shape more
than on memorised names. Registered as a spaCy augmenter so `config.cfg` can name it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.util import registry

EntityPool = dict[str, list[tuple[list[str], list[bool]]]]


def entity_pool(docs: list[Doc]) -> EntityPool:
    """All entity surface forms per label, as (words, trailing-space flags inside the entity)."""
    pool: EntityPool = {}
    for doc in docs:
        for ent in doc.ents:
            words = [t.text for t in ent]
            spaces = [bool(t.whitespace_) for t in ent][:-1] + [False]
            pool.setdefault(ent.label_, []).append((words, spaces))
    return pool


def swap_entities(doc: Doc, pool: EntityPool, rng: random.Random) -> Doc:
    """A copy of `doc` with every entity replaced by a random pool entity of its label."""
    words: list[str] = []
    spaces: list[bool] = []
    ents: list[str] = []
    i = 0
    for ent in doc.ents:
        for tok in doc[i : ent.start]:
            words.append(tok.text)
            spaces.append(bool(tok.whitespace_))
            ents.append("O")
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
        reference = swap_entities(example.reference, pools[key], rng)
        yield Example(nlp.make_doc(reference.text), reference)

    return augment
