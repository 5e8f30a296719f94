"""Saved searches ("overvågninger"): create, find, remove, and the sent log of their items.

A watch's filters are a `ClaimFilter` (the Tidslinje sidebar's), stored as JSON without dates.
Names in the filters are checked here when the watch is created, so a typo is refused with one
line instead of becoming a search that silently never matches. Matching lives in
`store.queries.watch_match`; sending lives in the `watch` package, which calls `mark_sent`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from store.crud import utcnow
from store.models import Kommune, Party, Person, Region, Source, Watch, WatchDelivery, WatchItem
from store.queries.filters import ClaimFilter

FREQUENCIES = ("crawl", "daily", "weekly")
CHANNELS = ("email", "webhook")


class WatchError(ValueError):
    """A watch that cannot be created or found; `str()` is one line for the user."""


@dataclass(frozen=True)
class WatchSpec:
    """Everything `kommunevagt watch add` (or the UI) says about a new watch."""

    name: str
    filters: ClaimFilter = ClaimFilter()
    emails: tuple[str, ...] = ()
    webhook_url: str | None = None
    webhook_secret: str | None = None
    frequency: str = "crawl"
    at_time: str | None = None
    weekday: int | None = None


@dataclass(frozen=True)
class SentEntry:
    """One line of the sent log: which item went where and when."""

    channel: str
    sent_at: datetime | None
    recipients: str | None
    last_error: str | None
    title: str | None
    document_id: int


@dataclass
class WatchCounts:
    items: int = 0
    pending: dict[str, int] = field(default_factory=dict)


def filters_to_json(filters: ClaimFilter) -> dict[str, object]:
    """The filter as JSON; dates are dropped (a watch always looks at what is new)."""
    data = asdict(filters)
    data.pop("date_from")
    data.pop("date_to")
    return {key: list(value) if isinstance(value, tuple) else value for key, value in data.items() if value}


def filters_from_json(data: dict[str, object]) -> ClaimFilter:
    """The `ClaimFilter` of a stored watch; unknown keys (from a newer version) are ignored."""
    known = {name for name in ClaimFilter.__dataclass_fields__ if name not in ("date_from", "date_to")}
    values = {
        key: (tuple(value) if isinstance(value, list) else value)
        for key, value in data.items()
        if key in known
    }
    return ClaimFilter(**values)  # type: ignore[arg-type]


# --- names to codes --------------------------------------------------------------------------


def resolve_kommune(session: Session, value: str) -> int:
    """A kommune code from its code ("151") or name ("Ballerup", "Ballerup Kommune")."""
    text = value.strip()
    if text.isdigit():
        kommune = session.get(Kommune, int(text))
    else:
        name = text.removesuffix(" Kommune").strip().lower()
        kommune = session.exec(select(Kommune).where(func.lower(Kommune.name) == name)).first()
    if kommune is None:
        raise WatchError(f"unknown kommune {value!r}: give a kommunekode (151) or a name (Ballerup)")
    return kommune.code


def resolve_region(session: Session, value: str) -> int:
    """A region code from its code ("1084") or name ("Region Hovedstaden", "Hovedstaden")."""
    text = value.strip()
    if text.isdigit():
        region = session.get(Region, int(text))
    else:
        name = text.lower()
        region = session.exec(
            select(Region).where(
                (func.lower(Region.name) == name) | (func.lower(Region.name) == f"region {name}")
            )
        ).first()
    if region is None:
        raise WatchError(f"unknown region {value!r}: give a code (1084) or a name (Region Hovedstaden)")
    return region.code


def resolve_person(session: Session, value: str) -> int:
    """A person id from the full name as stored (any case) or the id.

    Namesakes in several kommuner are several persons (store.people): a name that is more than
    one of them is refused with their ids, rather than watching one of them at random.
    """
    text = value.strip()
    if text.isdigit():
        person = session.get(Person, int(text))
        if person is None or person.id is None:
            raise WatchError(f"unknown person {value!r}: no one of that name is in the archive")
        return person.id
    found = session.exec(
        select(Person).where(func.lower(Person.name) == text.lower()).order_by(col(Person.id))
    ).all()
    if not found:
        raise WatchError(f"unknown person {value!r}: no one of that name is in the archive")
    if len(found) > 1:
        which = ", ".join(f"{p.id} ({p.kommune_code or 'uden kommune'})" for p in found)
        raise WatchError(f"{value!r} is {len(found)} persons: give the id of one of them: {which}")
    assert found[0].id is not None
    return found[0].id


def resolve_party(session: Session, value: str) -> str:
    """A party's list letter from the letter ("A") or its abbreviation ("SF")."""
    text = value.strip()
    party = (
        session.get(Party, text.upper())
        or session.exec(select(Party).where(func.lower(Party.abbreviation) == text.lower())).first()
    )
    if party is None:
        raise WatchError(f"unknown party {value!r}: give its list letter (A, V, F ...)")
    return party.letter


def resolve_source(session: Session, value: str) -> int:
    """A source id from its name (any case) or id."""
    text = value.strip()
    if text.isdigit():
        source = session.get(Source, int(text))
    else:
        source = session.exec(select(Source).where(func.lower(Source.name) == text.lower())).first()
    if source is None or source.id is None:
        raise WatchError(f"unknown source {value!r}")
    return source.id


# --- watches ---------------------------------------------------------------------------------


def create_watch(*, session: Session, spec: WatchSpec, now: datetime | None = None) -> Watch:
    """Store a new watch; refuses a taken name, an unknown frequency or a watch without a name."""
    name = spec.name.strip()
    if not name:
        raise WatchError("a watch needs a name")
    if spec.frequency not in FREQUENCIES:
        raise WatchError(f"unknown frequency {spec.frequency!r}: use one of {', '.join(FREQUENCIES)}")
    if get_watch(session=session, name=name) is not None:
        raise WatchError(f"a watch named {name!r} exists already; remove it first or pick another name")
    watch = Watch(
        name=name,
        filters=filters_to_json(spec.filters),
        emails=list(spec.emails),
        webhook_url=spec.webhook_url,
        webhook_secret=spec.webhook_secret,
        frequency=spec.frequency,
        at_time=spec.at_time,
        weekday=spec.weekday,
        created_at=now or utcnow(),
    )
    session.add(watch)
    session.flush()
    return watch


def get_watch(*, session: Session, name: str) -> Watch | None:
    return session.exec(select(Watch).where(Watch.name == name.strip())).first()


def list_watches(*, session: Session) -> list[Watch]:
    return list(session.exec(select(Watch).order_by(col(Watch.name))).all())


def remove_watch(*, session: Session, name: str) -> bool:
    """Delete a watch with its items and sent log; False if there was none of that name."""
    watch = get_watch(session=session, name=name)
    if watch is None:
        return False
    item_ids = select(WatchItem.id).where(WatchItem.watch_id == watch.id)
    session.execute(delete(WatchDelivery).where(col(WatchDelivery.item_id).in_(item_ids)))
    session.execute(delete(WatchItem).where(col(WatchItem.watch_id) == watch.id))
    session.delete(watch)
    session.flush()
    return True


def channels(watch: Watch) -> list[str]:
    """The push channels a watch has (the Atom feed is always there)."""
    found = []
    if watch.emails:
        found.append("email")
    if watch.webhook_url:
        found.append("webhook")
    return found


# --- the sent log ----------------------------------------------------------------------------


def mark_sent(*, session: Session, item_ids: list[int], channel: str, recipients: str, now: datetime) -> None:
    """Record that these items went out on `channel`; they are never pending there again."""
    if not item_ids:
        return
    session.execute(
        update(WatchDelivery)
        .where(col(WatchDelivery.item_id).in_(item_ids), col(WatchDelivery.channel) == channel)
        .values(sent_at=now, recipients=recipients, last_error=None)
    )


def mark_failed(*, session: Session, item_ids: list[int], channel: str, error: str) -> None:
    """Keep the items pending on `channel` and note why, for `watch show` and the UI."""
    if not item_ids:
        return
    session.execute(
        update(WatchDelivery)
        .where(col(WatchDelivery.item_id).in_(item_ids), col(WatchDelivery.channel) == channel)
        .values(last_error=error[:500])
    )


def sent_log(*, session: Session, watch_id: int, limit: int = 50) -> list[SentEntry]:
    """The newest deliveries of a watch, sent or pending, newest item first."""
    from store.models import Document

    statement = (
        select(WatchDelivery, WatchItem.document_id, Document.title)
        .join(WatchItem, col(WatchItem.id) == col(WatchDelivery.item_id))
        .outerjoin(Document, col(Document.id) == col(WatchItem.document_id))
        .where(col(WatchItem.watch_id) == watch_id)
        .order_by(col(WatchItem.id).desc(), col(WatchDelivery.channel))
        .limit(limit)
    )
    return [
        SentEntry(d.channel, d.sent_at, d.recipients, d.last_error, title, document_id)
        for d, document_id, title in session.exec(statement).all()
    ]


def watch_counts(*, session: Session, watch_id: int) -> WatchCounts:
    """How many items a watch has found and how many wait on each channel."""
    items = session.exec(
        select(func.count()).select_from(WatchItem).where(WatchItem.watch_id == watch_id)
    ).one()
    pending = session.exec(
        select(WatchDelivery.channel, func.count())
        .join(WatchItem, col(WatchItem.id) == col(WatchDelivery.item_id))
        .where(col(WatchItem.watch_id) == watch_id, col(WatchDelivery.sent_at).is_(None))
        .group_by(col(WatchDelivery.channel))
    ).all()
    return WatchCounts(items=int(items), pending={channel: int(n) for channel, n in pending})


def pending_channels(*, session: Session, watch_ids: list[int]) -> set[tuple[int, str]]:
    """(watch, channel) pairs with items waiting to be sent, for all watches of a run at once."""
    if not watch_ids:
        return set()
    statement = (
        select(WatchItem.watch_id, WatchDelivery.channel)
        .join(WatchItem, col(WatchItem.id) == col(WatchDelivery.item_id))
        .where(col(WatchDelivery.sent_at).is_(None), col(WatchItem.watch_id).in_(watch_ids))
        .distinct()
    )
    return {(int(watch_id), str(channel)) for watch_id, channel in session.exec(statement).all()}
