"""When a watch is due: after every crawl, daily at HH:MM or weekly on a day at HH:MM.

Times are Danish wall-clock times (Europe/Copenhagen), as a press office means "07:00". A watch
is due when its latest scheduled moment has passed and it has not run since; a run that was
missed (the machine was off at 07:00) therefore happens at the next `watch run`.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from store.models import Watch

TZ = ZoneInfo("Europe/Copenhagen")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
WEEKDAYS = {
    "mandag": 0, "man": 0, "monday": 0, "mon": 0,
    "tirsdag": 1, "tir": 1, "tuesday": 1, "tue": 1,
    "onsdag": 2, "ons": 2, "wednesday": 2, "wed": 2,
    "torsdag": 3, "tor": 3, "thursday": 3, "thu": 3,
    "fredag": 4, "fre": 4, "friday": 4, "fri": 4,
    "lørdag": 5, "lør": 5, "saturday": 5, "sat": 5,
    "søndag": 6, "søn": 6, "sunday": 6, "sun": 6,
}  # fmt: skip
DAY_NAMES = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


def parse_time(value: str) -> str:
    """ "7:00" -> "07:00"; ValueError with a readable message otherwise."""
    match = _TIME.match(value.strip())
    if not match:
        raise ValueError(f"not a time of day {value!r}: use HH:MM, e.g. 07:00")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_weekly(value: str) -> tuple[int, str]:
    """ "mandag 07:00" -> (0, "07:00")."""
    parts = value.strip().lower().split()
    if len(parts) != 2 or parts[0] not in WEEKDAYS:
        raise ValueError(f"not a weekday and time {value!r}: use e.g. 'mandag 07:00'")
    return WEEKDAYS[parts[0]], parse_time(parts[1])


def latest_slot(watch: Watch, now: datetime) -> datetime | None:
    """The latest scheduled moment at or before `now` (aware UTC); None for 'after every crawl'."""
    if watch.frequency == "crawl" or watch.at_time is None:
        return None
    hour, minute = (int(part) for part in watch.at_time.split(":"))
    local = now.astimezone(TZ)
    slot = datetime.combine(local.date(), time(hour, minute), tzinfo=TZ)
    if watch.frequency == "weekly":
        slot -= timedelta(days=(local.weekday() - (watch.weekday or 0)) % 7)
        if slot > local:
            slot -= timedelta(days=7)
    elif slot > local:
        slot -= timedelta(days=1)
    return slot.astimezone(now.tzinfo)


def is_due(watch: Watch, now: datetime) -> bool:
    """Whether `watch run` (without --force) should send this watch now."""
    slot = latest_slot(watch, now)
    if slot is None:
        return True
    return watch.last_run_at is None or watch.last_run_at < slot


def describe(watch: Watch) -> str:
    """The schedule in Danish, for `watch list` and the UI."""
    if watch.frequency == "daily":
        return f"dagligt kl. {watch.at_time}"
    if watch.frequency == "weekly":
        return f"ugentligt {DAY_NAMES[watch.weekday or 0]} kl. {watch.at_time}"
    return "efter hver crawl"
