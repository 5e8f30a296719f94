"""spaCy's Danish tokenizer, remembering the text it was given.

Every Kommunevagt component reads the whole text (`nlp.extensions.doc_text`), and spaCy
rebuilds `doc.text` token by token on each access. The tokenizer already holds the exact
input (spaCy's tokenization is lossless), so it stores it on the Doc once, for free.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from nlp.extensions import TEXT_KEY


class TextKeepingTokenizer:
    """Wraps the language's default tokenizer; serialises exactly like it."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __call__(self, text: str) -> Doc:
        doc = self.inner(text)
        doc.user_data[TEXT_KEY] = text
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        self.inner.to_disk(path, **kwargs)

    def from_disk(self, path: str | Path, **kwargs: Any) -> TextKeepingTokenizer:
        self.inner.from_disk(path, **kwargs)
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        return bytes(self.inner.to_bytes(**kwargs))

    def from_bytes(self, data: bytes, **kwargs: Any) -> TextKeepingTokenizer:
        self.inner.from_bytes(data, **kwargs)
        return self

    def __getattr__(self, name: str) -> Any:
        # Anything else (rules, explain, vocab ...) is the inner tokenizer's.
        return getattr(self.inner, name)


@spacy.registry.tokenizers("kv.TextKeepingTokenizer.v1")
def create_text_keeping_tokenizer() -> Callable[[Language], TextKeepingTokenizer]:
    """Config entry: `[nlp.tokenizer] @tokenizers = "kv.TextKeepingTokenizer.v1"`."""
    make_default = spacy.registry.tokenizers.get("spacy.Tokenizer.v1")()

    def make(nlp: Language) -> TextKeepingTokenizer:
        return TextKeepingTokenizer(make_default(nlp))

    return make
