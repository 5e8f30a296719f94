"""The registry of elected politicians: imports replace their source, minutes form timelines."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from store.db import get_engine, session_scope
from store.politicians import Listed, SeatRow, import_seats, load_registry, record_minutes

KV21 = (date(2022, 1, 1), date(2025, 12, 31))


def _seats(
    session: Session, kommune: int | None = None
) -> list[tuple[str, int, str | None, str, date | None, date | None]]:
    return [
        (e.name, e.kommune_code, e.party, e.role, e.valid_from, e.valid_to)
        for e in load_registry(session, None if kommune is None else [kommune])
    ]


def test_import_and_reimport_replace_the_source(migrated_database_url: str) -> None:
    rows = [
        SeatRow("Peter Sørensen", 573, "A", "medlem", *KV21),
        SeatRow("Peter Sørensen", 707, "C", "medlem", *KV21),
        SeatRow("Mette Bock", 573, "Ø", "medlem", *KV21),
    ]
    with session_scope(get_engine(migrated_database_url), write=True) as session:
        assert import_seats(session, rows, source="DST KV21PERS") == 3
        # A corrected file for Varde (573) replaces that source's Varde seats, not Norddjurs (707).
        import_seats(session, [SeatRow("Mette Bock", 573, "F", "medlem", *KV21)], source="DST KV21PERS")
        everything = _seats(session)
        varde = load_registry(session, [573])
    assert everything == [
        ("Mette Bock", 573, "F", "medlem", *KV21),
        ("Peter Sørensen", 707, "C", "medlem", *KV21),
    ]
    assert [(e.name, e.source) for e in varde] == [("Mette Bock", "DST KV21PERS")]
    assert varde[0].registry_id > 0


def test_two_namesakes_are_two_registry_ids(migrated_database_url: str) -> None:
    rows = [
        SeatRow("Peter Sørensen", 573, "A", "medlem", *KV21),
        SeatRow("Peter Sørensen", 707, "C", "medlem", *KV21),
    ]
    with session_scope(get_engine(migrated_database_url), write=True) as session:
        import_seats(session, rows, source="DST KV21PERS")
        ids = {e.kommune_code: e.registry_id for e in load_registry(session)}
    assert len(set(ids.values())) == 2


def test_minutes_build_a_timeline_in_any_order(migrated_database_url: str) -> None:
    """Meetings arrive in any order; each seat runs until the day before the next one starts."""
    src = "referat https://dagsorden.example/{}"
    observations = [
        (date(2026, 1, 20), "V"),
        (date(2026, 3, 10), "A"),
        (date(2026, 2, 17), "V"),  # an older meeting crawled later: no change
        (date(2026, 2, 3), None),  # a list without letters: no change
        (date(2026, 1, 6), "V"),  # earlier than the first: the seat starts earlier
        (date(2026, 4, 7), "V"),  # back to V
    ]
    with session_scope(get_engine(migrated_database_url), write=True) as session:
        changed = [
            record_minutes(
                session,
                [Listed("Jens Ole Mikkelsen", party, "medlem")],
                kommune_code=740,
                on=on,
                source=src.format(n),
            )
            for n, (on, party) in enumerate(observations)
        ]
        seats = _seats(session, 740)
    assert changed == [1, 1, 0, 0, 1, 1]
    assert seats == [
        ("Jens Ole Mikkelsen", 740, "V", "medlem", date(2026, 1, 6), date(2026, 3, 9)),
        ("Jens Ole Mikkelsen", 740, "A", "medlem", date(2026, 3, 10), date(2026, 4, 6)),
        ("Jens Ole Mikkelsen", 740, "V", "medlem", date(2026, 4, 7), None),
    ]


def test_minutes_without_letters_are_filled_later(migrated_database_url: str) -> None:
    with session_scope(get_engine(migrated_database_url), write=True) as session:
        record_minutes(session, [Listed("Helle Brandt Kjær", None, "borgmester")], kommune_code=740,
                       on=date(2026, 3, 10), source="referat a")  # fmt: skip
        record_minutes(session, [Listed("Helle Brandt Kjær", "A", "borgmester")], kommune_code=740,
                       on=date(2026, 3, 24), source="referat b")  # fmt: skip
        # A second role is a timeline of its own.
        record_minutes(session, [Listed("Helle Brandt Kjær", "A", "udvalgsformand")], kommune_code=740,
                       on=date(2026, 3, 11), source="referat c")  # fmt: skip
        entries = load_registry(session, [740])
    assert [(e.party, e.role, e.valid_from, e.valid_to, e.source) for e in entries] == [
        ("A", "borgmester", date(2026, 3, 10), None, "referat a"),
        ("A", "udvalgsformand", date(2026, 3, 11), None, "referat c"),
    ]
    assert len({e.registry_id for e in entries}) == 1
