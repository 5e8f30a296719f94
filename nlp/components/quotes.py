"""kv_quotes: quoted speech and who said it (`Doc._.quotes`, a list of `QuoteMention`).

Danish news quote in three ways: marks (»…«, ”…”, "…", „…“), a paragraph opening with a dash
("– Det er godt, siger hun."), and quotes that run over several paragraphs or are cut by the
attribution (»Det er godt,« siger hun, »men …«). The speaker comes from the speech-verb clause
after or before the quote ("siger X", "X siger:", "fortæller hun", "X: »…«"), names are read
from `Doc._.persons` (so a surname or a role-prefixed name gives the canonical full name), and
pronouns go to the most recent person of the right gender (given-name list) before the quote.
Quote paragraphs without any attribution continue the speaker in focus, as Danish news do.

The component also leaves `Doc._.speech` — (verb start, verb end, speaker) for every speech
clause with a known speaker, indirect speech included — for kv_claims.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from core.result import PersonMention, QuoteMention
from nlp.components.batching import BatchedPipe
from nlp.components.person_data import role_holder
from nlp.entity_spans import entity_spans
from nlp.extensions import doc_text, register_extensions
from nlp.quotemarks import (
    SINGLE_MARKS,
    Paragraph,
    Segment,
    dash_start,
    mark_segments,
    quote_paragraphs,
    trim,
)
from nlp.speech import DATA_DIR, SpeechData

register_extensions()

# How far a speaker's name may stand from its verb ("siger formand for X-udvalget Hanne Jensen").
NAME_REACH = 90
# How far back an attribution clause may begin (keeps huge one-line texts linear).
CLAUSE_REACH = 300
# The longest attribution between two parts of one quote in a paragraph.
RESUME_GAP = 120
# How many persons back a pronoun looks for one of its gender.
PRONOUN_REACH = 30
# How many paragraphs back a quote paragraph without attribution looks for its speaker.
INHERIT_PARAGRAPHS = 3
# A quote in marks with no attribution counts only if it reads like speech, not a title.
MIN_WORDS_PARAGRAPH_QUOTE = 3
MIN_WORDS_FREE_QUOTE = 8
MAX_CREDIT_CHARS = 80
# How many distinct role nouns one Doc looks up (keeps garbage input linear).
MAX_ROLE_NOUNS = 64

_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-ZÆØÅ»”\"–-])|[»«”“„\"]")
_CAPITAL_NAME = re.compile(
    r"(?:\s+[a-zæøå][\w-]*,?){0,4}?\s+"
    r"(?P<name>[A-ZÆØÅ][\w-]+(?:\s+(?:[A-ZÆØÅ]\.|[A-ZÆØÅ][\w-]+|(?:von|van|de|la)\s+[A-ZÆØÅ][\w-]+))*)"
)
# Between a name and its verb: a party letter, an apposition ("Hanne Jensen (A), borgmester, siger")
_NAME_TAIL = re.compile(r"\s*(?:\([^()\n]{1,6}\))?\s*(?:,[^,.:;!?»«”\n]{1,70},)?\s*")
_REOPEN = re.compile(r"[:.]\s*[–—-]\s*(?=\w)")
_FIRST_WORD = re.compile(r"\s*(?P<pron>\w+)\s")
_THAT_SAYS = re.compile(r"(?:det|sådan|så)\s+", re.IGNORECASE)
_SPEECH_END = frozenset(".!?,…:;")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-ZÆØÅ])")
_CLOSING = re.compile(r"[«”“\"'’]")
# Words that show a speech verb is followed by reported speech, not by its speaker.
_NOT_SPEAKER_GAP = re.compile(
    r"[,.:;!?»«”“\"]|(?<![\w-])(?:at|om|hvis|når|fordi|men|og|der|som|det|den|de|vi|jeg|man|du|sig|ikke)(?![\w-])",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Speaker:
    """What an attribution clause says about the speaker, before pronouns are resolved."""

    name: str | None = None
    gender: str | None = None  # set for a pronoun ("siger hun")
    at: int = 0  # where the clause names the speaker


@dataclass(slots=True)
class Candidate:
    segment: Segment
    attributed: bool = False  # a speech clause or a colon introduces it
    speaker: Speaker | None = None
    chain: int = -1  # multi-paragraph quote id
    dash: bool = False
    resolved: str | None = None
    members: list[int] = field(default_factory=list)


@Language.factory(
    "kv_quotes",
    default_config={"data_dir": None},
    assigns=["doc._.quotes", "doc._.speech"],
    requires=["doc._.persons"],
)
def make_quotes(nlp: Language, name: str, data_dir: str | None) -> QuoteFinder:
    return QuoteFinder(nlp, name, data_dir=data_dir)


class QuoteFinder(BatchedPipe):
    """Find quotes and their speakers; the word lists live in nlp/data/quotes/."""

    def __init__(self, nlp: Language, name: str, *, data_dir: str | None = None) -> None:
        self.name = name
        self.data = SpeechData.load(Path(data_dir) if data_dir else DATA_DIR)

    # -- spaCy serialisation ---------------------------------------------------------------

    def to_disk(self, path: str | Path, *, exclude: Any = ()) -> None:
        self.data.write(Path(path))

    def from_disk(self, path: str | Path, *, exclude: Any = ()) -> QuoteFinder:
        self.data = SpeechData.load(Path(path), Path(path))
        return self

    # -- the component ---------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        run = _Run(self.data, doc)
        doc._.quotes = run.quotes()
        doc._.speech = run.speech()
        return doc


class _Run:
    """The work for one Doc; holds its paragraphs, person index and candidate quotes."""

    def __init__(self, data: SpeechData, doc: Doc) -> None:
        self.data = data
        self.doc = doc
        self.text = doc_text(doc)
        self.paras = quote_paragraphs(self.text)
        self.para_starts = [p.start for p in self.paras]
        persons: list[PersonMention] = sorted(doc._.persons or [], key=lambda p: p.start)
        self.persons = persons
        self.person_starts = [p.start for p in persons]
        self.person_ends = sorted((p.end, i) for i, p in enumerate(persons))
        self.ner = entity_spans(doc, "PER", self.text)
        self.ner_starts = [e[0] for e in self.ner]
        self.surnames: dict[str, str] = {}
        for p in persons:
            parts = p.name.split()
            if len(parts) > 1:
                self.surnames.setdefault(parts[-1].casefold(), p.name)
        self.kept: list[Candidate] = []
        self.events: list[tuple[int, str]] = []  # (offset, canonical name) of persons in focus
        self.para_speaker: dict[int, str] = {}  # paragraph -> speaker of its last quote
        self.quotes_people = False  # some quote names its speaker
        self.role_mentions: list[PersonMention] = list(doc._.person_roles or []) + persons
        self.role_index: dict[str, tuple[list[int], list[str], str | None]] = {}

    # -- candidates ------------------------------------------------------------------------

    def quotes(self) -> list[QuoteMention]:
        candidates = self._candidates()
        self.kept = [c for c in candidates if self._is_quote(c)]
        self.quotes_people = any(c.speaker and (c.speaker.name or c.speaker.gender) for c in self.kept)
        self._build_events()
        self._resolve()
        result = []
        for cand in self.kept:
            start, end = trim(self.text, cand.segment.start, cand.segment.end)
            if end > start:
                result.append(QuoteMention(self.text[start:end], start, end, cand.resolved))
        return sorted(result, key=lambda q: q.start)

    def _candidates(self) -> list[Candidate]:
        found: list[Candidate] = []
        dash_attributed = False
        for index, para in enumerate(self.paras):
            covered = -1
            begin = dash_start(self.text, para)
            if begin is not None:
                dashes = self._dash_candidates(para, index, begin)
                dash_attributed = dash_attributed or any(c.attributed for c in dashes)
                found.extend(dashes)
                covered = para.end if dashes and dashes[-1].segment.close_at is None else -1
            if covered < 0:
                previous: Candidate | None = None
                for seg in mark_segments(self.text, para, index):
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
        mark = self.text[para.start : begin].strip()[:1] or "-"
        while start < para.end:
            clause = None
            for match in self.data.dash_attr_re.finditer(self.text, start, para.end):
                speaker = self._speaker_after(match.end("verb"), para.end)
                if speaker is not None:
                    clause = (match, speaker)
                    break
            if clause is None:
                seg = Segment(start, para.end, start - 1, None, index, mark)
                cand = Candidate(seg, dash=True)
                prev = self._colon_clause(index)
                if prev is not None:
                    cand.attributed, cand.speaker = True, prev
                out.append(cand)
                break
            match, speaker = clause
            seg = Segment(start, match.start(), start - 1, match.start(), index, mark)
            out.append(Candidate(seg, attributed=True, speaker=speaker, dash=True))
            reopen = _REOPEN.search(self.text, match.end(), para.end)
            if reopen is None:
                break
            start = reopen.end()
        for before, after in zip(out, out[1:], strict=False):
            if not after.attributed:  # "…, siger hun og tilføjer: – Men …"
                after.attributed, after.speaker = True, before.speaker
        return out

    def _mark_candidate(self, seg: Segment, para: Paragraph) -> Candidate:
        cand = Candidate(seg)
        text = self.text
        if seg.close_at is not None:
            limit = self._next_open(seg.close_at + 1, para.end)
            post = self.data.post_re.match(text, seg.close_at + 1, limit)
            if post is not None:
                # a verb without a speaker ("…", lyder det flot) does not make a quote
                cand.speaker = self._speaker_after(post.end("verb"), limit)
                cand.attributed = cand.speaker is not None
            elif seg.paragraph + 1 < len(self.paras) and not text[seg.close_at + 1 : para.end].strip(" .,;"):
                # »…« closing its paragraph, then "Det siger borgmester Hanne Jensen."
                nxt = self.paras[seg.paragraph + 1]
                post = _THAT_SAYS.match(text, nxt.start)
                if post is not None:
                    verb = self.data.verb_re.match(text, post.end(), nxt.end)
                    if verb is not None:
                        cand.speaker = self._speaker_after(verb.end(), nxt.end)
                        cand.attributed = cand.speaker is not None
        if cand.speaker is None:
            pre = self._pre_clause(seg, para)
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
        begin = self._sentence_start(para, seg.open_at)
        for closing in _CLOSING.finditer(self.text, begin, seg.open_at):
            begin = closing.end()
        cues = list(self.data.according_re.finditer(self.text, begin, seg.open_at))
        if not cues:
            return None
        cue = cues[-1]
        speaker = self._speaker_after(cue.end(), seg.open_at)
        if speaker is None or speaker.gender:
            return None  # "ifølge hende": too loose to resolve here
        i = bisect_right(self.person_starts, speaker.at)
        if i < len(self.persons) and self.persons[i].start < seg.open_at:
            return None  # "Ifølge X har Y kaldt det »…«"
        if self.data.verb_re.search(self.text, speaker.at, seg.open_at) is not None:
            return None
        return speaker

    def _resumes(self, previous: Candidate, seg: Segment) -> bool:
        """»Det er godt,« siger hun. »Men …« – the speech goes on after its attribution."""
        if not previous.attributed or previous.segment.close_at is None:
            return False
        gap_start = previous.segment.close_at + 1
        if seg.open_at - gap_start > RESUME_GAP:
            return False
        if self.data.verb_re.search(self.text, gap_start, seg.open_at) is None:
            return False
        # "»…«, men Per Lund mener, at »…«": another person in the gap speaks the next part
        speaker = previous.speaker.name if previous.speaker else None
        i = bisect_left(self.person_starts, gap_start)
        while i < len(self.persons) and self.persons[i].start < seg.open_at:
            if speaker is None or self.persons[i].name != speaker:
                return False
            i += 1
        return True

    def _next_open(self, start: int, end: int) -> int:
        match = re.compile(r"[»„“”\"']").search(self.text, start, end)
        return match.start() if match else end

    def _is_quote(self, cand: Candidate) -> bool:
        seg = cand.segment
        if cand.dash or cand.attributed or cand.chain >= 0:
            return True
        if seg.mark in SINGLE_MARKS:
            return False
        words = len(self.text[seg.start : seg.end].split())
        para = self.paras[seg.paragraph]
        if seg.open_at == para.start:
            return words >= MIN_WORDS_PARAGRAPH_QUOTE
        inner = self.text[seg.start : seg.end].rstrip()
        return seg.close_at is not None and words >= MIN_WORDS_FREE_QUOTE and inner[-1:] in ".!?"

    def _link_chains(self, found: list[Candidate]) -> None:
        """An unclosed paragraph quote continues when the next paragraph opens with a mark."""
        chain = 0
        by_para: dict[int, Candidate] = {}
        for cand in found:
            if cand.segment.open_at == self.paras[cand.segment.paragraph].start:
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

    # -- speakers --------------------------------------------------------------------------

    def _speaker_after(self, at: int, limit: int) -> Speaker | None:
        """Who a speech verb ending at `at` names: "siger hun", "siger borgmester Hanne Jensen".

        None when no speaker follows: in "…, mener jeg" or "…", lyder det flot the verb is no
        attribution.
        """
        text = self.text
        pron = self.data.pronoun_after_re.match(text, at, limit)
        if pron is not None:
            return Speaker(gender=self.data.pronouns[pron.group("pron").lower()], at=pron.start("pron"))
        end = self._clause_end(at, min(limit, at + NAME_REACH))
        i = bisect_left(self.person_starts, at)
        if i < len(self.persons) and self.persons[i].start < end:
            person = self.persons[i]
            if self._open_gap(at, self._before_role(at, person)):
                return Speaker(name=person.name, at=person.start)
        i = bisect_left(self.ner_starts, at)
        if i < len(self.ner) and self.ner[i][0] < end and self._open_gap(at, self.ner[i][0]):
            return Speaker(name=self._canonical(self.ner[i][2]), at=self.ner[i][0])
        name = _CAPITAL_NAME.match(text, at, end)
        if name is not None:
            found = self._known_name(name.group("name"))
            if found is not None:
                return Speaker(name=found, at=name.start("name"))
        role = self.data.role_after_re.match(text, at, limit)
        if role is not None:
            # "siger borgmesteren": the quote is attributed even when no one holds the role
            return self._role_speaker(role)
        return None

    def _role_speaker(self, role: re.Match[str]) -> Speaker:
        at = role.start("role")
        return Speaker(name=self._role_holder(role.group("role"), at), at=at)

    def _role_holder(self, noun: str, at: int) -> str | None:
        """The person a definite role noun means (`role_holder` semantics), found by bisection.

        The holders of each noun are indexed once per Doc, so many "siger formanden" in one
        long text stay linear.
        """
        key = noun.casefold()
        entry = self.role_index.get(key)
        if entry is None:
            if len(self.role_index) >= MAX_ROLE_NOUNS:
                return None
            held = sorted(
                (m.start, m.name) for m in self.role_mentions if m.role and role_holder([m], key) is not None
            )
            names = {name for _, name in held}
            only = next(iter(names)) if len(names) == 1 else None
            entry = ([s for s, _ in held], [n for _, n in held], only)
            self.role_index[key] = entry
        starts, names_at, only = entry
        i = bisect_left(starts, at) - 1
        return names_at[i] if i >= 0 else only

    def _before_role(self, at: int, person: PersonMention) -> int:
        """Where the person's own stated role begins right before the name, else the name.

        "siger rådmand for Sundhed og Omsorg Anne Vang Kjær": the "og" belongs to the title
        kv_persons read, so it must not end the speaker search.
        """
        role = person.role
        if not role or " " not in role:
            return person.start
        gap = self.text[at : person.start].rstrip().rstrip(",").rstrip()
        if " ".join(gap.split()).casefold().endswith(role.casefold()):
            return at + gap.casefold().rfind(role.split()[0].casefold())
        return person.start

    def _open_gap(self, start: int, end: int) -> bool:
        """True when only a title stands between a verb and a name ("siger borgmester X").

        One comma may close the title ("siger den nye formand, Hanne Jensen").
        """
        gap = self.text[start:end].rstrip()
        if gap.endswith(","):
            end = start + len(gap) - 1
        return _NOT_SPEAKER_GAP.search(self.text, start, end) is None

    def _speaker_before(self, start: int, verb_at: int) -> Speaker | None:
        """The subject before a speech verb: "Hun siger:", "Hanne Jensen (A) siger, at"."""
        text = self.text
        pron = self.data.pronoun_before_re.search(text, max(start, verb_at - 12), verb_at)
        if pron is not None:
            return Speaker(gender=self.data.pronouns[pron.group("pron").lower()], at=pron.start("pron"))
        named = self._person_ending_before(verb_at, start)
        if named is not None:
            return named
        role = self.data.role_before_re.search(text, max(start, verb_at - 40), verb_at)
        if role is not None:
            # "Borgmesteren siger:" names the role, and kv_persons who holds it
            return self._role_speaker(role)
        return None

    def _person_ending_before(self, at: int, start: int) -> Speaker | None:
        """A person named right before `at`; a party letter or an apposition may stand between."""
        i = bisect_right(self.person_ends, (at, len(self.persons))) - 1
        while i >= 0:
            end, index = self.person_ends[i]
            person = self.persons[index]
            if person.start < start or end < at - NAME_REACH:
                return None
            tail = _NAME_TAIL.match(self.text, end, at)
            if tail is not None and tail.end() == at:
                return Speaker(name=person.name, at=person.start)
            i -= 1
        return None

    def _pre_clause(self, seg: Segment, para: Paragraph) -> Speaker | None:
        """The clause before an opening mark: "siger hun: »", "Hun siger, »", "X: »"."""
        text = self.text
        if seg.open_at == para.start:
            return self._colon_clause(seg.paragraph)
        begin = self._sentence_start(para, seg.open_at)
        for closing in _CLOSING.finditer(text, begin, seg.open_at):
            begin = closing.end()  # the gap of an interrupted quote
        clause = text[begin : seg.open_at].rstrip()
        if not clause.endswith((":", ",")):
            return None
        return self._clause_speaker(begin, begin + len(clause), colon=clause.endswith(":"))

    def _colon_clause(self, index: int) -> Speaker | None:
        """A previous paragraph ending in a colon introduces the quote ("fortæller X:")."""
        if index == 0:
            return None
        prev = self.paras[index - 1]
        if self.text[prev.end - 1] != ":":
            return None
        start = self._sentence_start(prev, prev.end - 1)
        speaker = self._clause_speaker(start, prev.end, colon=True)
        return speaker

    def _clause_speaker(self, start: int, end: int, *, colon: bool) -> Speaker | None:
        """Speaker of an introducing clause `text[start:end]` ending in ":" or ","."""
        verbs = list(self.data.verb_re.finditer(self.text, start, end))
        # the last verb first; "siger han og tilføjer:" names its speaker at the earlier one
        for verb in reversed(verbs):
            after = self._speaker_after(verb.end(), end)
            if after is not None:
                return after
            if not self.data.speaker_after_only(verb.group()):
                before = self._speaker_before(start, verb.start())
                if before is not None:
                    return before
        if verbs:
            return Speaker(at=verbs[-1].start())
        if not colon:
            return None
        named = self._person_ending_before(end - 1, start)  # "Hanne Jensen (A): »…«"
        if named is not None:
            return named
        # "Hun har en klar holdning: »…«" – a pronoun subject opens the clause
        pron = _FIRST_WORD.match(self.text, start, end)
        if pron is not None and pron.group("pron").lower() in self.data.pronouns:
            return Speaker(gender=self.data.pronouns[pron.group("pron").lower()], at=pron.start("pron"))
        return None

    def _sentence_start(self, para: Paragraph, at: int) -> int:
        """Start of the sentence holding `at`, looking back at most CLAUSE_REACH characters."""
        start = max(para.start, at - CLAUSE_REACH)
        for match in _SENTENCE_BREAK.finditer(self.text, start, at):
            start = match.end()
        return start

    def _clause_end(self, at: int, limit: int) -> int:
        match = _SENTENCE_END.search(self.text, at, limit)
        return match.start() if match else limit

    def _canonical(self, name: str) -> str:
        name = " ".join(name.split())
        return self.surnames.get(name.casefold(), name) if " " not in name else name

    def _known_name(self, name: str) -> str | None:
        """A capitalised name after a speech verb that the person component did not report."""
        name = " ".join(name.split())
        if " " not in name:
            return self.surnames.get(name.casefold())
        return name if self.data.gender(name) is not None else None

    # -- focus and resolution --------------------------------------------------------------

    def _build_events(self) -> None:
        spans = sorted((c.segment.start, c.segment.end) for c in self.kept)
        starts = [s for s, _ in spans]
        for person in self.persons:
            i = bisect_right(starts, person.start) - 1
            if i >= 0 and spans[i][0] <= person.start < spans[i][1]:
                continue  # named inside a quote: the speaker talks about them
            if self._in_credit(person.start):
                continue
            self.events.append((person.start, person.name))
        # NER persons that kv_persons left out can still be the "han"/"hun" of a later quote;
        # only names whose given name is known, which keeps stray PER spans out.
        person_spans = sorted((p.start, p.end) for p in self.persons)
        for start, end, name in self.ner:
            i = bisect_right(starts, start) - 1
            inside = i >= 0 and spans[i][0] <= start < spans[i][1]
            j = bisect_right(person_spans, (end, end)) - 1
            known = j >= 0 and person_spans[j][1] > start
            name = self._canonical(name)
            if not inside and not known and self.data.gender(name) and not self._in_credit(start):
                self.events.append((start, name))
        self.events.sort()

    def _in_credit(self, at: int) -> bool:
        i = bisect_right(self.para_starts, at) - 1
        if i < 0:
            return False
        para = self.paras[i]
        short = para.end - para.start <= MAX_CREDIT_CHARS
        return short and self.data.credit_re.match(self.text, para.start) is not None

    def _resolve(self) -> None:
        chains: dict[int, list[Candidate]] = {}
        for cand in self.kept:
            if cand.chain >= 0:
                chains.setdefault(cand.chain, []).append(cand)
        for members in chains.values():
            # the closing paragraph's attribution speaks for the whole quote, else the opening's
            source = next((c.speaker for c in reversed(members) if c.speaker is not None), None)
            for cand in members:
                if cand.speaker is None and source is not None:
                    cand.speaker, cand.attributed = source, True
        for cand in self.kept:
            first = cand
            if cand.chain >= 0:
                first = chains[cand.chain][0]
            cand.resolved = self._resolve_one(cand, first.segment.open_at)
            if cand.resolved:
                self.para_speaker[cand.segment.paragraph] = cand.resolved

    def _resolve_one(self, cand: Candidate, quote_start: int) -> str | None:
        speaker = cand.speaker
        if speaker is not None and speaker.name:
            self._focus(speaker.at, speaker.name)
            return speaker.name
        if speaker is not None and speaker.gender:
            name = self._last_person(quote_start, speaker.gender)
            if name is not None:
                self._focus(speaker.at, name)
            return name
        if cand.attributed and speaker is not None:
            return None  # "siger formanden": a clause, but no name to give
        para = self.paras[cand.segment.paragraph]
        if cand.segment.open_at > para.start + 1:
            return None  # a free quote inside narrative text
        if not self.quotes_people or not (cand.dash or self._reads_as_speech(cand.segment)):
            return None  # a title in quotes ("Alle unge i job") in a text that quotes no one
        # A quote paragraph without attribution continues the quote paragraph before it, else
        # the speaker in focus.
        previous = self.para_speaker.get(cand.segment.paragraph - 1)
        if previous is not None:
            return previous
        floor = self.paras[max(0, cand.segment.paragraph - INHERIT_PARAGRAPHS)].start
        i = bisect_left(self.events, (quote_start, "")) - 1
        if i >= 0 and self.events[i][0] >= floor:
            return self.events[i][1]
        return None

    def _reads_as_speech(self, seg: Segment) -> bool:
        """Speech ends with punctuation inside the marks, or right after them (»…«.)."""
        inner = self.text[seg.start : seg.end].rstrip()
        after = self.text[seg.close_at + 1 : seg.close_at + 2] if seg.close_at is not None else ""
        return inner[-1:] in _SPEECH_END or after in _SPEECH_END

    def _last_person(self, before: int, gender: str) -> str | None:
        """The most recent person before `before` of this gender; else of unknown gender."""
        i = bisect_left(self.events, (before, "")) - 1
        unknown: str | None = None
        stop = max(-1, i - PRONOUN_REACH)
        while i > stop:
            name = self.events[i][1]
            found = self.data.gender(name)
            if found == gender:
                return name
            if found is None and unknown is None:
                unknown = name
            i -= 1
        return unknown

    def _focus(self, at: int, name: str) -> None:
        insort(self.events, (at, name))

    # -- indirect speech for claims ----------------------------------------------------------

    def speech(self) -> list[tuple[int, int, str]]:
        """Every speech clause outside the quotes whose speaker is known, in text order."""
        spans = sorted((c.segment.start, c.segment.end) for c in self.kept)
        starts = [s for s, _ in spans]
        out: list[tuple[int, int, str]] = []
        for verb in self.data.find_verbs(self.doc, self.text):
            i = bisect_right(starts, verb.start()) - 1
            if i >= 0 and spans[i][0] <= verb.start() < spans[i][1]:
                continue
            para_i = bisect_right(self.para_starts, verb.start()) - 1
            if para_i < 0:
                continue
            sent = self._sentence_start(self.paras[para_i], verb.start())
            speaker = self._speaker_after(verb.end(), self.paras[para_i].end)
            if speaker is None and not self.data.speaker_after_only(verb.group()):
                speaker = self._speaker_before(sent, verb.start())
            if speaker is None:
                continue
            name = speaker.name
            if name is None and speaker.gender:
                name = self._last_person(verb.start(), speaker.gender)
            if name:
                out.append((verb.start(), verb.end(), name))
        return out
