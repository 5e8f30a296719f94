"""Word-list features for the trained NER: is a word a known name, surname or place?

The UNER training split has about 1,200 person and 1,000 location mentions, and most names in
new text were never seen in training, so the NER has to guess from a word's shape and its
neighbours, and often guesses ORG or LOC for a person ("David Lynch") or misses a country it
never saw ("Qatar", "Usbekistan"). Lists that settle many of these cases ship with the project:
the given names of the person component, common surnames in Denmark, given names and surnames
of many countries (`world_*.txt`, from Faker's person locales, built by
`python -m nlp.training.world_names`), and the words of place names
(`nlp/data/places/place_words.txt`: CLDR's Danish names of countries and world cities and the
kommuner, built by `python -m nlp.training.place_words`). This embedding layer gives the NER two
more columns per token, which of the name lists and whether the place list its lower-case form
is on, next to spaCy's usual NORM/PREFIX/SUFFIX/SHAPE hash embeddings.

Danish adds -s for the genitive ("Serbiens præsident", "Mettes bil"), so the genitive of every
listed word counts as listed, unless that form is itself on a list. Over five training seeds
each (nlp/training/config.cfg has the figures), the name columns raised dev PER F1 by about 4
points and the place column (with the genitives) dev LOC F1 by about 4.5; the world names in
the name columns raised dev PER F1 by 3 more (82.3 to 85.2) and test PER by 5 (80.1 to 85.3).

Registered as `kv.NamePlaceHashEmbed.v1` (also an entry point in pyproject.toml, so
`spacy.load` finds it without importing this module first). The lists are read from
`nlp/data/` when the model is built, so the committed weights go with this package's lists:
change a list and `make model` retrains.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.attrs import LOWER
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import (
    Embed,
    HashEmbed,
    Maxout,
    Model,
    chain,
    concatenate,
    list2ragged,
    ragged2list,
    with_array,
)
from thinc.types import Floats2d, Ints2d

from nlp import lexicon
from nlp.wordlists import read_list

DATA = Path(__file__).resolve().parent / "data"
PERSON_DATA = DATA / "persons"
PLACE_WORDS = DATA / "places" / "place_words.txt"
WORLD_GIVEN_NAMES = PERSON_DATA / "world_given_names.txt"  # built by nlp.training.world_names
WORLD_SURNAMES = PERSON_DATA / "world_surnames.txt"
GIVEN, SURNAME = 1, 2
NAME_CLASSES = 4  # neither, given name, surname, both ("Bach", "Lund" can be either)
PLACE = 1
PLACE_CLASSES = 2  # not a place word, a word of a known place name
# Words ending in these take an apostrophe in the genitive ("Lars'"), which the tokenizer splits.
NO_S_GENITIVE = ("s", "x", "z")

Lookup = Callable[[], dict[int, int]]  # a list's table: LOWER hash -> class (absent: 0)


def class_table(lists: Iterable[tuple[int, Iterable[str]]]) -> dict[int, int]:
    """LOWER hash -> OR of the bits of the lists a word is on; then the -s genitives of the
    listed words, with the bits of their base word, where the genitive is not listed itself."""
    words_by_bit = [(bit, {word.lower() for word in words}) for bit, words in lists]
    listed = set().union(*(words for _, words in words_by_bit))
    classes: dict[int, int] = {}
    for bit, words in words_by_bit:
        for word in words:
            key = hash_string(word)
            classes[key] = classes.get(key, 0) | bit
        for word in words:
            genitive = word + "s"
            if not word.endswith(NO_S_GENITIVE) and genitive not in listed:
                key = hash_string(genitive)
                classes[key] = classes.get(key, 0) | bit
    return classes


@lru_cache(maxsize=1)
def name_classes() -> dict[int, int]:
    """LOWER hash of a word -> GIVEN | SURNAME bits for the name lists it is on: the lexicon's
    Danish given names of `lexicon.PERSON_SOURCES` (the sources the weights were trained with)
    and the world lists built from Faker (`nlp.training.world_names`)."""
    rows = lexicon.given_names(lexicon.read(lexicon.GIVEN_NAMES))
    given = [row.name for row in rows if row.person_evidence]
    given += read_list(WORLD_GIVEN_NAMES)
    surnames = read_list(PERSON_DATA / "surnames_da.txt") + read_list(WORLD_SURNAMES)
    return class_table([(GIVEN, given), (SURNAME, surnames)])


@lru_cache(maxsize=1)
def place_classes() -> dict[int, int]:
    """LOWER hash of a word -> PLACE for the words of place names."""
    return class_table([(PLACE, read_list(PLACE_WORDS))])


def _features(columns: list[int | str], lookups: list[Lookup]) -> Model[list[Doc], list[Ints2d]]:
    """spaCy's FeatureExtractor columns plus one per lookup: the class its table gives the
    token's lower-case form (0 when the word is not on it)."""

    def forward(
        model: Model[list[Doc], list[Ints2d]], docs: list[Doc], is_train: bool
    ) -> tuple[list[Ints2d], Callable[[list[Ints2d]], list[Doc]]]:
        tables = [lookup() for lookup in lookups]
        features = []
        for doc in docs:
            attrs = doc.to_array(columns).reshape((len(doc), len(columns)))
            lowers = doc.to_array(LOWER).tolist()
            extra = [
                np.fromiter((classes.get(h, 0) for h in lowers), dtype="uint64", count=len(doc))
                for classes in tables
            ]
            table = np.hstack([attrs, *(column.reshape((-1, 1)) for column in extra)]).astype("uint64")
            features.append(model.ops.asarray2i(table, dtype="uint64"))  # type: ignore[arg-type]
        return features, lambda d_features: []

    return Model("kv_word_list_features", forward)


@registry.architectures("kv.NamePlaceHashEmbed.v1")
def name_place_hash_embed(
    width: int,
    attrs: list[str],
    rows: list[int],
    name_list_width: int,
    place_list_width: int,
    maxout_pieces: int = 3,
) -> Model[list[Doc], list[Floats2d]]:
    """spaCy's MultiHashEmbed (without static vectors) with the name-list and place-list columns;
    `maxout_pieces` of the layer that mixes the columns (MultiHashEmbed's is 3)."""
    if len(rows) != len(attrs):
        raise ValueError(f"Mismatched lengths: {len(rows)} vs {len(attrs)}")
    # The same seeds as spaCy's MultiHashEmbed, so the hash tables start alike.
    embeddings: list[Model[Ints2d, Floats2d]] = [
        HashEmbed(width, rows[i], column=i, seed=8 + i, dropout=0.0) for i in range(len(attrs))
    ]
    lists: list[tuple[Lookup, int, int]] = [
        (name_classes, name_list_width, NAME_CLASSES),
        (place_classes, place_list_width, PLACE_CLASSES),
    ]
    list_embeddings: list[Model[Ints2d, Floats2d]] = [
        Embed(list_width, classes, column=len(attrs) + i, dropout=0.0)
        for i, (_, list_width, classes) in enumerate(lists)
    ]
    concat_size = width * len(attrs) + name_list_width + place_list_width
    return chain(
        _features(list(attrs), [lookup for lookup, _, _ in lists]),
        list2ragged(),
        with_array(concatenate(*embeddings, *list_embeddings)),
        with_array(Maxout(width, concat_size, nP=maxout_pieces, dropout=0.0, normalize=True)),
        ragged2list(),
    )
