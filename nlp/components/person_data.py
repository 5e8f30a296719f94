"""Word lists and compiled patterns of the kv_persons component, read from `nlp/data/persons/`.

Everything the person rules know about Danish (given names, roles with a politician flag,
party word forms, speech verbs, minutes cues, words that are never part of a name) lives in
small text/CSV files, so the lists can be extended without touching code. `PersonData` reads
them once per pipeline and compiles every pattern once; kv_persons saves the files it read
(`nlp/components/data_component.py`). The given names, roles and speech verbs are the shared lexicon's
(`nlp/lexicon/`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from core.refdata import load_kommuner, load_parties
from core.result import PersonMention
from nlp.extensions import register_extensions
from nlp.lexicon import GIVEN_NAMES, LEXICON_DIR, ROLES, SPEECH_VERBS, given_names, role_words, speech_verbs
from nlp.wordlists import alternation as _alternation  # old private names: the rules stay as they are
from nlp.wordlists import csv_records as _csv
from nlp.wordlists import list_lines

register_extensions()

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "persons"

# The files that make up the component's data (copied verbatim by to_disk/from_disk).
DATA_FILES = (
    "party_words.csv",
    "party_abbreviations.csv",
    "minutes_cues.txt",
    "not_names.txt",
    "org_suffixes.txt",
    "surname_words.txt",
    "given_names_ambiguous.txt",
)
# The shared lexicon's files (nlp/lexicon/), kept beside DATA_FILES in a saved pipeline.
LEXICON_FILES = (GIVEN_NAMES, ROLES, SPEECH_VERBS)

UPPER = "A-ZÆØÅÄÖÜÉÈÁÍÓÚÇÑŠŽČĆŁ"
LOWER = "a-zæøåäöüéèáíóúçñšžčćłß"
LETTER = r"[^\W\d_]"
# One word of a name: capital then lower case ("Würtzen", "Anne-Mette", "McDonald" is two
# capitals and also fine); all-caps words (datelines, abbreviations) are not names.
# "O'Connor", "D'Angelo": an apostrophe after a first capital.
NAME_WORD = rf"[{UPPER}](?:['’][{UPPER}])?[{LOWER}]{LETTER}*(?:-[{UPPER}][{LOWER}]{LETTER}*)*"
INITIAL = rf"[{UPPER}]\.(?:-?[{UPPER}]\.)*"
PARTICLE = r"(?:von|van|de|du|la|le|di|da|zu|ten|ter)"
SEP = r"[ \t\u00a0]+"
# A maximal run of capitalised words, initials and name particles on one line.
# The first capital is matched before the look-behinds test the character before it (the
# same test, two characters wide): a pattern that opens with a look-behind makes the regex
# engine try it at every position of the text, one that opens with a character class skips ahead.
NAME_SEQUENCE = (
    rf"[{UPPER}](?<!{LETTER}[{UPPER}])(?<!/[{UPPER}])"  # not the "S." of "A/S."
    rf"(?:{NAME_WORD.removeprefix(f'[{UPPER}]')}|{INITIAL.removeprefix(f'[{UPPER}]')})"
    rf"(?:{SEP}(?:{NAME_WORD}|{INITIAL}(?!\w)|(?:{PARTICLE}{SEP})+{NAME_WORD}))*"
)
TOKEN = rf"{NAME_WORD}|{INITIAL}|{PARTICLE}"


_ORDINAL_PREFIX = re.compile(r"^\d{1,2}\.\s+")
_CACHE_SIZE = 50_000

# Words that may stand between a party genitive and the role ("Venstres nye borgmester").
_ROLE_MODIFIERS = r"(?i:tidligere|nye?|nyvalgte?|konstituerede?|afgående|nuværende|kommende|politiske?)"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


@dataclass(frozen=True, slots=True)
class Role:
    form: str
    match: str  # "word" (the whole word) or "suffix" (any word ending in it)
    politician: str  # "yes", "no" or "council" (yes when it is about a council/committee)


@dataclass
class PersonData:
    """The loaded lists plus the patterns compiled from them."""

    texts: dict[str, str]  # file name -> content
    given_names: frozenset[str] = field(init=False)
    not_names: frozenset[str] = field(init=False)
    org_suffixes: tuple[str, ...] = field(init=False)
    roles: dict[str, Role] = field(init=False)
    role_suffixes: tuple[Role, ...] = field(init=False)
    _suffix_forms: tuple[str, ...] = field(init=False)
    # Per-instance caches (functools.lru_cache over the bound lookups, set in __post_init__):
    # every capitalised word of a text is looked up, and most words recur.
    _role_lookup: Callable[[str], tuple[Role, int] | None] = field(init=False)
    _not_name_lookup: Callable[[str], bool] = field(init=False)
    party_forms: dict[str, str] = field(init=False)  # lower-cased form -> letter
    abbreviations: dict[str, str] = field(init=False)  # news abbreviation -> letter
    list_letters: frozenset[str] = field(init=False)
    speech_verbs: frozenset[str] = field(init=False)
    surname_words: frozenset[str] = field(init=False)
    ambiguous_given_names: frozenset[str] = field(init=False)
    place_words: frozenset[str] = field(init=False)  # kommune names ("Ballerup", "Lyngby-Taarbæk")
    party_tail_words: frozenset[str] = field(init=False)  # last words of party names, lower case
    role_tail_words: frozenset[str] = field(init=False)  # last words of multi-word roles, lower case
    sequence_re: re.Pattern[str] = field(init=False)
    token_re: re.Pattern[str] = field(init=False)
    prefix_re: re.Pattern[str] = field(init=False)
    parens_re: re.Pattern[str] = field(init=False)
    role_after_re: re.Pattern[str] = field(init=False)
    party_after_re: re.Pattern[str] = field(init=False)
    verb_after_re: re.Pattern[str] = field(init=False)
    role_re: re.Pattern[str] = field(init=False)
    byline_re: re.Pattern[str] = field(init=False)
    minutes_re: re.Pattern[str] = field(init=False)
    abbreviation_genitive_re: re.Pattern[str] = field(init=False)

    @classmethod
    def from_dir(cls, path: Path = DATA_DIR, lexicon: Path | None = None) -> PersonData:
        """The lists in `path`, the lexicon's in `lexicon`: by default nlp/lexicon/ for the
        packaged data, and `path` itself for a saved pipeline, which keeps copies of both."""
        lexicon = lexicon or (LEXICON_DIR if path == DATA_DIR else path)
        # A list added after a pipeline was saved is simply empty in that saved copy.
        texts = {name: _read(path / name) for name in DATA_FILES}
        return cls(texts | {name: _read(lexicon / name) for name in LEXICON_FILES})

    def __post_init__(self) -> None:
        self._role_lookup = lru_cache(maxsize=_CACHE_SIZE)(self._find_role)
        self._not_name_lookup = lru_cache(maxsize=_CACHE_SIZE)(self._find_not_name)
        given = {g.name for g in given_names(self.texts[GIVEN_NAMES]) if g.person_evidence}
        self.not_names = frozenset(w.casefold() for w in list_lines(self.texts["not_names.txt"]))
        # The derived list has a few words that are not names ("Hun"); the stop list wins.
        self.given_names = frozenset(g for g in given if g.casefold() not in self.not_names)
        self.org_suffixes = tuple(w.casefold() for w in list_lines(self.texts["org_suffixes.txt"]))
        roles = [Role(r.form, r.match, r.politician) for r in role_words(self.texts[ROLES])]
        self.roles = {r.form.casefold(): r for r in roles}
        self.role_suffixes = tuple(
            sorted((r for r in roles if r.match == "suffix"), key=lambda r: -len(r.form))
        )
        self._suffix_forms = tuple(r.form for r in self.role_suffixes)
        self.role_tail_words = frozenset(r.form.split()[-1].casefold() for r in roles if " " in r.form)
        self.speech_verbs = frozenset(v.form for v in speech_verbs(self.texts[SPEECH_VERBS]))
        self.surname_words = frozenset(list_lines(self.texts["surname_words.txt"]))
        self.ambiguous_given_names = frozenset(list_lines(self.texts["given_names_ambiguous.txt"]))
        self.place_words = frozenset(k.name for k in load_kommuner())
        self._load_parties()
        self._compile(roles, list_lines(self.texts["minutes_cues.txt"]))

    def _load_parties(self) -> None:
        parties = load_parties()
        self.list_letters = frozenset(p.letter for p in parties)
        self.abbreviations = {p.abbreviation: p.letter for p in parties if p.abbreviation}
        for row in _csv(self.texts["party_abbreviations.csv"]):
            self.abbreviations[row["abbreviation"]] = row["letter"]
        forms: dict[str, str] = {}
        for party in parties:
            # "SF - Socialistisk Folkeparti": both halves name the party; a half that is a
            # person's name ("Inger Støjberg", "Klaus Riskær Pedersen") does not.
            for part in party.name.split(" - "):
                part = part.strip()
                if part and part.split()[0] not in self.given_names:
                    forms.setdefault(part.casefold(), party.letter)
        self._party_rows = _csv(self.texts["party_words.csv"])
        for row in self._party_rows:
            forms[row["form"].casefold()] = row["letter"]
        self.party_forms = forms
        self.party_tail_words = frozenset(form.split()[-1] for form in forms)

    def _compile(self, roles: list[Role], cues: list[str]) -> None:
        self.sequence_re = re.compile(NAME_SEQUENCE)
        self.token_re = re.compile(TOKEN)
        party_names = [f for f, _ in self.party_forms.items()]
        party_org = _alternation(
            [r["form"] for r in self._party_rows if r["kind"] == "party"]
            + [f for f in party_names if f not in {r["form"].casefold() for r in self._party_rows}]
        )
        party_member = _alternation([r["form"] for r in self._party_rows if r["kind"] == "member"])
        party_adj = _alternation([r["form"] for r in self._party_rows if r["kind"] == "adjective"])
        multi_roles = _alternation([r.form for r in roles if " " in r.form])
        verbs = _alternation(sorted(self.speech_verbs))
        role_core = rf"(?:\d{{1,2}}\.\s+)?(?:(?i:{multi_roles})|{LETTER}[\w-]*)"
        # A party abbreviation or list letter in the genitive ("DF's", "S'", "V's"); case-sensitive.
        abbreviation = rf"(?P<abbr>{_alternation([*self.abbreviations, *self.list_letters])})(?:'s|’s|'|’)"
        phrase_item = rf"(?:[{UPPER}]{LETTER}*-?|{LETTER}+-|{LETTER}*(?:udvalg(?:et)?|råd(?:et)?)(?!\w))"
        phrase = rf"{phrase_item}(?:(?:\s+og\s+|\s+){phrase_item})*"
        # What may stand right before a name, read as: [speech verb] [party] [role [for X]] [,]
        self.prefix_re = re.compile(
            rf"(?:(?P<verb>(?i:{verbs}))\s+)?"
            rf"(?:(?P<party>(?i:{party_org}))(?:s|'s|’s)?\s+"
            rf"|{abbreviation}\s+"
            rf"|(?i:den|det|de|en|et)\s+(?P<adj>(?i:{party_adj}))\s+"
            rf"|(?P<member>(?i:{party_member}))\s+)?"
            rf"(?:(?P<owner>{LETTER}[\w-]*s)\s+)?"  # "Kulturudvalgets formand"
            rf"(?:(?:{_ROLE_MODIFIERS})\s+)?"  # "Enhedslistens politiske ordfører"
            rf"(?:(?P<role>{role_core})(?:\s+(?P<prep>for|i)\s+(?P<phrase>{phrase}))?\s*,?\s*)?"
        )
        self.parens_re = re.compile(r"[ \t\u00a0]*\((?P<inner>[^()\n]{1,100})\)")
        self.role_after_re = re.compile(
            rf"(?:[ \t\u00a0]*,[ \t\u00a0]*(?:(?i:der|som)\s+(?:er|var|bliver|blev|sidder\s+som)\s+)?"
            rf"|[ \t\u00a0]+(?P<copula>er|var|bliver|blev)\s+(?:nu\s+)?)"  # "Anne Bro er rådmand"
            rf"(?:(?i:ny|nyvalgt|tidligere|konstitueret|afgående|nuværende)\s+)?"
            rf"(?:(?P<party>(?i:{party_org}))(?:s|'s|’s)\s+|{abbreviation}\s+)?"
            rf"(?P<role>{role_core})(?:\s+(?P<prep>for|i)\s+(?P<phrase>{phrase}))?"
        )
        self.role_re = re.compile(
            rf"\s*(?P<role>{role_core})(?:\s+(?P<prep>for|i)\s+(?P<phrase>{phrase}))?\s*"
        )
        news_abbreviations = _alternation(list(self.abbreviations))
        # "Peter Berg fra Venstre", "Lis Bro fra LA", "Anja Holm, der sidder i byrådet for SF"
        self.party_after_re = re.compile(
            rf"(?:[ \t\u00a0]*,[ \t\u00a0]*(?i:der|som)\s+(?:sidder|er\s+valgt|blev\s+valgt)\s+i\s+"
            rf"(?P<council>(?i:byrådet|kommunalbestyrelsen|regionsrådet|folketinget))"
            rf"(?:\s+for\s+(?=\w))?|[ \t\u00a0]+(?:fra|for)\s+(?=\w))"
            rf"(?:(?P<party>(?i:{party_org}))|(?P<abbr>{news_abbreviations}))?(?!\w)"
        )
        self.verb_after_re = re.compile(rf"[ \t\u00a0]+(?:{verbs})(?!\w)")
        self.byline_re = re.compile(
            rf"^[ \t]*(?P<kind>Af|Tekst:|Skrevet af|Foto:)[ \t]+(?=[{UPPER}])", re.MULTILINE
        )
        self.abbreviation_genitive_re = re.compile(abbreviation)
        self.minutes_re = re.compile(rf"^[ \t]*(?P<cue>{_alternation(cues)})(?!\w)", re.MULTILINE)

    # --- look-ups ------------------------------------------------------------------------

    def party_prefix(self, text: str) -> tuple[str | None, str]:
        """ "S-borgmester" -> ("A", "borgmester"), "Venstre-ordfører" -> ("V", "ordfører")."""
        head, sep, rest = text.partition("-")
        if not sep or not rest[:1].islower():
            return None, text
        letter = self.abbreviations.get(head) if head.isupper() else self.party_forms.get(head.casefold())
        return (letter, rest) if letter else (None, text)

    def role(self, text: str) -> Role | None:
        """The role a (possibly definite, possibly ordinal- or party-prefixed) role word stands for."""
        found = self._role_match(text)
        return found[0] if found else None

    def role_label(self, text: str) -> str:
        """The role as written, in the indefinite form: "Formanden" -> "Formand"."""
        found = self._role_match(text)
        return text[: len(text) - found[1]] if found and found[1] else text

    def _role_match(self, text: str) -> tuple[Role, int] | None:
        return self._role_lookup(text)

    def _find_role(self, text: str) -> tuple[Role, int] | None:
        """The role and the length of the definite ending that had to be dropped to find it."""
        text = self.party_prefix(text)[1]
        key = " ".join(_ORDINAL_PREFIX.sub("", text).split()).casefold()
        for cut in (0, 2, 1):
            if cut and not key.endswith("en"[2 - cut :]):
                continue
            candidate = key[: len(key) - cut]
            found = self.roles.get(candidate)
            if found is not None:
                return found, cut
            if " " in candidate or not candidate.endswith(self._suffix_forms):
                continue
            for suffix in self.role_suffixes:
                if candidate.endswith(suffix.form) and len(candidate) - len(suffix.form) != 1:
                    return suffix, cut
        return None

    def party_letter(self, form: str) -> str | None:
        """A party named in words ("Enhedslistens", "venstremanden") -> list letter."""
        key = form.casefold()
        for candidate in (key, key[:-1], key[:-2]):
            if candidate in self.party_forms:
                return self.party_forms[candidate]
        return None

    def party_code(self, code: str, *, minutes: bool) -> str | None:
        """A parenthesised party code -> list letter; minutes write letters, news abbreviations."""
        if minutes and len(code) == 1:
            return code
        if code in self.abbreviations:
            return self.abbreviations[code]
        if len(code) == 1:
            return code  # a list letter used in news, or a local list's own letter
        return None

    def party_genitive(self, word: str) -> bool:
        """Whether a word can end a party name in the genitive ("Venstres", "Folkepartis", "DF's")."""
        if self.abbreviation_genitive_re.fullmatch(word):
            return True
        stem = word.casefold().removesuffix("'s").removesuffix("’s")
        return stem.endswith("s") and stem[:-1] in self.party_tail_words

    def is_given_name(self, word: str) -> bool:
        return word in self.given_names or word.split("-")[0] in self.given_names

    def is_organisation_word(self, word: str) -> bool:
        return word.casefold().endswith(self.org_suffixes)

    def is_not_name(self, word: str) -> bool:
        return self._not_name_lookup(word)

    def _find_not_name(self, word: str) -> bool:
        low = word.casefold()
        return low in self.not_names or low.endswith(self.org_suffixes)


# --- role-noun anaphora ----------------------------------------------------------------------

# A role with one of these prefixes is another office than the bare role ("viceborgmester" is
# not "borgmesteren", "næstformand" not "formanden").
_DEPUTY_PREFIXES = ("vice", "næst", "under", "stedfortrædende ")
_ORDINAL = re.compile(r"^\d{1,2}\.\s*")


def _role_head(role: str) -> str:
    """ "rådmand for Sundhed og Omsorg" -> "rådmand"; "1. viceborgmester" -> "viceborgmester"."""
    return _ORDINAL.sub("", role.casefold()).split(" for ", 1)[0].split(" i ", 1)[0].strip()


def _holds(head: str, base: str) -> bool:
    if head == base:
        return True
    if not head.endswith(base):
        return False
    return not head[: -len(base)].endswith(_DEPUTY_PREFIXES)


def role_holder(source: Doc | Iterable[PersonMention], noun: str, *, before: int | None = None) -> str | None:
    """The canonical name a definite role noun refers to, from the document's person mentions.

    "– Vi har fundet en løsning, siger borgmesteren." names no one; the borgmester is the
    person kv_persons found with that role. Pass the Doc (best: it reads `doc._.person_roles`,
    every role any mention states, so "Borgmester Anne Hansen" counts even where her list
    entry made her "formand"), or a list of PersonMention such as `doc._.persons`, and the
    noun as written ("borgmesteren", "rådmanden", "formanden", "ministeren", "direktøren",
    "jobcenterchefen", also compounds like "beskæftigelsesministeren"); `before` is the noun's
    character offset.
    Returns the holder mentioned most recently before `before` (any mention, also by surname),
    or, with nothing before it, the only holder in the document; None when no one or several
    people hold the role. A holder of a compound role counts for the bare noun
    ("udvalgsformand" for "formanden", "kommunaldirektør" for "direktøren"), a deputy does not
    ("viceborgmester" is not "borgmesteren").
    """
    if isinstance(source, Doc):
        persons: Iterable[PersonMention] = list(source._.person_roles or []) + list(source._.persons or [])
    else:
        persons = source
    key = noun.strip().casefold()
    bases = [key]
    if key.endswith("en"):
        bases.append(key[:-2])
    if key.endswith("n"):
        bases.append(key[:-1])  # "talskvinden"
    bases = [b for b in bases if len(b) >= 3]
    latest: tuple[int, str] | None = None
    holders: set[str] = set()
    for mention in persons:
        if not mention.role:
            continue
        head = _role_head(mention.role)
        if not any(_holds(head, base) for base in bases):
            continue
        holders.add(mention.name)
        if (before is None or mention.start < before) and (latest is None or mention.start >= latest[0]):
            latest = (mention.start, mention.name)
    if latest is not None:
        return latest[1]
    return next(iter(holders)) if len(holders) == 1 else None
