"""Widgets whose state lives in the URL query string, so any view can be shared as a link.

A widget's value is read from `st.query_params` the first time it is drawn in a session (before
that its session-state key does not exist), and every page writes its current values back with
`write()` at the end of the run. Values that no longer exist (a deleted source, a mistyped code)
are dropped instead of failing the page.
"""

from __future__ import annotations

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


def _parse(raw: str, cast: Callable[[str], T]) -> T | None:
    try:
        return cast(raw)
    except (TypeError, ValueError):
        return None


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


def date_input(label: str, param: str, default: date | None = None, **kw: Any) -> date | None:
    """A date (or none) mirrored as ISO yyyy-mm-dd."""
    key = _key(param)
    if key not in st.session_state:
        raw = st.query_params.get(param)
        parsed = _parse(raw, date.fromisoformat) if raw else None
        st.session_state[key] = parsed or default
    value = st.date_input(label, key=key, format="DD.MM.YYYY", **kw)
    return value if isinstance(value, date) else None


def text_input(label: str, param: str, **kw: Any) -> str:
    key = _key(param)
    if key not in st.session_state:
        st.session_state[key] = st.query_params.get(param, "")
    return str(st.text_input(label, key=key, **kw) or "")


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
