"""Small text helpers the person stages share: sorted spans with bisect tests, line starts."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator


class Spans:
    """Sorted, non-overlapping (start, end) spans with a bisect overlap test (linear documents)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.ends = [e for _, e in ordered]

    def add(self, start: int, end: int) -> None:
        """Append a span that starts after every span already held."""
        self.starts.append(start)
        self.ends.append(end)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(zip(self.starts, self.ends, strict=True))

    def covers(self, start: int, end: int) -> bool:
        """Whether one span holds all of start..end (a PER span over a name's first two words)."""
        index = bisect_left(self.starts, start + 1) - 1
        return index >= 0 and self.ends[index] >= end

    def starts_at(self, start: int) -> bool:
        index = bisect_left(self.starts, start)
        return index < len(self.starts) and self.starts[index] == start

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect_left(self.starts, end) - 1
        # Ends grow with starts for non-overlapping spans, so the nearest one decides.
        return index >= 0 and self.ends[index] > start


def sentence_start(text: str, pos: int) -> bool:
    """Whether `pos` starts a line, a sentence or a quotation, where every word is capitalised."""
    before = text[max(0, pos - 3) : pos].rstrip(" \t\u00a0")
    return not before or before[-1] in '\n.!?:;»«"”“–-'


def iter_parens(pattern: re.Pattern[str], text: str, pos: int) -> Iterable[re.Match[str]]:
    """Up to four parentheses right after `pos`: "(A) (Afbud)", "(C) (1. viceborgmester)"."""
    for _ in range(4):
        match = pattern.match(text, pos)
        if match is None:
            return
        yield match
        pos = match.end()
