"""kv_entity_windows: run the trained NER only on the stretches of text where a name can be.

Danish writes common nouns in lower case, so a person, place or organisation name has a
capitalised word in it or right beside it ("Det Radikale Venstre", "Region Hovedstaden").
Most tokens of a news text are far from any such word, yet the statistical NER costs the
same on every token and is the slowest part of the pipeline. Its prediction for a token
only depends on a few neighbours (a CNN of window 1 and depth 2 sees two tokens each side;
the transition system looks at the current token and the one before the entity), so running
it on windows of `context` tokens around every capitalised word gives the entities of the
whole text at about a third of the tokens (measured in `kommunevagt bench nlp`).

Capitalised function words ("Det", "Han", "Hans") do not open a window on their own: they
start sentences far more often than they start names, and a name beginning with one ("De
Konservative") has another capitalised word within the window. The stop-word list is the one
spaCy's Danish language data ships.

The trained `ner` component stays in the pipeline, disabled (config `[nlp] disabled`), so it is
saved and loaded with the rest; this component calls it on the windows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.attrs import ORTH, SPACY
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc, Span
from spacy.util import minibatch

Window = tuple[int, int]


@Language.factory(
    "kv_entity_windows",
    default_config={"ner": "ner", "context": 3, "batch_size": 256},
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
)
def make_entity_windows(nlp: Language, name: str, ner: str, context: int, batch_size: int) -> EntityWindows:
    return EntityWindows(nlp, name, ner=ner, context=context, batch_size=batch_size)


class EntityWindows:
    """Sets `doc.ents` from the named NER component run on windows around capitalised words."""

    def __init__(self, nlp: Language, name: str, *, ner: str, context: int, batch_size: int) -> None:
        if context < 0:
            raise ValueError(f"context must be >= 0, got {context}")
        self.nlp = nlp
        self.name = name
        self.ner = ner
        self.context = context
        self.batch_size = max(1, batch_size)
        self.stop_words = frozenset(nlp.Defaults.stop_words)
        self._opens_window: dict[int, bool] = {}  # ORTH hash -> capitalised, not a stop word

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(stream, size=batch_size):
            self._annotate(batch)
            yield from batch

    def windows(self, doc: Doc) -> list[Window]:
        """Token ranges to run the NER on: `context` tokens each side of every anchor, merged."""
        opens = self._opens_window
        strings = doc.vocab.strings
        anchors = []
        for i, orth in enumerate(doc.to_array(ORTH).tolist()):
            anchor = opens.get(orth)
            if anchor is None:
                text = strings[orth]
                anchor = opens[orth] = text[:1].isupper() and text.lower() not in self.stop_words
            if anchor:
                anchors.append(i)
        merged: list[Window] = []
        last = len(doc)
        for i in anchors:
            start, end = max(0, i - self.context), min(last, i + self.context + 1)
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        return merged

    def _annotate(self, docs: list[Doc]) -> None:
        if self.ner not in self.nlp.component_names:
            return  # no trained weights in this checkout: build_nlp has warned
        recogniser = self.nlp.get_pipe(self.ner)
        if not isinstance(recogniser, TrainablePipe):
            raise TypeError(f"{self.ner!r} is not a trained component: {type(recogniser).__name__}")
        pieces: list[Doc] = []
        owners: list[tuple[Doc, int]] = []
        strings = self.nlp.vocab.strings
        for doc in docs:
            windows = self.windows(doc)
            if not windows:
                continue
            # Plain word lists: Span.as_doc would copy every token attribute array.
            words = [strings[orth] for orth in doc.to_array(ORTH).tolist()]
            spaces = doc.to_array(SPACY).astype(bool).tolist()
            for start, end in windows:
                pieces.append(Doc(doc.vocab, words=words[start:end], spaces=spaces[start:end]))
                owners.append((doc, start))
        found: dict[int, list[Span]] = {id(doc): [] for doc in docs}
        annotated = recogniser.pipe(pieces, batch_size=self.batch_size)
        for piece, (doc, offset) in zip(annotated, owners, strict=True):
            found[id(doc)].extend(
                Span(doc, ent.start + offset, ent.end + offset, label=ent.label) for ent in piece.ents
            )
        for doc in docs:
            doc.set_ents(found[id(doc)], default="outside")
