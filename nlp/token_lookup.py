"""Which tokens' hashes are in a sorted set of word hashes, for candidate look-ups.

`np.isin` sorts both arrays on every call, which cost a rule component more than its whole
regex work on news-length documents; a binary search into the (sorted, built once) word
hashes answers the same question in one pass over the tokens.
"""

from __future__ import annotations

import numpy as np


def hits(column: np.ndarray, sorted_ids: np.ndarray) -> list[int]:
    """Indexes of `column`'s values that occur in `sorted_ids` (sorted ascending), in order."""
    if not len(sorted_ids) or not len(column):
        return []
    at = np.searchsorted(sorted_ids, column)
    np.minimum(at, len(sorted_ids) - 1, out=at)
    return np.nonzero(sorted_ids[at] == column)[0].tolist()  # type: ignore[no-any-return]
