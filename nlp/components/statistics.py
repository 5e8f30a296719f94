"""kv_statistics: the figures a Danish text quotes, with kind, value, unit and approximation.

A fact-checker wants "knap 900 borgere", "2,5 pct.", "4,5 mio. kr.", "en 85. plads", "hver
tredje" and "tre ud af fire", and nothing of the many numbers that are not figures: dates,
times, years, case numbers, agenda points, rooms, grades, ages, titles, addresses, law
references and boilerplate ("1 bilag, heraf 1 anbefales").

How: one compiled regex finds the number-shaped candidates in `doc.text` (digits, number
words, ordinals, shares), one compiled regex marks the text where numbers are never figures
(dates, ages, case numbers ... from `excluded_patterns.txt`), and each remaining candidate is
classified from a few anchored regexes over the characters right before and after it. All
word lists are data files in `nlp/data/statistics/`. Only the candidates cost Python work,
so the component stays far cheaper than tokenizing. Precision comes first: a bare number
with no unit, no counted noun and no approximation word is not reported.
"""

from __future__ import annotations

import csv
import re
import shutil
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc

from nlp.components.batching import BatchedPipe
from nlp.components.sentences import sentence_starts
from nlp.danish_numbers import is_year, parse_digits, parse_words
from nlp.extensions import doc_text, register_extensions
from nlp.result import StatisticKind, StatisticMention
from nlp.wordlists import read_list

register_extensions()

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
)
_COMPOUND_TENS = (
    r"(?:en|to|tre|fire|fem|seks|syv|otte|ni)og(?:tyve|tredive|fyrre|halvtreds|tres|halvfjerds|firs|halvfems)"
)
_W = "a-zæøåA-ZÆØÅ0-9_"  # word characters for look-arounds
_BEST_TAILS = ("blandt", "af", "de", "alle", "landets", "danmarks", "regionens")
_ARTICLES = ("en", "et", "én", "ét")
_STRONG_KINDS = frozenset({"percent", "percentage_points", "money"})
_DIGITS = re.compile(r"\d+")
# Where a digits candidate can start (the look-behind of the `digits` atom).
# (The look-behind comes after the digit so that the regex engine can skip to digits fast.)
_DIGIT_START = re.compile(rf"\d(?<![{_W}.,/:\-–]\d)")
_SPACE = re.compile(r"\s")
# What must follow a four-digit year-like number for it to be a figure ("2000 kr.", "1990 borgere").
_AFTER_YEAR_FIGURE = re.compile(r"[ \t]*[%€]|[ \t]+[a-zæøå]")
_TOKEN_START = re.compile(r"(?<!\w)\w|[^\w\s]")
_WORD = re.compile(r"[^\s(\[\"“”»«„']+")


# --- data ---------------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(line for line in handle if line.strip() and not line.startswith("#")))
    return [row for row in rows[1:] if row]


def _alternation(phrases: Iterable[str]) -> str:
    """Regex alternation, longest first, whitespace in phrases matching any whitespace."""
    unique = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join(r"\s+".join(re.escape(part) for part in p.split()) for p in unique)


class _PhraseBefore:
    """Finds which of a set of phrases ends right before an offset (followed by whitespace).

    The phrases are matched on the reversed text window, so one anchored `match` replaces a
    `$`-anchored search (which the regex engine tries at every position of the window) or a
    split-and-look-up of the last words: this runs several times for every candidate.
    """

    def __init__(self, phrases: Iterable[str], *, tail: str = r"\s+") -> None:
        reversed_phrases = sorted({" ".join(p.split())[::-1] for p in phrases}, key=lambda p: (-len(p), p))
        alternation = "|".join(r"\s+".join(re.escape(part) for part in p.split()) for p in reversed_phrases)
        self.pattern = re.compile(rf"{tail}(?P<phrase>{alternation})(?![{_W}])", re.IGNORECASE)
        self.window = max((len(p) for p in reversed_phrases), default=0) + 12

    def start(self, text: str, end: int) -> int | None:
        """Start of the phrase that ends, followed by whitespace, right before `end`."""
        if end == 0 or not text[end - 1].isspace():
            return None
        window = text[max(0, end - self.window) : end][::-1]
        match = self.pattern.match(window)
        return None if match is None else end - match.end()


def _word_end(phrase: str) -> str:
    """Lookahead that stops "pct" matching inside "pctx" but lets "kr." end anywhere."""
    return f"(?![{_W}])" if phrase[-1:].isalnum() else ""


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
        for word, value, kind in _read_csv(directory / "number_words.csv"):
            groups.setdefault(kind, {})[word.casefold()] = float(value)
        ones = dict(groups.get("unit_one", {}))
        ones.update(groups.get("cardinal_mult_only", {}))
        subject_rows = _read_csv(directory / "subject_nouns.csv")
        context_rows = _read_csv(directory / "bare_context.csv")
        return cls(
            cardinals=groups.get("cardinal", {}),
            ones=ones,
            multipliers=groups.get("multiplier", {}),
            ordinals={k: int(v) for k, v in groups.get("ordinal", {}).items()},
            fractions=groups.get("fraction", {}),
            units={row[0].casefold(): (row[1], row[2]) for row in _read_csv(directory / "units.csv")},
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


# --- the rules ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Noun:
    word: str
    mods: list[str]
    end: int


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    kind: StatisticKind
    value: float
    value_max: float | None = None
    unit: str | None = None
    approx: bool = False
    of: float | None = None
    then: _Found | None = None  # a second figure found together with this one


class StatisticRules:
    """The compiled patterns and the classification of one candidate at a time."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        cardinal = f"(?:{_COMPOUND_TENS}|{_alternation(lexicon.cardinals)})"
        big = "(?:hundrede|tusinde?)"
        self.word_number = rf"(?:{cardinal}(?:\s+{big}(?:\s+og\s+{cardinal})?)?)"
        multiplier = "|".join(
            f"(?:{re.escape(m)}{_word_end(m)})" for m in sorted(lexicon.multipliers, key=lambda m: -len(m))
        )
        ordinal = _alternation(lexicon.ordinals)
        fraction = _alternation(lexicon.fractions)
        ones = _alternation(lexicon.ones)
        self.atoms = re.compile(
            rf"(?<![{_W}.,/:\-–])(?P<digits>\d+(?:[.,:/]\d+)*)(?![{_W}])"
            rf"|(?i:(?<![{_W}\-])(?P<frac>{fraction}|hver\s+(?:{ordinal}|\d+\.)|(?:en|et|én|ét)(?=\s+ud\s+af\s))(?![{_W}]))"
            rf"|(?i:(?<![{_W}\-])(?P<one>(?:{ones})(?=\s+(?:{multiplier}))))"
            rf"|(?i:(?<![{_W}\-])(?P<word>{self.word_number})(?![{_W}]))"
            rf"|(?i:(?<![{_W}\-])(?P<ord>{ordinal})(?![{_W}]))"
        )
        # Patterns that begin with the number itself are tried only where a digit run starts;
        # the others (they begin with "kl.", "§", a street name ...) are searched near candidates.
        digit_first = [p for p in lexicon.excluded if re.match(r"(?:\\b)?\\d", p)]
        word_first = [p for p in lexicon.excluded if p not in digit_first]
        flags = re.IGNORECASE | re.MULTILINE
        self.excluded_at_digit = re.compile("|".join(f"(?:{p})" for p in digit_first) or "(?!)", flags)
        self.excluded_near = re.compile("|".join(f"(?:{p})" for p in word_first) or "(?!)", flags)
        number = rf"(?:\d+(?:[.,]\d+)*|{self.word_number})"
        self.multiplier = re.compile(rf"\s*(?P<mult>{multiplier})", re.IGNORECASE)
        self.range = re.compile(rf"\s*(?:-|–|til)\s*(?P<num>{number})(?![{_W}.,]\d)", re.IGNORECASE)
        self.range_and = re.compile(rf"\s+og\s+(?P<num>{number})(?![{_W}])", re.IGNORECASE)
        spaced = r"\s*"
        unit_alts = "|".join(
            "(?:" + spaced.join(re.escape(part) for part in phrase.split()) + _word_end(phrase) + ")"
            for phrase in sorted(lexicon.units, key=lambda p: -len(p))
        )
        self.unit = re.compile(rf"\s*(?P<unit>{unit_alts})", re.IGNORECASE)
        self.currency_before = re.compile(r"(?:^|[^\w])(?:kr\.?|dkk)\s*$", re.IGNORECASE)
        self.next_word = re.compile(r"[ \t]+(?P<noun>[a-zæøå][a-zæøå\-]*[a-zæøå])")
        self.comparative = re.compile(r"[ \t]+(?P<cmp>færre|flere)(?![\wæøå])")
        # "om året", "pr. dag", "i timen"; not "i dag" / "i år" (today, this year).
        self.rate = re.compile(
            r"[ \t]+(?:(?:om|pr\.?|per|i)[ \t]+(?:dagen|døgnet|ugen|måneden|året|timen)"
            r"|(?:pr\.?|per)[ \t]+(?:dag|døgn|uge|måned|år|time))(?![\wæøå])",
            re.IGNORECASE,
        )
        self.out_of = re.compile(
            rf"\s+(?:ud\s+af|af|blandt|over)\s+(?:de\s+|alle\s+|landets\s+|danmarks\s+|regionens\s+)?"
            rf"(?P<num>\d+(?:\.\d{{3}})*|{self.word_number})(?![{_W}.,]\d)",
            re.IGNORECASE,
        )
        self.ud_af = re.compile(
            rf"\s+ud\s+af\s+(?P<num>\d+(?:\.\d{{3}})*|{self.word_number})(?![{_W}])", re.IGNORECASE
        )
        self.rank_after = re.compile(
            rf"\s*-?\s*(?:{_alternation(lexicon.rank_words)})(?![{_W}])", re.IGNORECASE
        )
        self.rank_after_word = re.compile(
            rf"\s+(?:{_alternation(lexicon.rank_words)})(?![{_W}])", re.IGNORECASE
        )
        self.approx = _PhraseBefore(lexicon.approx)
        self.total_before = _PhraseBefore(
            ("i alt", "i alt er", "samlet", "yderligere", "heraf", "hele", "kun", "blot")
        )
        # "Antallet steg til 340", "Tallet kan stige til 450": a bare number after a word of
        # change and its preposition is a figure.
        self.change_prep = _PhraseBefore(("med", "til", "fra", "på", "op på", "ned på", "op til", "ned til"))
        self.change = _PhraseBefore(lexicon.change_words)
        # "Antallet af elever er 3.212", "var befolkningen 52.000", "et gennemsnit på 7,4".
        self.predicate = _PhraseBefore(lexicon.predicates)
        self.adverb = _PhraseBefore(lexicon.bare_context["adverb"])
        self.link = _PhraseBefore(("på", "oppe på", "nede på", "op på", "ned på"))
        self.from_to_left = re.compile(
            r"(?<![\w])fra\s+\d+(?:[.,]\d+)*(?:\s+[a-zæøå.]+){0,3}?\s+(?:i\s+\d{4}\s+)?$", re.IGNORECASE
        )
        self.word_left = re.compile(r"[^\s(\[\"“”»«„']+")
        self.clause_break = re.compile(r"[.!?;:\n](?:\s|$)")
        self.kroner = re.compile(r"(?<![\w])(?:kr\.|kroner|kr(?![\w])|dkk)", re.IGNORECASE)
        # What may follow a bare figure: punctuation, the end, or a word that cannot be its unit.
        self.bare_follow = re.compile(
            r"\s*(?:[.,;:)!?]|$)|[ \t]+(?:i|mod|og|men|hvilket|hvor|sidste|ifølge|efter|om|ved|pr\.?|per|"
            r"end|som|siden|samt|eller|for)(?![\wæøå])",
            re.IGNORECASE,
        )
        self.range_start = re.compile(r"(?:^|[^\w])(?P<word>fra|mellem)\s+$", re.IGNORECASE)
        self.top_before = re.compile(rf"(?:^|[^{_W}])top[ \t]*-?[ \t]*$", re.IGNORECASE)
        self.number_before = re.compile(rf"(?:^|[^{_W}])(?:nummer|nr\.?)[ \t]*$", re.IGNORECASE)
        self.placement_verb = re.compile(
            r"(?:^|[^\w])(?:er|var|blev|bliver|ligger|lå|endte|ender|sluttede|havnede|kom\s+ind\s+som|"
            r"kommer\s+ind\s+som|placeret\s+som|rykker\s+op\s+som|som|på\s+en)\s+(?:nr\.?|nummer)[ \t]*$",
            re.IGNORECASE,
        )
        self.placement_after = re.compile(
            r"\s+(?:i\s+landet|i\s+danmark|i\s+regionen|blandt|ud\s+af|af\s+de|over|på\s+listen|på\s+ranglisten)(?![\wæøå])",
            re.IGNORECASE,
        )
        self.best_among = re.compile(
            rf"(?:^|[^{_W}])(?P<best>bedst|bedste|dårligst|dårligste|ringest|ringeste)\s+(?:blandt|af|ud\s+af)\s+"
            rf"(?:de\s+|alle\s+|landets\s+|danmarks\s+|regionens\s+)?$",
            re.IGNORECASE,
        )
        # The word before trailing blanks, matched on the reversed text (see `_PhraseBefore`).
        self.word_before_reversed = re.compile(r"\n?[ \t]+(?P<word>[^\s(\[\"“”»«„']+)")
        self.ordinal_period = re.compile(r"\.[ \t]*(?=[a-zæøå0-9]|-)")
        self.line_start = re.compile(r"(?:^|\n)[ \t]*$")

    # --- helpers --------------------------------------------------------------------------

    def number_value(self, text: str) -> float | None:
        if text[:1].isdigit():
            return parse_digits(text)
        return parse_words(text, self.lex.cardinals)

    def is_count_noun(self, noun: str) -> bool:
        word = noun.casefold()
        if word.endswith("s") and len(word) > 4:
            word_plain = word[:-1]  # genitive: "25 timers undervisning"
            if word_plain.endswith(self.lex.count_nouns):
                return True
        return word.endswith(self.lex.count_nouns)

    def noun_after(self, text: str, pos: int) -> _Noun | None:
        """The lowercase word after `pos`, skipping up to two modifiers ("to ekstra sagsbehandlere")."""
        mods: list[str] = []
        while True:
            match = self.next_word.match(text, pos)
            if match is None:
                return None
            word = match.group("noun")
            if len(mods) < 2 and word.casefold() in self.lex.modifiers:
                follow = self.next_word.match(text, match.end())
                if follow is not None and follow.group("noun").casefold() not in self.lex.stop_after:
                    mods.append(word)
                    pos = match.end()
                    continue
            return _Noun(word, mods, match.end())

    def approx_left(self, text: str, start: int) -> int | None:
        """Start of an approximation phrase ("cirka", "knap", "op til") right before `start`."""
        return self.approx.start(text, start)

    def has_approx(self, left: str) -> bool:
        return self.approx.start(left, len(left)) is not None

    def word_before(self, left: str) -> tuple[str, int] | None:
        """The word that `left` ends with before its trailing blanks, and where it starts."""
        match = self.word_before_reversed.match(left[::-1])
        if match is None:
            return None
        return match.group("word")[::-1], len(left) - match.end()

    def subject_kind(self, word: str) -> str | None:
        """The kind a quantity noun gives its figure ("antallet" -> count), or None."""
        folded = word.casefold()
        kind = self.lex.subjects.get(folded)
        if kind is None:
            for form, compound_kind in self.lex.subject_compounds:
                if folded.endswith(form):
                    kind = compound_kind
                    break
        return None if kind == "none" else kind

    def _words_before(self, text: str, end: int, limit: int = 90) -> list[re.Match[str]]:
        """The words of the clause that ends at `end`, nearest last (clause: back to . ! ? ; :)."""
        begin = max(0, end - limit)
        breaks = [m.end() for m in self.clause_break.finditer(text, begin, end)]
        return list(self.word_left.finditer(text, breaks[-1] if breaks else begin, end))

    def _subject_in_clause(self, text: str, end: int) -> str | None:
        """Kind from the quantity noun that is the subject of the clause ending at `end`.

        Looks back at most eight words, and stops at a conjunction or another verb: in "Antallet
        steg, men skolen er 3" the 3 is not the count."""
        words = self._words_before(text, end)
        for match in reversed(words[-8:]):
            word = match.group(0).strip(",").casefold()
            kind = self.subject_kind(word)
            if kind is not None:
                return kind
            if word in self.lex.bare_context["auxiliary"]:
                continue
            if (
                word in self.lex.bare_context["conjunction"]
                or word in self.lex.predicates
                or word in self.lex.change_words
            ):
                return None
        return None

    def _change_before_from(self, text: str, til: int) -> int | None:
        """Start of the word of change in "steg fra 120 i 2022 til": the "til" figure of a
        change whose "fra" figure has a year or a short phrase after it."""
        match = self.from_to_left.search(text, max(0, til - 40), til)
        if match is None:
            return None
        return self.change.start(text, match.start())

    def bare_kind(self, text: str, start: int, value: float) -> StatisticKind | None:
        """Kind of a number with no unit and no counted noun, or None if it is no figure.

        It is one when a word of change or a quantity noun with its verb comes right before:
        "steg til 450", "Antallet af elever er 3.212", "var befolkningen 52.000", "et
        gennemsnit på 7,4". The quantity noun decides the kind (count by default)."""
        kind: str | None = None
        prep = self.change_prep.start(text, start)
        change = self.change.start(text, prep) if prep is not None else None
        if change is None and prep is not None and text[prep : prep + 3].casefold() == "til":
            change = self._change_before_from(text, prep)  # "steg fra 120 i 2022 til 180"
        if change is not None:
            kind = self._subject_in_clause(text, change) or "count"
        else:
            pos = start
            for _ in range(3):  # "er nu 40", "er i dag samlet 40", "ligger nu på 40"
                skip = self.adverb.start(text, pos)
                if skip is None:
                    skip = self.link.start(text, pos)
                if skip is None:
                    break
                pos = skip
            words = self._words_before(text, pos, 40)
            last = words[-1].group(0) if words else ""
            before_last = words[-2].group(0) if len(words) > 1 else ""
            verb = self.predicate.start(text, pos)
            if pos != start and text[pos:start].split()[-1].casefold() == "på":
                words = self._words_before(text, start, 40)  # "et gennemsnit på 7,4"
                last = words[-1].group(0) if words else ""
                before_last = words[-2].group(0) if len(words) > 1 else ""
            if last.casefold() == "på" and before_last and self.subject_kind(before_last):
                kind = self.subject_kind(before_last)  # "et gennemsnit på 7,4"
            elif (
                last
                and self.subject_kind(last)
                and (
                    before_last.casefold() == "i" or self.predicate.start(text, words[-1].start()) is not None
                )
            ):
                kind = self.subject_kind(last)  # "var antallet 3.212", "i gennemsnit 7,4"
            elif verb is not None:
                kind = self._subject_in_clause(text, verb)
        if kind is None:
            return None
        if kind == "money_if_kr":
            sentence_begin = max(0, start - 200)
            sentence_end = min(len(text), start + 200)
            kind = "money" if self.kroner.search(text, sentence_begin, sentence_end) else "count"
        if kind == "percent" and value > 100:
            return None
        if kind == "count" and not value.is_integer():
            return "other"  # "Nøgletallet er 1,4": a measured ratio, not a number of things
        return kind  # type: ignore[return-value]

    # --- classification -------------------------------------------------------------------

    def candidate_words(self) -> frozenset[str]:
        """Lowercase tokens that can start a word candidate (the component finds them by hash)."""
        units = ("en", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni")
        tens = ("tyve", "tredive", "fyrre", "halvtreds", "tres", "halvfjerds", "firs", "halvfems")
        words = {f"{u}og{t}" for u in units for t in tens}
        words.update(self.lex.cardinals, self.lex.ordinals, self.lex.ones)
        words.update(phrase.split()[0] for phrase in self.lex.fractions)
        words.update({"hver", *_ARTICLES})
        return frozenset(words)

    def article_followers(self) -> frozenset[str]:
        """Lowercase tokens after which "en"/"et" can be a number: "ud" (af), the second word
        of a fraction ("en tredjedel") and the multipliers ("en million")."""
        words = {"ud"}
        words.update(phrase.split()[1] for phrase in self.lex.fractions if len(phrase.split()) > 1)
        words.update(self.lex.multipliers)
        words.update(m.rstrip(".") for m in self.lex.multipliers)
        return frozenset(words)

    def find(self, text: str, word_starts: Iterable[int] | None = None) -> Iterator[_Found]:
        """Statistics in `text`. `word_starts`: offsets of tokens in `candidate_words()`;
        without it the candidate regex scans the whole text (slower, same result)."""
        if word_starts is None:
            matches: Iterable[re.Match[str]] = self.atoms.finditer(text)
        else:
            positions = [m.start() for m in _DIGIT_START.finditer(text)]
            positions = sorted(positions + list(word_starts)) if word_starts else positions
            matches = (m for m in map(lambda pos: self.atoms.match(text, pos), positions) if m is not None)
        blocked = _LazyExclusions(self.excluded_at_digit, self.excluded_near, text)
        consumed = 0
        for match in matches:
            start, end = match.span()
            if start < consumed:
                continue
            # Classify first: most candidates are no figure, and the exclusion test (dates,
            # ages, case numbers ...) then runs only for the few that are. A figure always
            # covers its candidate, so testing the figure's span also tests the candidate.
            found = self._classify(text, match)
            if found is None:
                continue
            then, found.then = found.then, None
            if blocked.overlaps(found.start, found.end):
                continue  # e.g. "40-45 år": the number is clear but what follows makes it an age
            if then is not None and blocked.overlaps(then.start, then.end):
                then = None
            consumed = found.end
            yield found
            if then is not None:
                consumed = then.end
                yield then

    def _classify(self, text: str, match: re.Match[str]) -> _Found | None:
        group = match.lastgroup
        if group == "frac":
            return self._share(text, match)
        if group == "ord":
            return self._ordinal_word(text, match)
        if group == "one":
            value = self.lex.ones.get(match.group(0).casefold())
            return None if value is None else self._cardinal(text, match, value)
        value = self.number_value(match.group(0))
        if value is None:
            return None
        if group == "digits" and text[match.end() : match.end() + 1] == "." and self._is_ordinal(text, match):
            return self._ordinal_digits(text, match, value)
        return self._cardinal(text, match, value)

    def _is_ordinal(self, text: str, match: re.Match[str]) -> bool:
        """ "2. plads", "12. marts", a list number "1." at line start; not "... steg til 40."."""
        end = match.end()
        if self.ordinal_period.match(text, end):
            return True
        return bool(self.line_start.search(text, max(0, match.start() - 20), match.start()))

    def _ordinal_digits(self, text: str, match: re.Match[str], value: float) -> _Found | None:
        rank = self.rank_after.match(text, match.end() + 1)
        if rank is None:
            return None  # dates, grades, titles, list numbers
        return self._rank(text, match.start(), rank.end(), value)

    def _ordinal_word(self, text: str, match: re.Match[str]) -> _Found | None:
        rank = self.rank_after_word.match(text, match.end())
        if rank is None:
            return None  # "for første gang", "anden behandling"
        value = self.lex.ordinals[match.group(0).casefold()]
        return self._rank(text, match.start(), rank.end(), value)

    def _rank(self, text: str, start: int, end: int, value: float) -> _Found:
        of = None
        out_of = self.out_of.match(text, end)
        if out_of:
            of = self.number_value(out_of.group("num"))
            if of is not None:
                end = self._extend_noun(text, out_of.end())
        approx = self.approx_left(text, start)
        return _Found(
            approx if approx is not None else start,
            end,
            "rank",
            value,
            unit="plads",
            approx=approx is not None,
            of=of,
        )

    def _extend_noun(self, text: str, end: int) -> int:
        noun = self.next_word.match(text, end)
        if noun and noun.group("noun").casefold() not in self.lex.stop_after:
            return noun.end()
        return end

    def _share(self, text: str, match: re.Match[str]) -> _Found | None:
        phrase = " ".join(match.group(0).casefold().split())
        start, end = match.span()
        if phrase in ("en", "et", "én", "ét"):
            out_of = self.ud_af.match(text, end)
            denominator = self.number_value(out_of.group("num")) if out_of else None
            if not denominator or not out_of:
                return None
            return self._found_share(
                text, start, self._extend_noun(text, out_of.end()), 100 / denominator, denominator
            )
        if phrase.startswith("hver"):
            word = phrase.split()[-1]
            n = self.lex.ordinals.get(word) or parse_digits(word.rstrip("."))
            if not n or n < 2:
                return None
            return self._found_share(text, start, self._extend_noun(text, end), 100 / n, None)
        value = self.lex.fractions.get(phrase)
        if value is None:
            return None
        return self._found_share(text, start, end, value, None)

    def _found_share(self, text: str, start: int, end: int, value: float, of: float | None) -> _Found:
        approx = self.approx_left(text, start)
        return _Found(
            approx if approx is not None else start,
            end,
            "percent",
            round(value, 1),
            unit="andel",
            approx=approx is not None,
            of=of,
        )

    def _cardinal(self, text: str, match: re.Match[str], value: float) -> _Found | None:
        start, end = match.span()
        raw = match.group(0)
        is_digits = raw[:1].isdigit()
        if is_digits and is_year(raw) and not _AFTER_YEAR_FIGURE.match(text, end):
            return None  # "i 2019.", "2018-2019": a year is a figure only with a unit or noun after it
        left = text[max(0, start - 60) : start]

        # Ranks written with cardinals: "top 5", "nummer 12 i landet", "bedst blandt landets 98".
        # (The `endswith` tests are cheap guards before the `$`-anchored searches.)
        left_tail = left[-14:].rstrip().casefold()
        if "top" in left_tail[-6:] and self.top_before.search(left):
            top = re.search(r"top[ \t]*-?[ \t]*$", left, re.IGNORECASE)
            rank_start = start - (len(left) - top.start()) if top else start
            tail = re.match(r"-[a-zæøå]+", text[end : end + 30])
            return self._rank(text, rank_start, end + (tail.end() if tail else 0), value)
        if left_tail.endswith(("nummer", "nr.", "nr")) and self.number_before.search(left):
            return self._numbered_rank(text, left, start, end, value)
        best = self.best_among.search(left) if left_tail.endswith(_BEST_TAILS) else None
        if best:
            best_start = start - (len(left) - best.start("best"))
            rank_value = 1.0 if best.group("best").casefold().startswith("bedst") else value
            return _Found(
                best_start, self._extend_noun(text, end), "rank", rank_value, unit="plads", of=value
            )

        # What follows: multiplier, range, unit.
        pos = end
        multiplier = 1.0
        mult = self.multiplier.match(text, pos)
        if mult:
            multiplier = self.lex.multipliers[mult.group("mult").casefold()]
            pos = mult.end()
        value_max = None
        then: _Found | None = None  # the second figure of "steg fra 6,8 til 7,1"
        first_end = pos
        range_start = self.range_start.search(left) if left_tail.endswith(("fra", "mellem")) else None
        second = self.range.match(text, pos)
        if second is None and range_start and range_start.group("word").casefold() == "mellem":
            second = self.range_and.match(text, pos)
        if second:
            upper = self.number_value(second.group("num"))
            if is_digits and is_year(raw):
                return None  # periods: 2018-2019, 2023-24
            if upper is not None and self._change_from_to(text, start, left, range_start, second):
                then = _Found(second.start("num"), second.end(), "count", upper)
                pos = second.end()
                mult2 = self.multiplier.match(text, pos)
                if mult2:
                    multiplier = self.lex.multipliers[mult2.group("mult").casefold()]
                    pos = mult2.end()
            elif upper is not None and upper > value:
                value_max = upper
                pos = second.end()
                mult2 = self.multiplier.match(text, pos)
                if mult2:
                    multiplier = self.lex.multipliers[mult2.group("mult").casefold()]
                    pos = mult2.end()
        kind: StatisticKind | None = None
        unit: str | None = None
        of: float | None = None
        unit_match = self.unit.match(text, pos)
        if unit_match:
            kind_name, unit = self.lex.units[" ".join(unit_match.group("unit").casefold().split())]
            kind = kind_name  # type: ignore[assignment]
            pos = unit_match.end()
        elif left_tail.endswith(("kr.", "kr", "dkk")) and self.currency_before.search(left):
            kind, unit = "money", "kr."
            start = start - (len(left) - self.currency_before.search(left).start())  # type: ignore[union-attr]
            start = start + (1 if not text[start].isalnum() else 0)
        elif multiplier >= 1_000_000:
            noun = self.noun_after(text, pos)
            if noun and self.is_count_noun(noun.word):
                kind, unit, pos = "count", noun.word, noun.end
            else:
                kind, unit = "money", None  # "tre milliarder" in news is kroner
        if kind is None:
            ratio = self.ud_af.match(text, pos)
            if ratio:
                denominator = self.number_value(ratio.group("num"))
                if denominator:
                    pos = self._extend_noun(text, ratio.end())
                    if denominator <= 10 or not ratio.group("num")[:1].isdigit():
                        return self._found_share(text, start, pos, value / denominator * 100, denominator)
                    kind, of = "count", denominator
        if kind is None:
            kind, unit, pos = self._count(text, start, pos, value, is_digits, left)
        if kind is None:
            return None
        counted = kind == "count" and (
            unit is None
            and self.comparative.match(text, end) is not None
            or unit is not None
            and self.is_count_noun(unit)
        )
        if kind not in _STRONG_KINDS and not self._plausible_identifier_free(
            left, raw, is_digits, unit, counted
        ):
            return None
        approx_start = self.approx_left(text, start)
        if approx_start is not None:
            start = approx_start
        elif range_start and value_max is not None:
            start -= len(left) - range_start.start("word")
        if then is not None:
            then.end, then.kind, then.unit, then.value = pos, kind, unit, then.value * multiplier
            return _Found(
                start, first_end, kind, value * multiplier, None, unit, approx_start is not None, of, then
            )
        return _Found(
            start,
            pos,
            kind,
            value * multiplier,
            value_max * multiplier if value_max is not None else None,
            unit,
            approx_start is not None,
            of,
        )

    def _change_from_to(
        self, text: str, start: int, left: str, range_start: re.Match[str] | None, second: re.Match[str]
    ) -> bool:
        """ "steg fra 6,8 til 7,1" names two figures, a before and an after; "fra 40 til 45
        borgere" without a word of change stays a range."""
        if range_start is None or range_start.group("word").casefold() != "fra":
            return False
        if not second.group(0).lstrip().casefold().startswith("til") or is_year(second.group("num")):
            return False
        fra_start = start - (len(left) - range_start.start("word"))
        return self.change.start(text, fra_start) is not None

    def _count(
        self, text: str, start: int, pos: int, value: float, is_digits: bool, left: str
    ) -> tuple[StatisticKind | None, str | None, int]:
        """A count from what follows the number: a counted noun, "færre"/"flere", a rate."""
        comparative = self.comparative.match(text, pos)
        if comparative:
            noun = self.next_word.match(text, comparative.end())
            if noun and self.is_count_noun(noun.group("noun")):
                return "count", noun.group("noun"), noun.end()
            return "count", None, comparative.end()
        found = self.noun_after(text, pos)
        if found and found.word.casefold() not in self.lex.stop_after:
            if self.is_count_noun(found.word):
                return "count", found.word, found.end
            if is_digits or self.has_approx(left):
                kind, unit, end = self._measure_or_count(found.word, found.end)
                if kind is not None:
                    return kind, unit, end
        rate = self.rate.match(text, pos)
        if rate and (is_digits or self.has_approx(left)):
            return "count", None, rate.end()
        approx = self.approx.start(text, start)
        num_start = start if approx is None else approx
        if approx is not None or self.total_before.start(text, num_start) is not None:
            following = text[pos : pos + 3]
            if not following[:2].strip() or following[:1] in ".,;:)" or following == " i ":
                return self.bare_kind(text, num_start, value) or "count", None, pos
        if self.bare_follow.match(text, pos):
            kind = self.bare_kind(text, num_start, value)
            if kind is not None:
                return kind, None, pos
        return None, None, pos

    def _measure_or_count(self, word: str, end: int) -> tuple[StatisticKind | None, str | None, int]:
        lowered = word.casefold()
        if len(lowered) < 3 or lowered in self.lex.stop_after:
            return None, None, end
        if lowered.endswith(("es", "et", "ede", "te")) and not self.is_count_noun(lowered):
            return None, None, end  # verb forms and singular definites: "heraf 1 anbefales"
        return "count", word, end

    def _numbered_rank(self, text: str, left: str, start: int, end: int, value: float) -> _Found | None:
        """ "nummer 12 i landet" is a rank; "lov nr. 548", "sag nummer 4" are identifiers."""
        marker = re.search(r"(?:nummer|nr\.?)[ \t]*$", left, re.IGNORECASE)
        if marker is None:
            return None
        before_marker = left[: marker.start()]
        label = self.word_before(before_marker)
        if label and label[0].casefold().rstrip(",") in self.lex.labels:
            return None
        is_nr = not marker.group(0).casefold().startswith("nummer")
        if is_nr and not (self.placement_verb.search(left) or self.placement_after.match(text, end)):
            return None
        if not is_nr and label and label[0][:1].isupper() and not self.placement_after.match(text, end):
            return None  # "Sag nummer 4", "Hus nummer 3"
        rank_start = start - (len(left) - marker.start())
        found = self._rank(text, rank_start, end, value)
        placement = self.placement_after.match(text, found.end)
        if placement and found.of is None and re.match(r"\s+i\s+", placement.group(0)):
            found.end = placement.end()
        return found

    def _plausible_identifier_free(
        self, left: str, raw: str, is_digits: bool, unit: str | None, counted: bool
    ) -> bool:
        """Reject numbers that name things: "Lokale 29", "Punkt 3", "Vej 7", years."""
        if is_digits and is_year(raw) and not (unit and self.is_count_noun(unit)):
            return False
        before = self.word_before(left)
        if before is None:
            return True
        word, word_start = before
        folded = word.casefold()
        if folded in self.lex.labels or folded.rstrip(":") in self.lex.labels:
            return False
        if word[:1].isupper() and is_digits and not counted:
            # A capitalised word right before a number is a name ("Hold-An Vej 7", "Windows 10")
            # unless it is an ordinary word that starts a sentence ("Cirka 10", "Kun 5").
            if self.has_approx(left) or self.total_before.start(left, len(left)) is not None:
                return True
            sentence_start = left[:word_start].rstrip()
            return not sentence_start or sentence_start[-1] in '.!?:\n–-"”»«'
        return True


class _LazyExclusions:
    """Where numbers are never figures, computed only around figures and only once.

    Scanning the whole text with the exclusion patterns would cost as much as tokenizing;
    figures are sparse, so the patterns are tried only at the starts that can reach a figure:
    digit runs up to BEFORE characters before it (dates, ages, case numbers begin with the
    number) and word or symbol starts up to KEYWORD_BEFORE characters before it ("kl.", "§",
    "Vej", "lov nr."), moving forward through the text.
    """

    BEFORE = 50  # a phrase that begins with a number starts at most this far before the figure
    KEYWORD_BEFORE = 30  # a phrase that begins with a keyword starts at most this far before

    def __init__(self, at_digit: re.Pattern[str], near: re.Pattern[str], text: str) -> None:
        self.at_digit = at_digit
        self.near = near
        self.text = text
        self.covered = 0  # every start before this offset has been tried
        self.starts: list[int] = []
        self.ends: list[int] = []

    def _cover(self, start: int, end: int) -> None:
        if end <= self.covered:
            return
        text = self.text
        found = []
        # Keyword phrases start where a word or a symbol starts: trying them only there is much
        # cheaper than letting the regex engine try the whole alternation at every character.
        for token in _TOKEN_START.finditer(text, max(self.covered, start - self.KEYWORD_BEFORE), end):
            match = self.near.match(text, token.start())
            if match:
                found.append(match.span())
        for digits in _DIGIT_START.finditer(text, max(self.covered, start - self.BEFORE), end):
            match = self.at_digit.match(text, digits.start())
            if match:
                found.append(match.span())
        for span in sorted(found):
            if span[1] > span[0]:
                self.starts.append(span[0])
                self.ends.append(span[1])
        self.covered = end

    def overlaps(self, start: int, end: int) -> bool:
        self._cover(start, end)
        index = bisect_right(self.starts, end - 1)
        # matches are appended in text order; look back over the few that start before `end`
        return any(self.ends[i] > start for i in range(index - 1, max(-1, index - 8), -1))


# --- the spaCy component ------------------------------------------------------------------------


class StatisticsComponent(BatchedPipe):
    """Sets `doc._.statistics` to a list of `StatisticMention`, sorted by start."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self._load(DATA_DIR)

    def _load(self, directory: Path) -> None:
        self.data_dir = directory
        self.rules = StatisticRules(Lexicon.load(directory))
        self.word_hashes = frozenset(hash_string(w) for w in self.rules.candidate_words())
        self.article_hashes = frozenset(hash_string(w) for w in _ARTICLES)
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
        for item in found:
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
        doc._.statistics = sorted(mentions, key=lambda m: m.start)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        target = Path(path)
        target.mkdir(parents=True, exist_ok=True)
        for name in DATA_FILES:
            shutil.copyfile(self.data_dir / name, target / name)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> StatisticsComponent:
        self._load(Path(path))
        return self


@Language.factory("kv_statistics", default_config={}, assigns=["doc._.statistics"])
def make_statistics(nlp: Language, name: str) -> StatisticsComponent:
    """Factory named in pyproject's spacy_factories entry points."""
    return StatisticsComponent(nlp, name)
