"""Character spans of the NER's entities of one label, read from token arrays.

`doc.ents` builds a Token per token and a Span per entity on every access, which costs more
than a whole rule component on long texts; the later components only need (start, end, text).
"""

from __future__ import annotations

from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, LENGTH
from spacy.tokens import Doc

_BEGIN, _INSIDE = 3, 1  # spaCy's ENT_IOB codes


def entity_spans(doc: Doc, label: str, text: str) -> list[tuple[int, int, str]]:
    """(start char, end char, text) of every entity labelled `label`, in order."""
    if not len(doc):
        return []
    label_id = doc.vocab.strings.add(label)
    rows = doc.to_array([ENT_IOB, ENT_TYPE, IDX, LENGTH])
    begins = ((rows[:, 0] == _BEGIN) & (rows[:, 1] == label_id)).nonzero()[0].tolist()
    if not begins:
        return []
    iob = rows[:, 0].tolist()
    spans = []
    for first in begins:
        last = first
        while last + 1 < len(iob) and iob[last + 1] == _INSIDE:
            last += 1
        start = int(rows[first, 2])
        end = int(rows[last, 2] + rows[last, 3])
        spans.append((start, end, text[start:end]))
    return spans
