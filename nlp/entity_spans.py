"""Character spans of the NER's entities of one label, read from token arrays.

`doc.ents` builds a Token per token and a Span per entity on every access, which costs more
than a whole rule component on long texts; the later components only need (start, end, text).
The spans of every label are read in one array pass and kept in `doc.user_data`: the rule
components run after the NER and never change `doc.ents`, and each of them asks for them.
"""

from __future__ import annotations

from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, LENGTH
from spacy.tokens import Doc

_BEGIN, _INSIDE = 3, 1  # spaCy's ENT_IOB codes
_CACHE_KEY = "kv_entity_spans"

Spans = dict[str, list[tuple[int, int, str]]]


def entity_spans(doc: Doc, label: str, text: str) -> list[tuple[int, int, str]]:
    """(start char, end char, text) of every entity labelled `label`, in order."""
    return all_entity_spans(doc, text).get(label, [])


def all_entity_spans(doc: Doc, text: str) -> Spans:
    """Label -> (start char, end char, text) of its entities, in order; read once per Doc."""
    if not len(doc):
        return {}
    cached = doc.user_data.get(_CACHE_KEY)
    # (token count, text length) guard a cache another Doc's user_data copy brought along
    if not (isinstance(cached, tuple) and cached[0] == (len(doc), len(text))):
        cached = ((len(doc), len(text)), _all_spans(doc, text))
        doc.user_data[_CACHE_KEY] = cached
    spans: Spans = cached[1]
    return spans


def _all_spans(doc: Doc, text: str) -> Spans:
    # The IOB column alone first: a Doc without entities (no NER in the pipeline, or none
    # found) costs one narrow array read instead of four columns.
    if not (doc.to_array(ENT_IOB) == _BEGIN).any():
        return {}
    rows = doc.to_array([ENT_IOB, ENT_TYPE, IDX, LENGTH])
    begins = (rows[:, 0] == _BEGIN).nonzero()[0].tolist()
    iob = rows[:, 0].tolist()
    found: Spans = {}
    for first in begins:
        last = first
        while last + 1 < len(iob) and iob[last + 1] == _INSIDE:
            last += 1
        start = int(rows[first, 2])
        end = int(rows[last, 2] + rows[last, 3])
        label = doc.vocab.strings[int(rows[first, 1])]
        found.setdefault(label, []).append((start, end, text[start:end]))
    return found
