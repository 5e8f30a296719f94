"""Party list letters as the texts and registry files give them, made into the store's letters.

Shared by `store.people` (a mention's party) and `store.politicians` (a registry row's party),
so a news abbreviation ("SF", "EL"), a letter and a party's name all become the same letter.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from store.models import Party


class PartyLetters:
    """Letter, news abbreviation and name (upper case) -> list letter, read once per transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.letters: dict[str, str] = {}
        parties = session.connection().execute(select(Party.letter, Party.abbreviation, Party.name)).all()
        for letter, _, name in parties:
            self.letters[name.upper()] = letter
        for letter, abbreviation, _ in parties:
            if abbreviation:
                self.letters[abbreviation.upper()] = letter
        for letter, _, _ in parties:
            self.letters[letter.upper()] = letter

    def known(self, raw: str | None) -> str | None:
        """The list letter of `raw`, or None when it is empty or unknown (nothing is written)."""
        if not raw or not raw.strip():
            return None
        return self.letters.get(raw.strip().upper())

    def letter(self, raw: str | None) -> str | None:
        """The list letter for `raw`; an unknown single letter is a local list, added as
        "Lokalliste X" (local lists have letters the national list does not use)."""
        found = self.known(raw)
        if found or raw is None:
            return found
        key = raw.strip().upper()
        if len(key) == 1 and key.isalpha():
            _insert_local_list(self.session, key)
            self.letters[key] = key
            return key
        return None


def _insert_local_list(session: Session, letter: str) -> None:
    """Insert the local list; another writer may have inserted it meanwhile (savepoint)."""
    row = Party(letter=letter, name=f"Lokalliste {letter}", abbreviation=None)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        if row in session:
            session.expunge(row)
        session.exec(select(Party).where(col(Party.letter) == letter)).one()
