"""Regression check of generality: the extractor on the project's own annotated Danish texts.

The texts in tests/evalset are the project's own (invented people, real kommuner and parties),
annotated by the conventions of the shared gold. They are scored with the shared scorer, so
this test skips (with the reason) where ../shared is absent. The floors sit below the figures
measured when the set was written, so a rule change that breaks general Danish news shows up.
"""

from __future__ import annotations

import pytest

from tests.nlp.scoring import FIELDS, ROOT, SCORE, Scores, run_score

GOLD = ROOT / "tests" / "evalset" / "eval" / "gold" / "heldout.json"

pytestmark = [
    pytest.mark.acceptance,
    pytest.mark.skipif(not SCORE.exists(), reason=f"shared scorer not found at {SCORE}"),
]


@pytest.fixture(scope="module")
def scores() -> Scores:
    return run_score(GOLD)


@pytest.mark.parametrize("field", FIELDS)
def test_field_f1_at_least_085(scores: Scores, field: str) -> None:
    assert scores[field][2] >= 0.85, f"{field}: P/R/F1 = {scores[field]}"


def test_statistics_precision_at_least_095(scores: Scores) -> None:
    assert scores["statistics"][0] >= 0.95, f"statistics: P/R/F1 = {scores['statistics']}"
