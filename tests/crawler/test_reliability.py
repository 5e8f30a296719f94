"""The mechanisms behind issue 17, one at a time and in-process (the crawls are in test_hostile.py)."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from rich.console import Console
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Request, Response, XmlResponse
from scrapy.settings import Settings
from scrapy.spidermiddlewares.httperror import HttpError
from sqlalchemy.exc import OperationalError
from twisted.internet.error import ConnectionRefusedError
from twisted.python.failure import Failure

from crawler.accounting import empty_counts
from crawler.dupefilter import DONE_FILE, SEEN_THIS_RUN, FinishedDocumentsDupeFilter
from crawler.middlewares.ledger import drop_reason
from crawler.progress import problems_table, reasons_table, summary_table
from crawler.signals import is_done
from crawler.spiders.base import describe_failure
from crawler.spiders.sitemap import SitemapSpider, SitemapTooLarge, inflate, parse_sitemap
from tests.crawler.conftest import DEMO_URL, Outcomes, make_spider
from tests.crawler.hostile import MARKUP_CONTENT_TYPE, gzip_bomb, sitemap_index


def test_a_gzip_bomb_is_refused_at_the_cap_without_inflating_it_whole() -> None:
    bomb = gzip_bomb(64 * 1024 * 1024)
    with pytest.raises(SitemapTooLarge, match="inflates to more than 1 MB"):
        inflate(bomb, limit=1024 * 1024)
    with pytest.raises(ValueError, match="more than 50 MB"):
        parse_sitemap(bomb)
    small = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/a</loc></url></urlset>'
    assert inflate(gzip.compress(small)) == small


def failure_of(exc: BaseException) -> Failure:
    try:
        raise exc
    except BaseException:
        return Failure()


def test_failures_say_why_and_whether_a_later_run_should_try_again() -> None:
    request = Request("http://127.0.0.1/side.html")
    unavailable = HttpError(Response(request.url, status=503, request=request), "503")
    missing = HttpError(Response(request.url, status=404, request=request), "404")
    locked = OperationalError("INSERT ...", {}, Exception("database is locked"))
    cases = {
        DownloadCancelledError(): ("page larger than 10 MB (DOWNLOAD_MAXSIZE)", "page"),
        unavailable: ("HTTP 503", "temporary"),
        missing: ("HTTP 404", "page"),
        IgnoreRequest("Forbidden by robots.txt"): ("IgnoreRequest: Forbidden by robots.txt", "page"),
        ConnectionRefusedError(): (f"ConnectionRefusedError: {ConnectionRefusedError()}", "temporary"),
        locked: ("OperationalError: (builtins.Exception) database is locked", "local"),
    }
    for exc, expected in cases.items():
        assert describe_failure(failure_of(exc), 10 * 1024 * 1024) == expected
    assert [is_done("failed", cause) for cause in ("page", "temporary", "local")] == [True, False, False]
    assert is_done("unchanged", None) and not is_done("skipped", None)


def test_only_finished_documents_enter_the_done_list(tmp_path: Path) -> None:
    dupefilter = FinishedDocumentsDupeFilter(str(tmp_path))
    dupefilter.document_finished(fingerprint="aa", outcome="stored")
    dupefilter.document_finished(fingerprint="bb", outcome="failed", cause="temporary")
    dupefilter.document_finished(fingerprint="cc", outcome="failed", cause="local")
    dupefilter.document_finished(fingerprint="dd", outcome="failed", cause="page")
    dupefilter.close("finished")
    assert (tmp_path / DONE_FILE).read_text().split() == ["aa", "dd"]


def test_server_strings_are_printed_as_text() -> None:
    counts = {"kilde [red]x[/]": empty_counts()}
    row = counts["kilde [red]x[/]"]
    row["failures"].append({"url": "http://x/[/]", "reason": f"type {MARKUP_CONTENT_TYPE}", "cause": "page"})
    row["notes"].append({"url": "http://x/[b]", "reason": "[/bold] charset \x1b[2J\x1b]0;title\x07"})
    row["skips"]["[link=x]y[/link]"] = {"count": 2, "example": "http://x/[i]"}
    out = io.StringIO()
    console = Console(file=out, width=400, force_terminal=True)
    for table in (summary_table(counts, "run [/]"), problems_table(counts), reasons_table(counts)):
        console.print(table)
    shown = out.getvalue()
    for literal in (MARKUP_CONTENT_TYPE, "[/bold] charset", "[link=x]y[/link]", "kilde [red]x[/]", "run [/]"):
        assert literal in shown
    assert "\\x1b[2J\\x1b]0;title\\x07" in shown  # the server's escape sequence, made visible
    assert "\x1b[2J" not in shown and "\x1b]" not in shown


def test_dropped_requests_get_the_reason_of_the_limit_that_dropped_them() -> None:
    settings = Settings({"URLLENGTH_LIMIT": 2083, "DEPTH_LIMIT": 4})
    assert drop_reason(Request("http://x/" + "a" * 2100), settings).startswith("URL longer than 2083")
    assert drop_reason(Request("http://x/", meta={"depth": 5}), settings).startswith("deeper than 4")
    assert drop_reason(Request("http://x/", meta={"depth": 2}), settings) == "dropped by a spider middleware"


def test_a_sitemap_index_that_lists_itself_is_requested_once(tmp_path: Path) -> None:
    sources = tmp_path / "s.toml"
    sources.write_text('[[source]]\nname = "s"\nkind = "news"\nsitemaps = ["{demo}/index.xml"]\n')
    spider = make_spider(SitemapSpider, sources)
    outcomes = Outcomes(spider)
    source = spider.sources[0]
    first = spider.navigation_request(f"{DEMO_URL}/index.xml", source, spider.parse)
    assert first is not None
    body = sitemap_index([f"{DEMO_URL}/index.xml"] * 10 + [f"{DEMO_URL}/other.xml"])
    response = XmlResponse(f"{DEMO_URL}/index.xml", body=body, request=first)
    requests = list(spider.parse(response))
    assert [r.url for r in requests] == [f"{DEMO_URL}/other.xml"]
    assert [(o["outcome"], o["reason"]) for o in outcomes.rows] == [("skipped", SEEN_THIS_RUN)] * 10


class _Stats(dict):  # type: ignore[type-arg]
    def get_value(self, key: str) -> object:
        return self.get(key)


def test_a_run_is_finished_only_when_nothing_of_ours_failed() -> None:
    from types import SimpleNamespace

    from crawler.runner import judge

    def run(stats: dict[str, object], counts: dict[str, object] | None = None, *crashes: str) -> str:
        crawler = SimpleNamespace(stats=_Stats({"finish_reason": "finished", **stats}))
        return judge([crawler], {"s": counts or empty_counts()}, list(crashes))[0]

    assert run({}) == "finished"
    assert run({"log_count/ERROR": 1}) == "incomplete"  # e.g. the request queue's FileNotFoundError
    local = {**empty_counts(), "failures": [{"url": "u", "reason": "store failed", "cause": "local"}]}
    assert run({}, local) == "incomplete"
    page = {**empty_counts(), "failures": [{"url": "u", "reason": "HTTP 404", "cause": "page"}]}
    assert run({}, page) == "finished"
    assert run({"finish_reason": "shutdown"}) == "interrupted"
    assert run({}, None, "spider feed stopped: ...") == "failed"
