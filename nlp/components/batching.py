"""A batching `pipe` for the rule components.

`nlp.pipe` chains the components as generators. A component without a `pipe` method gets each
document on its own, so every document runs through all the components before the next one
starts, and each component's compiled patterns and tables are pushed out of the CPU caches by
the other components' in between. With this `pipe`, one component handles a whole batch before
passing it on, as spaCy's own components do. Same results, and the hot loops stay in cache:
on the `kommunevagt bench nlp` text, timed one after the other in one process, the rule
components together went from 23.6% to 33.0% of tokenizer-only words/s.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc
from spacy.util import minibatch


class BatchedPipe:
    """Mixin: `pipe()` runs `self(doc)` over a batch of documents, then yields the batch."""

    def __call__(self, doc: Doc) -> Doc:  # pragma: no cover - every component defines its own
        raise NotImplementedError

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(stream, size=batch_size):
            yield from [self(doc) for doc in batch]
