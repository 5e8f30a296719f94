"""Reading what an AppTest run shows, as the reader sees it."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

_ESCAPE = re.compile(r"\\(.)")
_HIGHLIGHT = re.compile(r":orange-background\[\*\*(.*?)\*\*\]")


def unescape(markdown: str) -> str:
    """Markdown source to the text it displays (highlights and backslash escapes removed)."""
    return _ESCAPE.sub(r"\1", _HIGHLIGHT.sub(r"\1", markdown))


def markdown_sources(at: AppTest) -> list[str]:
    """Every Markdown body drawn: markdown, captions, titles and subheaders, metrics aside."""
    bodies = [m.value for m in at.markdown] + [c.value for c in at.caption]
    bodies += [t.value for t in at.title] + [s.value for s in at.subheader]
    return bodies


def shown_text(at: AppTest) -> str:
    return "\n".join(unescape(b) for b in markdown_sources(at))


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def url_param(at: AppTest, name: str) -> list[str]:
    """A query parameter of the page's URL as a list (AppTest gives one value as a plain string)."""
    value = at.query_params.get(name, [])
    return [value] if isinstance(value, str) else list(value)
