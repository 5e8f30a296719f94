"""Sources to crawl, read from a TOML file (`sources.toml`; the demo's is `demo/sources.toml`).

A source names its kind (news|debate|minutes), the kommuner it covers and how to reach its
documents: `feeds` (RSS/Atom, spider `feed`), `sitemaps` (spider `sitemap`), `start_urls` with
`article_pattern` (link-following, spider `article`) or `agenda_system` + `start_urls` (spider
`minutes`). One source may use several of them; each spider takes the sources it can serve.
`{demo}` in any URL is replaced by the demo server's base URL.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_SOURCES = PACKAGE_DIR / "sources.toml"
KINDS = ("news", "debate", "minutes")


class SourceConfigError(ValueError):
    """The sources file is malformed; the message names the source and the field."""


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    homepage: str | None = None
    kommuner: tuple[int, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    start_urls: tuple[str, ...] = ()
    article_pattern: str | None = None
    follow_pattern: str | None = None
    agenda_system: str | None = None
    allowed_domains: tuple[str, ...] = field(default_factory=tuple)

    def spiders(self) -> list[str]:
        """Names of the spiders that can crawl this source."""
        names = []
        if self.feeds:
            names.append("feed")
        if self.sitemaps:
            names.append("sitemap")
        if self.agenda_system:
            names.append("minutes")
        elif self.start_urls:
            names.append("article")
        return names

    def domains(self) -> list[str]:
        """Allowed domains: configured, else the hosts of every configured URL."""
        if self.allowed_domains:
            return list(self.allowed_domains)
        urls = [*self.feeds, *self.sitemaps, *self.start_urls, *([self.homepage] if self.homepage else [])]
        return sorted({urlsplit(u).hostname or "" for u in urls} - {""})


def load_sources(path: Path | str | None = None, *, demo_url: str | None = None) -> list[Source]:
    """All sources in the file, in file order."""
    path = Path(path) if path else DEFAULT_SOURCES
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    sources = []
    for raw in data.get("source", []):
        sources.append(_parse(raw, demo_url))
    names = [s.name for s in sources]
    if len(set(names)) != len(names):
        raise SourceConfigError(f"{path}: duplicate source names")
    return sources


def select(sources: list[Source], names: list[str] | tuple[str, ...] | None) -> list[Source]:
    """The named sources (all when `names` is empty); unknown names raise with the known ones."""
    if not names:
        return sources
    by_name = {s.name: s for s in sources}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise SourceConfigError(f"unknown source(s) {', '.join(unknown)}; known: {', '.join(by_name)}")
    return [by_name[n] for n in names]


def _parse(raw: dict, demo_url: str | None) -> Source:
    name = raw.get("name")
    if not name:
        raise SourceConfigError(f"a source without a name: {raw}")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise SourceConfigError(f"source {name}: kind must be one of {KINDS}, not {kind!r}")

    def urls(key: str) -> tuple[str, ...]:
        values = raw.get(key, [])
        if isinstance(values, str):
            values = [values]
        return tuple(_demo(v, demo_url, name) for v in values)

    source = Source(
        name=name,
        kind=kind,
        homepage=_demo(raw["homepage"], demo_url, name) if raw.get("homepage") else None,
        kommuner=tuple(int(c) for c in raw.get("kommuner", [])),
        feeds=urls("feeds"),
        sitemaps=urls("sitemaps"),
        start_urls=urls("start_urls"),
        article_pattern=raw.get("article_pattern"),
        follow_pattern=raw.get("follow_pattern"),
        agenda_system=raw.get("agenda_system"),
        allowed_domains=tuple(raw.get("allowed_domains", [])),
    )
    if not source.spiders():
        raise SourceConfigError(f"source {name}: needs feeds, sitemaps or start_urls")
    return source


def _demo(url: str, demo_url: str | None, name: str) -> str:
    if "{demo}" not in url:
        return url
    if not demo_url:
        raise SourceConfigError(f"source {name} points at the demo site but no demo URL is set")
    return url.replace("{demo}", demo_url.rstrip("/"))
