"""When a watch is due: Danish wall-clock times, missed slots caught up, weekly days."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from store.models import Watch
from watch.schedule import is_due, latest_slot, parse_time, parse_weekly


def watch(
    frequency: str, at_time: str | None = None, weekday: int | None = None, last: datetime | None = None
) -> Watch:
    return Watch(
        name="w", frequency=frequency, at_time=at_time, weekday=weekday, last_run_at=last,
        created_at=datetime(2025, 1, 1, tzinfo=UTC),
    )  # fmt: skip


def test_daily_slot_is_danish_time_in_winter_and_summer() -> None:
    winter = datetime(2025, 1, 15, 12, tzinfo=UTC)
    summer = datetime(2025, 7, 15, 12, tzinfo=UTC)
    assert latest_slot(watch("daily", "07:00"), winter) == datetime(2025, 1, 15, 6, tzinfo=UTC)
    assert latest_slot(watch("daily", "07:00"), summer) == datetime(2025, 7, 15, 5, tzinfo=UTC)
    # Before today's 07:00 the latest slot is yesterday's.
    assert latest_slot(watch("daily", "07:00"), datetime(2025, 1, 15, 5, tzinfo=UTC)) == datetime(
        2025, 1, 14, 6, tzinfo=UTC
    )


def test_weekly_slot() -> None:
    wednesday = datetime(2025, 1, 15, 12, tzinfo=UTC)
    assert latest_slot(watch("weekly", "08:00", 0), wednesday) == datetime(2025, 1, 13, 7, tzinfo=UTC)
    assert latest_slot(watch("weekly", "08:00", 3), wednesday) == datetime(2025, 1, 9, 7, tzinfo=UTC)


def test_due_once_per_slot() -> None:
    now = datetime(2025, 1, 15, 12, tzinfo=UTC)
    assert is_due(watch("crawl"), now)
    assert is_due(watch("daily", "07:00"), now)
    assert not is_due(watch("daily", "07:00", last=datetime(2025, 1, 15, 6, 30, tzinfo=UTC)), now)
    assert is_due(watch("daily", "07:00", last=datetime(2025, 1, 15, 5, 59, tzinfo=UTC)), now)  # missed


@pytest.mark.parametrize("bad", ["7", "24:00", "07:60", "kl 7", ""])
def test_bad_times(bad: str) -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        parse_time(bad)


def test_weekly_parse() -> None:
    assert parse_weekly("Mandag 7:05") == (0, "07:05")
    assert parse_weekly("sun 23:59") == (6, "23:59")
