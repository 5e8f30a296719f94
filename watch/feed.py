"""The Atom feed of a watch (feedgen): its newest items, written after each run.

One file per watch, `<KOMMUNEVAGT_FEEDS_DIR>/<slug>.atom`, so any web server can serve the
folder. Entry content is HTML built by `watch.render`, which escapes crawled text; feedgen then
escapes that HTML once more as the entry's text, as Atom's type="html" requires.
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from datetime import datetime
from pathlib import Path

from feedgen.feed import FeedGenerator

from core.settings import Settings
from store.queries.watch_match import AlertItem
from watch import render


def slug(name: str) -> str:
    """A file name for a watch: "Ballerup i pressen" -> "ballerup-i-pressen"."""
    folded = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    ascii_name = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-") or "watch"


def build(
    *, watch_id: int, watch_name: str, items: list[AlertItem], settings: Settings, now: datetime
) -> bytes:
    """The feed document, newest item first."""
    feed = FeedGenerator()
    base = settings.ui_url.rstrip("/")
    feed.id(f"{base}/overvaagning#watch-{watch_id}")
    feed.title(f"Kommunevagt: {watch_name}")
    feed.link(href=f"{base}/overvaagning", rel="alternate")
    feed.language("da")
    feed.updated(now)
    for item in reversed(items):  # feedgen prepends; `items` is newest first
        entry = feed.add_entry()
        entry.id(f"{base}/overvaagning#watch-{watch_id}-item-{item.item_id}")
        entry.title(render.title(item))
        url = render.safe_url(item.url)
        if url:
            entry.link(href=url)
        entry.published(item.published_at or item.matched_at)
        entry.updated(item.matched_at)
        if item.source_name:
            entry.author(name=item.source_name)
        entry.content(render.item_html(item, settings.ui_url), type="html")
    return bytes(feed.atom_str(pretty=True))


def path_for(name: str, folder: Path) -> Path:
    return folder / f"{slug(name)}.atom"


def write(*, name: str, content: bytes, folder: Path) -> Path:
    """Write the feed atomically (a reader never sees half a file): a temporary file of this
    process and thread beside it, then renamed over it. A fixed temporary name, unlike mkstemp's
    random ones, costs one open instead of a search for a free name."""
    folder.mkdir(parents=True, exist_ok=True)
    target = path_for(name, folder)
    temporary = folder / f".{target.name}.{os.getpid()}-{threading.get_ident()}.tmp"
    temporary.write_bytes(content)
    os.replace(temporary, target)
    return target
