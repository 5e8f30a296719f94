"""Which tokens' hashes are in a sorted set of word hashes, for candidate look-ups.

`np.isin` sorts both arrays on every call, which cost a rule component more than its whole
regex work on news-length documents; a binary search into the (sorted, built once) word
hashes answers the same question in one pass over the tokens.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import IDX, LOWER
from spacy.tokens import Doc


def hits(column: np.ndarray, sorted_ids: np.ndarray) -> list[int]:
    """Indexes of `column`'s values that occur in `sorted_ids` (sorted ascending), in order."""
    if not len(sorted_ids) or not len(column):
        return []
    at = np.searchsorted(sorted_ids, column)
    np.minimum(at, len(sorted_ids) - 1, out=at)
    return np.nonzero(sorted_ids[at] == column)[0].tolist()  # type: ignore[no-any-return]


_ROWS_KEY = "kv_lower_idx"


def lower_idx(doc: Doc) -> np.ndarray:
    """`doc.to_array([LOWER, IDX])`, read once per Doc and shared by the components that look
    words up by hash (speech verbs, claim triggers); the tokens never change inside the pipeline."""
    cached = doc.user_data.get(_ROWS_KEY)
    if isinstance(cached, np.ndarray) and len(cached) == len(doc):  # not another Doc's copy
        return cached
    rows = doc.to_array([LOWER, IDX])
    doc.user_data[_ROWS_KEY] = rows
    return rows
