"""`make bench` part for the trained NER: its quality on the UNER Danish-DDT test split.

Per-label P/R/F1 and micro F1 (when ../shared is present). The NER's speed is measured by
`bench.nlp_speed` beside the tokenizer and the rule components, on the same text in the same run.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from nlp.ner_eval import evaluate_ner, format_scores
from nlp.pipeline import NER_MODEL_PATH

NER_MODEL = NER_MODEL_PATH
SHARED_NER = Path(__file__).resolve().parents[2] / "shared" / "data" / "ner" / "uner_da_ddt"


def load_ner(path: Path = NER_MODEL) -> Language:
    """The committed NER pipeline."""
    return spacy.load(path)


def run_ner_bench() -> None:
    """Print the NER's per-label scores on the test split (its speed is in `bench.nlp_speed`)."""
    nlp = load_ner()
    test_files = sorted(SHARED_NER.glob("*-test.iob2"))
    if not test_files:
        print(f"NER quality: skipped, {SHARED_NER} is absent")
        return
    scores = evaluate_ner(nlp, test_files[0])
    print(f"NER on UNER Danish-DDT test split ({scores['sentences']} sentences):")
    print(format_scores(scores))


if __name__ == "__main__":
    run_ner_bench()
