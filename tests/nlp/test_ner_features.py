"""The NER's word-list columns: which words are known given names, surnames or words of place
names (with their -s genitives), and the embedding layer that adds the columns to spaCy's hash
embeddings."""

from __future__ import annotations

import babel
import numpy as np
import pytest
import spacy
from spacy.strings import hash_string  # type: ignore[attr-defined]

from nlp.ner_features import (
    GIVEN,
    NAME_CLASSES,
    PLACE,
    PLACE_WORDS,
    SURNAME,
    WORLD_GIVEN_NAMES,
    WORLD_SURNAMES,
    _features,
    class_table,
    name_classes,
    name_place_hash_embed,
    place_classes,
)
from nlp.training.place_words import place_words
from nlp.wordlists import read_list


def test_given_names_and_surnames_are_classed() -> None:
    classes = name_classes()
    assert classes[hash_string("mette")] & GIVEN
    assert classes[hash_string("nielsen")] & SURNAME
    assert hash_string("kommunen") not in classes
    assert all(0 < bits < NAME_CLASSES for bits in classes.values())


def test_foreign_names_are_classed_but_not_danish_lower_case_words() -> None:
    classes = name_classes()
    assert classes[hash_string("clinton")] & SURNAME
    assert classes[hash_string("baumann")] & SURNAME
    assert classes[hash_string("sylvester")] & GIVEN
    for word in ("eller", "alene", "post", "kommunen"):  # on Faker's lists, or no name at all
        assert hash_string(word) not in classes, word


def test_places_are_countries_world_cities_and_kommuner() -> None:
    places = place_classes()
    for word in ("tyskland", "usbekistan", "bagdad", "hongkong", "ballerup", "hovedstaden"):
        assert places.get(hash_string(word)) == PLACE, word
    for word in ("kommunen", "borgmester", "og"):
        assert hash_string(word) not in places, word


def test_genitives_count_as_listed_unless_listed_themselves() -> None:
    table = class_table([(1, ["Serbien", "Mette", "Lars"]), (2, ["Mettes"])])
    assert table[hash_string("serbiens")] == 1
    assert table[hash_string("mettes")] == 2  # on a list of its own: that list decides
    assert hash_string("larss") not in table  # "Lars'" takes an apostrophe
    assert place_classes().get(hash_string("danmarks")) == PLACE
    assert name_classes()[hash_string("jensens")] & SURNAME


def test_feature_columns_follow_the_lower_case_form() -> None:
    nlp = spacy.blank("da")
    doc = nlp("METTE Nielsen bor i Qatars hovedstad")
    (table,) = _features(["NORM", "SHAPE"], [name_classes, place_classes]).predict([doc])
    assert table.shape == (6, 4)
    names = name_classes()
    assert table[:2, 2].tolist() == [names[hash_string("mette")], names[hash_string("nielsen")]]
    assert table[2:, 2].tolist() == [0, 0, 0, 0]
    assert table[:, 3].tolist() == [0, 0, 0, 0, PLACE, 0]
    assert np.array_equal(table[:, 0], doc.to_array("NORM"))


def test_embedding_gives_one_vector_of_width_per_token() -> None:
    nlp = spacy.blank("da")
    docs = [nlp("Jens Hansen siger nej i Oman"), nlp("")]
    model = name_place_hash_embed(
        width=32, attrs=["NORM", "PREFIX"], rows=[100, 50], name_list_width=8, place_list_width=4
    )
    model.initialize(X=docs)
    vectors = model.predict(docs)
    assert [v.shape for v in vectors] == [(6, 32), (0, 32)]


def test_rows_and_attrs_must_pair() -> None:
    with pytest.raises(ValueError, match="Mismatched"):
        name_place_hash_embed(width=8, attrs=["NORM"], rows=[10, 10], name_list_width=4, place_list_width=4)


def test_place_list_is_what_its_builder_makes() -> None:
    """The committed list is reproducible (`make model` rebuilds it before training)."""
    header = PLACE_WORDS.read_text(encoding="utf-8").splitlines()[1]
    if f"babel {babel.__version__}," not in header:
        pytest.skip(f"the list was built with another babel (CLDR) version: {header}")
    assert place_words() == read_list(PLACE_WORDS)


def test_world_name_lists_are_what_their_builder_makes() -> None:
    """The committed lists are reproducible (`make model` rebuilds them before training)."""
    faker = pytest.importorskip("faker", reason="Faker (dev extra) builds the world name lists")
    from nlp.training.world_names import world_names

    header = WORLD_GIVEN_NAMES.read_text(encoding="utf-8").splitlines()[0]
    if f"Faker {faker.VERSION} " not in header:
        pytest.skip(f"the lists were built with another Faker version: {header}")
    assert world_names() == (read_list(WORLD_GIVEN_NAMES), read_list(WORLD_SURNAMES))
