"""Entity-level scoring of a spaCy NER against a UNER IOB2 file.

Exact span match per label, like seqeval and spaCy's `Scorer`: a prediction counts only when
its start, end and label equal a gold entity's. The gold tokenisation is kept (Docs are built
from the file's words), so tokenizer differences cannot distort the score. Used by
`bench.ner_quality`, the acceptance test and `nlp.training.train_ner`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from nlp.training.convert import LABELS, iob2_spans, read_iob2

Span3 = tuple[int, int, str]


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": precision, "r": recall, "f": f1, "tp": tp, "fp": fp, "fn": fn}


def score_spans(
    gold: Iterable[set[Span3]], pred: Iterable[set[Span3]], labels: tuple[str, ...] = LABELS
) -> dict[str, Any]:
    """Per-label and micro P/R/F over pairs of gold/predicted span sets (one pair per sentence)."""
    counts = {label: [0, 0, 0] for label in labels}  # tp, fp, fn
    for gold_spans, pred_spans in zip(gold, pred, strict=True):
        for label in labels:
            g = {s for s in gold_spans if s[2] == label}
            p = {s for s in pred_spans if s[2] == label}
            counts[label][0] += len(g & p)
            counts[label][1] += len(p - g)
            counts[label][2] += len(g - p)
    result: dict[str, Any] = {label: _prf(*c) for label, c in counts.items()}
    result["micro"] = _prf(*(sum(c[i] for c in counts.values()) for i in range(3)))
    return result


def evaluate_ner(nlp_or_path: Language | str | Path, iob2_path: str | Path) -> dict[str, Any]:
    """Score a pipeline (or a path for `spacy.load`) on an IOB2 file.

    Returns `{"PER": {"p", "r", "f", "tp", "fp", "fn"}, "LOC": ..., "ORG": ..., "micro": ...,
    "sentences": n}`; micro is over PER/LOC/ORG only.
    """
    nlp = nlp_or_path if isinstance(nlp_or_path, Language) else spacy.load(nlp_or_path)
    sentences = list(read_iob2(Path(iob2_path)))
    gold = [set(iob2_spans(s.tags)) for s in sentences]
    docs = (Doc(nlp.vocab, words=s.words, spaces=s.spaces) for s in sentences)
    pred = [{(e.start, e.end, e.label_) for e in doc.ents} for doc in nlp.pipe(docs, batch_size=256)]
    result = score_spans(gold, pred)
    result["sentences"] = len(sentences)
    return result


def format_scores(scores: dict[str, Any]) -> str:
    """A small table of per-label and micro P/R/F1 for logs and the bench."""
    lines = [f"{'label':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}"]
    for label in (*LABELS, "micro"):
        s = scores[label]
        lines.append(f"{label:<6} {s['p']:6.3f} {s['r']:6.3f} {s['f']:6.3f} {s['tp'] + s['fn']:5d}")
    return "\n".join(lines)
