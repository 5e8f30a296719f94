"""Ranks: "2. plads ud af 98", "en 85. plads", "femte bedste", "top 5", "nummer 12 i landet",
"bedst blandt landets 98". Ordinals are ranks only before a rank word; cardinals only after
"top", "nummer"/"nr." in a placement, or "bedst blandt".
"""

from __future__ import annotations

import re

from nlp.figures.found import Found
from nlp.figures.patterns import Patterns

BEST_TAILS = ("blandt", "af", "de", "alle", "landets", "danmarks", "regionens")


class Ranks:
    """Rank figures from ordinals and from cardinals in a ranking phrase."""

    def __init__(self, patterns: Patterns) -> None:
        self.p = patterns

    def ordinal_digits(self, text: str, match: re.Match[str], value: float) -> Found | None:
        """ "2. plads": a digit ordinal is a rank only before a rank word."""
        rank = self.p.rank_after.match(text, match.end() + 1)
        if rank is None:
            return None  # dates, grades, titles, list numbers
        return self.rank(text, match.start(), rank.end(), value)

    def compound_ordinal(self, text: str, match: re.Match[str]) -> Found | None:
        """ "en tredjeplads", "sjettepladsen ud af 98": the ordinal is the compound's first part."""
        word = match.group(0).casefold()
        value = self.p.lex.ordinals.get(word[: word.rindex("plads")])
        return None if value is None else self.rank(text, match.start(), match.end(), value)

    def ordinal_superlative(self, text: str, match: re.Match[str]) -> Found | None:
        """ "blev tredjestørst", "den fjerdehøjeste": the ordinal is the compound's first part."""
        word = match.group(0).casefold()
        prefixes = [o for o in self.p.lex.ordinals if word.startswith(o)]
        if not prefixes:
            return None
        return self.rank(text, match.start(), match.end(), self.p.lex.ordinals[max(prefixes, key=len)])

    def second_place(self, text: str, match: re.Match[str]) -> Found | None:
        """ "landets næsthøjeste", "den næststørste": second place."""
        return self.rank(text, match.start(), match.end(), 2.0)

    def ordinal_word(self, text: str, match: re.Match[str]) -> Found | None:
        rank = self.p.rank_after_word.match(text, match.end())
        if rank is None:
            return None  # "for første gang", "anden behandling"
        value = self.p.lex.ordinals[match.group(0).casefold()]
        return self.rank(text, match.start(), rank.end(), value)

    def rank(self, text: str, start: int, end: int, value: float) -> Found:
        of = None
        out_of = self.p.out_of.match(text, end)
        if out_of:
            of = self.p.number_value(out_of.group("num"))
            if of is not None:
                end = self.p.extend_noun(text, out_of.end())
        approx = self.p.approx_left(text, start)
        return Found(
            approx if approx is not None else start,
            end,
            "rank",
            value,
            unit="plads",
            approx=approx is not None,
            of=of,
        )

    def before_cardinal(
        self, text: str, left: str, left_tail: str, start: int, end: int, value: float
    ) -> tuple[bool, Found | None]:
        """A rank written with a cardinal: "top 5", "nummer 12 i landet", "bedst blandt
        landets 98". (handled, figure): handled is False when no ranking phrase comes before.
        (The `endswith` tests are cheap guards before the `$`-anchored searches.)"""
        if "top" in left_tail[-6:] and self.p.top_before.search(left):
            top = re.search(r"top[ \t]*-?[ \t]*$", left, re.IGNORECASE)
            rank_start = start - (len(left) - top.start()) if top else start
            tail = re.match(r"-[a-zæøå]+", text[end : end + 30])
            return True, self.rank(text, rank_start, end + (tail.end() if tail else 0), value)
        if left_tail.endswith(("nummer", "nr.", "nr")) and self.p.number_before.search(left):
            return True, self.numbered_rank(text, left, start, end, value)
        best = self.p.best_among.search(left) if left_tail.endswith(BEST_TAILS) else None
        if best:
            best_start = start - (len(left) - best.start("best"))
            rank_value = 1.0 if best.group("best").casefold().startswith("bedst") else value
            return True, Found(
                best_start, self.p.extend_noun(text, end), "rank", rank_value, unit="plads", of=value
            )
        return False, None

    def numbered_rank(self, text: str, left: str, start: int, end: int, value: float) -> Found | None:
        """ "nummer 12 i landet" is a rank; "lov nr. 548", "sag nummer 4" are identifiers."""
        marker = re.search(r"(?:nummer|nr\.?)[ \t]*$", left, re.IGNORECASE)
        if marker is None:
            return None
        before_marker = left[: marker.start()]
        label = self.p.word_before(before_marker)
        if label and label[0].casefold().rstrip(",") in self.p.lex.labels:
            return None
        is_nr = not marker.group(0).casefold().startswith("nummer")
        if is_nr and not (self.p.placement_verb.search(left) or self.p.placement_after.match(text, end)):
            return None
        if not is_nr and label and label[0][:1].isupper() and not self.p.placement_after.match(text, end):
            return None  # "Sag nummer 4", "Hus nummer 3"
        rank_start = start - (len(left) - marker.start())
        found = self.rank(text, rank_start, end, value)
        placement = self.p.placement_after.match(text, found.end)
        if placement and found.of is None and re.match(r"\s+i\s+", placement.group(0)):
            found.end = placement.end()
        return found
