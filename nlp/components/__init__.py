"""Importing this package registers every Kommunevagt spaCy factory (`@Language.factory`)."""

from nlp.components import (  # noqa: F401  (imported for their registration side effect)
    claims,
    entity_windows,
    kommuner,
    persons,
    quotes,
    sentences,
    statistics,
)
