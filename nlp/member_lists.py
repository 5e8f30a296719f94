"""The member lists of council minutes: who sat, with which party letter and role.

Minutes name their members in a few set forms, which are authoritative for the kommune and the
meeting's date (the registry takes them in, `store.politicians.record_minutes`):

    Til stede: Helle Brandt Kjær (A), borgmester, Jens Ole Mikkelsen (V), Sara Lund Nørgaard (SF)
    Fraværende: Peter Friis Holm (V)
    Deltagere
    Borgmester Helle Brandt Kjær (A)
    Jens Ole Mikkelsen (V) - formand
    Afbud: Ingen

A list starts at a heading word (`_HEADINGS`) at the start of a line and runs over entries
separated by commas, semicolons, "og" and line breaks, until a piece of text that is not an
entry (the next heading, a sentence, an agenda item). An entry is a name of two to six
capitalised words with an optional party letter or abbreviation in brackets ("(SF)" becomes F)
and an optional title before, after or in brackets; titles come from
`nlp/data/member_lists/titles.csv`. Staff listed with the members ("direktør", "referent") and
the lists of others present ("Desuden deltog") are left out. Lists without letters give
entries with party None: the registry fills the letter from another source.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.politicians import Role
from core.refdata import load_parties

TITLES_FILE = Path(__file__).resolve().parent / "data" / "member_lists" / "titles.csv"

_MEMBERS = r"til\s+stede(?:\s+var)?|tilstede|deltagere|mødedeltagere|medlemmer|fremmødte"
_ABSENT = r"fraværende(?:\s+med\s+afbud)?|afbud(?:\s+fra)?|ikke\s+til\s+stede|forfald"
_OTHERS = r"desuden\s+deltog|endvidere\s+deltog|fra\s+administrationen|øvrige\s+deltagere|gæster"
_HEADING = re.compile(
    rf"^[ \t]*(?:(?P<members>{_MEMBERS})|(?P<absent>{_ABSENT})|(?P<others>{_OTHERS}))[ \t]*(?::|\.|$)",
    re.IGNORECASE | re.MULTILINE,
)
_WORD = r"[A-ZÆØÅÉÜÖÄ](?:[a-zæøåéèüöäß'’]+(?:-[A-ZÆØÅa-zæøå][a-zæøåéèüöäß'’]+)*|\.)"
_NAME = rf"{_WORD}(?:\s+(?:(?:von|van|de|la|af)\s+)?{_WORD}){{1,5}}"
_PARTY = r"\(\s*(?P<party>[A-ZÆØÅ]{1,3})\s*\)"
_ENTRY = re.compile(
    rf"^(?:(?P<before>[a-zæøå0-9. ]+?)\s+)?(?P<name>{_NAME})\s*(?:,\s*(?P<comma_title>[^,()]+?)\s*)?"
    rf"(?:{_PARTY})?\s*(?:(?:\(\s*(?P<paren_title>[^()]+?)\s*\))|(?:[-–]\s*(?P<dash_title>.+?)))?\s*$"
)
# Entries are split on commas, semicolons and line breaks, and on "og" between two entries
# (not in "Teknik- og Miljøudvalget").
_SPLIT = re.compile(r"\s*[,;\n]\s*|(?<!-)\s+og\s+(?=[A-ZÆØÅ])")
_AFTER = ("comma_title", "paren_title", "dash_title")
_NOBODY = re.compile(r"^(?:ingen|-|–|ingen afbud|alle)\.?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class MemberEntry:
    """One member as the list gives them; `present` False for the absent ("Fraværende", "Afbud")."""

    name: str
    party: str | None  # list letter (A, F, V, Ø ...), or None when the list gives none
    role: Role
    present: bool


@cache
def _titles() -> dict[str, str]:
    with TITLES_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["title"]: row["role"] for row in rows}


@cache
def _letters() -> dict[str, str]:
    letters: dict[str, str] = {}
    for party in load_parties():
        if party.abbreviation:
            letters[party.abbreviation.upper()] = party.letter
    for party in load_parties():
        letters[party.letter] = party.letter
    return letters


def parse_member_lists(text: str) -> list[MemberEntry]:
    """Every member the text's member lists name, first listing first, each name once."""
    found: dict[str, MemberEntry] = {}
    headings = list(_HEADING.finditer(text))
    ends = [h.start() for h in headings[1:]] + [len(text)] if headings else []
    for heading, end in zip(headings, ends, strict=True):
        if heading.group("others"):
            continue
        body = text[heading.end() : end]
        for entry in _section(body, present=heading.group("members") is not None):
            found.setdefault(entry.name, entry)
    return list(found.values())


def _section(body: str, *, present: bool) -> list[MemberEntry]:
    """The entries at the start of `body`, up to the first piece that is not one.

    A name cut by a line break (PDF text wraps lists: "..., Lene" / "Skov (SF), ...") is joined
    with the next piece when the piece alone is neither an entry nor a title.
    """
    entries: list[MemberEntry] = []
    staff = False  # the entry before was staff: a title after it is theirs
    pieces = [p.strip().rstrip(".") for p in _SPLIT.split(body.strip())]
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        index += 1
        if not piece or _NOBODY.match(piece):
            continue
        entry = _entry(piece, present)
        if entry is None and _title(piece) is None and index < len(pieces):
            entry = _entry(f"{piece} {pieces[index]}", present)
            index += entry is not None
        if entry is None:
            title = _title(piece)
            if title is None:
                break
            if title == "-" and entries and not staff:  # "Navn, direktør": staff, not a member
                entries.pop()
            elif title != "-" and entries and not staff and entries[-1].role == "medlem":
                entries[-1] = _with_role(entries[-1], title)  # "Navn (V), borgmester"
            continue
        staff = entry.role == "-"
        if not staff:
            entries.append(entry)
    return entries


def _entry(piece: str, present: bool) -> MemberEntry | None:
    """One entry, or None when `piece` is not one (a title alone, a sentence)."""
    match = _ENTRY.match(piece)
    if match is None:
        return None
    words = match.group("name").split()
    before = [match.group("before") or ""]
    while len(words) > 2 and _title(words[0]) is not None:  # "Borgmester Helle Brandt Kjær"
        before.append(words.pop(0))
    titles = [t for t in [" ".join(before).strip(), *(match.group(g) for g in _AFTER)] if t]
    roles = [_title(t) for t in titles]
    if None in roles:
        return None  # words before or after the name that are no title: a sentence, not an entry
    role = "-" if "-" in roles else (roles[0] if roles else "medlem")
    raw = match.group("party")
    party = _letters().get(raw.upper(), raw if len(raw) == 1 else None) if raw else None
    return MemberEntry(name=" ".join(words), party=party, role=role, present=present)  # type: ignore[arg-type]


def _title(text: str) -> str | None:
    """The role of a title ("formand for Teknik- og Miljøudvalget" -> udvalgsformand), "-" for
    staff, None when `text` is no title."""
    words = " ".join(text.lower().split())
    titles = _titles()
    for title in sorted(titles, key=len, reverse=True):
        if words == title or words.startswith(title + " "):
            return titles[title]
    return None


def _with_role(entry: MemberEntry, role: str) -> MemberEntry:
    return MemberEntry(name=entry.name, party=entry.party, role=role, present=entry.present)  # type: ignore[arg-type]
