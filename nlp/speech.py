"""The word lists behind quote attribution, and the regexes built from them once.

`SpeechData` reads `nlp/data/quotes/` (pronouns, byline and "ifølge" cues) and the shared
lexicon (speech verbs, given names with gender, role words) and compiles every pattern the
quote component needs; kv_quotes saves the files it read (`DataComponent`). Kept apart from
the component so that the quote stages and tests can use it on their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from spacy.strings import get_string_id
from spacy.tokens import Doc

from nlp import lexicon
from nlp.token_lookup import hits, lower_idx
from nlp.wordlists import alternation, read_csv, read_list

DATA_DIR = Path(__file__).resolve().parent / "data" / "quotes"
FILES = ("pronouns.csv", "credit_cues.txt", "according_to.txt")


@dataclass(frozen=True)
class SpeechData:
    """Compiled word lists; build with `SpeechData.load(folder)`."""

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
    def load(cls, folder: Path = DATA_DIR, lexicon_dir: Path = lexicon.LEXICON_DIR) -> SpeechData:
        """The lists in `folder`, the lexicon's in `lexicon_dir` (a saved pipeline keeps both
        in one folder)."""
        all_verbs = lexicon.speech_verbs(lexicon.read(lexicon.SPEECH_VERBS, lexicon_dir))
        verbs = {v.form: v.speaker for v in all_verbs if v.quote}
        pronoun_rows = read_csv(folder / "pronouns.csv")
        pronouns = {r["pronoun"].strip().lower(): r["gender"].strip() for r in pronoun_rows}
        # only the names with a known gender: they decide whom a pronoun can mean
        names = {
            g.name.casefold(): g.gender
            for g in lexicon.given_names(lexicon.read(lexicon.GIVEN_NAMES, lexicon_dir))
            if g.gender
        }
        credits = read_list(folder / "credit_cues.txt")
        roles = [r.form for r in lexicon.role_words(lexicon.read(lexicon.ROLES, lexicon_dir))]
        according = read_list(folder / "according_to.txt")
        # a definite role noun, compounds included: "borgmesteren", "jobcenterchefen", "talskvinden"
        role = rf"[\w-]*?(?:{alternation(roles)})(?:en|n)"
        verb = alternation(list(verbs))
        pron = alternation(list(pronouns))
        edge = r"(?![\w-])"
        lead = r"(?:(?:det|sådan|så)\s+)?"
        return cls(
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
            credit_re=re.compile(rf"(?:{alternation(credits)})\b\s*:?\s", re.IGNORECASE),
            role_after_re=re.compile(rf"\s+(?P<role>(?<![\w-]){role}){edge}", re.IGNORECASE),
            role_before_re=re.compile(rf"(?<![\w-])(?P<role>{role})\s+$", re.IGNORECASE),
            according_re=re.compile(rf"(?<![\w-])(?:{alternation(according)})(?!\w)", re.IGNORECASE),
            first_word_ids=np.array(sorted({get_string_id(f.split()[0]) for f in verbs}), dtype=np.uint64),
        )

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
