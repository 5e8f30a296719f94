"""Evidence: what the words around a mention say about the person.

Before the name (`prefix_re`): a speech verb, a party (in words, the genitive, an abbreviation,
"venstremanden"), a role with its "for ..." phrase ("rådmand for Sundhed og Omsorg"). After
it: parentheses with a party code or a role ("(A)", "(K)", "(1. viceborgmester)"), ", formand
for ...", "er borgmester", "fra Venstre", ", der sidder i byrådet", and a speech verb. A byline
makes a journalist or photographer unless the author signs with a party or role.

Minutes versus news matters for codes: in minutes "(K)" is the list letter K, in news the
abbreviation of Det Konservative Folkeparti (C).
"""

from __future__ import annotations

import re

from nlp.components.person_data import PersonData
from nlp.persons.found import Evidence
from nlp.persons.spans import iter_parens

# A role's "for ..." phrase that names a council or committee makes "formand" a politician.
_COUNCIL = re.compile(r"udvalg|byråd|kommunalbestyrelse|regionsråd|folketing", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_WORD_START = re.compile(r"(?<!\S)\S")
_PARTY_CODE = re.compile(r"[A-ZÆØÅ]{1,3}")


class EvidenceReader:
    """Reads party, role and politician evidence around a name, with the component's data."""

    def __init__(self, data: PersonData) -> None:
        self.data = data

    def context(
        self, text: str, start: int, end: int, minutes: bool, bylines: dict[int, str]
    ) -> tuple[Evidence, int]:
        """Read party, role and other evidence from the words around a name; also returns
        where the mention ends (after an attached party parenthesis)."""
        evidence = Evidence()
        self.before(text, start, minutes, evidence)
        text_end = self.after(text, end, minutes, evidence)
        if start in bylines:
            evidence.person = True
            # A debate piece's author signs with party and role ("Af Karen Holm (Ø), byrådsmedlem");
            # a bare byline is the journalist's.
            if evidence.role is None and evidence.party is None:
                evidence.role = "fotograf" if bylines[start].startswith("Foto") else "journalist"
                evidence.politician = False
        return evidence, text_end

    # --- before the name ---------------------------------------------------------------

    def before(self, text: str, start: int, minutes: bool, evidence: Evidence) -> None:
        """The context that ends right before the name (same line, at most 120 characters)."""
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
                self.take_role(
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

    # --- after the name ----------------------------------------------------------------

    def after(self, text: str, end: int, minutes: bool, evidence: Evidence) -> int:
        """The context right after the name; returns where the mention ends (a party
        parenthesis belongs to the mention's text)."""
        pos, text_end = self._parens(text, end, minutes, evidence)
        for _ in range(2):
            role_match = self.data.role_after_re.match(text, pos)
            found = self.data.role(role_match.group("role")) if role_match else None
            if found and role_match:
                if role_match.group("copula") and found.politician == "no":
                    break  # "Novo Nordisk er førende ekspert": only an office is evidence after "er"
                pos = self._role_after(text, role_match, minutes, evidence)
                continue
            moved = self._party_after(text, pos, minutes, evidence)
            if moved is None:
                break
            pos = moved
        if self.data.verb_after_re.match(text, end) or self.data.verb_after_re.match(text, text_end):
            evidence.weak = True
        return text_end

    def _parens(self, text: str, end: int, minutes: bool, evidence: Evidence) -> tuple[int, int]:
        """ "(A)", "(K)", "(Venstre)", "(1. viceborgmester)": where reading goes on, and where
        the mention ends."""
        pos = end
        text_end = end
        for paren in iter_parens(self.data.parens_re, text, pos):
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
                self.take_role(
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
        return pos, text_end

    def _role_after(self, text: str, role_match: re.Match[str], minutes: bool, evidence: Evidence) -> int:
        """ ", formand for Kulturudvalget", "er borgmester", ", byrådsmedlem (K)": records the
        role (and a party before or after it); returns the position after it."""
        if role_match.group("party"):
            evidence.party = evidence.party or self.data.party_letter(role_match.group("party"))
        elif role_match.group("abbr"):
            letter = self.data.party_code(role_match.group("abbr"), minutes=minutes)
            evidence.party = evidence.party or letter
        self.take_role(
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
        return pos

    def _party_after(self, text: str, pos: int, minutes: bool, evidence: Evidence) -> int | None:
        """ "fra Venstre", "for LA", ", der sidder i byrådet for SF": the position after the
        party, or None."""
        party_match = self.data.party_after_re.match(text, pos)
        if not party_match or not (
            party_match.group("party") or party_match.group("abbr") or party_match.group("council")
        ):
            return None
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
        return party_match.end()

    # --- roles ---------------------------------------------------------------------------

    def take_role(
        self,
        role_text: str,
        phrase: str | None,
        minutes: bool,
        evidence: Evidence,
        *,
        owner: str | None = None,
        prep: str | None = None,
    ) -> None:
        """Record a role (and the party a role prefix or phrase names) in the evidence."""
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
