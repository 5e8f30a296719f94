"""Widgets whose state lives in the URL query string, so any view can be shared as a link.

A widget's value is read from `st.query_params` the first time it is drawn in a session (before
that its session-state key does not exist), and every page writes its current values back with
`write()` at the end of the run. A link is input from anyone, so every value is checked here,
once for all pages: values that no longer exist (a deleted source, a mistyped code), do not
parse, lie outside what the widget accepts (a date before the archive, an id beyond 64 bits) or
carry control characters are dropped or cleaned instead of failing the page.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

import streamlit as st

from store.queries import Option

T = TypeVar("T")


def scope(page: str) -> None:
    """Name the page whose widgets follow: pages share parameter names (kommune, fra, ...) but not
    widget state, since one page's kommune is a list and another's a single choice."""
    st.session_state["_param_scope"] = page


def _key(param: str) -> str:
    return f"{st.session_state.get('_param_scope', 'app')}:{param}"


MAX_ID = 2**63 - 1  # database ids are signed 64-bit integers in SQLite and PostgreSQL
MAX_TEXT = 200  # characters of a free-text parameter (a search, a name)


def identifier(raw: str) -> int:
    """A database id: decimal digits naming 1..2**63-1 (`int()` alone takes "-5", " 7", "1_000"
    and numbers the database driver cannot bind)."""
    if not (raw.isascii() and raw.isdigit()):
        raise ValueError(f"not an id: {raw!r}")
    value = int(raw)
    if not 1 <= value <= MAX_ID:
        raise ValueError(f"id out of range: {raw!r}")
    return value


def clean_text(raw: str) -> str:
    """Free text as a widget and a query can take it: control characters (NUL among them, which
    PostgreSQL refuses in text) become spaces, and the length is capped at MAX_TEXT."""
    cleaned = "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in raw)
    return cleaned[:MAX_TEXT]


def _parse(raw: str, cast: Callable[[str], T]) -> T | None:
    try:
        return cast(raw)
    except (TypeError, ValueError, OverflowError):
        return None


def read(param: str, cast: Callable[[str], T]) -> T | None:
    """A single parameter that is not a widget (`?person=ID`), or None when absent or invalid."""
    raw = st.query_params.get(param)
    return _parse(raw, cast) if raw else None


def choose(param: str, values: Sequence[Any]) -> None:
    """Set a widget's value from elsewhere on the page (a map click), before the widget is drawn:
    call it from an `on_change`/`on_select` callback, which runs before the next run."""
    st.session_state[_key(param)] = list(values)


def multiselect(
    label: str, param: str, options: Sequence[Option], cast: Callable[[str], Any], **kw: Any
) -> tuple:
    """A multiselect over `options` mirrored in the repeated query parameter `param`."""
    labels = {o.value: o.label for o in options}
    key = _key(param)
    if key not in st.session_state:
        wanted = [_parse(raw, cast) for raw in st.query_params.get_all(param)]
        st.session_state[key] = [v for v in dict.fromkeys(wanted) if v in labels]
    kw.setdefault("placeholder", "Alle")
    chosen = st.multiselect(label, list(labels), format_func=lambda v: labels.get(v, str(v)), key=key, **kw)
    return tuple(chosen)


def selectbox(
    label: str, param: str, options: Sequence[Option], cast: Callable[[str], Any], **kw: Any
) -> Any | None:
    """A selectbox with no preselection unless the URL names a valid choice."""
    labels = {o.value: o.label for o in options}
    key = _key(param)
    if key not in st.session_state:
        raw = st.query_params.get(param)
        value = _parse(raw, cast) if raw is not None else None
        st.session_state[key] = value if value in labels else None
    return st.selectbox(label, list(labels), format_func=lambda v: labels.get(v, str(v)), key=key, **kw)


def _within(value: date | None, low: date | None, high: date | None) -> date | None:
    """`value` if the widget accepts it (Streamlit raises for a date outside min..max), else None."""
    if value is None or (low is not None and value < low) or (high is not None and value > high):
        return None
    return value


def date_input(label: str, param: str, default: date | None = None, **kw: Any) -> date | None:
    """A date (or none) mirrored as ISO yyyy-mm-dd; a date outside `min_value`..`max_value`
    counts as no date (for a filter the same as the bound itself)."""
    key = _key(param)
    if key not in st.session_state:
        low, high = kw.get("min_value"), kw.get("max_value")
        parsed = _within(read(param, date.fromisoformat), low, high)
        st.session_state[key] = parsed or _within(default, low, high)
    value = st.date_input(label, key=key, format="DD.MM.YYYY", **kw)
    return value if isinstance(value, date) else None


def text_input(label: str, param: str, **kw: Any) -> str:
    """Free text mirrored as is, cleaned (`clean_text`) both from the link and as typed."""
    key = _key(param)
    if key not in st.session_state:
        st.session_state[key] = clean_text(st.query_params.get(param, ""))
    kw.setdefault("max_chars", MAX_TEXT)
    return clean_text(str(st.text_input(label, key=key, **kw) or ""))


def radio(label: str, param: str, choices: Mapping[str, str], default: str, **kw: Any) -> str:
    """A radio over `choices` (value -> label), mirrored as the value."""
    key = _key(param)
    if key not in st.session_state:
        raw = st.query_params.get(param, default)
        st.session_state[key] = raw if raw in choices else default
    return str(st.radio(label, list(choices), format_func=lambda v: choices[v], key=key, **kw))


def page_number(total: int, page_size: int, param: str = "side", reset_on: Any = None) -> int:
    """A 1-based page picker; returns the OFFSET of the chosen page.

    `reset_on` is whatever defines the list (the filter): when it changes, paging starts over.
    """
    pages = max(1, -(-total // page_size))
    key = _key(param)
    current = st.session_state.get(key)
    if current is None:
        current = _parse(st.query_params.get(param, "1"), int) or 1
    elif st.session_state.get(f"{key}_for") != reset_on:
        current = 1
    st.session_state[f"{key}_for"] = reset_on
    st.session_state[key] = min(max(1, int(current)), pages)
    page = st.number_input(f"Side (af {pages})", min_value=1, max_value=pages, step=1, key=key)
    return (int(page) - 1) * page_size


def write(values: Mapping[str, Any]) -> None:
    """Replace the query string with `values` (empty values left out, sequences repeated)."""
    params: dict[str, str | list[str]] = {}
    for name, value in values.items():
        if value is None or value == "" or value == () or value == []:
            continue
        if isinstance(value, (list, tuple)):
            params[name] = [str(v) for v in value]
        elif isinstance(value, date):
            params[name] = value.isoformat()
        else:
            params[name] = str(value)
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    wanted = {k: (v if isinstance(v, list) else [v]) for k, v in params.items()}
    if current != wanted:
        st.query_params.from_dict(params)
