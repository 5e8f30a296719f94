"""The word lists of kv_statistics, read once from `nlp/data/statistics/`, and the two regex
helpers every stage builds its patterns with.

The lists are data files so that a new unit, counted noun or change verb is a one-line edit;
`Lexicon` is a frozen snapshot of them, shared by all stages of `nlp.figures`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from nlp.wordlists import alternation, read_list
from nlp.wordlists import read_csv_rows as read_csv

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "statistics"
DATA_FILES = (
    "number_words.csv",
    "units.csv",
    "count_nouns.txt",
    "modifiers.txt",
    "approx.txt",
    "labels.txt",
    "stop_after.txt",
    "rank_words.txt",
    "excluded_patterns.txt",
    "subject_nouns.csv",
    "predicates.txt",
    "change_words.txt",
    "bare_context.csv",
    "measures.csv",
)
COMPOUND_TENS = (
    r"(?:en|to|tre|fire|fem|seks|syv|otte|ni)og(?:tyve|tredive|fyrre|halvtreds|tres|halvfjerds|firs|halvfems)"
)
W = "a-zæøåA-ZÆØÅ0-9_"  # word characters for look-arounds
# The rank words that "næst-" makes a second place ("næsthøjeste", "næststørste").
SUPERLATIVES = frozenset(
    {"bedste", "største", "mindste", "højeste", "laveste", "dårligste", "ringeste", "flest", "færrest"}
)


class PhraseBefore:
    """Finds which of a set of phrases ends right before an offset (followed by whitespace).

    The phrases are matched on the reversed text window, so one anchored `match` replaces a
    `$`-anchored search (which the regex engine tries at every position of the window) or a
    split-and-look-up of the last words: this runs several times for every candidate.
    """

    def __init__(self, phrases: Iterable[str], *, tail: str = r"\s+") -> None:
        reversed_phrases = {" ".join(p.split())[::-1] for p in phrases}
        phrase = alternation(reversed_phrases)
        self.pattern = re.compile(rf"{tail}(?P<phrase>{phrase})(?![{W}])", re.IGNORECASE)
        self.window = max((len(p) for p in reversed_phrases), default=0) + 12

    def start(self, text: str, end: int) -> int | None:
        """Start of the phrase that ends, followed by whitespace, right before `end`."""
        if end == 0 or not text[end - 1].isspace():
            return None
        window = text[max(0, end - self.window) : end][::-1]
        match = self.pattern.match(window)
        return None if match is None else end - match.end()


def word_end(phrase: str) -> str:
    """Lookahead that stops "pct" matching inside "pctx" but lets "kr." end anywhere."""
    return f"(?![{W}])" if phrase[-1:].isalnum() else ""


@dataclass(frozen=True)
class Lexicon:
    """Everything read from the data files."""

    cardinals: dict[str, float]
    ones: dict[str, float]
    multipliers: dict[str, float]
    ordinals: dict[str, int]
    fractions: dict[str, float]
    units: dict[str, tuple[str, str]]  # casefolded phrase -> (kind, unit)
    count_nouns: tuple[str, ...]
    modifiers: frozenset[str]
    approx: tuple[str, ...]
    labels: frozenset[str]
    stop_after: frozenset[str]
    rank_words: tuple[str, ...]
    excluded: tuple[str, ...]
    subjects: dict[str, str]  # casefolded form -> kind ("none": a look-alike, no subject)
    subject_compounds: tuple[tuple[str, str], ...]  # (form, kind) also matching as a word ending
    predicates: tuple[str, ...]
    change_words: tuple[str, ...]
    bare_context: dict[str, frozenset[str]]  # role -> words

    @classmethod
    def load(cls, directory: Path) -> Lexicon:
        groups: dict[str, dict[str, float]] = {}
        for word, value, kind in read_csv(directory / "number_words.csv"):
            groups.setdefault(kind, {})[word.casefold()] = float(value)
        ones = dict(groups.get("unit_one", {}))
        ones.update(groups.get("cardinal_mult_only", {}))
        subject_rows = read_csv(directory / "subject_nouns.csv")
        context_rows = read_csv(directory / "bare_context.csv")
        return cls(
            cardinals=groups.get("cardinal", {}),
            ones=ones,
            multipliers=groups.get("multiplier", {}),
            ordinals={k: int(v) for k, v in groups.get("ordinal", {}).items()},
            fractions=groups.get("fraction", {}),
            units={row[0].casefold(): (row[1], row[2]) for row in read_csv(directory / "units.csv")},
            count_nouns=tuple(w.casefold() for w in read_list(directory / "count_nouns.txt")),
            modifiers=frozenset(w.casefold() for w in read_list(directory / "modifiers.txt")),
            approx=tuple(w.casefold() for w in read_list(directory / "approx.txt")),
            labels=frozenset(w.casefold() for w in read_list(directory / "labels.txt")),
            stop_after=frozenset(w.casefold() for w in read_list(directory / "stop_after.txt")),
            rank_words=tuple(w.casefold() for w in read_list(directory / "rank_words.txt")),
            excluded=tuple(read_list(directory / "excluded_patterns.txt")),
            subjects={row[0].casefold(): row[1] for row in subject_rows},
            subject_compounds=tuple(
                sorted(
                    ((row[0].casefold(), row[1]) for row in subject_rows if row[2].strip() == "yes"),
                    key=lambda item: -len(item[0]),
                )
            ),
            predicates=tuple(w.casefold() for w in read_list(directory / "predicates.txt")),
            change_words=tuple(w.casefold() for w in read_list(directory / "change_words.txt")),
            bare_context={
                role: frozenset(row[0].casefold() for row in context_rows if row[1] == role)
                for role in ("auxiliary", "adverb", "conjunction")
            },
        )
