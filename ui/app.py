"""Kommunevagt's Streamlit app: one entry point that routes to the pages in `ui/app_pages`.

Run it with `kommunevagt ui` (which passes the database as DATABASE_URL). The pages only draw;
everything they show comes from `ui.data`, which wraps `store.queries`. A database the app cannot
use (corrupt, unreachable, from a newer Kommunevagt) is one Danish line (`ui.database`), never a
traceback.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import data, database

PAGES = Path(__file__).resolve().parent / "app_pages"

st.set_page_config(page_title="Kommunevagt", page_icon=":material/newspaper:", layout="wide")

TIDSLINJE = st.Page(
    PAGES / "tidslinje.py", title="Tidslinje", icon=":material/timeline:", url_path="tidslinje"
)


def start() -> None:
    """The root URL opens Tidslinje under its own path, with the link's query string.

    Streamlit serves the default page at "/" only, never at its `url_path`, so a default
    Tidslinje would answer "Page not found" at /tidslinje. A hidden default page that moves on
    to Tidslinje gives every visible page a path that works in links and bookmarks.
    """
    query = [(name, value) for name in st.query_params for value in st.query_params.get_all(name)]
    st.switch_page(TIDSLINJE, query_params=query)


navigation = st.navigation(
    [
        st.Page(start, title="Kommunevagt", url_path="start", default=True, visibility="hidden"),
        TIDSLINJE,
        st.Page(PAGES / "politikere.py", title="Politikere", icon=":material/groups:", url_path="politikere"),
        st.Page(PAGES / "tal.py", title="Tal", icon=":material/query_stats:", url_path="tal"),
        st.Page(PAGES / "daekning.py", title="Dækning", icon=":material/map:", url_path="daekning"),
        st.Page(
            PAGES / "overvaagning.py",
            title="Overvågning",
            icon=":material/notifications:",
            url_path="overvaagning",
        ),
    ]
)
url = data.database_url()
message = database.problem(url)
if message is not None:
    st.error(message, icon=":material/database:")
    st.stop()
with database.errors_as_message(url):
    navigation.run()
