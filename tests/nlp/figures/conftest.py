"""One set of statistics rules for the stage tests (building them compiles every pattern)."""

from __future__ import annotations

import pytest

from nlp.figures.lexicon import DATA_DIR, Lexicon
from nlp.figures.rules import StatisticRules


@pytest.fixture(scope="session")
def rules() -> StatisticRules:
    return StatisticRules(Lexicon.load(DATA_DIR))
