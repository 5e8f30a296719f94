"""kv_statistics: the figures a Danish text quotes, with kind, value, unit and approximation.

A fact-checker wants "knap 900 borgere", "2,5 pct.", "4,5 mio. kr.", "en 85. plads", "hver
tredje" and "tre ud af fire", and nothing of the many numbers that are not figures: dates,
times, years, case numbers, agenda points, rooms, grades, ages, titles, addresses, law
references and boilerplate ("1 bilag, heraf 1 anbefales").

The rules live in `nlp.figures` as stages (candidates -> classification -> exclusions, see
`nlp/figures/rules.py`); their word lists and exclusion patterns are data files in
`nlp/data/statistics/` (a few closed-class phrases, such as the prepositions after a word of
change, stay next to the regex that uses them). This module is the spaCy component around
them: it finds the tokens that can start a number word by hash, runs the rules over
`doc.text`, turns what they find into `StatisticMention`s with their sentence and adds the
figure record (`nlp/figures/records.py`). Precision comes first: a bare number with no
unit, no counted noun and no approximation word is not reported.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime
from pathlib import Path

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc

from core.result import StatisticMention
from nlp.components.batching import BatchedPipe
from nlp.components.data_component import DataComponent
from nlp.components.sentences import sentence_starts
from nlp.extensions import PUBLISHED_KEY, doc_text, register_extensions
from nlp.figures.candidates import ARTICLES
from nlp.figures.lexicon import DATA_FILES, Lexicon
from nlp.figures.measures import MeasureLexicon
from nlp.figures.periods import dateline_date
from nlp.figures.records import FigureRecorder
from nlp.figures.rules import StatisticRules
from nlp.figures.subjects import Place

register_extensions()

DEFAULT_DATA_DIR = "data/statistics"  # relative to the nlp package; set in nlp/config.cfg


def published_date(doc: Doc, text: str) -> date | None:
    """The document's publication date: given by the caller (crawled and ingested documents,
    `extract --published`) in `doc.user_data`, else read from the text's dateline."""
    given = doc.user_data.get(PUBLISHED_KEY)
    if isinstance(given, datetime):
        return given.date()
    if isinstance(given, date):
        return given
    if isinstance(given, str) and given:
        return date.fromisoformat(given[:10])
    return dateline_date(text)


def _places(doc: Doc) -> list[Place]:
    """kv_kommuner's kommune and region mentions, in text order."""
    places = [Place(m.start, m.end, "kommune", m.code) for m in doc._.kommuner or []]
    places.extend(Place(m.start, m.end, "region", m.code) for m in doc._.regions or [])
    return sorted(places, key=lambda p: p.start)


class StatisticsComponent(DataComponent, BatchedPipe):
    """Sets `doc._.statistics` to a list of `StatisticMention`, sorted by start."""

    data_files = DATA_FILES

    def __init__(self, nlp: Language, name: str, *, data_dir: str = DEFAULT_DATA_DIR) -> None:
        self.name = name
        self.use_data(data_dir)

    def load_data(self, directory: Path, lexicon_dir: Path) -> None:
        self.rules = StatisticRules(Lexicon.load(directory))
        self.recorder = FigureRecorder(MeasureLexicon.load(directory / "measures.csv"))
        self.word_hashes = frozenset(hash_string(w) for w in self.rules.candidate_words())
        self.article_hashes = frozenset(hash_string(w) for w in ARTICLES)
        self.follower_hashes = frozenset(hash_string(w) for w in self.rules.article_followers())

    def _word_starts(self, doc: Doc) -> list[int]:
        """Character offsets of tokens that are number words, found by their lowercase hash.

        One `to_array` and a set look-up per token: for news-sized documents a list
        comprehension over the hashes is cheaper than a handful of numpy calls. "en"/"et" are
        mostly the article, so they count only before a word that can follow the number ("en
        million", "en tredjedel", "et ud af"), which the next token's hash tells."""
        lowers: list[int] = doc.to_array(LOWER).tolist()
        words = self.word_hashes
        if words.isdisjoint(lowers):
            return []
        articles, followers = self.article_hashes, self.follower_hashes
        last = len(lowers) - 1
        return [
            doc[i].idx
            for i, value in enumerate(lowers)
            if value in words and (value not in articles or (i < last and lowers[i + 1] in followers))
        ]

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        found = list(self.rules.find(text, self._word_starts(doc))) if text else []
        if not found:
            doc._.statistics = []
            return doc
        starts = sentence_starts(doc)
        mentions = []
        for item in sorted(found, key=lambda f: f.start):
            index = max(0, bisect_right(starts, item.start) - 1)
            sent_start = starts[index]
            next_start = starts[index + 1] if index + 1 < len(starts) else len(text)
            sent_end = sent_start + len(text[sent_start:next_start].rstrip())
            mentions.append(
                StatisticMention(
                    text=text[item.start : item.end],
                    start=item.start,
                    end=item.end,
                    kind=item.kind,
                    value=float(item.value),
                    value_max=item.value_max,
                    unit=item.unit,
                    approx=item.approx,
                    of=item.of,
                    sentence_start=sent_start,
                    sentence_end=max(sent_end, item.end),
                )
            )
        from_values = [item.from_value for item in sorted(found, key=lambda f: f.start)]
        doc._.statistics = self.recorder.record(
            text, mentions, from_values, _places(doc), published_date(doc, text)
        )
        return doc


@Language.factory(
    "kv_statistics", default_config={"data_dir": DEFAULT_DATA_DIR}, assigns=["doc._.statistics"]
)
def make_statistics(nlp: Language, name: str, data_dir: str) -> StatisticsComponent:
    """Factory named in pyproject's spacy_factories entry points."""
    return StatisticsComponent(nlp, name, data_dir=data_dir)
