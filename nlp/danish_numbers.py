"""Danish number formats: "1.331" is 1331, "18,4" is 18.4, "femogtyve" is 25.

Danish writes thousands with a period and decimals with a comma, so "3.1" (a section number)
and "14.30" (a time) are not numbers at all; `parse_digits` returns None for them. Number
words go through `text2num`, which knows Danish compounds ("fireogfyrre") and
"to hundrede og halvtreds"; single words fall back to the project's own table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_PLAIN = re.compile(r"\d+(?:,\d+)?")


def parse_digits(text: str) -> float | None:
    """Value of a number written with digits in Danish style, or None if it is not one."""
    if len(text) > 1 and text[0] == "0" and text[1].isdigit():
        return None  # "08", "00": parts of dates, times and codes
    if _PLAIN.fullmatch(text):
        return float(text.replace(",", "."))
    if _THOUSANDS.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    return None


@lru_cache(maxsize=4096)
def _text2num(words: str) -> float | None:
    try:
        from text_to_num import text2num

        return float(text2num(words, "da"))
    except (ValueError, TypeError, ImportError):
        return None


def parse_words(text: str, table: Mapping[str, float]) -> float | None:
    """Value of Danish number words ("tre", "femogtyve", "to hundrede og halvtreds")."""
    words = " ".join(text.casefold().split())
    if words in table:
        return float(table[words])
    return _text2num(words)


def is_year(text: str) -> bool:
    """A plain four-digit number that reads as a year (1900-2099)."""
    return len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2099
