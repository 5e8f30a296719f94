"""Canonical URLs: one spelling per document, so feeds, sitemaps and links agree on identity.

courlan (trafilatura's URL library) lower-cases scheme and host and drops default ports and
fragments. Its strict mode would also drop *every* query parameter outside a short list, which
merges distinct articles served as `?id=...`-style URLs, so we use the lenient mode and remove
tracking parameters ourselves (utm_*, click ids, newsletter ids), then sort the rest. An
`index.html` tail is the directory itself.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from courlan import normalize_url

_INDEX_FILES = ("index.html", "index.htm", "index.php")
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl|"
    r"ocid|xtor|at_\w+|ref_src|cmpid|sr_share|share|s_cid|mkt_tok|__twitter_impression)$",
    re.IGNORECASE,
)


def canonicalise(url: str) -> str:
    """The canonical spelling of `url` (stable: canonicalise(canonicalise(u)) == canonicalise(u))."""
    parts = urlsplit(normalize_url(url.strip(), strict=False))
    path = parts.path or "/"
    for name in _INDEX_FILES:
        if path.endswith("/" + name):
            path = path[: -len(name)]
            break
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    query = urlencode(sorted(params))
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))
