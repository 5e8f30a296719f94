"""Who an attribution clause names: after a speech verb ("siger hun", "siger borgmester X"),
before it ("Hanne Jensen (A) siger"), or in a clause ending in a colon or comma."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from core.result import PersonMention
from nlp.quotemarks import Paragraph, Segment
from nlp.quoting.document import _CLOSING, QuoteDoc, Speaker

# How far a speaker's name may stand from its verb ("siger formand for X-udvalget Hanne Jensen").
NAME_REACH = 90
# How many distinct role nouns one Doc looks up (keeps garbage input linear).
MAX_ROLE_NOUNS = 64

_CAPITAL_NAME = re.compile(
    r"(?:\s+[a-zæøå][\w-]*,?){0,4}?\s+"
    r"(?P<name>[A-ZÆØÅ][\w-]+(?:\s+(?:[A-ZÆØÅ]\.|[A-ZÆØÅ][\w-]+|(?:von|van|de|la)\s+[A-ZÆØÅ][\w-]+))*)"
)
# Between a name and its verb: a party letter, an apposition ("Hanne Jensen (A), borgmester, siger")
_NAME_TAIL = re.compile(r"\s*(?:\([^()\n]{1,6}\))?\s*(?:,[^,.:;!?»«”\n]{1,70},)?\s*")
_FIRST_WORD = re.compile(r"\s*(?P<pron>\w+)\s")
# Words that show a speech verb is followed by reported speech, not by its speaker.
_NOT_SPEAKER_GAP = re.compile(
    r"[,.:;!?»«”“\"]|(?<![\w-])(?:at|om|hvis|når|fordi|men|og|der|som|det|den|de|vi|jeg|man|du|sig|ikke)(?![\w-])",
    re.IGNORECASE,
)


class Speakers:
    """The speaker rules over one `QuoteDoc`; `after`, `before` and the clause readers are
    what the other stages ask."""

    def __init__(self, index: QuoteDoc) -> None:
        self.index = index
        doc = index.doc
        self.role_mentions: list[PersonMention] = list(doc._.person_roles or []) + index.persons
        # role noun -> (starts, names of its holders, the only holder): indexed once per noun
        self.role_index: dict[str, tuple[list[int], list[str], str | None]] = {}

    def after(self, at: int, limit: int) -> Speaker | None:
        """Who a speech verb ending at `at` names: "siger hun", "siger borgmester Hanne Jensen".

        None when no speaker follows: in "…, mener jeg" or "…", lyder det flot the verb is no
        attribution.
        """
        text = self.index.text
        pron = self.index.data.pronoun_after_re.match(text, at, limit)
        if pron is not None:
            return Speaker(gender=self.index.data.pronouns[pron.group("pron").lower()], at=pron.start("pron"))
        end = self.index.clause_end(at, min(limit, at + NAME_REACH))
        i = bisect_left(self.index.person_starts, at)
        if i < len(self.index.persons) and self.index.persons[i].start < end:
            person = self.index.persons[i]
            if self._open_gap(at, self._before_role(at, person)):
                return Speaker(name=person.name, at=person.start)
        i = bisect_left(self.index.ner_starts, at)
        if (
            i < len(self.index.ner)
            and self.index.ner[i][0] < end
            and self._open_gap(at, self.index.ner[i][0])
        ):
            return Speaker(name=self.index.canonical(self.index.ner[i][2]), at=self.index.ner[i][0])
        name = _CAPITAL_NAME.match(text, at, end)
        if name is not None:
            found = self.index.known_name(name.group("name"))
            if found is not None:
                return Speaker(name=found, at=name.start("name"))
        role = self.index.data.role_after_re.match(text, at, limit)
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
            # imported here: nlp.components imports this package (kv_quotes) when it loads
            from nlp.components.person_data import role_holder

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
        gap = self.index.text[at : person.start].rstrip().rstrip(",").rstrip()
        if " ".join(gap.split()).casefold().endswith(role.casefold()):
            return at + gap.casefold().rfind(role.split()[0].casefold())
        return person.start

    def _open_gap(self, start: int, end: int) -> bool:
        """True when only a title stands between a verb and a name ("siger borgmester X").

        One comma may close the title ("siger den nye formand, Hanne Jensen").
        """
        gap = self.index.text[start:end].rstrip()
        if gap.endswith(","):
            end = start + len(gap) - 1
        return _NOT_SPEAKER_GAP.search(self.index.text, start, end) is None

    def before(self, start: int, verb_at: int) -> Speaker | None:
        """The subject before a speech verb: "Hun siger:", "Hanne Jensen (A) siger, at"."""
        text = self.index.text
        pron = self.index.data.pronoun_before_re.search(text, max(start, verb_at - 12), verb_at)
        if pron is not None:
            return Speaker(gender=self.index.data.pronouns[pron.group("pron").lower()], at=pron.start("pron"))
        named = self.person_ending_before(verb_at, start)
        if named is not None:
            return named
        role = self.index.data.role_before_re.search(text, max(start, verb_at - 40), verb_at)
        if role is not None:
            # "Borgmesteren siger:" names the role, and kv_persons who holds it
            return self._role_speaker(role)
        return None

    def person_ending_before(self, at: int, start: int) -> Speaker | None:
        """A person named right before `at`; a party letter or an apposition may stand between."""
        i = bisect_right(self.index.person_ends, (at, len(self.index.persons))) - 1
        while i >= 0:
            end, index = self.index.person_ends[i]
            person = self.index.persons[index]
            if person.start < start or end < at - NAME_REACH:
                return None
            tail = _NAME_TAIL.match(self.index.text, end, at)
            if tail is not None and tail.end() == at:
                return Speaker(name=person.name, at=person.start)
            i -= 1
        return None

    def pre_clause(self, seg: Segment, para: Paragraph) -> Speaker | None:
        """The clause before an opening mark: "siger hun: »", "Hun siger, »", "X: »"."""
        text = self.index.text
        if seg.open_at == para.start:
            return self.colon_clause(seg.paragraph)
        begin = self.index.sentence_start(para, seg.open_at)
        for closing in _CLOSING.finditer(text, begin, seg.open_at):
            begin = closing.end()  # the gap of an interrupted quote
        clause = text[begin : seg.open_at].rstrip()
        if not clause.endswith((":", ",")):
            return None
        return self.clause_speaker(begin, begin + len(clause), colon=clause.endswith(":"))

    def colon_clause(self, index: int) -> Speaker | None:
        """A previous paragraph ending in a colon introduces the quote ("fortæller X:")."""
        if index == 0:
            return None
        prev = self.index.paras[index - 1]
        if self.index.text[prev.end - 1] != ":":
            return None
        start = self.index.sentence_start(prev, prev.end - 1)
        speaker = self.clause_speaker(start, prev.end, colon=True)
        return speaker

    def clause_speaker(self, start: int, end: int, *, colon: bool) -> Speaker | None:
        """Speaker of an introducing clause `text[start:end]` ending in ":" or ","."""
        verbs = list(self.index.data.verb_re.finditer(self.index.text, start, end))
        # the last verb first; "siger han og tilføjer:" names its speaker at the earlier one
        for verb in reversed(verbs):
            after = self.after(verb.end(), end)
            if after is not None:
                return after
            if not self.index.data.speaker_after_only(verb.group()):
                before = self.before(start, verb.start())
                if before is not None:
                    return before
        if verbs:
            return Speaker(at=verbs[-1].start())
        if not colon:
            return None
        named = self.person_ending_before(end - 1, start)  # "Hanne Jensen (A): »…«"
        if named is not None:
            return named
        # "Hun har en klar holdning: »…«" – a pronoun subject opens the clause
        pron = _FIRST_WORD.match(self.index.text, start, end)
        if pron is not None and pron.group("pron").lower() in self.index.data.pronouns:
            return Speaker(gender=self.index.data.pronouns[pron.group("pron").lower()], at=pron.start("pron"))
        return None
