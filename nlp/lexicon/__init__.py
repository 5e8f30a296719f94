"""The lexicon every rule component shares: given names, speech verbs and role words.

Each is one CSV file in this folder (provenance in README.md), read through `nlp.wordlists`;
kv_persons, kv_kommuner and kv_quotes (and the NER's name column) read them here instead of
keeping their own copies, which had drifted apart. The parsers take the file's text, so a
component can keep the text it read and write it back unchanged in `to_disk`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nlp.wordlists import csv_records

LEXICON_DIR = Path(__file__).resolve().parent
GIVEN_NAMES = "given_names.csv"
SPEECH_VERBS = "speech_verbs.csv"
ROLES = "roles.csv"
FILES = (GIVEN_NAMES, SPEECH_VERBS, ROLES)
# The sources of given_names.csv, in the order a row lists them (README.md says what each is).
SOURCES = ("common", "uner", "faker", "kommuner", "quotes")
# The given names that count as evidence of a person (kv_persons) and fill the trained NER's
# name column: the project's common names, UNER's and Faker's. The names that only the old
# kommune and quote lists had are left out: on the bench text they made persons of "Mona Lisa",
# "Thor Bryggerierne", "Tor Carrack" and "Sankt Markus Nat", and the NER's weights were trained
# with exactly these sources (adding any means `make model` and a new evaluation).
PERSON_SOURCES = frozenset({"common", "uner", "faker"})


@dataclass(frozen=True, slots=True)
class GivenName:
    name: str
    gender: str  # "f", "m", or "" when unknown or used for both
    sources: tuple[str, ...]  # where the entry came from (README.md): common, uner, faker, ...

    @property
    def person_evidence(self) -> bool:
        """Whether the name is from one of PERSON_SOURCES."""
        return not PERSON_SOURCES.isdisjoint(self.sources)


@dataclass(frozen=True, slots=True)
class SpeechVerb:
    form: str  # lower case
    speaker: str  # "both": the speaker may stand before or after it; "after": only after it
    quote: bool  # whether text in marks beside it is quoted speech (not for "kalder")


@dataclass(frozen=True, slots=True)
class RoleWord:
    form: str
    match: str  # "word" (the whole word) or "suffix" (any word ending in it)
    politician: str  # "yes", "no" or "council" (yes when it is about a council/committee)


def given_names(text: str) -> list[GivenName]:
    """The rows of `given_names.csv`."""
    return [
        GivenName(r["name"].strip(), r["gender"].strip(), tuple(r["source"].split()))
        for r in csv_records(text)
        if r["name"].strip()
    ]


def speech_verbs(text: str) -> list[SpeechVerb]:
    """The rows of `speech_verbs.csv`, in file order."""
    return [
        SpeechVerb(r["form"].strip().lower(), r["speaker"].strip(), r["quote"].strip() == "yes")
        for r in csv_records(text)
    ]


def role_words(text: str) -> list[RoleWord]:
    """The rows of `roles.csv`, in file order."""
    return [RoleWord(r["form"], r["match"], r["politician"]) for r in csv_records(text)]


def read(name: str, folder: Path = LEXICON_DIR) -> str:
    """The text of one lexicon file (`folder`: a saved component's copy instead)."""
    return (folder / name).read_text(encoding="utf-8")
