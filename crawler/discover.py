"""`kommunevagt sources discover`: find each kommune's news and council minutes on the web.

The shipped `sources.toml` was written offline, and kommuner move their sites and change agenda
systems. Discovery probes the known host patterns (`data/discover.toml`) for each of the 98
kommuner (`data/kommune_sites.csv`) and keeps only what answers as expected:

- the front page, and the feeds it or the news page declares (`<link rel="alternate">`), or a
  feed at a usual path that feedparser reads as RSS/Atom;
- the news listing page, which becomes a link-following source for the pages below it;
- the agenda system, confirmed by asking its API the way the crawler's adapter will (FirstAgenda
  after the cookie of the front page, Åben Dagsorden's meeting search, Meetings+'s overview page).

The probes go over httpx with a few at a time and short timeouts. When no host answers at all,
the machine is offline, and discovery says so in one line instead of writing an empty file.
"""

from __future__ import annotations

import asyncio
import csv
import json
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx
import lxml.html

from crawler.agenda import ADAPTERS
from crawler.agenda.base import ApiAgendaAdapter, SchemaError
from crawler.sources import PACKAGE_DIR
from crawler.sources_build import HOSTS_CSV, slug

SITES_CSV = PACKAGE_DIR / "data" / "kommune_sites.csv"
PATTERNS = PACKAGE_DIR / "data" / "discover.toml"
MAX_BODY = 2_000_000  # bytes read of any probed page: enough for a front page or a feed
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
# Systems the minutes spider has an adapter for: a portal of another system is reported in the
# notes but gets no source.
CRAWLABLE_SYSTEMS = frozenset(name for name, kind in ADAPTERS.items() if issubclass(kind, ApiAgendaAdapter))


class OfflineError(RuntimeError):
    """No probed host answered at all: the machine has no route to the web."""


@dataclass(frozen=True)
class KommuneSite:
    """A kommune and where its web presence is expected."""

    code: int
    name: str
    domain: str
    agenda_host: str = ""
    agenda_system: str = ""

    @property
    def slug(self) -> str:
        return slug(self.name)

    def fill(self, template: str) -> str:
        return template.format(domain=self.domain, slug=self.slug, host=self.agenda_host or self.domain)


@dataclass
class Discovery:
    """What answered for one kommune, and why the rest is missing."""

    site: KommuneSite
    homepage: str | None = None
    feeds: list[str] = field(default_factory=list)
    news_listing: str | None = None
    agenda_system: str | None = None
    agenda_base: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.feeds or self.news_listing or self.agenda_base)


def load_sites(path: Path = SITES_CSV, hosts: Path = HOSTS_CSV) -> list[KommuneSite]:
    """The 98 kommuner with their domains and the agenda host and system known for each."""
    with open(hosts, encoding="utf-8", newline="") as fh:
        agenda = {int(r["kommunekode"]): r for r in csv.DictReader(fh) if r.get("kommunekode")}
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("kommunekode")]
    sites = []
    for row in rows:
        code = int(row["kommunekode"])
        known = agenda.get(code, {})
        sites.append(
            KommuneSite(
                code=code,
                name=row["name"],
                domain=row["domain"].strip(),
                agenda_host=(known.get("host") or "").strip(),
                agenda_system=(known.get("system") or "").strip(),
            )
        )
    return sites


def load_patterns(path: Path = PATTERNS) -> dict[str, object]:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True)
class Page:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def html(self) -> bool:
        return "html" in self.content_type


class Prober:
    """GET with a shared client, a concurrency cap and a record of whether anything answered."""

    def __init__(self, client: httpx.AsyncClient, concurrency: int) -> None:
        self.client = client
        self.gate = asyncio.Semaphore(concurrency)
        self.answered = 0
        self.errors: list[str] = []

    async def get(self, url: str) -> Page | None:
        async with self.gate:
            try:
                async with self.client.stream("GET", url) as response:
                    body = b""
                    async for chunk in response.aiter_bytes():
                        body += chunk
                        if len(body) >= MAX_BODY:
                            break
            except httpx.HTTPError as exc:
                self.errors.append(f"{url}: {type(exc).__name__}: {exc}".strip())
                return None
        self.answered += 1
        content_type = response.headers.get("content-type", "").lower()
        return Page(str(response.url), response.status_code, content_type, body)


def declared_feeds(page: Page) -> list[str]:
    """Feed URLs a page declares with `<link rel="alternate" type="application/rss+xml">`."""
    try:
        tree = lxml.html.fromstring(page.body)
    except (lxml.etree.ParserError, ValueError):
        return []
    feeds = []
    for link in tree.xpath("//link[@rel='alternate'][@href]"):
        if (link.get("type") or "").lower() in FEED_TYPES:
            feeds.append(urljoin(page.url, link.get("href")))
    return feeds


def is_feed(page: Page) -> bool:
    """feedparser reads the body as RSS or Atom with at least one entry."""
    if not page.ok or page.html:
        return False
    parsed = feedparser.parse(page.body)
    return bool(parsed.get("version")) and bool(parsed.entries)


async def find_news(prober: Prober, site: KommuneSite, patterns: dict[str, object], found: Discovery) -> None:
    """The front page, its feeds, the news listing and, failing declared feeds, a usual feed path."""
    for template in patterns["homepages"]:  # type: ignore[attr-defined]
        page = await prober.get(site.fill(template))
        if page is not None and page.ok and page.html:
            found.homepage = page.url
            found.feeds.extend(declared_feeds(page))
            break
    if found.homepage is None:
        found.notes.append("no front page answered")
        return
    for path in patterns["news_paths"]:  # type: ignore[attr-defined]
        page = await prober.get(urljoin(found.homepage, path))
        if page is not None and page.ok and page.html:
            found.news_listing = page.url
            found.feeds.extend(f for f in declared_feeds(page) if f not in found.feeds)
            break
    if not found.news_listing:
        found.notes.append("no news listing at the usual paths")
    if not found.feeds:
        for path in patterns["feed_paths"]:  # type: ignore[attr-defined]
            page = await prober.get(urljoin(found.homepage, path))
            if page is not None and is_feed(page):
                found.feeds.append(page.url)
                break
    checked = []
    for url in found.feeds:
        page = await prober.get(url)
        if page is not None and is_feed(page):
            checked.append(url)
        else:
            found.notes.append(f"declared feed does not answer as a feed: {url}")
    found.feeds = checked


async def confirm_agenda(prober: Prober, system: str, base: str) -> str | None:
    """None when `base` runs `system` as the crawler's adapter expects, else the reason it doesn't.

    The adapter itself reads the first listing (after the front page for systems that set a
    cookie there), so "confirmed" means the crawl would find meetings the same way."""
    kind = ADAPTERS.get(system)
    if kind is None or not issubclass(kind, ApiAgendaAdapter):
        return f"no adapter for {system}"
    adapter = kind()
    if home := adapter.home_url(base):
        await prober.get(home)  # the front page sets the cookie the API wants
    today = datetime.now(UTC).date()
    url = adapter.listing_urls(base, today - timedelta(days=60), today)[0]
    page = await prober.get(url)
    if page is None or not page.ok:
        return f"{url}: " + (f"HTTP {page.status}" if page else "no answer")
    try:
        body = page.body.decode("utf-8", "replace")
        adapter.meetings(body if adapter.listing_format == "html" else json.loads(body), base)
    except (ValueError, SchemaError) as exc:
        return f"{url}: {exc}"
    return None


async def find_agenda(
    prober: Prober, site: KommuneSite, patterns: dict[str, object], found: Discovery
) -> None:
    """The known system first at its known host, then every system's host patterns."""
    agenda: dict[str, list[str]] = patterns.get("agenda", {})  # type: ignore[assignment]
    systems = [site.agenda_system] if site.agenda_system in agenda else []
    systems += [s for s in agenda if s not in systems]
    tried: set[tuple[str, str]] = set()
    for system in systems:
        for template in agenda[system]:
            if "{host}" in template and not site.agenda_host:
                continue
            base = site.fill(template).rstrip("/")
            if (system, base) in tried:
                continue
            tried.add((system, base))
            reason = await confirm_agenda(prober, system, base)
            if reason is None:
                found.agenda_system, found.agenda_base = system, base
                if site.agenda_system and system != site.agenda_system:
                    found.notes.append(f"agenda system changed: {site.agenda_system} -> {system}")
                if system not in CRAWLABLE_SYSTEMS:
                    found.notes.append(f"{system} answers at {base}, but the crawler has no adapter for it")
                return
    found.notes.append("no agenda system answered")


async def discover_site(prober: Prober, site: KommuneSite, patterns: dict[str, object]) -> Discovery:
    found = Discovery(site)
    await asyncio.gather(find_news(prober, site, patterns, found), find_agenda(prober, site, patterns, found))
    return found


async def _discover(
    sites: list[KommuneSite], patterns: dict[str, object], timeout: float, concurrency: int, user_agent: str
) -> list[Discovery]:
    async with httpx.AsyncClient(
        timeout=timeout, follow_redirects=True, headers={"User-Agent": user_agent}
    ) as client:
        prober = Prober(client, concurrency)
        results = await asyncio.gather(*(discover_site(prober, s, patterns) for s in sites))
    if prober.answered == 0:
        first = prober.errors[0] if prober.errors else "nothing to probe"
        raise OfflineError(f"no host answered; offline? (first error: {first})")
    return list(results)


def discover(
    sites: list[KommuneSite],
    patterns: dict[str, object] | None = None,
    *,
    timeout: float = 10.0,
    concurrency: int = 16,
    user_agent: str = "kommunevagt-discover",
) -> list[Discovery]:
    """Probe every site; raises OfflineError when no host answered at all."""
    return asyncio.run(_discover(sites, patterns or load_patterns(), timeout, concurrency, user_agent))


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"


def to_toml(results: list[Discovery]) -> str:
    """A sources file with one news and one minutes source per kommune, for what answered."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    blocks = [f"# Written by `kommunevagt sources discover` at {stamp}: only what answered.\n"]
    for found in results:
        site = found.site
        if found.feeds or found.news_listing:
            lines = [
                "[[source]]",
                f'name = "{site.slug}-kommune-nyheder"',
                'kind = "news"',
                f"homepage = {json.dumps(found.news_listing or found.homepage)}",
                f"kommuner = [{site.code}]  # {site.name}",
            ]
            if found.feeds:
                lines.append(f"feeds = {_toml_list(found.feeds)}")
            elif found.news_listing:
                path = urlsplit(found.news_listing).path.rstrip("/")
                lines.append(f"start_urls = {_toml_list([found.news_listing])}")
                lines.append(f"article_pattern = {json.dumps(path + '/[^/?#]+')}")
            blocks.append("\n".join(lines))
        if found.agenda_base and found.agenda_system in CRAWLABLE_SYSTEMS:
            blocks.append(
                "\n".join(
                    [
                        "[[source]]",
                        f'name = "{site.slug}-dagsordener"',
                        'kind = "minutes"',
                        f"homepage = {json.dumps(found.agenda_base + '/')}",
                        f"kommuner = [{site.code}]  # {site.name}",
                        f'agenda_system = "{found.agenda_system}"',
                        f"start_urls = {_toml_list([found.agenda_base + '/'])}",
                    ]
                )
            )
    return "\n\n".join(blocks) + "\n"
