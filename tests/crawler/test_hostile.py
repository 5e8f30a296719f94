"""`kommunevagt crawl` against a hostile server on 127.0.0.1 (issue 17): nothing is lost without a
reason, nothing runs away, and nothing a server sends can crash the summary.

One crawl of a source with a feed and sitemaps (under --jobdir) covers: one job directory per
spider, a sitemap index that lists itself, one that fans out without end, a chain of indexes
deeper than DEPTH_LIMIT, a gzip bomb, links over 2,083 characters, an offsite link, Rich markup
in a Content-Type, and a page streamed beyond DOWNLOAD_MAXSIZE without a Content-Length. A
second pair of crawls covers temporary failures (503) and store failures under --jobdir: the
first run says so and exits non-zero, the rerun stores them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from crawler.dupefilter import DONE_EARLIER, SEEN_THIS_RUN
from crawler.spiders.base import OFFSITE
from store.db import dispose_engines, get_engine
from store.models import Document
from store.upgrade import upgrade
from tests.crawler.conftest import crawl_env, kommunevagt, last_run_counts
from tests.crawler.hostile import (
    HTML,
    MARKUP_CONTENT_TYPE,
    XML,
    HostileServer,
    Reply,
    article,
    gzip_bomb,
    rss,
    sitemap_index,
    stream,
    urlset,
)

pytestmark = pytest.mark.slow

PAGES = 12  # per feed and per sitemap
NAVIGATION_CAP = 30
LONG_PATH = "/h/long/" + "a" * 2100
FAN_WIDTH = 6


def hostile_routes(server: dict[str, str]) -> dict[str, Any]:
    """Routes under /h/; `server["url"]` is filled in once the server has its port."""

    def url(path: str) -> str:
        return server["url"] + path

    def route(path: str) -> Reply | None:
        name = path.removeprefix("/h/")
        if name == "feed.xml":
            links = [url(f"/h/feed/{i}.html") for i in range(PAGES)]
            links += [url(LONG_PATH + "f"), "http://elsewhere.invalid/side.html"]
            return Reply(200, {"Content-Type": "application/rss+xml"}, rss(links))
        if name == "sitemap.xml":  # lists itself ten times
            links = [url("/h/sitemap.xml")] * 10 + [url(f"/h/{n}") for n in ("pages.xml", "bomb.xml.gz")]
            return Reply(200, {"Content-Type": XML}, sitemap_index([*links, url("/h/fan/0.xml")]))
        if name == "pages.xml":
            links = [url(f"/h/sitemap/{i}.html") for i in range(PAGES)]
            links += [url("/h/markup.html"), url("/h/huge.html"), url(LONG_PATH + "s")]
            links += ["http://[oops/side.html", "mailto:redaktion@example.dk"]  # then one more page
            links += [url(f"/h/sitemap/{PAGES}.html")]
            return Reply(200, {"Content-Type": XML}, urlset(links))
        if name == "bomb.xml.gz":  # 60 MB of XML from 60 KB
            return Reply(200, {"Content-Type": "application/x-gzip"}, gzip_bomb(60 * 1024 * 1024))
        if name.startswith("fan/"):  # every index lists FAN_WIDTH new ones
            stem = name.removeprefix("fan/").removesuffix(".xml")
            children = [url(f"/h/fan/{stem}-{i}.xml") for i in range(FAN_WIDTH)]
            return Reply(200, {"Content-Type": XML}, sitemap_index(children))
        if name.startswith("deep/"):  # a chain of indexes, one deeper each
            level = int(name.removeprefix("deep/").removesuffix(".xml"))
            return Reply(200, {"Content-Type": XML}, sitemap_index([url(f"/h/deep/{level + 1}.xml")]))
        if name == "markup.html":
            return Reply(200, {"Content-Type": MARKUP_CONTENT_TYPE}, article("Markup"))
        if name == "huge.html":  # 12 MB, no Content-Length
            return Reply(200, {"Content-Type": HTML}, stream(12 * 1024 * 1024))
        if name.startswith(("feed/", "sitemap/", "long/")):
            return Reply(200, {"Content-Type": HTML}, article(f"Side {name}"))
        return None

    return {"/h/": route}


SOURCES = """
[[source]]
name = "fjendtlig"
kind = "news"
kommuner = [746]
feeds = ["{demo}/h/feed.xml"]
sitemaps = ["{demo}/h/sitemap.xml"]

[[source]]
name = "dyb"
kind = "news"
kommuner = [746]
sitemaps = ["{demo}/h/deep/0.xml"]
"""


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One `kommunevagt crawl --jobdir` of both hostile sources; what it printed, stored and counted."""
    tmp = tmp_path_factory.mktemp("hostile")
    database = f"sqlite:///{tmp / 'kv.sqlite'}"
    sources = tmp / "fjendtlig.toml"
    sources.write_text(SOURCES)
    address: dict[str, str] = {}
    with HostileServer(hostile_routes(address), max_requests=3000) as server:
        address["url"] = server.url
        env = crawl_env(
            database,
            server.url,
            KOMMUNEVAGT_MAX_NAVIGATION_PAGES=str(NAVIGATION_CAP),
            KOMMUNEVAGT_RETRY_BACKOFF_BASE="0.01",
            KOMMUNEVAGT_DATA_DIR=str(tmp / "data"),
        )
        result = kommunevagt("crawl", "--sources", str(sources), "--jobdir", str(tmp / "job"), env=env)
    status, counts = last_run_counts(database)
    with Session(get_engine(database)) as session:
        stored = session.exec(select(func.count()).select_from(Document)).one()
    dispose_engines(database)
    yield {
        "result": result,
        "server": server,
        "status": status,
        "counts": counts,
        "stored": stored,
        "jobdir": tmp / "job",
    }


def failures(counts: dict[str, Any], source: str = "fjendtlig") -> dict[str, str]:
    return {f["url"].rsplit("/", 1)[-1]: f["reason"] for f in counts[source]["failures"]}


def skips(counts: dict[str, Any], source: str = "fjendtlig") -> dict[str, int]:
    return {reason: s["count"] for reason, s in counts[source]["skips"].items()}


def test_the_run_finishes_and_prints_server_strings_as_text(hostile_crawl: dict[str, Any]) -> None:
    result = hostile_crawl["result"]
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert hostile_crawl["status"] == "finished"
    assert "bold red" in result.stdout  # the Content-Type shown as it was sent, not styled
    assert hostile_crawl["stored"] == 2 * PAGES + 1


def test_each_spider_keeps_its_own_job_directory(hostile_crawl: dict[str, Any]) -> None:
    jobdir: Path = hostile_crawl["jobdir"]
    assert {p.name for p in jobdir.iterdir()} == {"feed", "sitemap"}
    done = {name: (jobdir / name / "documents.done").read_text().split() for name in ("feed", "sitemap")}
    # the pages (the sitemap has one more), and the two that failed for good (markup.html, huge.html)
    assert (len(done["feed"]), len(done["sitemap"])) == (PAGES, PAGES + 3)


def test_a_self_listing_index_is_fetched_once_and_fan_out_is_capped(hostile_crawl: dict[str, Any]) -> None:
    server: HostileServer = hostile_crawl["server"]
    assert not server.overflowed
    assert server.hits["/h/sitemap.xml"] == 1
    fan = sum(n for path, n in server.hits.items() if path.startswith("/h/fan/"))
    assert 0 < fan < NAVIGATION_CAP
    reasons = skips(hostile_crawl["counts"])
    assert reasons[SEEN_THIS_RUN] == 10
    cap = f"fan-out cap: more than {NAVIGATION_CAP} feed, sitemap or listing pages"
    assert reasons[cap] > 0


def test_every_url_not_fetched_is_counted_with_its_reason(hostile_crawl: dict[str, Any]) -> None:
    counts = hostile_crawl["counts"]
    reasons = skips(counts)
    assert reasons["URL longer than 2083 characters (URLLENGTH_LIMIT)"] == 2
    assert reasons[OFFSITE] == 1
    assert reasons["malformed URL (Invalid IPv6 URL)"] == 1
    assert reasons["not an http(s) URL"] == 1
    assert counts["fjendtlig"]["skipped"] == sum(reasons.values())
    assert skips(counts, "dyb") == {"deeper than 4 links from the start (DEPTH_LIMIT)": 1}
    assert hostile_crawl["server"].hits["/h/deep/4.xml"] == 1
    assert "Not stored, by reason" in hostile_crawl["result"].stdout


def test_hostile_documents_fail_with_clear_reasons(hostile_crawl: dict[str, Any]) -> None:
    reasons = failures(hostile_crawl["counts"])
    bomb = "unreadable sitemap: gzipped sitemap inflates to more than 50 MB; not read"
    assert reasons["bomb.xml.gz"] == bomb
    assert reasons["huge.html"] == "page larger than 10 MB (DOWNLOAD_MAXSIZE)"
    assert reasons["markup.html"] == f"unsupported content type {MARKUP_CONTENT_TYPE.lower()!r}"
    assert len(reasons) == 3


# --- temporary and local failures under --jobdir ------------------------------------------------

FLAKY = ("flaky-0.html", "flaky-1.html", "flaky-2.html")
UNSTORABLE = ("laast-0.html", "laast-1.html")
BREAK_STORE = (
    "CREATE TRIGGER break_store BEFORE INSERT ON document WHEN NEW.title LIKE 'Låst%' "
    "BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END"
)


def test_temporary_and_store_failures_are_retried_by_the_next_run(tmp_path: Path) -> None:
    database = tmp_path / "kv.sqlite"
    url = f"sqlite:///{database}"
    upgrade(url)
    dispose_engines(url)
    with sqlite3.connect(database) as connection:
        connection.execute(BREAK_STORE)
    sources = tmp_path / "ustabil.toml"
    sources.write_text(
        '[[source]]\nname = "ustabil"\nkind = "news"\nkommuner = [746]\nfeeds = ["{demo}/t/feed.xml"]\n'
    )
    state = {"down": True, "url": ""}

    def route(path: str) -> Reply | None:
        name = path.removeprefix("/t/")
        if name == "feed.xml":
            links = [f"{state['url']}/t/{n}" for n in ("ok.html", *FLAKY, *UNSTORABLE)]
            return Reply(200, {"Content-Type": "application/rss+xml"}, rss(links))
        if name in FLAKY and state["down"]:
            return Reply(503, {"Content-Type": HTML, "Retry-After": "0"}, b"<html>overloaded</html>")
        if name.endswith(".html"):
            return Reply(200, {"Content-Type": HTML}, article(("Låst " if name in UNSTORABLE else "") + name))
        return None

    jobdir = tmp_path / "job"
    with HostileServer({"/t/": route}) as server:
        state["url"] = server.url
        env = crawl_env(url, server.url, KOMMUNEVAGT_RETRY_BACKOFF_BASE="0.01")
        first = kommunevagt("crawl", "--sources", str(sources), "--jobdir", str(jobdir), env=env)
        assert first.returncode == 1, first.stdout[-3000:] + first.stderr[-3000:]
        assert "Traceback" not in first.stderr, first.stderr[-3000:]
        assert "2 document(s) could not be stored" in first.stdout
        log_file = tmp_path / "var" / "logs" / "crawl-1.log"
        assert f"log (with details): {log_file}" in first.stdout
        log = log_file.read_text()  # the tracebacks, from the writer process too
        assert "storing " + server.url + "/t/laast-0.html failed" in log and "Traceback" in log
        status, counts = last_run_counts(url)
        assert status == "incomplete"
        row = counts["ustabil"]
        assert row["stored"] == 1
        store_failed = "store failed: IntegrityError: (sqlite3.IntegrityError) disk full (simulated)"
        assert {f["url"].rsplit("/", 1)[-1]: (f["cause"], f["reason"]) for f in row["failures"]} == {
            **{name: ("temporary", "HTTP 503") for name in FLAKY},
            **{name: ("local", store_failed) for name in UNSTORABLE},
        }

        state["down"] = False
        dispose_engines(url)
        with sqlite3.connect(database) as connection:
            connection.execute("DROP TRIGGER break_store")
        second = kommunevagt("crawl", "--sources", str(sources), "--jobdir", str(jobdir), env=env)
        assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
        status, counts = last_run_counts(url)
        assert status == "finished"
        assert counts["ustabil"]["stored"] == len(FLAKY) + len(UNSTORABLE)
        assert skips(counts, "ustabil") == {DONE_EARLIER: 1}
        assert server.hits["/t/ok.html"] == 1


def test_a_spider_that_cannot_start_is_reported_in_one_line(tmp_path: Path) -> None:
    database = tmp_path / "kv.sqlite"
    url = f"sqlite:///{database}"
    upgrade(url)
    dispose_engines(url)
    with sqlite3.connect(database) as connection:  # the pipelines cannot register the source
        connection.execute(
            "CREATE TRIGGER break_sources BEFORE INSERT ON source "
            "BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END"
        )
    sources = tmp_path / "kilde.toml"
    sources.write_text('[[source]]\nname = "kilde"\nkind = "news"\nfeeds = ["{demo}/feed.xml"]\n')
    with HostileServer({}) as server:
        result = kommunevagt("crawl", "--sources", str(sources), env=crawl_env(url, server.url))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Unhandled error" not in result.stderr, result.stderr[-3000:]
    stopped = "spider feed stopped: IntegrityError: (sqlite3.IntegrityError) disk full (simulated)"
    assert stopped in result.stdout
    assert last_run_counts(url)[0] == "failed"
    log = (tmp_path / "var" / "logs" / "crawl-1.log").read_text()
    assert "ERROR: spider feed stopped" in log and "Traceback" in log
