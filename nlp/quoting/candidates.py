"""The candidate quotes of a Doc: dash paragraphs split at their attribution clauses, text in
marks with the clause after or before it, "ifølge X", resumed and multi-paragraph quotes."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from nlp.quotemarks import SINGLE_MARKS, Paragraph, Segment, dash_start, mark_segments
from nlp.quoting.document import _CLOSING, Candidate, QuoteDoc, Speaker
from nlp.quoting.speakers import Speakers

# The longest attribution between two parts of one quote in a paragraph.
RESUME_GAP = 120
# A quote in marks with no attribution counts only if it reads like speech, not a title.
MIN_WORDS_PARAGRAPH_QUOTE = 3
MIN_WORDS_FREE_QUOTE = 8

_REOPEN = re.compile(r"[:.]\s*[–—-]\s*(?=\w)")
_THAT_SAYS = re.compile(r"(?:det|sådan|så)\s+", re.IGNORECASE)


class Candidates:
    """The candidate rules over one `QuoteDoc`: `find()` every candidate, `is_quote()` keeps
    the ones that are quotes."""

    def __init__(self, index: QuoteDoc, speakers: Speakers) -> None:
        self.index = index
        self.speakers = speakers

    def find(self) -> list[Candidate]:
        found: list[Candidate] = []
        dash_attributed = False
        for index, para in enumerate(self.index.paras):
            covered = -1
            begin = dash_start(self.index.text, para)
            if begin is not None:
                dashes = self._dash_candidates(para, index, begin)
                dash_attributed = dash_attributed or any(c.attributed for c in dashes)
                found.extend(dashes)
                covered = para.end if dashes and dashes[-1].segment.close_at is None else -1
            if covered < 0:
                previous: Candidate | None = None
                for seg in mark_segments(self.index.text, para, index):
                    cand = self._mark_candidate(seg, para)
                    if previous is not None and not cand.attributed and self._resumes(previous, seg):
                        cand.attributed, cand.speaker = True, previous.speaker
                    found.append(cand)
                    previous = cand
        if not dash_attributed:
            # Without one attributed dash quote the document uses dashes for lists, not speech.
            found = [c for c in found if not c.dash or c.attributed]
        self._link_chains(found)
        return found

    def _dash_candidates(self, para: Paragraph, index: int, begin: int) -> list[Candidate]:
        """Split a dash paragraph at its attribution clauses ("…, siger hun og tilføjer: – …")."""
        out: list[Candidate] = []
        start = begin
        mark = self.index.text[para.start : begin].strip()[:1] or "-"
        while start < para.end:
            clause = None
            for match in self.index.data.dash_attr_re.finditer(self.index.text, start, para.end):
                speaker = self.speakers.after(match.end("verb"), para.end)
                if speaker is not None:
                    clause = (match, speaker)
                    break
            if clause is None:
                seg = Segment(start, para.end, start - 1, None, index, mark)
                cand = Candidate(seg, dash=True)
                prev = self.speakers.colon_clause(index)
                if prev is not None:
                    cand.attributed, cand.speaker = True, prev
                out.append(cand)
                break
            match, speaker = clause
            seg = Segment(start, match.start(), start - 1, match.start(), index, mark)
            out.append(Candidate(seg, attributed=True, speaker=speaker, dash=True))
            reopen = _REOPEN.search(self.index.text, match.end(), para.end)
            if reopen is None:
                break
            start = reopen.end()
        for before, after in zip(out, out[1:], strict=False):
            if not after.attributed:  # "…, siger hun og tilføjer: – Men …"
                after.attributed, after.speaker = True, before.speaker
        return out

    def _mark_candidate(self, seg: Segment, para: Paragraph) -> Candidate:
        cand = Candidate(seg)
        text, paras = self.index.text, self.index.paras
        if seg.close_at is not None:
            limit = self._next_open(seg.close_at + 1, para.end)
            post = self.index.data.post_re.match(text, seg.close_at + 1, limit)
            if post is not None:
                # a verb without a speaker ("…", lyder det flot) does not make a quote
                cand.speaker = self.speakers.after(post.end("verb"), limit)
                cand.attributed = cand.speaker is not None
            elif seg.paragraph + 1 < len(paras) and not text[seg.close_at + 1 : para.end].strip(" .,;"):
                # »…« closing its paragraph, then "Det siger borgmester Hanne Jensen."
                nxt = paras[seg.paragraph + 1]
                post = _THAT_SAYS.match(text, nxt.start)
                if post is not None:
                    verb = self.index.data.verb_re.match(text, post.end(), nxt.end)
                    if verb is not None:
                        cand.speaker = self.speakers.after(verb.end(), nxt.end)
                        cand.attributed = cand.speaker is not None
        if cand.speaker is None:
            pre = self.speakers.pre_clause(seg, para)
            if pre is not None:
                # kept even without a name: "sagde en borger:" gives an unknown speaker, not a guess
                cand.attributed, cand.speaker = True, pre
        if cand.speaker is None:
            cand.speaker = self._according_to(seg, para)
            cand.attributed = cand.speaker is not None
        return cand

    def _according_to(self, seg: Segment, para: Paragraph) -> Speaker | None:
        """ "Ifølge borgmester Hanne Dyb er planen »et skridt i den rigtige retning«."

        The named speaker counts only when nothing else could have said it: no other person and
        no speech verb between the name and the opening mark, no quote closed in between.
        """
        if seg.open_at == para.start:
            return None
        begin = self.index.sentence_start(para, seg.open_at)
        for closing in _CLOSING.finditer(self.index.text, begin, seg.open_at):
            begin = closing.end()
        cues = list(self.index.data.according_re.finditer(self.index.text, begin, seg.open_at))
        if not cues:
            return None
        cue = cues[-1]
        speaker = self.speakers.after(cue.end(), seg.open_at)
        if speaker is None or speaker.gender:
            return None  # "ifølge hende": too loose to resolve here
        i = bisect_right(self.index.person_starts, speaker.at)
        if i < len(self.index.persons) and self.index.persons[i].start < seg.open_at:
            return None  # "Ifølge X har Y kaldt det »…«"
        if self.index.data.verb_re.search(self.index.text, speaker.at, seg.open_at) is not None:
            return None
        return speaker

    def _resumes(self, previous: Candidate, seg: Segment) -> bool:
        """»Det er godt,« siger hun. »Men …« – the speech goes on after its attribution."""
        if not previous.attributed or previous.segment.close_at is None:
            return False
        gap_start = previous.segment.close_at + 1
        if seg.open_at - gap_start > RESUME_GAP:
            return False
        if self.index.data.verb_re.search(self.index.text, gap_start, seg.open_at) is None:
            return False
        # "»…«, men Per Lund mener, at »…«": another person in the gap speaks the next part
        speaker = previous.speaker.name if previous.speaker else None
        i = bisect_left(self.index.person_starts, gap_start)
        while i < len(self.index.persons) and self.index.persons[i].start < seg.open_at:
            if speaker is None or self.index.persons[i].name != speaker:
                return False
            i += 1
        return True

    def _next_open(self, start: int, end: int) -> int:
        match = re.compile(r"[»„“”\"']").search(self.index.text, start, end)
        return match.start() if match else end

    def is_quote(self, cand: Candidate) -> bool:
        seg = cand.segment
        if cand.dash or cand.attributed or cand.chain >= 0:
            return True
        if seg.mark in SINGLE_MARKS:
            return False
        words = len(self.index.text[seg.start : seg.end].split())
        para = self.index.paras[seg.paragraph]
        if seg.open_at == para.start:
            return words >= MIN_WORDS_PARAGRAPH_QUOTE
        inner = self.index.text[seg.start : seg.end].rstrip()
        return seg.close_at is not None and words >= MIN_WORDS_FREE_QUOTE and inner[-1:] in ".!?"

    def _link_chains(self, found: list[Candidate]) -> None:
        """An unclosed paragraph quote continues when the next paragraph opens with a mark."""
        chain = 0
        by_para: dict[int, Candidate] = {}
        for cand in found:
            if cand.segment.open_at == self.index.paras[cand.segment.paragraph].start:
                by_para.setdefault(cand.segment.paragraph, cand)
        for cand in found:
            seg = cand.segment
            if seg.close_at is not None or cand.dash:
                continue
            nxt = by_para.get(seg.paragraph + 1)
            if nxt is None or nxt.dash:
                continue
            if cand.chain < 0:
                cand.chain = chain
                chain += 1
            nxt.chain = cand.chain
