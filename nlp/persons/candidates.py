"""Candidates: the pieces of text that may be a person's name.

One regex pass finds runs of capitalised words and initials on one line (`sequence_re`); the
NER's PER spans add what the runs miss. Each run is cut at words that are never part of a name
("Kommune", "Mandag"; a kommune's name unless it follows a given name), and each piece is
classified: a full name when there is evidence that it is a person (a known given name, a PER
span, its context, initials before a typical surname), a single word to resolve later against
the full names (`resolution`), or a multi-word run kept for the tails of full names ("Friis
Hansen").

Where the rules are careful, and why:
- Lead-in words are context, not name: roles, parties in the genitive ("Radikale Venstres",
  "DF's", "S'"), party compounds ("S-borgmester") and a role's capitalised area ("rådmand for
  Sundhed og Omsorg Anne Bro": the name is the last run that starts with a given name).
- Surnames that are ordinary words ("Gade", "Skov") stay names after a given name; a street
  is a street after a genitive or before a house number.
- The NER alone (no given name, no context) is trusted only for a PER span over the name's
  first two words, away from sentence and line starts (where every word is capitalised), and
  not for words the text also writes in lower case, kommune names or inner genitives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from nlp.components.person_data import NAME_WORD, PARTICLE, SEP, PersonData
from nlp.persons.evidence import EvidenceReader
from nlp.persons.found import Candidate, DocState, Evidence
from nlp.persons.spans import Spans, sentence_start

_ONE_WORD = re.compile(r"[^ \t\u00a0.]+")  # a run without separators or initials
_COMPANY_FORM = re.compile(r"[ \t\u00a0]+(?:A/S|ApS|I/S|K/S|P/S|IVS|a\.m\.b\.a\.|amba)(?!\w)", re.IGNORECASE)
_BYLINE_MORE = re.compile(r"(?:,|[ \t]og)[ \t]+(?=[A-ZÆØÅ])")
_MAX_NAME_WORDS = 8
_SURNAME_ENDING = re.compile(r"(?:sen|søn|gaard|gård)$")
_HOUSE_NUMBER = re.compile(r"[ \t\u00a0]*,?[ \t\u00a0]*\d")
# One item of a member list: a name of two to five words, then its parentheses, a comma or the end.
_ITEM = re.compile(
    rf"[ \t\u00a0]*(?P<name>{NAME_WORD}(?:{SEP}(?:{PARTICLE}{SEP})?{NAME_WORD}){{1,4}})"
    rf"(?=[ \t\u00a0]*(?:\(|,|;|$|[ \t]og[ \t]|[ \t][–-][ \t]))",
    re.MULTILINE,
)
# A name word that is the first part of a compound or takes a plural ending is no mention of
# the person: "Kowalski-familiens", "Løkke-regeringen", "to Peter Sørensen'er".
_COMPOUND = re.compile(r"-[a-zæøå]|['’](?!s(?!\w))[a-zæøå]")
_ITEM_SPLIT = re.compile(r",|;|[ \t]og[ \t]")

Tokens = list[tuple[int, int]]


class CandidateFinder:
    """Finds and classifies the candidates of one document into its `DocState`."""

    def __init__(self, data: PersonData, evidence: EvidenceReader) -> None:
        self.data = data
        self.evidence = evidence

    def bylines(self, text: str) -> dict[int, str]:
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

    def minutes_cues(self, text: str) -> int:
        """How many different minutes cues ("Referat", "Dagsorden", "Fraværende") start a line."""
        return len({m.group("cue").casefold() for m in self.data.minutes_re.finditer(text)})

    def member_lists(
        self, text: str, headings: re.Pattern[str], kinds: dict[str, str]
    ) -> dict[int, tuple[int, str]]:
        """The names listed under a member-list heading: "Til stede: Ozan Kaya, Li Wang (V)" or
        one name a line after "Medlemmer" up to a blank line; start -> (end, kind)."""
        listed: dict[int, tuple[int, str]] = {}
        for heading in headings.finditer(text):
            kind = kinds[" ".join(heading.group("heading").split()).casefold()]
            if heading.group("items") is not None:
                pos, end = heading.start("items"), heading.end("items")
                while pos < end:
                    split = _ITEM_SPLIT.search(text, pos, end)
                    self._listed_item(text, pos, listed, kind)
                    pos = split.end() if split else end
                continue
            pos = heading.end() + 1
            while pos < len(text):
                line_end = text.find("\n", pos)
                line_end = len(text) if line_end == -1 else line_end
                if not text[pos:line_end].strip() or headings.match(text, pos):
                    break
                self._listed_item(text, pos, listed, kind)
                pos = line_end + 1
        return listed

    def _listed_item(self, text: str, pos: int, listed: dict[int, tuple[int, str]], kind: str) -> None:
        item = _ITEM.match(text, pos)
        if item is not None and not any(self.data.is_not_name(w) for w in item.group("name").split()):
            listed[item.start("name")] = (item.end("name"), kind)

    def find(self, state: DocState, blocked: Spans) -> None:
        """Classify every run of capitalised words, then the PER spans no run covered."""
        text, data = state.text, self.data
        covered = Spans()
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
        for start, end in state.per_spans:
            if not covered.overlaps(start, end):
                # The same cuts as for runs: "Mødedato Tirsdag", "Jobcenter Ballerup" stay out.
                for piece in self._pieces(text, start, end, blocked):
                    if len(piece) >= 2:
                        self._classify(state, piece)

    # --- cutting runs into pieces --------------------------------------------------------

    def _pieces(self, text: str, start: int, end: int, blocked: Spans) -> Iterable[Tokens]:
        """Cut a capitalised run at words that are never part of a name ("Kommune", "Mandag")."""
        piece: Tokens = []
        for token in self.data.token_re.finditer(text, start, end):
            word = token.group()
            if _COMPOUND.match(text, token.end()):
                piece = []  # the words before a compound belong to it ("Peter Sørensen'er")
                continue
            stop = word[0].isupper() and self.data.is_not_name(word)
            if stop and word in self.data.surname_words:
                # "Hanne Gade (V)" is a person, "Jens Baggesens Gade 4" a street; a lone "Gade"
                # stays a candidate for the surname of a full name (`resolution`).
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

    def _surname_not_street(self, text: str, piece: Tokens, end: int) -> bool:
        """A surname that is also a street word: after a given name or inside a name that starts
        with one ("Peter Skov Gade"), or alone; never after a genitive or before a house number."""
        if piece:
            previous = text[piece[-1][0] : piece[-1][1]]
            starts_with_given = self.data.is_given_name(text[piece[0][0] : piece[0][1]])
            if not self.data.is_given_name(previous) and (previous.endswith("s") or not starts_with_given):
                return False
        return _HOUSE_NUMBER.match(text, end) is None

    # --- classifying a piece -------------------------------------------------------------

    def _classify(self, state: DocState, tokens: Tokens) -> None:
        """Decide whether a piece is a full name, a single word to resolve later, or nothing."""
        text = state.text
        if len(tokens) == 1:
            # Most pieces are one capitalised word: no lead-in or role phrase to cut, so it is
            # a single to resolve later unless it is a bare initial or a name particle.
            start, end = tokens[0]
            word = text[start:end]
            if not (word[0].islower() or (word.endswith(".") and len(word) <= 4)):
                state.singles.append(Candidate(start, end, end, [word], Evidence()))
            return
        words = [text[s:e] for s, e in tokens]
        first = self._after_role_phrase(state, tokens, words, self._lead_in(text, tokens, words))
        tokens, words = tokens[first:], words[first:]
        while words and words[-1].endswith(".") and len(words[-1]) <= 4:  # trailing initial
            tokens, words = tokens[:-1], words[:-1]
        if not words or words[0][0].islower() or len(words) > _MAX_NAME_WORDS:
            return  # a long run of capitalised words is a title-case heading, not a name
        start, end = tokens[0][0], tokens[-1][1]
        if len(words) == 1:
            # Most single words are ordinary sentence starts; their context is read only
            # once they turn out to be the surname or first name of someone found (`resolution`).
            state.singles.append(Candidate(start, end, end, words, Evidence()))
            return
        evidence, text_end = self.evidence.context(text, start, end, state.minutes, state.bylines)
        candidate = Candidate(start, end, text_end, words, evidence)
        if self.data.party_letter(" ".join(words)) and not self.data.is_given_name(words[0]):
            return  # "Nye Borgerlige (D)", "Radikale Venstre (B)": the party itself
        if _COMPANY_FORM.match(text, end):
            return  # "Mark Teknik A/S": a company named after someone
        listed = state.listed.get(start)
        if listed is not None and listed[0] == end:
            if evidence.politician is None and (listed[1] == "officials" or state.political):
                evidence.politician = listed[1] == "members"
            state.full.append(candidate)
        elif self._is_person(state, tokens, words, evidence):
            state.full.append(candidate)
        else:  # may still be the end of a full name found elsewhere ("Friis Hansen")
            state.others.append(candidate)

    def _lead_in(self, text: str, tokens: Tokens, words: list[str]) -> int:
        """Index after the lead-in words that are roles, parties or ordinary capitalised words
        ("Borgmester", "Enhedslistens", "Mødedeltagere"): they belong to the context, not the name."""
        first = self._after_party_genitive(words)
        while first < len(words) - 1 and not self.data.is_given_name(words[first]):
            lead_in = self.data.role(words[first]) is not None or self.data.party_letter(words[first])
            # An unknown word before a given name is dropped only where any word is capitalised
            # ("Debat Lars Hansen skriver"); mid-sentence it is more likely a given name itself.
            sentence_initial = sentence_start(text, tokens[first][0]) and len(words) - first > 2
            if not (lead_in or (sentence_initial and self.data.is_given_name(words[first + 1]))):
                break
            first += 1
        return first

    def _is_person(self, state: DocState, tokens: Tokens, words: list[str], evidence: Evidence) -> bool:
        """Whether a multi-word piece is a person's full name: a given name, the NER, context,
        a speech verb with words that are no organisation, or initials before a surname."""
        start, end = tokens[0][0], tokens[-1][1]
        given = self.data.is_given_name(words[0])
        at_sentence_start = sentence_start(state.text, start)
        if given and at_sentence_start and words[0] in self.data.ambiguous_given_names:
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
            and not at_sentence_start
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
        return bool(given or ner or evidence.person or weak_person or initials)

    def _genitive_inside(self, words: list[str]) -> bool:
        """ "Golfens Samarbejdsråd", "Rackmanns Fabrikker": a genitive before the last word makes
        an organisation or a title, unless it is a given name ("Lars", "Niels")."""
        return any(w.endswith("s") and not self.data.is_given_name(w) for w in words[:-1])

    def _ordinary_words(self, state: DocState, words: list[str]) -> bool:
        """Whether the text also writes one of the words in lower case (surname words aside)."""
        return any(w.casefold() in state.lower_words for w in words if w not in self.data.surname_words)

    def _after_party_genitive(self, words: list[str]) -> int:
        """Index after the last party name in the genitive that leads a run.

        "Radikale Venstres Karin Lund", "Liberal Alliances Tina Mørch": the party words are
        context (`EvidenceReader.before` reads the letter from them), the name starts after them.
        """
        for index in range(len(words) - 2, -1, -1):
            if self.data.party_genitive(words[index]):
                return index + 1
        return 0

    def _after_role_phrase(self, state: DocState, tokens: Tokens, words: list[str], first: int) -> int:
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
            evidence = Evidence()
            self.evidence.before(state.text, tokens[index][0], state.minutes, evidence)
            if evidence.role is not None:  # the role's phrase reads up to this word
                return index
            return first
        return first
