"""Canonical URLs: one spelling per document, so feeds, sitemaps and links agree on identity.

courlan (trafilatura's URL library) lower-cases scheme and host, drops default ports and
fragments, removes tracking parameters (utm_*, fbclid, gclid, ...) in strict mode and sorts
the query. We add only what it leaves: an `index.html` tail is the directory itself.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from courlan import normalize_url

_INDEX_FILES = ("index.html", "index.htm", "index.php")


def canonicalise(url: str) -> str:
    """The canonical spelling of `url` (stable: canonicalise(canonicalise(u)) == canonicalise(u))."""
    url = normalize_url(url.strip(), strict=True)
    parts = urlsplit(url)
    path = parts.path or "/"
    for name in _INDEX_FILES:
        if path.endswith("/" + name):
            path = path[: -len(name)]
            break
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
