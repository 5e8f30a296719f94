"""The NER's name-list column: which words are known given names or surnames, and the embedding
layer that adds the column to spaCy's hash embeddings."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.strings import hash_string  # type: ignore[attr-defined]

from nlp.ner_features import CLASSES, GIVEN, SURNAME, _features, name_classes, name_list_hash_embed


def test_given_names_and_surnames_are_classed() -> None:
    classes = name_classes()
    assert classes[hash_string("mette")] & GIVEN
    assert classes[hash_string("nielsen")] & SURNAME
    assert hash_string("kommunen") not in classes
    assert all(0 < bits < CLASSES for bits in classes.values())


def test_feature_column_follows_the_lower_case_form() -> None:
    nlp = spacy.blank("da")
    doc = nlp("METTE Nielsen bor i kommunen")
    (table,) = _features(["NORM", "SHAPE"]).predict([doc])
    assert table.shape == (5, 3)
    classes = name_classes()
    assert table[:2, 2].tolist() == [classes[hash_string("mette")], classes[hash_string("nielsen")]]
    assert table[2:, 2].tolist() == [0, 0, 0]
    assert np.array_equal(table[:, 0], doc.to_array("NORM"))


def test_embedding_gives_one_vector_of_width_per_token() -> None:
    nlp = spacy.blank("da")
    docs = [nlp("Jens Hansen siger nej"), nlp("")]
    model = name_list_hash_embed(width=32, attrs=["NORM", "PREFIX"], rows=[100, 50], name_list_width=8)
    model.initialize(X=docs)
    vectors = model.predict(docs)
    assert [v.shape for v in vectors] == [(4, 32), (0, 32)]


def test_rows_and_attrs_must_pair() -> None:
    with pytest.raises(ValueError, match="Mismatched"):
        name_list_hash_embed(width=8, attrs=["NORM"], rows=[10, 10], name_list_width=4)
