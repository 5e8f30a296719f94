"""Who each person mention and speaker of one document is, and their party over time.

A person is a name in a kommune (revision 0009): Peter Sørensen (A) in one kommune and Peter
Sørensen (C) in another are two rows. The kommune of a mention is what the NLP found
(`PersonMention.kommune`), else the kommune of the registry's politician it resolved to. The
rules for a mention whose kommune is unknown, or for an archive written before kommuner were
known (every person without one), are:

- a name whose only row has no kommune gets the kommune of the first text that names one
  (the row is "claimed"), so an existing archive's persons keep their history;
- a mention without a kommune is the row of that name without one, else the only row of that
  name; with several namesakes and no kommune it cannot be told apart and gets the row without
  a kommune (created if needed), rather than being credited to one of them at random;
- a speaker of a quote or claim is the person of the document's mentions of that name, if they
  name one person.

The party history (`person_party`) gets a row when a text shows a party that differs from the
one the person had at the text's date; `person.party_letter` is the latest one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.result import Extraction, PersonMention
from store.models import Person, PersonParty, Politician
from store.parties import PartyLetters
from store.types import as_utc

Action = Literal["have", "claim", "insert"]


@dataclass(frozen=True, slots=True)
class Key:
    """A person's identity as the document gives it."""

    name: str
    kommune: int | None


@dataclass
class People:
    """The person of every mention (index-aligned with `Extraction.persons`) and speaker name."""

    mentions: list[Person] = field(default_factory=list)
    speakers: dict[str, Person] = field(default_factory=dict)

    def speaker_id(self, name: str | None) -> int | None:
        person = self.speakers.get(name) if name else None
        return person.id if person is not None else None


def upsert_people(
    session: Session, extraction: Extraction, *, seen: datetime, document_id: int, kommune_codes: set[int]
) -> People:
    """Person rows for every mention and speaker of the extraction, merged and flushed."""
    politicians = _politician_kommuner(session, extraction.persons)
    keys = _mention_keys(extraction.persons, politicians, kommune_codes)
    speaker_keys = _speaker_keys(extraction, keys)
    registry: dict[Key, set[int]] = {}
    for key, mention in zip(keys, extraction.persons, strict=True):
        if mention.registry_id in politicians:
            registry.setdefault(key, set()).add(mention.registry_id)
    wanted = sorted({*keys, *speaker_keys.values()}, key=lambda k: (k.name, k.kommune or 0))
    if not wanted:
        return People()
    found = _find(session, wanted, registry)
    by_id: dict[int, list[PersonMention]] = {}
    for key, mention in zip(keys, extraction.persons, strict=True):
        by_id.setdefault(_id(found[key]), []).append(mention)
    for key in speaker_keys.values():
        by_id.setdefault(_id(found[key]), [])
    persons = {_id(p): p for p in found.values()}
    histories = _histories(session, sorted(by_id))
    letters = PartyLetters(session)
    for person_id, mentions in by_id.items():
        person = persons[person_id]
        _merge(person, mentions, seen, set(politicians))
        letter, source = _party_of(mentions, letters)
        if letter:
            _record_party(session, person, histories.get(person_id, []), letter, seen, document_id, source)
    session.flush()
    return People(
        mentions=[found[key] for key in keys],
        speakers={name: found[key] for name, key in speaker_keys.items()},
    )


def _politician_kommuner(session: Session, mentions: Sequence[PersonMention]) -> dict[int, int]:
    """Registry id -> kommune of the politicians the mentions resolved to (unknown ids dropped)."""
    ids = sorted({m.registry_id for m in mentions if m.registry_id is not None})
    if not ids:
        return {}
    rows = session.exec(select(Politician.id, Politician.kommune_code).where(col(Politician.id).in_(ids)))
    return {int(pid): int(code) for pid, code in rows if pid is not None}


def _mention_keys(
    mentions: Sequence[PersonMention], politicians: dict[int, int], kommune_codes: set[int]
) -> list[Key]:
    """Each mention's key; a mention without a kommune takes the document's one kommune of that name."""
    keys = []
    for m in mentions:
        kommune = m.kommune if m.kommune in kommune_codes else None
        if kommune is None and m.registry_id in politicians:
            kommune = politicians[m.registry_id]
        keys.append(Key(m.name, kommune))
    placed: dict[str, set[int]] = {}
    for key in keys:
        if key.kommune is not None:
            placed.setdefault(key.name, set()).add(key.kommune)
    return [
        Key(k.name, next(iter(placed[k.name])))
        if k.kommune is None and len(placed.get(k.name, ())) == 1
        else k
        for k in keys
    ]


def _speaker_keys(extraction: Extraction, keys: list[Key]) -> dict[str, Key]:
    names = {q.speaker for q in extraction.quotes} | {c.speaker for c in extraction.claims}
    found: dict[str, Key] = {}
    for name in sorted(n for n in names if n):
        same = {k for k in keys if k.name == name}
        found[name] = same.pop() if len(same) == 1 else Key(name, None)
    return found


def _find(session: Session, wanted: list[Key], registry: dict[Key, set[int]]) -> dict[Key, Person]:
    """The row of every key, claiming or inserting rows as the module's rules say.

    Rows are read (on PostgreSQL locked, in name order, so two writers take turns on the same
    names) and resolved; claims and inserts are written, and the rows read again. A claim or
    insert another writer made meanwhile is found by that second read; a rare second race is
    settled by one more round.
    """
    names = sorted({k.name for k in wanted})
    lock = session.get_bind().dialect.name != "sqlite"
    rows = _rows(session, names, lock=lock, fresh=False)
    for _ in range(3):
        plan = {key: _resolve(key, rows.get(key.name, []), registry.get(key, set())) for key in wanted}
        if all(action == "have" for action, _ in plan.values()):
            return {key: person for key, (_, person) in plan.items() if person is not None}
        claims = {key: person for key, (action, person) in plan.items() if action == "claim" and person}
        _claim(session, claims)
        _insert(session, [key for key, (action, _) in plan.items() if action == "insert"])
        rows = _rows(session, names, lock=True, fresh=True)
    raise RuntimeError(f"persons {names} changed under three rounds of concurrent writes")


def _rows(session: Session, names: list[str], *, lock: bool, fresh: bool) -> dict[str, list[Person]]:
    query = select(Person).where(col(Person.name).in_(names)).order_by(col(Person.name), col(Person.id))
    if lock:
        query = query.with_for_update()
    if fresh:
        query = query.execution_options(populate_existing=True)
    rows: dict[str, list[Person]] = {}
    for person in session.exec(query):
        rows.setdefault(person.name, []).append(person)
    return rows


def _resolve(key: Key, rows: list[Person], registry_ids: set[int]) -> tuple[Action, Person | None]:
    linked = [p for p in rows if p.politician_id is not None and p.politician_id in registry_ids]
    exact = [p for p in rows if p.kommune_code == key.kommune]
    if linked or exact:
        return "have", (linked or exact)[0]
    if key.kommune is not None:
        if len(rows) == 1 and rows[0].kommune_code is None:
            return "claim", rows[0]
        return "insert", None
    if len(rows) == 1:
        return "have", rows[0]
    return "insert", None


def _claim(session: Session, claims: dict[Key, Person]) -> None:
    """Give rows without a kommune their kommune, unless another writer got there first."""
    for key, person in sorted(claims.items(), key=lambda item: item[0].name):
        statement = (
            update(Person)
            .where(col(Person.id) == person.id, col(Person.kommune_code).is_(None))
            .values(kommune_code=key.kommune)
        )
        try:
            with session.begin_nested():
                session.connection().execute(statement)
        except IntegrityError:  # another writer inserted (name, kommune) meanwhile: found on re-read
            pass


def _insert(session: Session, keys: list[Key]) -> None:
    """Insert the missing rows; rows another writer inserted meanwhile are skipped (either key)."""
    if not keys:
        return
    table = Person.__table__  # type: ignore[attr-defined]
    rows: list[dict[str, object]] = [
        dict(name=k.name, kommune_code=k.kommune, roles=[], is_politician=False) for k in keys
    ]
    dialect = session.get_bind().dialect.name
    upsert = sqlite_insert(table) if dialect == "sqlite" else postgresql_insert(table)
    session.connection().execute(upsert.on_conflict_do_nothing(), rows)


def _merge(person: Person, mentions: Iterable[PersonMention], seen: datetime, registry: set[int]) -> None:
    """Fold one document's mentions into the person (roles, politician flag, registry link, dates)."""
    for mention in mentions:
        if mention.politician:
            person.is_politician = True
        if mention.role and mention.role not in person.roles:
            person.roles = [*person.roles, mention.role]  # a new list, so the JSON column is marked dirty
        if person.politician_id is None and mention.registry_id in registry:
            person.politician_id = mention.registry_id
    person.first_seen = seen if person.first_seen is None else min(as_utc(person.first_seen), seen)
    person.last_seen = seen if person.last_seen is None else max(as_utc(person.last_seen), seen)


def _party_of(mentions: list[PersonMention], letters: PartyLetters) -> tuple[str | None, str]:
    """The party the document gives the person: a letter from the text beats one the NLP took
    from the registry."""
    found: dict[str, str] = {}
    for mention in mentions:
        letter = letters.letter(mention.party)
        if letter:
            found.setdefault(mention.party_source or "text", letter)
    if "text" in found:
        return found["text"], "text"
    return found.get("registry"), "registry"


def _histories(session: Session, person_ids: list[int]) -> dict[int, list[PersonParty]]:
    if not person_ids:
        return {}
    query = (
        select(PersonParty)
        .where(col(PersonParty.person_id).in_(person_ids))
        .order_by(col(PersonParty.person_id), col(PersonParty.since), col(PersonParty.id))
    )
    found: dict[int, list[PersonParty]] = {}
    for row in session.exec(query):
        found.setdefault(row.person_id, []).append(row)
    return found


def _record_party(
    session: Session,
    person: Person,
    history: list[PersonParty],
    letter: str,
    seen: datetime,
    document_id: int,
    source: str,
) -> None:
    """Add `letter` at `seen` to the person's history where it is a change, keep it minimal.

    Texts arrive in any order (a crawl of old minutes after today's news), so the party in force
    at `seen` is looked up rather than assumed to be the latest; a re-analysed document corrects
    its own row.
    """
    current = next((row for row in reversed(history) if as_utc(row.since) <= seen), None)
    if current is not None and current.party_letter == letter:
        pass
    elif current is not None and as_utc(current.since) == seen and current.document_id == document_id:
        current.party_letter, current.source = letter, source
    elif current is None and history and history[0].party_letter == letter:
        history[0].since, history[0].document_id = seen, document_id
    else:
        row = PersonParty(
            person_id=_id(person), party_letter=letter, since=seen, document_id=document_id, source=source
        )
        session.add(row)
        history.append(row)
        history.sort(key=lambda r: as_utc(r.since))
    _drop_repeats(session, history)
    person.party_letter = history[-1].party_letter if history else person.party_letter


def _drop_repeats(session: Session, history: list[PersonParty]) -> None:
    """A row with the same party as the row before it says nothing new: delete it."""
    kept: list[PersonParty] = []
    for row in history:
        if kept and kept[-1].party_letter == row.party_letter:
            if row.id is not None:
                session.delete(row)
            else:
                session.expunge(row)
            continue
        kept.append(row)
    history[:] = kept


def _id(row: Person | PersonParty) -> int:
    assert row.id is not None, "row must be flushed first"
    return int(row.id)
