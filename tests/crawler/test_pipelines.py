"""Pipelines, incremental requests and resumable dupefilter, against a real SQLite store."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.http import Request, Response

from core.result import Extraction
from crawler.dupefilter import FinishedDocumentsDupeFilter
from crawler.items import DocumentItem
from crawler.middlewares.conditional import ConditionalRequestMiddleware, NotModified
from crawler.pipelines.canonicalise import CanonicalisePipeline
from crawler.pipelines.dedupe import DedupePipeline, content_hash
from crawler.pipelines.store import prepare_database, store_item
from crawler.pipelines.validate import ValidatePipeline
from crawler.signals import document_outcome, send_outcome
from crawler.sources import Source

TEXT = "Byrådet i Silkeborg Kommune vedtog budgettet. " * 10


class FakeCrawler:
    """Enough of a Crawler for pipelines: signals that record what was sent."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.signals = self

    def send_catch_log(self, signal: object, **kwargs: Any) -> None:
        assert signal is document_outcome
        self.sent.append(kwargs)


@pytest.fixture
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    from core.settings import get_settings

    url = f"sqlite:///{tmp_path / 'kv.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    return url


def item(url: str = "https://avis.dk/a.html?utm_source=x", text: str = TEXT, **kw: Any) -> DocumentItem:
    return DocumentItem(url=url, source="avis", kind="news", text=text, fetched_at=datetime.now(UTC), **kw)


def through_dedupe(crawler: FakeCrawler, dedupe: DedupePipeline, it: DocumentItem) -> DocumentItem:
    return asyncio.run(dedupe.process_item(CanonicalisePipeline().process_item(it)))


def test_validate_rejects_with_a_reason() -> None:
    crawler = FakeCrawler()
    pipeline = ValidatePipeline(crawler, max_chars=10_000)  # type: ignore[arg-type]
    with pytest.raises(DropItem):
        pipeline.process_item(item(text="   "))
    with pytest.raises(DropItem):
        pipeline.process_item(item(url="ftp://x/a"))
    assert [s["reason"] for s in crawler.sent] == ["empty text", "not a web URL: 'ftp://x/a'"]
    no_text = item(text="", status="no_text", raw_hash="ab" * 32)
    assert pipeline.process_item(no_text) is no_text


def test_dedupe_unchanged_duplicate_and_updated(store_url: str) -> None:
    prepare_database([Source(name="avis", kind="news")])
    crawler = FakeCrawler()
    first = through_dedupe(crawler, DedupePipeline(crawler), item())  # type: ignore[arg-type]
    assert first.canonical_url == "https://avis.dk/a.html"
    first.extraction = Extraction()
    assert store_item(first, None) == ("stored", None)

    dedupe = DedupePipeline(crawler)  # type: ignore[arg-type]
    with pytest.raises(DropItem):
        through_dedupe(crawler, dedupe, item(url="https://avis.dk/a.html#kommentarer"))
    with pytest.raises(DropItem):
        through_dedupe(crawler, dedupe, item(url="https://avis.dk/print/a.html"))
    changed = through_dedupe(crawler, dedupe, item(text=TEXT + " Rettet."))
    changed.extraction = Extraction()
    assert store_item(changed, None)[0] == "updated"
    assert [(s["outcome"], s["reason"]) for s in crawler.sent] == [
        ("unchanged", "same content as stored"),
        ("duplicate", "same content as https://avis.dk/a.html"),
    ]


def test_store_rechecks_duplicates_in_flight(store_url: str) -> None:
    prepare_database([Source(name="avis", kind="news")])
    a = item(url="https://avis.dk/a.html", canonical_url="https://avis.dk/a.html", extraction=Extraction())
    b = item(url="https://avis.dk/b.html", canonical_url="https://avis.dk/b.html", extraction=Extraction())
    a.content_hash = b.content_hash = content_hash(a)
    assert store_item(a, None)[0] == "stored"
    assert store_item(b, None) == ("duplicate", "same content as https://avis.dk/a.html")


def test_conditional_requests_and_lastmod_skip(store_url: str) -> None:
    prepare_database([Source(name="avis", kind="news")])
    stored = item(
        url="https://avis.dk/a.html",
        canonical_url="https://avis.dk/a.html",
        extraction=Extraction(),
        etag='"v1"',
        last_modified="2026-03-20T10:00:00+01:00",
    )
    stored.content_hash = content_hash(stored)
    store_item(stored, None)
    middleware = ConditionalRequestMiddleware(None)  # type: ignore[arg-type]

    newer = Request("https://avis.dk/a.html?utm_medium=rss", meta={"document": True, "lastmod": "2026-03-21"})
    middleware.process_request(newer)
    assert newer.headers[b"If-None-Match"] == b'"v1"'
    assert newer.headers[b"If-Modified-Since"] == b"Fri, 20 Mar 2026 09:00:00 GMT"
    with pytest.raises(NotModified, match="HTTP 304"):
        middleware.process_response(newer, Response(newer.url, status=304, request=newer))

    same = Request("https://avis.dk/a.html", meta={"document": True, "lastmod": "2026-03-20T09:00:00Z"})
    with pytest.raises(NotModified, match="lastmod"):
        middleware.process_request(same)

    unknown = Request("https://avis.dk/ny.html", meta={"document": True})
    middleware.process_request(unknown)
    assert b"If-None-Match" not in unknown.headers


def test_dupefilter_remembers_only_finished_documents(tmp_path: Path) -> None:
    finished = Request("https://avis.dk/a.html", meta={"document": True})
    queued = Request("https://avis.dk/b.html", meta={"document": True})
    first = FinishedDocumentsDupeFilter(str(tmp_path))
    assert not first.request_seen(finished) and not first.request_seen(queued)
    assert first.request_seen(finished)  # within one run: once
    first.document_finished(fingerprint=first._fingerprint(finished).hex(), outcome="stored")
    first.close("shutdown")

    second = FinishedDocumentsDupeFilter(str(tmp_path))
    assert second.request_seen(finished)
    assert not second.request_seen(queued)  # queued but never finished: fetched again


def test_send_outcome_rejects_unknown_outcomes() -> None:
    with pytest.raises(ValueError, match="unknown outcome"):
        send_outcome(FakeCrawler(), source="a", url="u", outcome="lost")


def test_retry_waits_longer_each_time_and_honours_retry_after() -> None:
    import asyncio

    from scrapy.utils.test import get_crawler

    from crawler.middlewares.backoff import BackoffRetryMiddleware
    from crawler.spiders.feed import FeedSpider

    settings = {"KOMMUNEVAGT_RETRY_BACKOFF_BASE": 0.01, "RETRY_TIMES": 2}
    crawler = get_crawler(FeedSpider, settings_dict=settings)
    crawler.spider = FeedSpider()
    crawler.spider.crawler = crawler
    middleware = BackoffRetryMiddleware.from_crawler(crawler)
    request = Request("https://avis.dk/a.html")
    busy = Response(request.url, status=503, request=request)
    first = asyncio.run(middleware.process_response(request, busy))
    assert isinstance(first, Request) and first.meta["retry_times"] == 1
    second = asyncio.run(middleware.process_response(first, busy))
    assert isinstance(second, Request)
    assert [middleware.delay(first, busy), middleware.delay(second, busy)] == [0.01, 0.02]
    assert asyncio.run(middleware.process_response(second, busy)) is busy  # gave up after RETRY_TIMES
    limited = Response(request.url, status=429, headers={"Retry-After": "120"}, request=request)
    assert middleware.delay(first, limited) == 60.0  # capped
