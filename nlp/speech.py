"""The word lists behind quote attribution, and the regexes built from them once.

`SpeechData` reads `nlp/data/quotes/` (speech verbs, pronouns, given names with gender, byline
cues), compiles every pattern the quote component needs, and writes the same files back for
`to_disk`. Kept apart from the component so the claims component and tests can reuse it.
"""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from spacy.strings import get_string_id
from spacy.tokens import Doc

from nlp.token_lookup import hits, lower_idx
from nlp.wordlists import read_list

DATA_DIR = Path(__file__).resolve().parent / "data" / "quotes"
FILES = (
    "speech_verbs.csv",
    "pronouns.csv",
    "given_names.csv",
    "credit_cues.txt",
    "role_nouns.txt",
    "according_to.txt",
)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


def _alternation(forms: list[str]) -> str:
    # longest first so "lyder det fra" wins over "lyder det"; inner spaces match any whitespace
    return "|".join(r"\s+".join(map(re.escape, f.split())) for f in sorted(forms, key=len, reverse=True))


@dataclass(frozen=True)
class SpeechData:
    """Compiled word lists; build with `SpeechData.load(folder)`."""

    folder: Path
    verbs: dict[str, str]  # form -> "both" | "after"
    pronouns: dict[str, str]  # pronoun -> gender
    given_names: dict[str, str]  # casefolded given name -> gender
    verb_re: re.Pattern[str]  # any speech verb
    post_re: re.Pattern[str]  # attribution right after a closing mark: ", siger", "Det siger"
    dash_attr_re: re.Pattern[str]  # attribution inside a dash paragraph
    pronoun_after_re: re.Pattern[str]  # "siger hun"
    pronoun_before_re: re.Pattern[str]  # "Hun siger"
    credit_re: re.Pattern[str]  # a byline or picture credit paragraph
    role_after_re: re.Pattern[str]  # "siger borgmesteren": a definite role noun after a verb
    role_before_re: re.Pattern[str]  # "Borgmesteren siger": one ending right before a verb
    according_re: re.Pattern[str]  # "ifølge": names who a quote in its sentence is from
    # hashes of the verbs' first words: a token look-up finds candidates faster than a regex scan
    first_word_ids: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, dtype=np.uint64))

    @classmethod
    def load(cls, folder: Path = DATA_DIR) -> SpeechData:
        verbs = {r["form"].strip().lower(): r["speaker"].strip() for r in _rows(folder / "speech_verbs.csv")}
        pronouns = {r["pronoun"].strip().lower(): r["gender"].strip() for r in _rows(folder / "pronouns.csv")}
        names = {r["name"].strip().casefold(): r["gender"].strip() for r in _rows(folder / "given_names.csv")}
        credits = read_list(folder / "credit_cues.txt")
        roles = read_list(folder / "role_nouns.txt")
        according = read_list(folder / "according_to.txt")
        # a definite role noun, compounds included: "borgmesteren", "jobcenterchefen", "talskvinden"
        role = rf"[\w-]*?(?:{_alternation(roles)})(?:en|n)"
        verb = _alternation(list(verbs))
        pron = _alternation(list(pronouns))
        edge = r"(?![\w-])"
        lead = r"(?:(?:det|sådan|så)\s+)?"
        return cls(
            folder=folder,
            verbs=verbs,
            pronouns=pronouns,
            given_names=names,
            verb_re=re.compile(rf"(?<![\w-])(?:{verb}){edge}", re.IGNORECASE),
            post_re=re.compile(rf"[ \t]*[,;:]?\s*{lead}(?P<verb>{verb}){edge}", re.IGNORECASE),
            dash_attr_re=re.compile(
                rf"(?:[,;?!]|\.(?=\s+(?:det|sådan)\s))\s*{lead}(?P<verb>{verb}){edge}", re.IGNORECASE
            ),
            pronoun_after_re=re.compile(rf"\s+(?P<pron>{pron}){edge}", re.IGNORECASE),
            pronoun_before_re=re.compile(rf"(?<![\w-])(?P<pron>{pron})\s+$", re.IGNORECASE),
            credit_re=re.compile(rf"(?:{_alternation(credits)})\b\s*:?\s", re.IGNORECASE),
            role_after_re=re.compile(rf"\s+(?P<role>(?<![\w-]){role}){edge}", re.IGNORECASE),
            role_before_re=re.compile(rf"(?<![\w-])(?P<role>{role})\s+$", re.IGNORECASE),
            according_re=re.compile(rf"(?<![\w-])(?:{_alternation(according)})(?!\w)", re.IGNORECASE),
            first_word_ids=np.array(sorted({get_string_id(f.split()[0]) for f in verbs}), dtype=np.uint64),
        )

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            if (self.folder / name).resolve() != (folder / name).resolve():
                shutil.copyfile(self.folder / name, folder / name)

    def gender(self, name: str) -> str | None:
        """Gender of a full name's first given name ("Anne-Marie Holm" -> f), None if unknown."""
        first = re.split(r"[\s-]+", name.strip(), maxsplit=1)[0].casefold()
        return self.given_names.get(first)

    def find_verbs(self, doc: Doc, text: str) -> Iterator[re.Match[str]]:
        """Every speech verb in the Doc, in order (`verb_re` tried only at candidate tokens)."""
        if not len(doc):
            return
        rows = lower_idx(doc)
        for index in hits(rows[:, 0], self.first_word_ids):
            match = self.verb_re.match(text, int(rows[index, 1]))
            if match is not None:
                yield match

    def speaker_after_only(self, verb: str) -> bool:
        return self.verbs.get(" ".join(verb.lower().split())) == "after"
