"""The kommune and region vocabulary of `kv_kommuner`: every written form, its code, one regex.

Official codes and names come from the reference data (`core.refdata`); everything else
(variants, seats, ordinary-word names, context words) from the data files in
`nlp/data/kommuner/`. A `Lexicon` is built once per component and turned into a single
case-insensitive regex whose alternation is a character trie, so one pass over `doc.text`
finds every candidate whatever the case; the component then decides by case and context.
This module knows nothing about spaCy.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from nlp import lexicon
from nlp.wordlists import read_csv, read_list, trie_alternation

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "kommuner"
REFERENCE_KOMMUNER = "reference_kommuner.csv"  # written by to_disk; read instead of core.refdata
REFERENCE_REGIONS = "reference_regions.csv"
DATA_FILES = (
    "variants.csv",
    "regions.csv",
    "ordinary_words.txt",
    "ordinary_after.txt",
    "institution_after.txt",
    "institution_before.txt",
    "genitive_context.txt",
    "locative_before.txt",
    "not_after.txt",
    "not_kommune.txt",
)

# Whitespace inside a multi-word form or before "Kommune": spaces, at most one line break
# (PDF minutes wrap lines), never a blank line.
_GAP = r"(?:[^\S\n]+\n?[^\S\n]*|\n[^\S\n]*)"


class Kind(Enum):
    KOMMUNE = "kommune"
    REGION_FULL = "region_full"  # "Region Hovedstaden": always the region
    REGION_BARE = "region_bare"  # "Midtjylland": the region's area name
    EXCLUDED = "excluded"  # "Københavns Lufthavn": contains a name, is not the kommune


@dataclass(frozen=True, slots=True)
class Entry:
    """What one written form (lowercased) stands for."""

    kind: Kind
    code: int
    name: str  # reference name ("Vesthimmerlands", "Region Hovedstaden"); "" for EXCLUDED
    form: str  # the form as the data writes it, to compare letter case against
    ordinary_word: bool  # also an ordinary Danish word (vejen, greve): needs evidence


@dataclass(frozen=True, slots=True)
class Lexicon:
    entries: dict[str, Entry]  # lowercased form -> entry
    given_names: frozenset[str]
    ordinary_after: frozenset[str]  # casefolded
    institution_after: frozenset[str]  # casefolded
    institution_before: frozenset[str]  # casefolded
    genitive_context: frozenset[str]  # casefolded
    locative_before: frozenset[str]  # casefolded
    not_after: frozenset[str]  # casefolded
    pattern: re.Pattern[str]


def reference_rows(data_dir: Path) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(code, name) of the 98 kommuner and the 5 regions.

    A saved pipeline carries its own copy (written by `write_reference`); otherwise they come
    from the project's reference data, the one place the official codes are kept.
    """
    kommuner_file, regions_file = data_dir / REFERENCE_KOMMUNER, data_dir / REFERENCE_REGIONS
    if kommuner_file.exists() and regions_file.exists():
        kommuner = [(int(r["code"]), r["name"]) for r in read_csv(kommuner_file)]
        regions = [(int(r["code"]), r["name"]) for r in read_csv(regions_file)]
        return kommuner, regions
    from core.refdata import load_kommuner, load_regions

    return [(k.code, k.name) for k in load_kommuner()], [(r.code, r.name) for r in load_regions()]


def write_reference(
    data_dir: Path, kommuner: Iterable[tuple[int, str]], regions: Iterable[tuple[int, str]]
) -> None:
    """Snapshot the reference rows next to a saved component's data files."""
    for filename, rows in ((REFERENCE_KOMMUNER, kommuner), (REFERENCE_REGIONS, regions)):
        with (data_dir / filename).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["code", "name"])
            writer.writerows(rows)


def load_lexicon(data_dir: Path = DATA_DIR, lexicon_dir: Path = lexicon.LEXICON_DIR) -> Lexicon:
    """The lists in `data_dir`, the given names in `lexicon_dir` (a saved pipeline keeps both
    in one folder)."""
    kommuner, regions = reference_rows(data_dir)
    ordinary = {word.casefold() for word in read_list(data_dir / "ordinary_words.txt")}
    kommune_names = dict(kommuner)
    region_names = dict(regions)
    entries: dict[str, Entry] = {}

    def add(form: str, kind: Kind, code: int, name: str) -> None:
        key = form.casefold()
        # The first definition wins: reference names before variants, so a data-file typo
        # cannot re-point an official name.
        entries.setdefault(key, Entry(kind, code, name, form, key in ordinary))

    for code, name in kommuner:
        add(name, Kind.KOMMUNE, code, name)
    for code, name in regions:
        add(name, Kind.REGION_FULL, code, name)
    # København's name in "Københavns Kommune" is the genitive; the regex adds "s" by itself.
    for row in read_csv(data_dir / "variants.csv"):
        code = int(row["code"])
        if code not in kommune_names:
            raise ValueError(f"variants.csv: unknown kommunekode {code} for {row['form']!r}")
        add(row["form"], Kind.KOMMUNE, code, kommune_names[code])
    for row in read_csv(data_dir / "regions.csv"):
        code = int(row["code"])
        if code not in region_names:
            raise ValueError(f"regions.csv: unknown region code {code} for {row['form']!r}")
        kind = Kind.REGION_FULL if row["kind"] == "full" else Kind.REGION_BARE
        add(row["form"], kind, code, region_names[code])
    for phrase in read_list(data_dir / "not_kommune.txt"):
        add(phrase, Kind.EXCLUDED, 0, "")

    def folded(filename: str) -> frozenset[str]:
        return frozenset(word.casefold() for word in read_list(data_dir / filename))

    given = lexicon.given_names(lexicon.read(lexicon.GIVEN_NAMES, lexicon_dir))
    names = frozenset(g.name for g in given) - {e.form for e in entries.values()}
    return Lexicon(
        entries=entries,
        given_names=names,
        ordinary_after=folded("ordinary_after.txt"),
        institution_after=folded("institution_after.txt"),
        institution_before=folded("institution_before.txt"),
        genitive_context=folded("genitive_context.txt"),
        locative_before=folded("locative_before.txt"),
        not_after=folded("not_after.txt"),
        pattern=compile_pattern(entries),
    )


def compile_pattern(entries: Iterable[str]) -> re.Pattern[str]:
    """One regex for every form, with an optional genitive and "Kommune(s)" after it.

    Groups: `name` (the form), `gen` ("s" or an apostrophe), `suffix` ("Kommune", "Kommunes",
    "Regionskommune"...). The trie alternation means the engine never tries the same prefix
    twice, and a greedy trie prefers the longest form ("Lyngby-Taarbæk" over "Lyngby").
    """
    trie = trie_alternation(entries, space=_GAP)
    return re.compile(
        rf"(?<![\w.@/])(?P<name>{trie})(?P<gen>s|')?"
        rf"(?:{_GAP}(?P<suffix>(?:regions)?kommunes?))?(?![\w])",
        re.IGNORECASE,
    )


def iter_forms(lexicon: Lexicon) -> Iterator[tuple[str, Entry]]:
    """Every (lowercased form, entry) pair, for tests and diagnostics."""
    yield from lexicon.entries.items()
