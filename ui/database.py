"""The database as the app's reader meets it: one Danish line when it cannot be used.

The UI may be opened over a file that is corrupt or not a database, a server that does not
answer, a schema this code does not know (written by a newer Kommunevagt) or no schema yet.
Each of these would otherwise surface as a SQLAlchemy traceback in the page. `problem()` checks
the database before a page runs, and `errors_as_message()` catches what a page's queries still
raise (a file damaged while the app runs); both say in one line what is wrong and what to do,
and the details go to the server log.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from store.db import StoreError, describe, get_engine, translate_errors
from store.schema import ensure_known, head_revision, revisions_of
from ui.format import escape_markdown

log = logging.getLogger(__name__)

CHECK_SECONDS = 10  # a fixed database shows within this long after a reload


def _where(url: str) -> str:
    try:
        return describe(url)
    except StoreError:
        return "angivet i DATABASE_URL"


def _driver_error(exc: BaseException) -> BaseException:
    """The database driver's own exception behind SQLAlchemy's and StoreError's wrappers."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DBAPIError) and current.orig is not None:
            return current.orig
        if isinstance(current, sqlite3.Error):
            return current
        current = current.__cause__
    return exc


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def message_for(exc: BaseException, url: str) -> str:
    """One Danish line (Markdown, escaped) for a failure to use the database at `url`."""
    where = escape_markdown(_where(url))
    cause = _driver_error(exc)
    if isinstance(cause, sqlite3.DatabaseError) and not isinstance(cause, sqlite3.OperationalError):
        return f"Databasen {where} kan ikke læses: filen er beskadiget eller ikke en database."
    if isinstance(exc, StoreError) and exc.__cause__ is None:
        return f"Databasen kan ikke bruges: {escape_markdown(_first_line(exc))}."
    # Cannot connect, locked, a table missing: the driver's first line says which.
    return f"Databasen {where} kan ikke bruges ({escape_markdown(_first_line(cause))})."


@st.cache_data(ttl=CHECK_SECONDS, show_spinner=False)
def problem(url: str) -> str | None:
    """What keeps the app from reading the database at `url`, as one Danish line; None if usable."""
    where = escape_markdown(_where(url))
    try:
        with translate_errors(url), get_engine(url).connect() as connection:
            try:
                ensure_known(connection, url)
            except StoreError:
                revisions = escape_markdown(", ".join(revisions_of(connection)))
                return (
                    f"Databasen {where} har skemaversion {revisions}, som denne udgave af Kommunevagt "
                    "ikke kender: den er lavet af en nyere Kommunevagt. Opdatér Kommunevagt."
                )
            current = revisions_of(connection)
    except (StoreError, SQLAlchemyError, sqlite3.Error, OSError) as exc:
        log.warning("database not usable: %s", _first_line(exc))
        return message_for(exc, url)
    if current != (head_revision(),):
        state = "har intet skema endnu" if not current else "har et ældre skema"
        return f"Databasen {where} {state}: kør `kommunevagt db upgrade`."
    return None


@contextmanager
def errors_as_message(url: str) -> Iterator[None]:
    """Show a database failure inside the block as one line instead of a traceback.

    Streamlit's own control flow (st.stop, st.rerun, page switches) is not a database error and
    passes through untouched.
    """
    try:
        yield
    except (StoreError, SQLAlchemyError, sqlite3.Error) as exc:
        log.warning("database failed while drawing a page: %s", _first_line(exc))
        st.error(message_for(exc, url), icon=":material/database:")
