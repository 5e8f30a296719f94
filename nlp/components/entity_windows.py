"""kv_entity_windows: run the trained NER only on the stretches of text where a name can be.

Danish writes common nouns in lower case, so a person, place or organisation name has a
capitalised word in it or right beside it ("Det Radikale Venstre", "Region Hovedstaden").
Most tokens of a news text are far from any such word, yet the statistical NER costs the
same on every token and is the slowest part of the pipeline. Its prediction for a token
only depends on a few neighbours (its CNN of window 1 and depth 1 sees one token each side;
the transition system also looks at the token before), so running it on windows of `context`
tokens around every capitalised word gives the entities of the whole text at about a quarter
of the tokens. On 100,000 words of the benchmark text, windows of 2 tokens cover 24% of the
tokens and find 99.9% / 98.9% (precision / recall) of what the same NER finds on the whole
text; windows of 3 cover 31% for 99.9% / 99.1%, windows of 1 cover 16% for 99.8% / 98.3%.
The misses are entities without a capitalised word.

Capitalised function words ("Det", "Han", "Hans") do not open a window on their own: they
start sentences far more often than they start names, and a name beginning with one ("De
Konservative") has another capitalised word within the window. The stop-word list is the one
spaCy's Danish language data ships. Nor does a sentence's first word when it is an ordinary
word ("Kommunen", "Regeringen"): `data/entity_windows/lowercase_words.txt` lists the words
Danish text writes in lower case and never inside a name (built from the NER training split by
`nlp/training/lowercase_words.py`). Sentence starts come from kv_sentences (`sentence_starts`);
without it, only the text's first word counts as one.

The trained `ner` component stays in the pipeline, disabled (config `[nlp] disabled`), so it is
saved and loaded with the rest; this component calls it on the windows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import spacy
from spacy.attrs import IDX, ORTH, SPACY
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from nlp.components.data_component import DataComponent
from nlp.components.sentences import sentence_starts
from nlp.wordlists import read_list

Window = tuple[int, int]

DEFAULT_DATA_DIR = "data/entity_windows"  # relative to the nlp package; set in nlp/config.cfg
WORDS_FILE = "lowercase_words.txt"
# How a word opens a window (cached per ORTH).
_NEVER, _ALWAYS, _NOT_AT_SENTENCE_START = 0, 1, 2


def windowed_ner(model_path: Path, **settings: Any) -> Language:
    """The trained NER pipeline at `model_path` run the way the Kommunevagt pipeline runs it:
    its `ner` disabled and called by kv_entity_windows (`settings` are the component's config).
    For scoring and benchmarking the NER on its own."""
    nlp = spacy.load(model_path)
    nlp.add_pipe("kv_entity_windows", config=settings)
    nlp.disable_pipe("ner")
    return nlp


@Language.factory(
    "kv_entity_windows",
    default_config={"ner": "ner", "context": 2, "batch_size": 256, "data_dir": DEFAULT_DATA_DIR},
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
)
def make_entity_windows(
    nlp: Language, name: str, ner: str, context: int, batch_size: int, data_dir: str
) -> EntityWindows:
    return EntityWindows(nlp, name, ner=ner, context=context, batch_size=batch_size, data_dir=data_dir)


class EntityWindows(DataComponent):
    """Sets `doc.ents` from the named NER component run on windows around capitalised words."""

    data_files = (WORDS_FILE,)

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        ner: str,
        context: int,
        batch_size: int,
        data_dir: str = DEFAULT_DATA_DIR,
    ) -> None:
        if context < 0:
            raise ValueError(f"context must be >= 0, got {context}")
        self.nlp = nlp
        self.name = name
        self.ner = ner
        self.context = context
        self.batch_size = max(1, batch_size)
        self.stop_words = frozenset(nlp.Defaults.stop_words)
        self.use_data(data_dir)

    def load_data(self, data_dir: Path, lexicon_dir: Path) -> None:
        self.ordinary_words = frozenset(read_list(data_dir / WORDS_FILE))
        self._opens_window: dict[int, int] = {}  # ORTH hash -> _NEVER / _ALWAYS / ...

    # --- the component

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(stream, size=batch_size):
            self._annotate(batch)
            yield from batch

    def windows(self, doc: Doc) -> list[Window]:
        """Token ranges to run the NER on: `context` tokens each side of every anchor, merged."""
        return self._windows(doc, doc.to_array(ORTH).tolist())

    def _windows(self, doc: Doc, orths: list[int]) -> list[Window]:
        known = self._opens_window.get
        kinds = [known(orth) for orth in orths]
        if None in kinds:  # words this component has not classed yet
            strings = doc.vocab.strings
            kinds = [
                self._kind(orth, strings) if kind is None else kind
                for orth, kind in zip(orths, kinds, strict=True)
            ]
        starts = self._sentence_starts(doc) if _NOT_AT_SENTENCE_START in kinds else set()
        anchors = [
            i
            for i, kind in enumerate(kinds)
            if kind == _ALWAYS or (kind == _NOT_AT_SENTENCE_START and i not in starts)
        ]
        merged: list[Window] = []
        last = len(doc)
        for i in anchors:
            start, end = max(0, i - self.context), min(last, i + self.context + 1)
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        return merged

    def _kind(self, orth: int, strings: Any) -> int:
        kind = self._opens_window.get(orth)
        if kind is None:
            text = strings[orth]
            lower = text.lower()
            if not text[:1].isupper() or lower in self.stop_words:
                kind = _NEVER
            elif lower in self.ordinary_words:
                kind = _NOT_AT_SENTENCE_START
            else:
                kind = _ALWAYS
            self._opens_window[orth] = kind
        return kind

    @staticmethod
    def _joined(doc: Doc, windows: list[Window], orths: list[int]) -> Doc:
        """One Doc of all the windows of `doc`, each window starting a sentence.

        One piece per document instead of one per window: the NER's per-document costs (its
        states, `set_ents`) dominated on short windows. The NER does not let an entity cross a
        sentence start, so no entity spans two windows; its CNN sees one token each side and
        its transition system the token before, so a window's anchor, `context` >= 2 tokens
        from the join, sees what it would see alone.
        Built from plain word lists: Span.as_doc would copy every token attribute array."""
        strings = doc.vocab.strings
        spaces = doc.to_array(SPACY)
        words: list[str] = []
        piece_spaces: list[bool] = []
        sent_starts: list[bool | int | None] = []
        for start, end in windows:
            words.extend(strings[orth] for orth in orths[start:end])
            piece_spaces.extend(spaces[start:end].astype(bool).tolist())
            sent_starts.append(True)
            sent_starts.extend([False] * (end - start - 1))
        return Doc(doc.vocab, words=words, spaces=piece_spaces, sent_starts=sent_starts)

    @staticmethod
    def _sentence_starts(doc: Doc) -> set[int]:
        """Token indices that start a sentence (kv_sentences' offsets; the first token without it)."""
        token_starts = doc.to_array(IDX)
        return set(np.searchsorted(token_starts, sentence_starts(doc)).tolist())

    def _annotate(self, docs: list[Doc]) -> None:
        if self.ner not in self.nlp.component_names:
            return  # no trained weights in this checkout: build_nlp has warned
        recogniser = self.nlp.get_pipe(self.ner)
        if not isinstance(recogniser, TrainablePipe):
            raise TypeError(f"{self.ner!r} is not a trained component: {type(recogniser).__name__}")
        pieces: list[Doc] = []
        owners: list[tuple[Doc, list[int]]] = []
        for doc in docs:
            orths = doc.to_array(ORTH).tolist()
            windows = self._windows(doc, orths)
            if not windows:
                continue
            pieces.append(self._joined(doc, windows, orths))
            owners.append((doc, [i for start, end in windows for i in range(start, end)]))
        found: dict[int, list[Span]] = {id(doc): [] for doc in docs}
        annotated = recogniser.pipe(pieces, batch_size=self.batch_size)
        for piece, (doc, positions) in zip(annotated, owners, strict=True):
            found[id(doc)].extend(
                Span(doc, positions[ent.start], positions[ent.end - 1] + 1, label=ent.label)
                for ent in piece.ents
            )
        for doc in docs:
            doc.set_ents(found[id(doc)], default="outside")
