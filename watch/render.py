"""An alert item as text, HTML and JSON: shared by the e-mail digest, the webhook and the feed.

Everything that came from a crawled page (titles, sentences, source and speaker names, URLs) is
escaped with `html.escape` before it meets markup, and only http(s) URLs become links, so a page
that calls itself `<script>` shows as text in every mail client and feed reader.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlencode, urlsplit

from store.queries.watch_match import AlertItem

MONTHS = ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.")


def danish_date(item: AlertItem) -> str:
    when = item.published_at
    if when is None:
        return "ukendt dato"
    return f"{when.day}. {MONTHS[when.month - 1]} {when.year}"


def title(item: AlertItem) -> str:
    """The document's title, or a spike alert's headline."""
    if item.note:
        return item.note.splitlines()[0]
    return (item.title or "").strip() or "(uden titel)"


def note_lines(item: AlertItem) -> list[str]:
    """A spike alert's stories, one line each."""
    return item.note.splitlines()[1:] if item.note else []


def safe_url(url: str) -> str | None:
    """The URL if it is http(s), else None: a javascript: link is never made clickable."""
    return url if urlsplit(url).scheme in ("http", "https") else None


def ui_link(item: AlertItem, ui_url: str) -> str:
    """The item in the UI: the Tidslinje filtered to its source and day."""
    params: dict[str, Any] = {}
    if item.source_id is not None:
        params["kilde"] = item.source_id
    if item.published_at is not None:
        params["fra"] = params["til"] = item.published_at.date().isoformat()
    query = f"?{urlencode(params)}" if params else ""
    return f"{ui_url.rstrip('/')}/tidslinje{query}"


def sentence_html(item: AlertItem) -> str:
    """The sentence escaped, with each figure in <mark>."""
    sentence = item.sentence or ""
    out, at = [], 0
    for start, end in sorted(item.figures):
        if start < at:
            continue
        out.append(escape(sentence[at:start]))
        out.append(f"<mark>{escape(sentence[start:end])}</mark>")
        at = end
    out.append(escape(sentence[at:]))
    return "".join(out)


def sentence_text(item: AlertItem) -> str:
    """The sentence with each figure in *stars*, for the plain-text part."""
    sentence = item.sentence or ""
    out, at = [], 0
    for start, end in sorted(item.figures):
        if start < at:
            continue
        out.append(sentence[at:start])
        out.append(f"*{sentence[start:end]}*")
        at = end
    out.append(sentence[at:])
    return "".join(out)


def byline(item: AlertItem) -> str:
    """ "Fynske Nyheder · 15. jan. 2025" (+ how many outlets printed the story)."""
    parts = [item.source_name or "ukendt kilde", danish_date(item)]
    if item.story_prints > 1:
        parts.append(f"bragt i {item.story_prints} medier")
    return " · ".join(parts)


def item_html(item: AlertItem, ui_url: str) -> str:
    """One item as an HTML block (e-mail body and feed entry)."""
    url = safe_url(item.url)
    heading = escape(title(item))
    if url:
        heading = f'<a href="{escape(url, quote=True)}">{heading}</a>'
    parts = [f"<h3>{heading}</h3>", f"<p>{escape(byline(item))}</p>"]
    if note_lines(item):
        parts.append("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in note_lines(item)) + "</ul>")
    if item.sentence:
        quote = f"<blockquote>{sentence_html(item)}</blockquote>"
        if item.speaker:
            quote += f"<p>— {escape(item.speaker)}</p>"
        parts.append(quote)
    links = [f'<a href="{escape(ui_link(item, ui_url), quote=True)}">Se i Kommunevagt</a>']
    if url:
        links.insert(0, f'<a href="{escape(url, quote=True)}">Læs artiklen</a>')
    parts.append(f"<p>{' · '.join(links)}</p>")
    return "\n".join(parts)


def item_text(item: AlertItem, ui_url: str) -> str:
    """One item as plain text."""
    lines = [title(item), byline(item), *(f"  - {line}" for line in note_lines(item))]
    if item.sentence:
        lines.append(f"  »{sentence_text(item)}«" + (f" — {item.speaker}" if item.speaker else ""))
    lines.append(f"  Artikel: {item.url}")
    lines.append(f"  I Kommunevagt: {ui_link(item, ui_url)}")
    return "\n".join(lines)


def item_json(item: AlertItem, ui_url: str) -> dict[str, Any]:
    """One item for the webhook; plain data, the receiver escapes for its own output."""
    return {
        "document_id": item.document_id,
        "title": item.title,
        "url": item.url,
        "source": item.source_name,
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "sentence": item.sentence,
        "figures": [list(span) for span in item.figures],
        "speaker": item.speaker,
        "story_prints": item.story_prints,
        "spike": item.note,
        "ui_url": ui_link(item, ui_url),
    }
