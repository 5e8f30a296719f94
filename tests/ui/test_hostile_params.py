"""A link is input from anyone: whatever the query string holds, every page draws.

`ui/params.py` checks each value once for all pages; these tests open every page with the values
seen to break pages (an id beyond 64 bits, dates outside the archive, control characters) and
with values hypothesis makes up, for every parameter each page reads.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from tests.ui.helpers import metrics, url_param
from ui.params import MAX_TEXT, clean_text, identifier

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")

# Page file (None: the root URL, which opens Tidslinje) -> its title and the parameters it reads.
PAGES: dict[str, tuple[str | None, str, tuple[str, ...]]] = {
    "tidslinje": (
        None,
        "Tidslinje",
        ("kommune", "region", "parti", "person", "tal", "type", "kilde", "fra", "til", "q", "side"),
    ),
    "politikere": ("app_pages/politikere.py", "Politikere", ("person", "navn", "side")),
    "tal": ("app_pages/tal.py", "Tal", ("kommune", "noegletal", "fra", "til")),
    "daekning": ("app_pages/daekning.py", "Dækning", ("fra", "til", "kommune", "kilde", "type", "siden")),
}

HUGE = str(2**64 + 1)


def open_page(url: str, page: str, query: dict[str, list[str]]) -> AppTest:
    """Open `page` by a link with `query`; the page must draw without an exception."""
    path, title, _ = PAGES[page]
    at = AppTest.from_file(APP, default_timeout=60)
    for name, values in query.items():
        at.query_params[name] = values if len(values) > 1 else values[0]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url)
        at = at.switch_page(path).run() if path else at.run()
    assert not at.exception, (page, query, at.exception)
    assert at.title and at.title[0].value in (title, "Anders Kristensen", "Lise Madsen", "Bent Olsen"), query
    return at


@pytest.mark.parametrize(
    ("page", "param", "value"),
    [
        ("politikere", "person", HUGE),
        ("tidslinje", "person", HUGE),
        ("tidslinje", "fra", "1900-01-01"),
        ("tidslinje", "til", "2999-12-31"),
        ("tal", "fra", "1900-01-01"),
        ("tal", "til", "2999-12-31"),
        ("daekning", "fra", "1900-01-01"),
        ("daekning", "til", "2999-12-31"),
        ("daekning", "siden", "0001-01-01"),  # kept: "new since year 1" is a valid question
        ("tidslinje", "q", "ledig\x00heden"),
        ("politikere", "navn", "\x00"),
    ],
)
def test_values_seen_to_break_pages(seeded_url: str, page: str, param: str, value: str) -> None:
    at = open_page(seeded_url, page, {param: [value]} | ({"kommune": ["751"]} if page == "tal" else {}))
    if param != "siden":
        assert value not in url_param(at, param)  # dropped or cleaned, not written back


def test_a_date_outside_the_archive_means_no_bound(seeded_url: str) -> None:
    at = open_page(seeded_url, "tidslinje", {"fra": ["1900-01-01"], "til": ["2999-12-31"]})
    assert metrics(at)["Påstande"] == "6"
    assert url_param(at, "fra") == url_param(at, "til") == []


def test_an_id_beyond_64_bits_opens_the_list(seeded_url: str) -> None:
    at = open_page(seeded_url, "politikere", {"person": [HUGE]})
    assert at.title[0].value == "Politikere"
    assert metrics(at)["Personer"] == "3"


def test_identifier_and_clean_text() -> None:
    assert identifier("42") == 42
    for bad in ("0", "-1", " 7", "1_000", "٣", HUGE, "9" * 5000, ""):
        with pytest.raises(ValueError):
            identifier(bad)
    assert clean_text("a\x00b\nc") == "a b c"
    assert len(clean_text("x" * 10_000)) == MAX_TEXT


# Values a link may carry: anything, and the shapes the pages parse (numbers, ISO dates).
VALUES = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["", " ", "nan", "-0", "1e400", "9" * 5000, "2025-02-30", "\x00", "%00", "x" * 3000]),
)


@pytest.mark.slow
@pytest.mark.parametrize("page", list(PAGES))
@settings(
    max_examples=int(os.environ.get("KOMMUNEVAGT_HOSTILE_EXAMPLES", "8")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
@example(data=None)
def test_any_query_string_draws_the_page(seeded_url: str, page: str, data: st.DataObject | None) -> None:
    names = PAGES[page][2]
    if data is None:  # every parameter at once, with each value seen to break a page
        for bad in (HUGE, "1900-01-01", "2999-12-31", "\x00"):
            open_page(seeded_url, page, dict.fromkeys(names, [bad]))
        return
    query = data.draw(
        st.dictionaries(st.sampled_from(names), st.lists(VALUES, min_size=1, max_size=2), min_size=1),
        label="query",
    )
    open_page(seeded_url, page, query)
