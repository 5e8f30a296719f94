"""What a page says about itself: a clean author from a Danish byline, and whether it is a debate
post although it came through a news feed.

The word lists are data (`data/page_signals.toml`). A news source's page that says it is a debate
post (URL section `/debat/`, `article:section` "Debat", a "Læserbrev:" label) is stored as kind
`debate`; the page decides, not only the source.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

DATA = Path(__file__).with_name("data") / "page_signals.toml"


@lru_cache(maxsize=1)
def _signals() -> dict[str, Any]:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _byline_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    byline = _signals()["byline"]
    prefixes = sorted(byline["prefixes"], key=len, reverse=True)
    prefix = re.compile(r"^\s*(?:" + "|".join(re.escape(p) for p in prefixes) + r")(?:\s+|(?<=:))", re.I)
    suffix = re.compile(
        r"\s*(?:,|–|-|/)\s*(?:" + "|".join(re.escape(s) for s in byline["suffixes"]) + r")\s*$", re.I
    )
    separators = re.compile("|".join(re.escape(s) for s in byline["separators"]), re.I)
    return prefix, suffix, separators


@lru_cache(maxsize=1)
def _suffix_words() -> frozenset[str]:
    return frozenset(word.lower() for word in _signals()["byline"]["suffixes"])


_EMAIL = re.compile(r"\s*\S+@\S+\.\w+\s*")


def clean_author(raw: str | None) -> str | None:
    """ "Af Hanne Holm, journalist" -> "Hanne Holm"; several authors joined with "; "."""
    if not raw:
        return None
    prefix, suffix, separators = _byline_patterns()
    names = []
    for piece in separators.split(prefix.sub("", _EMAIL.sub(" ", raw).strip())):
        name = prefix.sub("", piece.strip())
        previous = None
        while previous != name:
            previous, name = name, suffix.sub("", name).strip(" ,–-/")
        # trafilatura turns "Hanne Holm, journalist" into "Hanne Holm; Journalist": a piece that is
        # only a title is not an author.
        if name and any(c.isalpha() for c in name) and name.lower() not in _suffix_words():
            names.append(name)
    return "; ".join(dict.fromkeys(names)) or None


def is_debate_page(url: str, sections: Iterable[str] = (), title: str | None = None, text: str = "") -> bool:
    """Whether the page calls itself a debate post (URL section, page section or a label)."""
    debate = _signals()["debate"]
    segments = {unquote(s).lower() for s in urlsplit(url).path.split("/") if s}
    if segments & set(debate["url_segments"]):
        return True
    if {s.strip().lower() for s in sections} & set(debate["sections"]):
        return True
    heads = [(title or "").strip().lower(), text.lstrip()[:40].lower()]
    return any(head.startswith(label) for head in heads for label in debate["labels"])
