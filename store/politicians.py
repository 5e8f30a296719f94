"""The registry of elected politicians: who sits in which kommune's council, with which party
letter and role, when, by which source (`core.politicians.RegistryEntry` is what it hands out).

Two sources fill it:

- imports of an election's member list (`kommunevagt politicians import`): each row is a seat for
  the election period; importing the same source again replaces that source's seats in the
  kommuner it covers, so a corrected file does not leave stale rows behind;
- the member lists of council minutes (`record_minutes`), authoritative for their kommune and
  date: each (politician, role) has a timeline of seats, a row per party, valid from the first
  meeting that showed it until the day before the next row starts. Minutes arrive in any
  order, so an observation is placed where its date falls instead of being appended. A list
  without a letter fills a seat's unknown party and otherwise changes nothing.

The politician's identity is (name, kommune), the same rule as for persons (`store.people`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from core.politicians import RegistryEntry, Role
from store.models import Politician, PoliticianSeat
from store.parties import PartyLetters

ROLES: tuple[Role, ...] = ("borgmester", "viceborgmester", "rådmand", "udvalgsformand", "medlem")


@dataclass(frozen=True, slots=True)
class SeatRow:
    """One row of an imported member list, already checked (kommune code known, role valid)."""

    name: str
    kommune_code: int
    party: str | None
    role: Role
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True, slots=True)
class Listed:
    """A member as a minutes document lists them."""

    name: str
    party: str | None
    role: Role


def import_seats(session: Session, rows: Sequence[SeatRow], *, source: str) -> int:
    """Replace `source`'s seats in the kommuner of `rows` with `rows`; how many seats were written.

    Runs in the caller's transaction, so a file either imports whole or not at all.
    """
    politicians = politician_ids(session, [(r.name, r.kommune_code) for r in rows])
    kommuner = sorted({r.kommune_code for r in rows})
    stale = select(Politician.id).where(col(Politician.kommune_code).in_(kommuner))
    session.connection().execute(
        delete(PoliticianSeat).where(
            col(PoliticianSeat.source) == source,
            col(PoliticianSeat.origin) == "import",
            col(PoliticianSeat.politician_id).in_(stale),
        )
    )
    letters = PartyLetters(session)
    for r in rows:
        session.add(
            PoliticianSeat(
                politician_id=politicians[(r.name, r.kommune_code)],
                party_letter=letters.letter(r.party),
                role=r.role,
                valid_from=r.valid_from,
                valid_to=r.valid_to,
                source=source,
                origin="import",
            )
        )
    session.flush()
    return len(rows)


def record_minutes(
    session: Session, members: Iterable[Listed], *, kommune_code: int, on: date, source: str
) -> int:
    """Fold the member list of a minutes document of `kommune_code` held `on` into the registry;
    how many seats were added or changed."""
    listed = list(members)
    if not listed:
        return 0
    politicians = politician_ids(session, [(m.name, kommune_code) for m in listed])
    letters = PartyLetters(session)
    changed = 0
    for member in listed:
        pid = politicians[(member.name, kommune_code)]
        timeline = list(
            session.exec(
                select(PoliticianSeat)
                .where(
                    col(PoliticianSeat.politician_id) == pid,
                    col(PoliticianSeat.role) == member.role,
                    col(PoliticianSeat.origin) == "minutes",
                )
                .order_by(col(PoliticianSeat.valid_from), col(PoliticianSeat.id))
            )
        )
        changed += _observe(session, timeline, pid, member.role, letters.letter(member.party), on, source)
    session.flush()
    return changed


def _observe(
    session: Session,
    timeline: list[PoliticianSeat],
    politician_id: int,
    role: Role,
    party: str | None,
    on: date,
    source: str,
) -> int:
    """Place one observation in a (politician, role) timeline; 1 if it changed the timeline."""
    current = next((s for s in reversed(timeline) if s.valid_from is not None and s.valid_from <= on), None)
    if current is not None and (party is None or current.party_letter in (party, None)):
        if current.party_letter is None and party is not None:
            current.party_letter = party
            _normalise(session, timeline)
            return 1
        return 0
    first = timeline[0] if timeline else None
    if current is None and first is not None and (party is None or first.party_letter == party):
        first.valid_from, first.source = on, source
        _normalise(session, timeline)
        return 1
    seat = PoliticianSeat(
        politician_id=politician_id,
        party_letter=party,
        role=role,
        valid_from=on,
        source=source,
        origin="minutes",
    )
    session.add(seat)
    timeline.append(seat)
    timeline.sort(key=lambda s: s.valid_from or date.min)
    _normalise(session, timeline)
    return 1


def _normalise(session: Session, timeline: list[PoliticianSeat]) -> None:
    """Merge neighbours with the same party and make each seat end the day before the next."""
    kept: list[PoliticianSeat] = []
    for seat in timeline:
        if kept and kept[-1].party_letter == seat.party_letter:
            if seat in session.new:
                session.expunge(seat)
            else:
                session.delete(seat)
            continue
        kept.append(seat)
    for seat, after in zip(kept, [*kept[1:], None], strict=True):
        seat.valid_to = after.valid_from - timedelta(days=1) if after and after.valid_from else None
    timeline[:] = kept


def politician_ids(session: Session, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], int]:
    """The id of every (name, kommune) politician, inserting the missing ones.

    Missing rows are inserted in one statement that skips rows another writer inserted
    meanwhile; the second read then finds those too.
    """
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    names = sorted({name for name, _ in wanted})

    def read() -> dict[tuple[str, int], int]:
        query = select(Politician.id, Politician.name, Politician.kommune_code).where(
            col(Politician.name).in_(names)
        )
        return {(name, code): int(pid) for pid, name, code in session.exec(query) if pid is not None}

    found = read()
    missing = [key for key in wanted if key not in found]
    if missing:
        table = Politician.__table__  # type: ignore[attr-defined]
        dialect = session.get_bind().dialect.name
        upsert = sqlite_insert(table) if dialect == "sqlite" else postgresql_insert(table)
        rows = [dict(name=name, kommune_code=code) for name, code in missing]
        session.connection().execute(upsert.on_conflict_do_nothing(), rows)
        found = read()
    return {key: found[key] for key in wanted}


def load_registry(session: Session, kommune_codes: Iterable[int] | None = None) -> list[RegistryEntry]:
    """Every seat of the registry (of `kommune_codes`, if given), by kommune, name and date."""
    query = (
        select(Politician, PoliticianSeat)
        .join(PoliticianSeat, col(PoliticianSeat.politician_id) == col(Politician.id))
        .order_by(
            col(Politician.kommune_code),
            col(Politician.name),
            col(PoliticianSeat.valid_from),
            col(PoliticianSeat.id),
        )
    )
    if kommune_codes is not None:
        query = query.where(col(Politician.kommune_code).in_(sorted(set(kommune_codes))))
    return [
        RegistryEntry(
            registry_id=int(politician.id or 0),
            name=politician.name,
            kommune_code=politician.kommune_code,
            party=seat.party_letter,
            role=_role(seat.role),
            valid_from=seat.valid_from,
            valid_to=seat.valid_to,
            source=seat.source,
        )
        for politician, seat in session.exec(query)
    ]


def _role(value: str) -> Role:
    for role in ROLES:
        if role == value:
            return role
    return "medlem"
