"""Kommune context: which kommune a mention or a document is about.

A person is tied to a kommune by the words around a mention ("borgmester i Varde", "Peter
Sørensen (C), byrådsmedlem i Norddjurs", "Varde-borgmester", "Varde Kommunes borgmester", "Peter
Sørensen (A) fra Varde", "Peter Sørensen, Varde"), else by the only kommune its sentence names,
else by the document's kommune: the kommune of minutes (named in their heading) or the kommune a
news text names most often (the first of equals). The kommune mentions are kv_kommuner's.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence

from core.result import KommuneMention

# Between a name (and its parentheses) and a kommune right after it.
_GAP_AFTER = re.compile(
    r"[ \t\u00a0]*(?:,[ \t\u00a0]*(?:(?:der|som)\s+(?:er|var|sidder)\s+)?)?"
    r"(?:(?!(?:i|fra|for)\s)(?P<role>[^\W\d_][\w-]*)(?:\s+for\s+[^\n,.;:!?()]{1,40}?)?\s+)?"
    r"(?:(?:i|fra|for)\s+(?:(?:byrådet|kommunalbestyrelsen)\s+i\s+)?)?"
)
# Between a kommune and a name right after it.
_GAP_BEFORE = re.compile(
    r"(?:-|(?:s|'s|’s)?\s+(?:(?i:nye|tidligere|nuværende|afgående)\s+)?)"
    r"(?P<role>[^\W\d_][\w-]*)[ \t\u00a0]*,?[ \t\u00a0]*"
)
_ROLE_IN = re.compile(r"(?P<role>[^\W\d_][\w-]*)\s+i\s+$")
_PARENS = re.compile(r"[ \t\u00a0]*\([^()\n]{1,40}\)")
_MAX_GAP = 70
_HEADING_CHARS = 300
_RECENT = 300  # about a paragraph

IsRole = Callable[[str], bool]


class KommuneContext:
    """The kommune mentions of one document, with its sentence starts."""

    def __init__(
        self,
        text: str,
        kommuner: Sequence[KommuneMention],
        sentence_starts: list[int],
        is_role: IsRole,
        *,
        minutes: bool,
    ) -> None:
        self.text = text
        self.kommuner = sorted(kommuner, key=lambda m: m.start)
        self.starts = [m.start for m in self.kommuner]
        self.sentence_starts = sentence_starts
        self.is_role = is_role
        self.document = self._document_kommune(minutes)

    def _document_kommune(self, minutes: bool) -> int | None:
        if not self.kommuner:
            return None
        if minutes and self.kommuner[0].start < _HEADING_CHARS:
            return self.kommuner[0].code  # "Varde Kommune\nReferat\nByrådet ..."
        counts = Counter(m.code for m in self.kommuner)
        best = max(counts.values())
        return next(m.code for m in self.kommuner if counts[m.code] == best)

    def _sentence(self, pos: int) -> tuple[int, int]:
        index = bisect_right(self.sentence_starts, pos) - 1
        start = self.sentence_starts[index] if index >= 0 else 0
        end = self.sentence_starts[index + 1] if index + 1 < len(self.sentence_starts) else len(self.text)
        return start, end

    def tied(self, start: int, end: int) -> int | None:
        """The kommune the words right around a mention (start..end) tie it to, or None."""
        text = self.text
        sentence_start, sentence_end = self._sentence(start)
        index = bisect_right(self.starts, end - 1)
        if index < len(self.kommuner):
            after = self.kommuner[index]
            if after.start < sentence_end and after.start - end <= _MAX_GAP:
                pos = end
                while (paren := _PARENS.match(text, pos, after.start)) is not None:
                    pos = paren.end()
                gap = _GAP_AFTER.fullmatch(text, pos, after.start)
                if gap and (not gap.group("role") or self.is_role(gap.group("role"))):
                    return after.code
        index = bisect_right(self.starts, start) - 1
        while index >= 0 and self.kommuner[index].end > start:
            index -= 1
        if index >= 0:
            before = self.kommuner[index]
            if before.start >= sentence_start and start - before.end <= _MAX_GAP:
                gap = _GAP_BEFORE.fullmatch(text, before.end, start)
                if gap and self.is_role(gap.group("role")):
                    return before.code  # "Varde-borgmester Peter Sørensen", "Vardes borgmester ..."
                role_in = _ROLE_IN.search(text, sentence_start, before.start)
                if (
                    role_in
                    and not text[before.end : start].strip(" \t\u00a0,")
                    and self.is_role(role_in.group("role"))
                ):
                    return before.code  # "borgmester i Varde, Peter Sørensen"
        return None

    def recent(self, pos: int) -> int | None:
        """The kommune the text is about at `pos`: the only one its sentence names, else the
        last one named within the `_RECENT` characters before it."""
        code = self.sentence(pos)
        if code is not None:
            return code
        index = bisect_right(self.starts, pos) - 1
        if index >= 0 and pos - self.kommuner[index].end <= _RECENT:
            return self.kommuner[index].code
        return None

    def sentence(self, pos: int) -> int | None:
        """The only kommune the sentence at `pos` names, or None."""
        start, end = self._sentence(pos)
        low, high = bisect_right(self.starts, start - 1), bisect_right(self.starts, end - 1)
        codes = {m.code for m in self.kommuner[low:high]}
        return codes.pop() if len(codes) == 1 else None
