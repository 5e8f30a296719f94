"""One set of person rules for the stage tests (building them reads the lists and compiles every pattern)."""

from __future__ import annotations

import pytest

from nlp.components.person_data import DATA_DIR, PersonData
from nlp.persons.rules import PersonRules


@pytest.fixture(scope="session")
def rules() -> PersonRules:
    return PersonRules(PersonData.from_dir(DATA_DIR))
