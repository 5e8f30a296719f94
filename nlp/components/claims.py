"""kv_claims: sentences that state a figure or a ranking (`Doc._.claims`, a list of `ClaimMention`).

A claim is a sentence (from kv_sentences) holding at least one statistic, or a ranked
comparison without a figure ("den laveste ledighed i landet", "bedst blandt landets kommuner",
"over landsgennemsnittet"; patterns in nlp/data/claims/). For each claim it records
- `statistics`: indexes into `Doc._.statistics` of the figures in the sentence;
- `speaker`: the speaker of the quote the sentence lies in, else the speaker of a speech clause
  in the sentence (indirect speech, "ifølge borgmester X"), from kv_quotes' `Doc._.speech`;
- `kommuner`: codes of the kommuner named in the sentence; a sentence that names none takes
  the kommune named last before it in the same paragraph. Danish news name the kommune once
  and go on with "kommunen"/"vi" inside the paragraph, while a new paragraph may change
  subject, so the paragraph is as far back as the context is trusted; past it, only a document
  that names exactly one kommune (council minutes, local news) gives that kommune;
- `source`: the organisation the figure is attributed to ("ifølge X", "tal fra X viser",
  "oplyser X"), read after a cue from a list of known sources, NER ORG entities, a web address
  or capitalised words; a person is a speaker, never a source.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from core.result import ClaimMention, KommuneMention, PersonMention, QuoteMention, StatisticMention
from nlp.components.batching import BatchedPipe
from nlp.components.data_component import DataComponent
from nlp.components.sentences import SENTENCE_STARTS_KEY
from nlp.entity_spans import entity_spans
from nlp.extensions import doc_text, register_extensions
from nlp.quotemarks import paragraphs
from nlp.token_lookup import hits, lower_idx
from nlp.wordlists import read_list

register_extensions()

DEFAULT_DATA_DIR = "data/claims"  # relative to the nlp package; set in nlp/config.cfg
FILES = (
    "superlatives.txt",
    "rank_scopes.txt",
    "rank_phrases.tsv",
    "source_cues.txt",
    "known_sources.txt",
    "source_nouns.txt",
)
# How far after its cue an organisation's name may start ("ifølge de nyeste tal fra X").
SOURCE_REACH = 40
# Most words between a superlative and its scope ("den største stigning i antallet af ledige i landet").
RANK_GAP_WORDS = 7

_FALLBACK_SENTENCE = re.compile(r"[^\n.!?]+(?:[.!?]+|$)")
_CAPITALISED = re.compile(
    r"(?:(?:de|den|det|nye|nyeste|seneste|friske|nyligt|offentliggjorte)\s+)*"
    r"(?P<org>(?:[A-ZÆØÅ]|\d+[A-ZÆØÅ])[\w.&-]*(?:\s+(?:(?:for|og|i|af|til|på)\s+)?[A-ZÆØÅ][\w.&-]*)*)"
)
_WEB = re.compile(r"(?P<org>[\w-]+(?:\.[\w-]+)*\.(?:dk|com|org|net|eu))\b", re.IGNORECASE)
_SKIP_WORDS = re.compile(r"\s*(?:[a-zæøå][\w-]*\s+){0,4}")
# Words a sentence may start with that are not names ("Ifølge Tal fra ..." never happens, but
# "Det", "Nye" at the cue do).
_NOT_ORG = frozenset({"det", "den", "de", "der", "han", "hun", "vi", "jeg", "man", "tal", "nye"})


def _key(name: str) -> str:
    return re.sub(r"[\s-]+", "", name).casefold()


@Language.factory(
    "kv_claims",
    default_config={"data_dir": DEFAULT_DATA_DIR},
    assigns=["doc._.claims"],
    requires=["doc._.statistics", "doc._.kommuner", "doc._.quotes"],
)
def make_claims(nlp: Language, name: str, data_dir: str) -> ClaimFinder:
    return ClaimFinder(nlp, name, data_dir=data_dir)


class ClaimFinder(DataComponent, BatchedPipe):
    """Turn sentences with figures or rankings into claims; patterns live in nlp/data/claims/."""

    data_files = FILES

    def __init__(self, nlp: Language, name: str, *, data_dir: str = DEFAULT_DATA_DIR) -> None:
        self.name = name
        self.use_data(data_dir)

    def load_data(self, folder: Path, lexicon_dir: Path) -> None:
        superlative_words = read_list(folder / "superlatives.txt")
        superlatives = "|".join(map(re.escape, superlative_words))
        scopes = "|".join(f"(?:{p})" for p in read_list(folder / "rank_scopes.txt"))
        rows = [line.split("\t", 1) for line in read_list(folder / "rank_phrases.tsv")][1:]
        phrases = "|".join(f"(?:{pattern})" for _trigger, pattern in rows)
        sup = rf"(?<![\w-])(?:{superlatives})(?![\w-])"
        scope = rf"(?<![\w-])(?:{scopes})(?![\w-])"
        gap = rf"(?:[^\S\n]+[\w-]+){{0,{RANK_GAP_WORDS}}}?"
        # The full pattern is slow to scan everywhere; trigger words pick the sentences to try.
        words = {*superlative_words, *(word for row in rows for word in row[0].split())}
        # hashes of the lowercase trigger words, looked up in the Doc's token array
        self.trigger_ids = np.array(sorted(get_string_id(w.lower()) for w in words), dtype=np.uint64)
        self.rank_re = re.compile(
            rf"{sup}{gap},?[^\S\n]+{scope}|{scope}(?:,?[^\S\n]+[\w-]+){{0,4}}?,?[^\S\n]+{sup}|{phrases}",
            re.IGNORECASE,
        )
        cues = "|".join(f"(?:{p})" for p in read_list(folder / "source_cues.txt"))
        self.cue_re = re.compile(rf"(?<![\w-])(?:{cues})(?![\w-])", re.IGNORECASE)
        self.known = {_key(n): n for n in read_list(folder / "known_sources.txt")}
        known = sorted(read_list(folder / "known_sources.txt"), key=len, reverse=True)
        # Acronyms match only in capitals ("DA" is also the word "da"); names in any case, and
        # "Beskæftigelses-ministeriet" or "Indenrigs- og Boligministeriet" match their entries.
        names = "|".join(
            r"[\s-]*".join(map(re.escape, re.split(r"[\s-]+", k))) for k in known if not k.isupper()
        )
        acronyms = "|".join(re.escape(k) for k in known if k.isupper())
        self.known_re = re.compile(rf"(?<![\w-])(?P<org>(?i:{names})|{acronyms})(?![\w-])")
        noun_list = read_list(folder / "source_nouns.txt")
        nouns = "|".join(map(re.escape, noun_list))
        # For `_may_name_source`: the lowercase nouns, without those that contain another.
        lowered = {n.lower() for n in noun_list}
        self.noun_cores = tuple(sorted(n for n in lowered if not any(o != n and o in n for o in lowered)))
        self.genitive_re = re.compile(
            rf"(?<![\w-])(?P<org>(?i:{names})|{acronyms})(?:s|[’']s)\s+(?:[\w-]+\s+){{0,2}}?(?i:{nouns})(?![\w-])"
        )

    # -- the component ---------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        statistics: list[StatisticMention] = list(doc._.statistics or [])
        stat_starts = [s.start for s in statistics]  # kv_statistics sorts them by start
        sentences = _sentences(doc, text)
        sent_starts = [s for s, _ in sentences]
        triggered: set[int] = set()
        if len(doc):
            rows = lower_idx(doc)
            for index in hits(rows[:, 0], self.trigger_ids):
                triggered.add(bisect_right(sent_starts, int(rows[index, 1])) - 1)
        ranked = {i for i in triggered if i >= 0 and self.rank_re.search(text, *sentences[i])}
        if not statistics and not ranked:  # no candidate sentence: skip the context look-ups
            doc._.claims = []
            return doc

        kommuner: list[KommuneMention] = sorted(doc._.kommuner or [], key=lambda k: k.start)
        kommune_starts = [k.start for k in kommuner]
        # a document about one kommune (council minutes, local news): its claims are about it
        only_kommune = [kommuner[0].code] if len({k.code for k in kommuner}) == 1 else []
        quotes: list[QuoteMention] = sorted(doc._.quotes or [], key=lambda q: q.start)
        quote_ends = [q.end for q in quotes]
        speech: list[tuple[int, int, str]] = sorted(getattr(doc._, "speech", None) or [])
        speech_starts = [s[0] for s in speech]
        persons: list[PersonMention] = list(doc._.persons or [])
        # persons are speakers, never sources: kv_persons' mentions and the NER's PER spans
        person_spans = sorted(
            [(p.start, p.end) for p in persons] + [(a, b) for a, b, _ in entity_spans(doc, "PER", text)]
        )
        orgs = [(start, end) for start, end, _ in entity_spans(doc, "ORG", text)]
        paras = paragraphs(text)
        para_starts = [p.start for p in paras]

        claims: list[ClaimMention] = []
        for i, (start, end) in enumerate(sentences):
            first = bisect_left(stat_starts, start)
            last = bisect_left(stat_starts, end)
            indexes = list(range(first, last))
            if not indexes and i not in ranked:
                continue
            para_i = bisect_right(para_starts, start) - 1
            para_start = paras[para_i].start if para_i >= 0 else 0
            claims.append(
                ClaimMention(
                    text=text[start:end],
                    start=start,
                    end=end,
                    statistics=indexes,
                    speaker=_speaker(start, end, quotes, quote_ends, speech, speech_starts),
                    kommuner=_kommuner(start, end, para_start, kommuner, kommune_starts) or only_kommune,
                    source=self._source(text, start, end, person_spans, orgs),
                )
            )
        doc._.claims = claims
        return doc

    def _source(
        self, text: str, start: int, end: int, persons: list[tuple[int, int]], orgs: list[tuple[int, int]]
    ) -> str | None:
        """The organisation named after the first attribution cue in the sentence that has one."""
        for cue in self.cue_re.finditer(text, start, end):
            found = self._organisation(text, cue.end(), end, persons, orgs)
            if found is not None:
                return found
        genitive = None  # "Danmarks Statistiks nye tal"
        if self._may_name_source(text, start, end):
            genitive = self.genitive_re.search(text, start, end)
        if genitive is not None:
            return self.known.get(_key(genitive.group("org")), genitive.group("org"))
        return None

    def _may_name_source(self, text: str, start: int, end: int) -> bool:
        """Cheap necessary test for `genitive_re`: one of the source nouns occurs in the sentence.

        The full pattern tries every organisation name at every word of the sentence, which
        costs more than the rest of the component; nine sentences in ten hold no source noun.
        `str.lower` agrees with the pattern's case-insensitive matching on Latin-1 text without
        "µ" (the other characters it folds specially lie above U+00FF); anything else goes
        straight to the pattern, so the result is the same.
        """
        sentence = text[start:end]
        if not sentence or max(sentence) > "\xff" or "µ" in sentence:
            return True
        low = sentence.lower()
        return any(noun in low for noun in self.noun_cores)

    def _organisation(
        self, text: str, at: int, end: int, persons: list[tuple[int, int]], orgs: list[tuple[int, int]]
    ) -> str | None:
        reach = min(end, at + SOURCE_REACH)
        skip = _SKIP_WORDS.match(text, at, end)
        begin = skip.end() if skip else at
        candidates: list[tuple[int, int]] = []
        known = self.known_re.search(text, at, min(end, reach + 60))
        if known is not None and known.start() < reach and "," not in text[at : known.start()]:
            candidates.append(known.span("org"))
        i = bisect_left(orgs, (at, at))
        if i < len(orgs) and orgs[i][0] < reach and orgs[i][1] <= end:
            candidates.append(orgs[i])
        for pattern in (_WEB, _CAPITALISED):
            match = pattern.match(text, begin, end) or pattern.match(text, at, end)
            if match is not None and match.group("org"):
                candidates.append(match.span("org"))
        for span in sorted(candidates, key=lambda s: (s[0], -s[1])):
            name = " ".join(text[span[0] : span[1]].split()).rstrip(".")
            if not name or name.casefold() in _NOT_ORG or _overlaps(span, persons):
                continue
            return self.known.get(_key(name), name)
        return None


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether `span` overlaps one of the sorted `spans` (which may nest: NER and kv_persons)."""
    i = bisect_right(spans, (span[1], span[1])) - 1
    return any(spans[j][1] > span[0] and spans[j][0] < span[1] for j in range(max(0, i - 2), i + 1))


def _sentences(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Sentence bounds from kv_sentences; a plain split when the Doc has no sentence marks."""
    # array reads: `doc.sents` and `doc.has_annotation` build a Token object per token
    cached = doc.user_data.get(SENTENCE_STARTS_KEY)
    flags = [] if isinstance(cached, list) or not len(doc) else doc.to_array("SENT_START").tolist()
    if isinstance(cached, list) and len(doc) > 1:
        bounds = list(zip(cached, cached[1:] + [len(text)], strict=False))  # kv_sentences' own list
    elif any(flag != 0 for flag in flags[1:]):
        offsets = doc.to_array("IDX").tolist()
        edges = [offsets[i] for i, flag in enumerate(flags) if flag == 1 or i == 0] + [len(text)]
        bounds = list(zip(edges, edges[1:], strict=False))
    else:
        bounds = [m.span() for m in _FALLBACK_SENTENCE.finditer(text)]
    out = []
    for start, end in bounds:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out


def _speaker(
    start: int,
    end: int,
    quotes: list[QuoteMention],
    quote_ends: list[int],
    speech: list[tuple[int, int, str]],
    speech_starts: list[int],
) -> str | None:
    """The quote the sentence overlaps most; else a speech clause inside the sentence."""
    best, best_overlap = None, 0
    # quotes never overlap each other, so their ends are sorted like their starts
    for quote in quotes[bisect_right(quote_ends, start) :]:
        if quote.start >= end:
            break
        overlap = min(end, quote.end) - max(start, quote.start)
        if overlap > best_overlap:
            best, best_overlap = quote, overlap
    if best is not None:
        return best.speaker
    i = bisect_left(speech_starts, start)
    if i < len(speech) and speech[i][0] < end:
        return speech[i][2]
    return None


def _kommuner(
    start: int, end: int, para_start: int, kommuner: list[KommuneMention], starts: list[int]
) -> list[int]:
    codes: list[int] = []
    for mention in kommuner[bisect_left(starts, start) : bisect_left(starts, end)]:
        if mention.code not in codes:
            codes.append(mention.code)
    if codes:
        return codes
    i = bisect_left(starts, start) - 1
    if i >= 0 and kommuner[i].start >= para_start:
        return [kommuner[i].code]
    return []
