"""The compiled patterns the classification stages share, and the small look-ups on them.

Built once from the `Lexicon`. Every pattern is anchored (`match` at an offset, or a phrase
matched on the reversed window before an offset): the stages look only at the characters
right before and after a candidate, which keeps the component far cheaper than tokenizing.
"""

from __future__ import annotations

import re

from nlp.danish_numbers import parse_digits, parse_words
from nlp.figures.found import Noun
from nlp.figures.lexicon import COMPOUND_TENS, SUPERLATIVES, Lexicon, PhraseBefore, W, alternation, word_end


class Patterns:
    """The compiled regexes of the stages (built from the lexicon) and look-ups on them."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        cardinal = f"(?:{COMPOUND_TENS}|{alternation(lexicon.cardinals)})"
        big = "(?:hundrede|tusinde?)"
        self.word_number = rf"(?:{cardinal}(?:\s+{big}(?:\s+og\s+{cardinal})?)?)"
        # The alternations the candidate families are built from.
        self.multiplier_words = "|".join(
            f"(?:{re.escape(m)}{word_end(m)})" for m in sorted(lexicon.multipliers, key=lambda m: -len(m))
        )
        self.ordinal_words = alternation(lexicon.ordinals)
        self.fraction_words = alternation(lexicon.fractions)
        self.one_words = alternation(lexicon.ones)
        self.superlative_words = alternation(w for w in lexicon.rank_words if w in SUPERLATIVES)
        self.superlative_stems = alternation(
            w.removesuffix("e") for w in lexicon.rank_words if w in SUPERLATIVES
        )
        multiplier = self.multiplier_words
        number = rf"(?:\d+(?:[.,]\d+)*|{self.word_number})"
        self.multiplier = re.compile(rf"\s*(?P<mult>{multiplier})", re.IGNORECASE)
        self.range = re.compile(rf"\s*(?:-|–|til)\s*(?P<num>{number})(?![{W}.,]\d)", re.IGNORECASE)
        self.range_and = re.compile(rf"\s+og\s+(?P<num>{number})(?![{W}])", re.IGNORECASE)
        spaced = r"\s*"
        unit_alts = "|".join(
            "(?:" + spaced.join(re.escape(part) for part in phrase.split()) + word_end(phrase) + ")"
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
            rf"(?P<num>\d+(?:\.\d{{3}})*|{self.word_number})(?![{W}.,]\d)",
            re.IGNORECASE,
        )
        self.ud_af = re.compile(
            rf"\s+ud\s+af\s+(?P<num>\d+(?:\.\d{{3}})*|{self.word_number})(?![{W}])", re.IGNORECASE
        )
        self.rank_after = re.compile(
            rf"\s*-?\s*(?:{alternation(lexicon.rank_words)})(?![{W}])", re.IGNORECASE
        )
        self.rank_after_word = re.compile(
            rf"\s+(?:{alternation(lexicon.rank_words)})(?![{W}])", re.IGNORECASE
        )
        self._compile_context(lexicon)

    def _compile_context(self, lexicon: Lexicon) -> None:
        """The phrases and words around a number: approximation, change, predicates, ranks."""
        self.approx = PhraseBefore(lexicon.approx)
        self.total_before = PhraseBefore(
            ("i alt", "i alt er", "samlet", "yderligere", "heraf", "hele", "kun", "blot")
        )
        # "Antallet steg til 340", "Tallet kan stige til 450": a bare number after a word of
        # change and its preposition is a figure.
        self.change_prep = PhraseBefore(("med", "til", "fra", "på", "op på", "ned på", "op til", "ned til"))
        self.change = PhraseBefore(lexicon.change_words)
        # "Antallet af elever er 3.212", "var befolkningen 52.000", "et gennemsnit på 7,4".
        self.predicate = PhraseBefore(lexicon.predicates)
        self.adverb = PhraseBefore(lexicon.bare_context["adverb"])
        self.link = PhraseBefore(("på", "oppe på", "nede på", "op på", "ned på"))
        # "steg fra 120 i 2022 til", "gik frem med to mandater til i alt", "faldet fra 620 i
        # første kvartal sidste år til": the first figure of a change, before the "til" of the
        # second (a time phrase of up to five words between them, a year among them).
        self.from_to_left = re.compile(
            rf"(?<![\w])(?:fra|med)\s+(?:\d+(?:[.,]\d+)*|{self.word_number})(?:\s+(?:[a-zæøå.]+|\d{{4}})){{0,5}}?\s+$",
            re.IGNORECASE,
        )
        self.word_left = re.compile(r"[^\s(\[\"“”»«„']+")
        self.clause_break = re.compile(r"[.!?;:\n](?:\s|$)")
        self.kroner = re.compile(r"(?<![\w])(?:kr\.|kroner|kr(?![\w])|dkk)", re.IGNORECASE)
        # What may follow a bare figure: punctuation, the end, or a word that cannot be its unit.
        self.bare_follow = re.compile(
            r"\s*(?:[.,;:)!?]|$)|[ \t]+(?:i|mod|og|men|hvilket|hvor|sidste|ifølge|efter|om|ved|pr\.?|per|"
            r"end|som|siden|samt|eller|for|fra|frem)(?![\wæøå])",
            re.IGNORECASE,
        )
        self.range_start = re.compile(r"(?:^|[^\w])(?P<word>fra|mellem)\s+$", re.IGNORECASE)
        self.top_before = re.compile(rf"(?:^|[^{W}])top[ \t]*-?[ \t]*$", re.IGNORECASE)
        self.number_before = re.compile(rf"(?:^|[^{W}])(?:nummer|nr\.?)[ \t]*$", re.IGNORECASE)
        self.placement_verb = re.compile(
            r"(?:^|[^\w])(?:er|var|blev|bliver|ligger|lå|endte|ender|sluttede|havnede|kom\s+ind\s+som|"
            r"kommer\s+ind\s+som|placeret\s+som|rykker\s+op\s+som|som|på\s+en|placeringen|pladsen)"
            r"\s+(?:nr\.?|nummer)[ \t]*$",
            re.IGNORECASE,
        )
        self.placement_after = re.compile(
            r"\s+(?:i\s+landet|i\s+danmark|i\s+regionen|blandt|ud\s+af|af\s+de|over|på\s+listen|på\s+ranglisten)(?![\wæøå])",
            re.IGNORECASE,
        )
        self.best_among = re.compile(
            rf"(?:^|[^{W}])(?P<best>bedst|bedste|dårligst|dårligste|ringest|ringeste)\s+(?:blandt|af|ud\s+af)\s+"
            rf"(?:de\s+|alle\s+|landets\s+|danmarks\s+|regionens\s+)?$",
            re.IGNORECASE,
        )
        # The word before trailing blanks, matched on the reversed text (see `PhraseBefore`).
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

    def noun_after(self, text: str, pos: int) -> Noun | None:
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
            return Noun(word, mods, match.end())

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

    def extend_noun(self, text: str, end: int) -> int:
        """`end` moved past the counted noun after it ("2. plads ud af 98 kommuner"), if any."""
        noun = self.next_word.match(text, end)
        if noun and noun.group("noun").casefold() not in self.lex.stop_after:
            return noun.end()
        return end
