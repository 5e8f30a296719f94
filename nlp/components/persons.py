"""kv_persons: every mention of a person, with canonical name, party letter, role and politician flag.

Why rules around the NER: the statistical NER finds PER spans but knows nothing of parties,
roles or minutes, and it misses names in participant lists. So candidates come from one regex
pass over the text (runs of capitalised words and initials on one line) plus the NER's PER
spans, and a candidate is kept when there is evidence that it is a person: a known given name,
a PER span, or its context (party letter in parentheses, a role, a party named in words, a
speech verb, a byline). Context also gives party and role; later surname or first-name
mentions, and runs equal to a name's last two or more words ("Friis Hansen"), inherit the
full name found in the same document. The word lists are data files (`nlp/data/persons/`,
see `person_data`).

Where the rules are careful, and why:
- Lead-in words are context, not name: roles, parties in the genitive ("Radikale Venstres",
  "DF's", "S'"), party compounds ("S-borgmester") and a role's capitalised area ("rådmand for
  Sundhed og Omsorg Anne Bro": the name is the last run that starts with a given name).
- Surnames that are ordinary words ("Gade", "Skov") stay names after a given name; a street
  is a street after a genitive or before a house number.
- The NER alone (no given name, no context) is trusted only for a PER span over the name's
  first two words, away from sentence and line starts (where every word is capitalised), and
  not for words the text also writes in lower case, kommune names or inner genitives.

Minutes versus news is decided once per document (`_is_minutes`): in minutes "(K)" is the list
letter K, in news the abbreviation of Det Konservative Folkeparti (C).

For later components: `nlp.components.person_data.role_holder(doc, "borgmesteren",
before=offset)` resolves a definite role noun ("borgmesteren", "rådmanden", "formanden",
"ministeren", "direktøren", "jobcenterchefen", ...) to the canonical name of the person this
component found holding that role, the most recent one before `offset`, or None (kv_quotes
uses it for "..., siger borgmesteren"). It reads `doc._.person_roles` (a PersonMention per
mention that states a role of its own) and `doc._.persons`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from core.result import PersonMention
from nlp.components.batching import BatchedPipe
from nlp.components.person_data import DATA_DIR, PersonData
from nlp.entity_spans import entity_spans
from nlp.extensions import doc_text, register_extensions

register_extensions()

KnownPoliticians = Mapping[str, tuple[str | None, list[str]]]

# A role's "for ..." phrase that names a council or committee makes "formand" a politician.
_COUNCIL = re.compile(r"udvalg|byråd|kommunalbestyrelse|regionsråd|folketing", re.IGNORECASE)
_GENITIVE = re.compile(r"(?:sen|son|sson|sø)s$")
_WHITESPACE = re.compile(r"\s+")
_ONE_WORD = re.compile(r"[^ \t\u00a0.]+")  # a run without separators or initials
_WORD_START = re.compile(r"(?<!\S)\S")
_COMPANY_FORM = re.compile(r"[ \t\u00a0]+(?:A/S|ApS|I/S|K/S|P/S|IVS|a\.m\.b\.a\.|amba)(?!\w)", re.IGNORECASE)
_BYLINE_MORE = re.compile(r"(?:,|[ \t]og)[ \t]+(?=[A-ZÆØÅ])")
_MAX_NAME_WORDS = 8
_PARTY_CODE = re.compile(r"[A-ZÆØÅ]{1,3}")
_SURNAME_ENDING = re.compile(r"(?:sen|søn|gaard|gård)$")
_HOUSE_NUMBER = re.compile(r"[ \t\u00a0]*,?[ \t\u00a0]*\d")
_LOWER_WORD = re.compile(r"(?<![^\W\d_])[a-zæøåäöüé][^\W\d_]*")


@Language.factory(
    "kv_persons",
    default_config={"minutes_min_cues": 2, "use_ner": True, "remember_politicians": False},
    assigns=["doc._.persons"],
)
def make_persons(
    nlp: Language, name: str, minutes_min_cues: int, use_ner: bool, remember_politicians: bool
) -> PersonsComponent:
    return PersonsComponent(
        nlp,
        name,
        minutes_min_cues=minutes_min_cues,
        use_ner=use_ner,
        remember_politicians=remember_politicians,
    )


@dataclass
class _Evidence:
    """What one mention's context says about the person."""

    party: str | None = None
    role: str | None = None
    politician: bool | None = None  # True/False when the role decides it, None when silent
    person: bool = False  # context alone shows that the words are a person's name
    weak: bool = False  # a speech verb: a person unless the words look like an organisation


@dataclass
class _Candidate:
    start: int
    end: int  # end of the name itself
    text_end: int  # end including an attached party parenthesis
    words: list[str]
    evidence: _Evidence
    name: str = ""


@dataclass
class _Person:
    """What the document says about one person, merged over all mentions."""

    name: str
    party: str | None = None
    role: str | None = None
    politician_votes: list[bool] = field(default_factory=list)

    def add(self, evidence: _Evidence) -> None:
        if evidence.party and not self.party:
            self.party = evidence.party
        if evidence.role and not self.role:
            self.role = evidence.role
        if evidence.politician is not None:
            self.politician_votes.append(evidence.politician)

    @property
    def politician(self) -> bool:
        if self.party:
            return True
        return bool(self.politician_votes) and self.politician_votes[0]


@dataclass
class _DocState:
    """One document's text, mode and NER spans, and the candidates found so far."""

    text: str
    minutes: bool
    bylines: dict[int, str]
    per_spans: _Spans
    other_spans: _Spans
    full: list[_Candidate] = field(default_factory=list)
    singles: list[_Candidate] = field(default_factory=list)
    others: list[_Candidate] = field(default_factory=list)  # multi-word runs without evidence
    _lower_words: frozenset[str] | None = None

    @property
    def lower_words(self) -> frozenset[str]:
        """Words the text writes in lower case (one pass, only when a weak candidate needs it)."""
        if self._lower_words is None:
            self._lower_words = frozenset(_LOWER_WORD.findall(self.text))
        return self._lower_words


class PersonsComponent(BatchedPipe):
    """Finds persons; see the module docstring for the rules and their order."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        minutes_min_cues: int = 2,
        use_ner: bool = True,
        remember_politicians: bool = False,
    ) -> None:
        self.name = name
        self.minutes_min_cues = minutes_min_cues
        self.use_ner = use_ner
        # In-process registry: politicians with a party seen in earlier documents of this
        # process fill in later ones (off by default so results do not depend on file order).
        self.remember_politicians = remember_politicians
        self.data = PersonData.from_dir(DATA_DIR)
        self.known: dict[str, tuple[str | None, list[str]]] = {}

    # --- registry ------------------------------------------------------------------------

    def set_known_politicians(self, known: KnownPoliticians) -> None:
        """Names (any case) -> (party letter or None, roles) of politicians seen before."""
        self.known = {_norm(name): (party, list(roles)) for name, (party, roles) in known.items()}

    # --- the pass ------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        found, roles = self._find(doc)
        doc._.persons = found
        doc._.person_roles = roles
        if self.remember_politicians:
            for mention in found:
                if mention.politician and mention.party:
                    held = [mention.role] if mention.role else []
                    self.known.setdefault(_norm(mention.name), (mention.party, held))
        return doc

    def _find(self, doc: Doc) -> tuple[list[PersonMention], list[PersonMention]]:
        """The person mentions, and the mentions that state a role of their own (see role_holder)."""
        text = doc_text(doc)
        if not text.strip():
            return [], []
        minutes = self._is_minutes(text)
        blocked = _blocked_spans(doc)
        per_spans, other_spans = self._ner_spans(doc)
        bylines = self._bylines(text)

        state = _DocState(text, minutes, bylines, per_spans, other_spans)
        covered = _Spans()
        data = self.data
        for match in data.sequence_re.finditer(text):
            word = match.group()
            # Most runs are one ordinary capitalised word ("Det", "Kommunen"): `_pieces` would cut
            # it away, so it is skipped without the per-token pass.
            if (
                _ONE_WORD.fullmatch(word)
                and word[0].isupper()
                and data.is_not_name(word)
                and word not in data.surname_words
            ):
                continue
            for piece in self._pieces(text, match.start(), match.end(), blocked):
                self._classify(state, piece)
                covered.add(piece[0][0], piece[-1][1])
        for start, end in per_spans:
            if not covered.overlaps(start, end):
                # The same cuts as for runs: "Mødedato Tirsdag", "Jobcenter Ballerup" stay out.
                for piece in self._pieces(text, start, end, blocked):
                    if len(piece) >= 2:
                        self._classify(state, piece)
        full = state.full
        resolved, unresolved = self._resolve_singles(full, state.singles, state.others)
        resolved += self._first_name_only(text, unresolved, minutes, bylines)
        for single in resolved:
            single.evidence, single.text_end = self._context(text, single.start, single.end, minutes, bylines)
        return self._mentions(text, full, resolved)

    def _first_name_only(
        self, text: str, singles: list[_Candidate], minutes: bool, bylines: dict[int, str]
    ) -> list[_Candidate]:
        """People the text names by a given name alone: "– Det er dejligt, siger Ida." A given
        name next to a speech verb is a person; its other lone mentions are the same one."""
        names = set()
        for single in singles:
            word = single.words[0]
            if word in names or word in self.data.ambiguous_given_names or word not in self.data.given_names:
                continue
            if self._context(text, single.start, single.end, minutes, bylines)[0].weak:
                names.add(word)
        found = [s for s in singles if s.words[0] in names]
        for single in found:
            single.name = single.words[0]
        return found

    def _bylines(self, text: str) -> dict[int, str]:
        """Where a byline's names start -> "Af"/"Foto:"...; "Af Anne Hansen og Peter Olsen" has two."""
        bylines = {}
        for match in self.data.byline_re.finditer(text):
            bylines[match.end()] = match.group("kind")
            line_end = text.find("\n", match.end())
            line_end = len(text) if line_end == -1 else line_end
            if line_end - match.end() <= 120:
                for more in _BYLINE_MORE.finditer(text, match.end(), line_end):
                    bylines[more.end()] = match.group("kind")
        return bylines

    def _is_minutes(self, text: str) -> bool:
        cues = {m.group("cue").casefold() for m in self.data.minutes_re.finditer(text)}
        return len(cues) >= self.minutes_min_cues

    def _ner_spans(self, doc: Doc) -> tuple[_Spans, _Spans]:
        if not self.use_ner:
            return _Spans(), _Spans()
        text = doc_text(doc)
        per = _Spans((s, e) for kind in ("PER", "PERSON") for s, e, _ in entity_spans(doc, kind, text))
        other = _Spans((s, e) for kind in ("ORG", "LOC", "GPE") for s, e, _ in entity_spans(doc, kind, text))
        return per, other

    def _pieces(self, text: str, start: int, end: int, blocked: _Spans) -> Iterable[list[tuple[int, int]]]:
        """Cut a capitalised run at words that are never part of a name ("Kommune", "Mandag")."""
        piece: list[tuple[int, int]] = []
        for token in self.data.token_re.finditer(text, start, end):
            word = token.group()
            stop = word[0].isupper() and self.data.is_not_name(word)
            if stop and word in self.data.surname_words:
                # "Hanne Gade (V)" is a person, "Jens Baggesens Gade 4" a street; a lone "Gade"
                # stays a candidate for the surname of a full name (`_resolve_singles`).
                alone = token.start() == start and token.end() == end
                stop = not (alone or piece) or not self._surname_not_street(text, piece, token.end())
            if stop and piece and self.data.is_organisation_word(word):
                piece = []  # "Niels Bohr Instituttet", "Peter Bangs Vej": a name inside a name
            if not stop and blocked.overlaps(token.start(), token.end()):
                # "Anne Herning" stays a person: a kommune word right after a given name.
                stop = not (piece and self.data.is_given_name(text[piece[-1][0] : piece[-1][1]]))
            if stop:
                if piece:
                    yield piece
                piece = []
            else:
                piece.append((token.start(), token.end()))
        if piece:
            yield piece

    def _surname_not_street(self, text: str, piece: list[tuple[int, int]], end: int) -> bool:
        """A surname that is also a street word: after a given name or inside a name that starts
        with one ("Peter Skov Gade"), or alone; never after a genitive or before a house number."""
        if piece:
            previous = text[piece[-1][0] : piece[-1][1]]
            starts_with_given = self.data.is_given_name(text[piece[0][0] : piece[0][1]])
            if not self.data.is_given_name(previous) and (previous.endswith("s") or not starts_with_given):
                return False
        return _HOUSE_NUMBER.match(text, end) is None

    def _classify(self, state: _DocState, tokens: list[tuple[int, int]]) -> None:
        """Decide whether a piece is a full name, a single word to resolve later, or nothing."""
        text, minutes, bylines = state.text, state.minutes, state.bylines
        if len(tokens) == 1:
            # Most pieces are one capitalised word: no lead-in or role phrase to cut, so it is
            # a single to resolve later unless it is a bare initial or a name particle.
            start, end = tokens[0]
            word = text[start:end]
            if not (word[0].islower() or (word.endswith(".") and len(word) <= 4)):
                state.singles.append(_Candidate(start, end, end, [word], _Evidence()))
            return
        words = [text[s:e] for s, e in tokens]
        # Lead-in words that are roles, parties or ordinary capitalised words
        # ("Borgmester", "Enhedslistens", "Mødedeltagere") belong to the context, not the name.
        first = self._after_party_genitive(words)
        while first < len(words) - 1 and not self.data.is_given_name(words[first]):
            lead_in = self.data.role(words[first]) is not None or self.data.party_letter(words[first])
            # An unknown word before a given name is dropped only where any word is capitalised
            # ("Debat Lars Hansen skriver"); mid-sentence it is more likely a given name itself.
            sentence_initial = _sentence_start(text, tokens[first][0]) and len(words) - first > 2
            if not (lead_in or (sentence_initial and self.data.is_given_name(words[first + 1]))):
                break
            first += 1
        first = self._after_role_phrase(state, tokens, words, first)
        tokens, words = tokens[first:], words[first:]
        while words and words[-1].endswith(".") and len(words[-1]) <= 4:  # trailing initial
            tokens, words = tokens[:-1], words[:-1]
        if not words or words[0][0].islower() or len(words) > _MAX_NAME_WORDS:
            return  # a long run of capitalised words is a title-case heading, not a name
        start, end = tokens[0][0], tokens[-1][1]
        if len(words) == 1:
            # Most single words are ordinary sentence starts; their context is read only
            # once they turn out to be the surname or first name of someone found (_resolve).
            state.singles.append(_Candidate(start, end, end, words, _Evidence()))
            return
        evidence, text_end = self._context(text, start, end, minutes, bylines)
        candidate = _Candidate(start, end, text_end, words, evidence)
        if self.data.party_letter(" ".join(words)) and not self.data.is_given_name(words[0]):
            return  # "Nye Borgerlige (D)", "Radikale Venstre (B)": the party itself
        if _COMPANY_FORM.match(text, end):
            return  # "Mark Teknik A/S": a company named after someone
        given = self.data.is_given_name(words[0])
        sentence_start = _sentence_start(text, start)
        if given and sentence_start and words[0] in self.data.ambiguous_given_names:
            # "Hans Kone er syg", "Per Januar": a given name that is also a word proves nothing
            # where every word is capitalised (nor does the NER there); context or a typical
            # surname ("Hans Jensen", "Per Nørgaard", "Bo Lund") must.
            given = _SURNAME_ENDING.search(words[-1]) is not None or words[-1] in self.data.surname_words
        # Only a speech verb or only the NER: "mener Grøn Omstilling" is an organisation made of
        # words the text also uses in lower case; a surname like "Ravnsholt" is not. The NER
        # alone is not trusted at a sentence or line start, where every word is capitalised
        # ("- Mini Skills arrangement for ...", "Mødedato Tirsdag").
        ner = (
            state.per_spans.covers(start, tokens[1][1])
            and not sentence_start
            and not self._ordinary_words(state, words)
            and not any(w in self.data.place_words for w in words)  # "Business Ballerup"
            and not self._genitive_inside(words)
        )
        weak_person = (
            evidence.weak
            and not state.other_spans.overlaps(start, end)
            and not self._ordinary_words(state, words)
        )
        # "H.C. Andersen", "H. L. Hansen": initials before a typical surname.
        initials = words[0].endswith(".") and _SURNAME_ENDING.search(words[-1]) is not None
        if given or ner or evidence.person or weak_person or initials:
            state.full.append(candidate)
        else:  # may still be the end of a full name found elsewhere ("Friis Hansen")
            state.others.append(candidate)

    def _genitive_inside(self, words: list[str]) -> bool:
        """ "Golfens Samarbejdsråd", "Rackmanns Fabrikker": a genitive before the last word makes
        an organisation or a title, unless it is a given name ("Lars", "Niels")."""
        return any(w.endswith("s") and not self.data.is_given_name(w) for w in words[:-1])

    def _ordinary_words(self, state: _DocState, words: list[str]) -> bool:
        """Whether the text also writes one of the words in lower case (surname words aside)."""
        return any(w.casefold() in state.lower_words for w in words if w not in self.data.surname_words)

    def _after_party_genitive(self, words: list[str]) -> int:
        """Index after the last party name in the genitive that leads a run.

        "Radikale Venstres Karin Lund", "Liberal Alliances Tina Mørch": the party words are
        context (`_context_before` reads the letter from them), the name starts after them.
        """
        for index in range(len(words) - 2, -1, -1):
            if self.data.party_genitive(words[index]):
                return index + 1
        return 0

    def _after_role_phrase(
        self, state: _DocState, tokens: list[tuple[int, int]], words: list[str], first: int
    ) -> int:
        """Where the name starts when a role's "for ..." phrase runs into it.

        "Rådmand for Sundhed og Omsorg Anne Bro (S)": the capitalised area words belong to the
        role; the name is the last run that begins with a given name (or a PER span).
        """
        if self.data.is_given_name(words[first]) or state.per_spans.starts_at(tokens[first][0]):
            return first
        for index in range(first + 1, len(words)):
            begins = self.data.is_given_name(words[index]) or state.per_spans.starts_at(tokens[index][0])
            if not begins or self.data.is_given_name(words[index - 1]):
                continue
            evidence = _Evidence()
            self._context_before(state.text, tokens[index][0], state.minutes, evidence)
            if evidence.role is not None:  # the role's phrase reads up to this word
                return index
            return first
        return first

    def _context(
        self, text: str, start: int, end: int, minutes: bool, bylines: dict[int, str]
    ) -> tuple[_Evidence, int]:
        """Read party, role and other evidence from the words around a name."""
        evidence = _Evidence()
        self._context_before(text, start, minutes, evidence)
        text_end = self._context_after(text, end, minutes, evidence)
        if start in bylines:
            evidence.person = True
            # A debate piece's author signs with party and role ("Af Karen Holm (Ø), byrådsmedlem");
            # a bare byline is the journalist's.
            if evidence.role is None and evidence.party is None:
                evidence.role = "fotograf" if bylines[start].startswith("Foto") else "journalist"
                evidence.politician = False
        return evidence, text_end

    def _context_before(self, text: str, start: int, minutes: bool, evidence: _Evidence) -> None:
        window_start = max(0, start - 120)
        newline = text.rfind("\n", window_start, start)
        if newline != -1:
            window_start = newline + 1
        window = text[window_start:start]
        if not self._may_precede(window):
            return
        # Try word starts from the left (longest context first) until one reads to the name.
        word_starts = [m.start() for m in _WORD_START.finditer(window)][-7:]
        for offset in word_starts:
            match = self.data.prefix_re.fullmatch(text, window_start + offset, start)
            if match is None or not match.group(0).strip():
                continue
            role = match.group("role")
            if role is not None and self.data.role(role) is None:
                continue
            if role is not None and text[window_start : match.start("role")].rstrip()[-1:] in (")", ","):
                # "Anne Holm (A), formand, Bjarke Strand (V)": the role is the earlier name's.
                return
            if match.group("verb"):
                evidence.weak = True
            party_form = match.group("party") or match.group("adj") or match.group("member")
            if party_form:
                evidence.party = evidence.party or self.data.party_letter(party_form)
                evidence.person = True
            elif match.group("abbr"):  # "DF's gruppeformand", "V's Lone Wulff"
                evidence.party = evidence.party or self.data.party_code(match.group("abbr"), minutes=minutes)
                evidence.person = True
            if role is not None:
                phrase = match.group("phrase")
                self._take_role(
                    role, phrase, minutes, evidence, owner=match.group("owner"), prep=match.group("prep")
                )
            elif match.group("owner"):
                continue
            return

    def _may_precede(self, window: str) -> bool:
        """Cheap test of the word right before a name: only a role, party, speech verb or a
        role's "for ..." phrase can end the context `prefix_re` reads (most names have none)."""
        words = window.rstrip(" \t\u00a0,").rsplit(None, 1)
        if not words:
            return False
        last = words[-1]
        if not last[-1:].isalpha() and not last.endswith(("'", "’")):
            return False
        if last in self.data.speech_verbs or self.data.role(last) or self.data.party_letter(last):
            return True
        if self.data.party_genitive(last):  # "Dansk Folkepartis", "S'"
            return True
        low = last.casefold()
        if low in self.data.role_tail_words:  # "medlem af Folketinget"
            return True
        phrase_before = " for " in window or " i " in window
        return (last[0].isupper() and phrase_before) or "udvalg" in low or "råd" in low

    def _context_after(self, text: str, end: int, minutes: bool, evidence: _Evidence) -> int:
        pos = end
        text_end = end
        for paren in _iter_parens(self.data.parens_re, text, pos):
            inner = paren.group("inner").strip()
            pos = paren.end()
            if _PARTY_CODE.fullmatch(inner):
                letter = self.data.party_code(inner, minutes=minutes)
                if letter and not evidence.party:
                    evidence.party = letter
                    evidence.person = True
                    text_end = pos
                continue
            role_match = self.data.role_re.fullmatch(inner)
            if role_match and self.data.role(role_match.group("role")):
                self._take_role(
                    role_match.group("role"),
                    role_match.group("phrase"),
                    minutes,
                    evidence,
                    prep=role_match.group("prep"),
                )
                continue
            letter = self.data.party_letter(inner) if inner[:1].isupper() else None
            if letter and not evidence.party:  # "(Venstre)", "(Socialdemokratiet)"
                evidence.party = letter
                evidence.person = True
                text_end = pos
        for _ in range(2):
            role_match = self.data.role_after_re.match(text, pos)
            found = self.data.role(role_match.group("role")) if role_match else None
            if found and role_match and role_match.group("copula") and found.politician == "no":
                break  # "Novo Nordisk er førende ekspert": only an office is evidence after "er"
            if found and role_match:
                if role_match.group("party"):
                    evidence.party = evidence.party or self.data.party_letter(role_match.group("party"))
                elif role_match.group("abbr"):
                    letter = self.data.party_code(role_match.group("abbr"), minutes=minutes)
                    evidence.party = evidence.party or letter
                self._take_role(
                    role_match.group("role"),
                    role_match.group("phrase"),
                    minutes,
                    evidence,
                    prep=role_match.group("prep"),
                )
                pos = role_match.end()
                trailing = self.data.parens_re.match(text, pos)  # "Jens Bonde, byrådsmedlem (K)"
                code = trailing.group("inner").strip() if trailing else ""
                if trailing and _PARTY_CODE.fullmatch(code):
                    evidence.party = evidence.party or self.data.party_code(code, minutes=minutes)
                    pos = trailing.end()
                continue
            party_match = self.data.party_after_re.match(text, pos)
            if party_match and (
                party_match.group("party") or party_match.group("abbr") or party_match.group("council")
            ):
                if party_match.group("party"):
                    letter = self.data.party_letter(party_match.group("party"))
                elif party_match.group("abbr"):
                    letter = self.data.party_code(party_match.group("abbr"), minutes=minutes)
                else:
                    letter = None
                evidence.party = evidence.party or letter
                if party_match.group("council") and evidence.politician is None:
                    evidence.politician = True  # "..., der sidder i byrådet"
                evidence.person = True
                pos = party_match.end()
                continue
            break
        if self.data.verb_after_re.match(text, end) or self.data.verb_after_re.match(text, text_end):
            evidence.weak = True
        return text_end

    def _take_role(
        self,
        role_text: str,
        phrase: str | None,
        minutes: bool,
        evidence: _Evidence,
        *,
        owner: str | None = None,
        prep: str | None = None,
    ) -> None:
        role = self.data.role(role_text)
        if role is None:
            return
        evidence.person = True
        prefix_letter, role_text = self.data.party_prefix(self.data.role_label(role_text))
        if prefix_letter:  # "S-borgmester", "DF-formand"
            evidence.party = evidence.party or prefix_letter
        if phrase:
            letter = self.data.party_letter(phrase)
            if letter:  # "byrådsmedlem for Venstre", "formand i SF": the phrase is the party
                evidence.party = evidence.party or letter
                phrase = None
        # "formand for Kulturudvalget" is the role; in "borgmester i Aarhus" the place is not.
        named = phrase if phrase and prep != "i" else None
        label = _WHITESPACE.sub(" ", role_text if not named else f"{role_text} for {named}")
        if label[1:2].islower():  # "Borgmester Trine Lykke" at a sentence start, not "EU-kommissær"
            label = label[0].lower() + label[1:]
        if evidence.role is None:
            evidence.role = label
        if role.politician == "yes":
            flag: bool | None = True
        elif role.politician == "no":
            flag = False
        else:  # "council": formand for an udvalg, or any formand in minutes or of a party
            about = f"{phrase or ''} {owner or ''}"
            flag = True if minutes or evidence.party or _COUNCIL.search(about) else None
        if flag is not None and evidence.politician is None:
            evidence.politician = flag

    # --- resolution ----------------------------------------------------------------------

    def _resolve_singles(
        self, full: list[_Candidate], singles: list[_Candidate], others: list[_Candidate]
    ) -> tuple[list[_Candidate], list[_Candidate]]:
        """Name the full names, then keep the single words (and multi-word tails such as
        "Friis Hansen") that are one of their surnames or first names; also returns the
        single words left over."""
        last_words = {c.words[-1] for c in full}
        for candidate in full:
            candidate.name = _canonical(candidate.words, last_words)
        forms = _longest_forms({c.name for c in full})
        for candidate in full:
            candidate.name = forms[candidate.name]
        tails = _tails({c.name for c in full})
        for candidate in full:
            candidate.name = tails.get(candidate.name, candidate.name)
        for other in others:
            name = tails.get(_canonical(other.words, last_words))
            if name is not None:
                other.name = name
                full.append(other)
        names = {c.name for c in full}
        by_surname: dict[str, set[str]] = {}
        by_first: dict[str, set[str]] = {}
        for name in names:
            words = name.split()
            by_surname.setdefault(words[-1], set()).add(name)
            by_first.setdefault(words[0], set()).add(name)
        resolved, unresolved = [], []
        for single in singles:
            word = single.words[0]
            stem = word[:-1] if word.endswith("s") else word
            keys = [(word, by_surname), (stem, by_surname)]
            if word not in self.data.ambiguous_given_names:  # "Hans forslag" is "his proposal"
                keys += [(word, by_first), (stem, by_first)]
            for key, index in keys:
                found = index.get(key)
                if found and len(found) == 1:
                    single.name = next(iter(found))
                    resolved.append(single)
                    break
            else:
                unresolved.append(single)
        return resolved, unresolved

    def _mentions(
        self, text: str, full: list[_Candidate], singles: list[_Candidate]
    ) -> tuple[list[PersonMention], list[PersonMention]]:
        mentions = full + singles
        persons = {c.name: _Person(c.name) for c in mentions}
        for mention in mentions:
            persons[mention.name].add(mention.evidence)
        self._apply_registry(persons, mentions)
        mentions.sort(key=lambda c: c.start)
        out = []
        for mention in mentions:
            person = persons[mention.name]
            out.append(
                PersonMention(
                    text=text[mention.start : mention.text_end],
                    start=mention.start,
                    end=mention.text_end,
                    name=person.name,
                    party=person.party,
                    role=person.role,
                    politician=person.politician,
                )
            )
        # A person may hold several roles ("Borgmester Anne Hansen" is also "formand" in the
        # minutes' list); each mention that states one keeps it for role_holder.
        roles = [replace(out[i], role=m.evidence.role) for i, m in enumerate(mentions) if m.evidence.role]
        return out, roles

    def _apply_registry(self, persons: dict[str, _Person], mentions: list[_Candidate]) -> None:
        if not self.known:
            return
        for person in persons.values():
            entry = self.known.get(_norm(person.name))
            if entry is None:
                continue
            party, roles = entry
            if person.party is None and party:
                person.party = party
            if person.role is None and roles:
                person.role = roles[0]
            if not any(v is False for v in person.politician_votes):
                person.politician_votes.insert(0, True)

    # --- serialisation -------------------------------------------------------------------

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        self.data.to_dir(path)
        cfg = {
            "minutes_min_cues": self.minutes_min_cues,
            "use_ner": self.use_ner,
            "remember_politicians": self.remember_politicians,
        }
        srsly.write_json(path / "cfg.json", cfg)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> PersonsComponent:
        path = Path(path)
        self.data = PersonData.from_dir(path)
        cfg: dict[str, Any] = srsly.read_json(path / "cfg.json")
        self.minutes_min_cues = int(cfg.get("minutes_min_cues", self.minutes_min_cues))
        self.use_ner = bool(cfg.get("use_ner", self.use_ner))
        self.remember_politicians = bool(cfg.get("remember_politicians", self.remember_politicians))
        return self


# --- helpers ---------------------------------------------------------------------------------


def _sentence_start(text: str, pos: int) -> bool:
    """Whether `pos` starts a line, a sentence or a quotation, where every word is capitalised."""
    before = text[max(0, pos - 3) : pos].rstrip(" \t\u00a0")
    return not before or before[-1] in '\n.!?:;»«"”“–-'


def _norm(name: str) -> str:
    return " ".join(name.replace(".", " ").split()).casefold()


def _iter_parens(pattern: re.Pattern[str], text: str, pos: int) -> Iterable[re.Match[str]]:
    for _ in range(4):
        match = pattern.match(text, pos)
        if match is None:
            return
        yield match
        pos = match.end()


def _blocked_spans(doc: Doc) -> _Spans:
    spans = [(m.start, m.end) for m in (doc._.kommuner or [])]
    spans += [(m.start, m.end) for m in (doc._.regions or [])]
    return _Spans(spans)


class _Spans:
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


def _canonical(words: list[str], last_words: set[str]) -> str:
    """Join the name's words, dropping a genitive -s ("Jesper Würtzens" -> "Jesper Würtzen")."""
    words = list(words)
    last = words[-1]
    if last.endswith("s") and (last[:-1] in last_words or _GENITIVE.search(last)):
        words[-1] = last[:-1]
    return " ".join(words)


def _tails(names: Iterable[str]) -> dict[str, str]:
    """Two or more last words of a name -> that name, where only one longer name ends so.

    "Friis Hansen" is "Lasse Friis Hansen", "Crawley Larsen" is "Susanne Crawley Larsen"
    (single words go through the surname index of `_resolve_singles`). A name no longer name
    ends with maps to itself, so a run found without evidence elsewhere still resolves.
    """
    owners: dict[str, set[str]] = {}
    for name in names:
        words = name.split()
        for k in range(2, len(words)):
            owners.setdefault(" ".join(words[-k:]), set()).add(name)
    tails = {tail: next(iter(found)) for tail, found in owners.items() if len(found) == 1}
    for name in names:
        if name not in owners:
            tails[name] = name
    return tails


def _longest_forms(names: Iterable[str]) -> dict[str, str]:
    """ "Lars Rasmussen" is "Lars Løkke Rasmussen" when the longer form is in the same text."""
    longest: dict[tuple[str, str], str] = {}
    for name in names:
        words = name.split()
        key = (words[0], words[-1])
        if key not in longest or len(words) > len(longest[key].split()):
            longest[key] = name
    return {name: longest[(name.split()[0], name.split()[-1])] for name in names}
