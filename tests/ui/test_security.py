"""Crawled text with HTML in it is shown as text, never as markup."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.ui.helpers import markdown_sources, shown_text
from tests.ui.seed import XSS_SENTENCE, XSS_TITLE
from ui.format import escape_markdown, highlight, link

UNESCAPED_BRACKET = re.compile(r"(?<!\\)[<>]")


def test_script_and_img_render_as_text(app: AppTest) -> None:
    app.query_params["kommune"] = "461"  # Odense: the document with markup in title and text
    at = app.run()
    assert not at.exception
    bodies = markdown_sources(at)
    # The reader sees the characters ...
    text = shown_text(at)
    assert XSS_TITLE in text
    assert "<img src=x onerror=alert(1)>" in text
    # ... because every bracket reached Markdown escaped, and no element allows HTML.
    for body in bodies:
        assert not UNESCAPED_BRACKET.search(body), body
    assert any(r"\<script\>alert\(1\)\<\/script\>" in b for b in bodies)
    for element in list(at.markdown) + list(at.caption):
        assert not element.proto.allow_html


def test_escaping_comes_before_highlighting() -> None:
    sentence = "Se <b>12 mio. kr.</b> og *fed* [link](javascript:alert(1)) $x$"
    start = sentence.index("12")
    marked = highlight(sentence, [(start, start + len("12 mio. kr."))])
    assert r":orange-background[**12 mio\. kr\.**]" in marked
    assert "<b>" not in marked and "](javascript" not in marked and "$x$" not in marked


def test_links_only_to_http() -> None:
    assert link("x", "javascript:alert(1)") == "x"
    assert link("x", "https://a.example/a b)") == "[x](https://a.example/a%20b%29)"
    assert escape_markdown(XSS_SENTENCE).count("\\<") == 3
