"""kv_sentences: rule-based sentence boundaries for Danish news, debate posts and minutes.

spaCy's blank Danish pipeline has no sentence boundaries, and a naive "period + space" rule
breaks on the abbreviations Danish texts are full of ("ca. 40", "bl.a.", "4,5 mio. kr.") and
on ordinals ("2. plads", "12. marts"). Minutes and scraped pages are also line-structured:
headings, list items and table rows are units of their own even without a final period.

The boundaries are found with a few compiled regexes over `doc.text` (character offsets),
then written to every token at once with `Doc.from_array`, so the cost stays far below the
tokenizer's. Every token gets `is_sent_start` set, so `doc.sents` works downstream.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from pathlib import Path
from typing import Any

import numpy as np
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from nlp.components.batching import BatchedPipe
from nlp.components.data_component import DataComponent
from nlp.extensions import doc_text, register_extensions
from nlp.wordlists import read_csv_rows

register_extensions()

ABBREVIATIONS_FILE = "abbreviations.csv"
DEFAULT_DATA_DIR = "data/sentences"  # relative to the nlp package; set in nlp/config.cfg

# Terminal punctuation, optional closing quotes/brackets, whitespace on the same line; the
# lookahead is checked in code (what follows decides).
_TERMINAL = re.compile(r"[.!?…]+[\"”«»'’)\]]*[ \u00a0]+(?=\S)")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_NEWLINE = re.compile(r"\n")
# A list item: bullet, dash, "1.", "1)", "a)" at the start of a line.
_LIST_ITEM = re.compile(r"[ \t]*(?:[-–—•*▪◦·●]|\d{1,3}[.)]|[a-zæøå][.)])[ \t]+\S")
_LINE_END_PUNCT = frozenset(".!?:;…\"”»«'’)")
_OPENERS = frozenset("\"“”»«„'‘([–—-")
_NON_SPACE = re.compile(r"\S")
_WORD_REVERSED = re.compile(r"[^\s(\[\"“”»«„']+")


def _word_before(text: str, end: int, limit: int = 40) -> str:
    """The word that ends at `end` (back to whitespace or an opening quote or bracket).

    One anchored match on the reversed window: a `[^\\s]+$` search would be tried at each of
    the 40 positions, and a character loop costs more than both."""
    window = text[max(0, end - limit) : end][::-1]
    match = _WORD_REVERSED.match(window)
    return match.group(0)[::-1] if match else ""


SENTENCE_STARTS_KEY = "kv_sentence_starts"
_STARTS_KEY = SENTENCE_STARTS_KEY


def sentence_starts(doc: Doc) -> list[int]:
    """Character offsets where the Doc's sentences start, sorted, beginning with 0.

    kv_sentences keeps the list it computed in `doc.user_data`, so later components find the
    sentence of an offset with `bisect` instead of reading `is_sent_start` off every token.
    Without kv_sentences the offsets are read from the tokens' sentence starts (one numpy pass);
    a Doc without sentence marks is one sentence.
    """
    cached = doc.user_data.get(_STARTS_KEY)
    if isinstance(cached, list):
        return cached
    if len(doc) == 0:
        return [0]
    table = doc.to_array([SENT_START, IDX]).astype(np.int64)
    starts = table[table[:, 0] == 1, 1].tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return starts


def load_abbreviations(path: Path) -> tuple[frozenset[str], frozenset[str]]:
    """Read the abbreviation table: (never ending, ending only before a capital)."""
    never: set[str] = set()
    can_end: set[str] = set()
    for row in read_csv_rows(path):
        if len(row) < 2 or not row[0].strip():
            continue
        abbreviation = row[0].strip().casefold()
        (can_end if row[1].strip().lower() == "yes" else never).add(abbreviation)
    return frozenset(never), frozenset(can_end)


class SentenceSegmenter(DataComponent, BatchedPipe):
    """Sets `token.is_sent_start` on every token from line structure and punctuation rules."""

    data_files = (ABBREVIATIONS_FILE,)

    def __init__(
        self, nlp: Language, name: str, *, heading_max_chars: int = 80, data_dir: str = DEFAULT_DATA_DIR
    ) -> None:
        self.name = name
        self.heading_max_chars = heading_max_chars
        self.use_data(data_dir)

    def load_data(self, data_dir: Path, lexicon_dir: Path) -> None:
        self.never_end, self.can_end = load_abbreviations(data_dir / ABBREVIATIONS_FILE)

    # --- spaCy component protocol ---------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            doc.user_data[_STARTS_KEY] = [0]
            return doc
        starts = np.full((len(doc), 1), -1, dtype=np.int64)
        char_starts = [0]
        offsets = self.boundaries(doc_text(doc))
        if offsets:
            # The token at or after each offset starts a sentence (a few bisects, no numpy
            # set operations: documents have tens of sentences, not thousands).
            token_starts: list[int] = doc.to_array(IDX).tolist()
            positions = [0]
            for offset in offsets:
                position = bisect_left(token_starts, offset)
                if position < len(token_starts) and position != positions[-1]:
                    positions.append(position)
                    char_starts.append(token_starts[position])
            starts[positions] = 1
        else:
            starts[0] = 1
        doc.user_data[_STARTS_KEY] = char_starts
        doc.from_array([SENT_START], starts.astype(np.uint64))  # type: ignore[arg-type]
        return doc

    # --- the rules ----------------------------------------------------------------------------

    def boundaries(self, text: str) -> list[int]:
        """Character offsets where a sentence starts (besides 0), sorted, no empty sentences."""
        found: set[int] = set()
        for match in _BLANK_LINE.finditer(text):
            found.add(match.end())
        for match in _NEWLINE.finditer(text):
            position = match.start()
            if self._line_break_ends(text, position):
                found.add(self._skip_space(text, position + 1))
        for match in _TERMINAL.finditer(text):
            if self._punctuation_ends(text, match.start(), match.end()):
                found.add(match.end())
        ordered: list[int] = []
        previous = 0
        length = len(text)
        for offset in sorted(found):
            # (a search for the first non-space character, not a copy of the whole sentence)
            if offset >= length or _NON_SPACE.search(text, previous, offset) is None:
                continue
            ordered.append(offset)
            previous = offset
        return ordered

    @staticmethod
    def _skip_space(text: str, position: int) -> int:
        length = len(text)
        while position < length and text[position].isspace():
            position += 1
        return position

    def _line_break_ends(self, text: str, position: int) -> bool:
        """Does the single line break at `position` end a sentence?"""
        line_start = text.rfind("\n", 0, position) + 1
        previous = text[line_start:position]
        next_end = text.find("\n", position + 1)
        following = text[position + 1 : len(text) if next_end == -1 else next_end]
        stripped_prev = previous.rstrip()
        stripped_next = following.lstrip()
        if not stripped_prev or not stripped_next:
            return True  # part of a blank line (handled there) or trailing whitespace
        if "\t" in previous or "\t" in following:
            return True  # table rows
        if _LIST_ITEM.match(following):
            return True
        if stripped_prev[-1] in _LINE_END_PUNCT:
            return True
        first = stripped_next[0]
        if first.islower():
            return False  # a wrapped line: the sentence goes on
        # A short line without final punctuation followed by a capital is a heading or a list
        # entry; a long one is a paragraph wrapped before a name ("... i Ballerup\nKommune").
        return len(stripped_prev) <= self.heading_max_chars or bool(_LIST_ITEM.match(previous))

    def _punctuation_ends(self, text: str, start: int, end: int) -> bool:
        """Does the terminal punctuation run text[start:end] end a sentence?"""
        following = text[end]
        if following in _OPENERS:
            after = text[end + 1 : end + 3].lstrip()
            following = after[:1] or following
        if not (following.isupper() or following.isdigit()):
            return False
        if text[start] != ".":
            return True  # ! ? …
        word = _word_before(text, start)
        if not word:
            return True
        token = (word + ".").casefold()
        if token in self.never_end:
            return False
        if token in self.can_end:
            return following.isupper()
        if len(word) == 1 and word.isupper():
            return False  # an initial: "Saime B. Inanc"
        if word.isdigit():
            # "1. Orienteringen ..." at the start of a line is a list number, not a sentence.
            line_start = text.rfind("\n", 0, start) + 1
            if not text[line_start : start - len(word)].strip():
                return False
            return following.isupper()
        # Unlisted dotted abbreviations such as "a.m.b.a." do not end a sentence either.
        return not ("." in word and word.replace(".", "").isalpha() and len(word) <= 6 and word.islower())


@Language.factory(
    "kv_sentences",
    default_config={"heading_max_chars": 80, "data_dir": DEFAULT_DATA_DIR},
    assigns=["token.is_sent_start"],
)
def make_sentences(nlp: Language, name: str, heading_max_chars: int, data_dir: str) -> SentenceSegmenter:
    """Factory named in pyproject's spacy_factories entry points."""
    return SentenceSegmenter(nlp, name, heading_max_chars=heading_max_chars, data_dir=data_dir)


def describe(doc: Doc) -> list[dict[str, Any]]:
    """Sentences as (start, end, text) rows: handy when debugging the rules."""
    return [{"start": s.start_char, "end": s.end_char, "text": s.text} for s in doc.sents]
