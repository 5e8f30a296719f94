"""Run product code that reads its database from the settings against a bench database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def configured_database(url: str) -> Iterator[None]:
    """`DATABASE_URL` set to `url` inside the block and restored after it, with the cached
    settings cleared both ways: the store step and `stats check` read the configured database,
    not a URL argument, and a bench must not leave its archive configured for what runs next."""
    from core.settings import get_settings

    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = previous
        get_settings.cache_clear()
