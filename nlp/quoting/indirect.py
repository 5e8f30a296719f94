"""The speech clauses outside the quotes whose speaker is known (`Doc._.speech`), indirect
speech included ("Borgmesteren siger, at ..."), for kv_claims."""

from __future__ import annotations

from bisect import bisect_right

from nlp.quoting.document import Candidate, QuoteDoc
from nlp.quoting.resolution import Resolution
from nlp.quoting.speakers import Speakers


def speech_clauses(
    index: QuoteDoc, speakers: Speakers, kept: list[Candidate], resolution: Resolution
) -> list[tuple[int, int, str]]:
    """Every speech clause outside the quotes whose speaker is known, in text order."""
    spans = sorted((c.segment.start, c.segment.end) for c in kept)
    starts = [s for s, _ in spans]
    out: list[tuple[int, int, str]] = []
    for verb in index.data.find_verbs(index.doc, index.text):
        i = bisect_right(starts, verb.start()) - 1
        if i >= 0 and spans[i][0] <= verb.start() < spans[i][1]:
            continue
        para_i = bisect_right(index.para_starts, verb.start()) - 1
        if para_i < 0:
            continue
        sent = index.sentence_start(index.paras[para_i], verb.start())
        speaker = speakers.after(verb.end(), index.paras[para_i].end)
        if speaker is None and not index.data.speaker_after_only(verb.group()):
            speaker = speakers.before(sent, verb.start())
        if speaker is None:
            continue
        name = speaker.name
        if name is None and speaker.gender:
            name = resolution.last_person(verb.start(), speaker.gender)
        if name:
            out.append((verb.start(), verb.end(), name))
    return out
