"""kv_quotes: quoted speech and who said it (`Doc._.quotes`, a list of `QuoteMention`).

Danish news quote in three ways: marks (»…«, ”…”, "…", „…“), a paragraph opening with a dash
("– Det er godt, siger hun."), and quotes that run over several paragraphs or are cut by the
attribution (»Det er godt,« siger hun, »men …«). The speaker comes from the speech-verb clause
after or before the quote ("siger X", "X siger:", "fortæller hun", "X: »…«"), names are read
from `Doc._.persons` (so a surname or a role-prefixed name gives the canonical full name), and
pronouns go to the most recent person of the right gender (given-name list) before the quote.
Quote paragraphs without any attribution continue the speaker in focus, as Danish news do.
The rules are stages in `nlp/quoting/`: document index -> speakers -> candidates -> resolution,
then the indirect speech.

The component also leaves `Doc._.speech` — (verb start, verb end, speaker) for every speech
clause with a known speaker, indirect speech included — for kv_claims.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from nlp import lexicon
from nlp.components.batching import BatchedPipe
from nlp.components.data_component import LEXICON_DIR, DataComponent
from nlp.extensions import register_extensions
from nlp.quoting.candidates import Candidates
from nlp.quoting.document import QuoteDoc
from nlp.quoting.indirect import speech_clauses
from nlp.quoting.resolution import Resolution
from nlp.quoting.speakers import Speakers
from nlp.speech import FILES, SpeechData

register_extensions()


DEFAULT_DATA_DIR = "data/quotes"  # relative to the nlp package; set in nlp/config.cfg


@Language.factory(
    "kv_quotes",
    default_config={"data_dir": DEFAULT_DATA_DIR, "lexicon_dir": LEXICON_DIR},
    assigns=["doc._.quotes", "doc._.speech"],
    requires=["doc._.persons"],
)
def make_quotes(nlp: Language, name: str, data_dir: str, lexicon_dir: str) -> QuoteFinder:
    return QuoteFinder(nlp, name, data_dir=data_dir, lexicon_dir=lexicon_dir)


class QuoteFinder(DataComponent, BatchedPipe):
    """Find quotes and their speakers; the word lists live in nlp/data/quotes/ and nlp/lexicon/."""

    data_files = FILES
    lexicon_files = lexicon.FILES

    def __init__(
        self, nlp: Language, name: str, *, data_dir: str = DEFAULT_DATA_DIR, lexicon_dir: str = LEXICON_DIR
    ) -> None:
        self.name = name
        self.use_data(data_dir, lexicon_dir)

    def load_data(self, data_dir: Path, lexicon_dir: Path) -> None:
        self.data = SpeechData.load(data_dir, lexicon_dir)

    def __call__(self, doc: Doc) -> Doc:
        index = QuoteDoc(self.data, doc)
        speakers = Speakers(index)
        candidates = Candidates(index, speakers)
        kept = [c for c in candidates.find() if candidates.is_quote(c)]
        resolution = Resolution(index, kept)
        doc._.quotes = resolution.quotes()  # before speech: it settles the persons in focus
        doc._.speech = speech_clauses(index, speakers, kept, resolution)
        return doc
