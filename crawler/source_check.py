"""`kommunevagt sources check`: does each configured source still answer, and does it still yield?

Two questions, two places: the web (each source's feeds, sitemaps and start pages are fetched
once, a feed must parse as a feed) and the archive (when the source last yielded a document and
how its latest crawl went: `store.queries.source_health`). A source is reported `dead` when it
does not answer, or when its latest crawl stored nothing and failed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from crawler.discover import OfflineError, Page, Prober, is_feed
from crawler.sources import Source
from store.queries.source_health import SourceHealth


@dataclass(frozen=True)
class Answer:
    """How one of a source's URLs answered (`problem` None: as expected)."""

    url: str
    role: str  # feed | sitemap | start
    status: int | None
    problem: str | None


@dataclass(frozen=True)
class SourceCheck:
    source: Source
    answers: tuple[Answer, ...]
    health: SourceHealth | None

    @property
    def answered(self) -> bool:
        return bool(self.answers) and all(a.problem is None for a in self.answers)

    @property
    def verdict(self) -> str:
        """`dead` (does not answer, or the latest crawl stored nothing and failed), `silent`, `ok`."""
        if not self.answered or (self.health is not None and self.health.health == "dead"):
            return "dead"
        if self.health is not None and self.health.health in ("silent", "never"):
            return self.health.health
        return "ok"


def _problem(role: str, page: Page | None) -> str | None:
    if page is None:
        return "no answer"
    if not page.ok:
        return f"HTTP {page.status}"
    if role == "feed" and not is_feed(page):
        return "not an RSS/Atom feed with entries"
    if role == "sitemap" and b"<urlset" not in page.body[:5000] and b"<sitemapindex" not in page.body[:5000]:
        return "not a sitemap"
    return None


def _urls(source: Source) -> list[tuple[str, str]]:
    """The first URL of each kind the source is crawled from (one probe per role is enough)."""
    roles = [("feed", source.feeds), ("sitemap", source.sitemaps), ("start", source.start_urls)]
    return [(role, urls[0]) for role, urls in roles if urls]


async def _probe(sources: list[Source], timeout: float, user_agent: str) -> list[tuple[Answer, ...]]:
    async with httpx.AsyncClient(
        timeout=timeout, follow_redirects=True, headers={"User-Agent": user_agent}
    ) as client:
        prober = Prober(client, concurrency=16)

        async def one(source: Source) -> tuple[Answer, ...]:
            answers = []
            for role, url in _urls(source):
                page = await prober.get(url)
                answers.append(Answer(url, role, page.status if page else None, _problem(role, page)))
            return tuple(answers)

        results = await asyncio.gather(*(one(s) for s in sources))
    if sources and prober.answered == 0:
        first = prober.errors[0] if prober.errors else "nothing to probe"
        raise OfflineError(f"no source answered; offline? (first error: {first})")
    return list(results)


def check_sources(
    sources: list[Source],
    health: dict[str, SourceHealth],
    *,
    timeout: float = 15.0,
    user_agent: str = "kommunevagt",
) -> list[SourceCheck]:
    """Probe every source; raises OfflineError when none answered at all."""
    answers = asyncio.run(_probe(sources, timeout, user_agent))
    return [SourceCheck(s, a, health.get(s.name)) for s, a in zip(sources, answers, strict=True)]
