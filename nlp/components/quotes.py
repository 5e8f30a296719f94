"""kv_quotes: quoted speech and who said it (`Doc._.quotes`, a list of `QuoteMention`).

Danish news quote in three ways: marks (»…«, ”…”, "…", „…“), a paragraph opening with a dash
("– Det er godt, siger hun."), and quotes that run over several paragraphs or are cut by the
attribution (»Det er godt,« siger hun, »men …«). The speaker comes from the speech-verb clause
after or before the quote ("siger X", "X siger:", "fortæller hun", "X: »…«"), names are read
from `Doc._.persons` (so a surname or a role-prefixed name gives the canonical full name), and
pronouns go to the most recent person of the right gender (given-name list) before the quote.
Quote paragraphs without any attribution continue the speaker in focus, as Danish news do.
The rules are stages in `nlp/quoting/` (document index -> speakers -> candidates -> resolution).

The component also leaves `Doc._.speech` — (verb start, verb end, speaker) for every speech
clause with a known speaker, indirect speech included — for kv_claims.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from nlp.components.batching import BatchedPipe
from nlp.extensions import register_extensions
from nlp.quoting.resolution import QuoteRun
from nlp.speech import DATA_DIR, SpeechData

register_extensions()


@Language.factory(
    "kv_quotes",
    default_config={"data_dir": None},
    assigns=["doc._.quotes", "doc._.speech"],
    requires=["doc._.persons"],
)
def make_quotes(nlp: Language, name: str, data_dir: str | None) -> QuoteFinder:
    return QuoteFinder(nlp, name, data_dir=data_dir)


class QuoteFinder(BatchedPipe):
    """Find quotes and their speakers; the word lists live in nlp/data/quotes/."""

    def __init__(self, nlp: Language, name: str, *, data_dir: str | None = None) -> None:
        self.name = name
        self.data = SpeechData.load(Path(data_dir) if data_dir else DATA_DIR)

    # -- spaCy serialisation ---------------------------------------------------------------

    def to_disk(self, path: str | Path, *, exclude: Any = ()) -> None:
        self.data.write(Path(path))

    def from_disk(self, path: str | Path, *, exclude: Any = ()) -> QuoteFinder:
        self.data = SpeechData.load(Path(path), Path(path))
        return self

    # -- the component ---------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        run = QuoteRun(self.data, doc)
        doc._.quotes = run.quotes()
        doc._.speech = run.speech()
        return doc
