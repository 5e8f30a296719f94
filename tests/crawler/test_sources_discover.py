"""`sources discover` and `sources check` against real HTTP servers on 127.0.0.1.

A kommune's web site (front page declaring a feed, a news listing) is served by `NewsSite`; the
agenda portals are the FirstAgenda/Åben Dagsorden stand-in of `agenda_server` (real trimmed
FirstAgenda responses). The host patterns point at these servers, as `--patterns` lets a user
point them anywhere.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from crawler.discover import Discovery, KommuneSite, OfflineError, discover, load_sites, to_toml
from crawler.source_check import check_sources
from crawler.sources import Source, load_sources
from store import db
from store.models import CrawlRun
from store.queries.source_health import source_health
from tests.crawler.agenda_server import FirstAgendaServer

RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Nyheder</title>
<link>{base}/</link><description>Nyheder fra kommunen</description>
<item><title>Ny skole åbner i august</title><link>{base}/nyheder/ny-skole</link>
<pubDate>Tue, 01 Dec 2026 08:00:00 +0100</pubDate></item></channel></rss>"""
FRONT = """<html><head><title>Forside</title>
<link rel="alternate" type="application/rss+xml" title="Nyheder" href="nyheder/rss"></head>
<body><a href="nyheder">Nyheder</a></body></html>"""
LISTING = "<html><body><h1>Nyheder</h1><a href='nyheder/ny-skole'>Ny skole</a></body></html>"


class NewsSite:
    """Kommune web sites under `/<domain>/`: `feed.dk` declares a feed, `liste.dk` only has a listing."""

    def __init__(self) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                domain, _, rest = urlsplit(self.path).path.strip("/").partition("/")
                base = f"http://127.0.0.1:{self.server.server_address[1]}/{domain}"
                pages = {
                    "feed.dk": {"": FRONT, "nyheder": LISTING, "nyheder/rss": RSS.format(base=base)},
                    "liste.dk": {"": "<html><body>Forside</body></html>", "nyheder": LISTING},
                }.get(domain, {})
                body = pages.get(rest)
                kind = "application/rss+xml" if rest.endswith("rss") else "text/html; charset=utf-8"
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", kind)
                data = (body or "<h1>404</h1>").encode()
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[str, str]]:
    news = NewsSite()
    with FirstAgendaServer() as agenda:
        yield news.url, agenda.url
    news.stop()


def patterns_for(news: str, agenda: str) -> dict[str, object]:
    return {
        "homepages": [f"{news}/{{domain}}/"],
        "news_paths": ["nyheder"],
        "feed_paths": ["rss"],
        "agenda": {
            "firstagenda": [f"{agenda}/{{slug}}/"],
            "aabendagsorden": [f"{agenda}/{{slug}}/"],
            "meetingsplus": [f"{agenda}/{{slug}}/"],
            "kk_jsonapi": [f"{agenda}/{{slug}}/"],
        },
    }


def by_name(results: list[Discovery]) -> dict[str, Discovery]:
    return {r.site.name: r for r in results}


def test_discover_finds_feeds_listings_and_agenda_systems(servers: tuple[str, str], tmp_path: Path) -> None:
    sites = [
        KommuneSite(167, "Hvidovre", "feed.dk", agenda_system="firstagenda"),
        KommuneSite(159, "Aaben", "liste.dk", agenda_system="firstagenda"),  # moved to Åben Dagsorden
        KommuneSite(155, "Fejl", "tavs.dk", agenda_system="firstagenda"),  # nothing answers as expected
        KommuneSite(530, "Mplus", "tavs.dk", agenda_system="meetingsplus"),
        KommuneSite(101, "KK", "tavs.dk", agenda_system="kk_jsonapi"),
    ]
    found = by_name(discover(sites, patterns_for(*servers), timeout=5))

    hvidovre = found["Hvidovre"]
    assert hvidovre.feeds == [f"{servers[0]}/feed.dk/nyheder/rss"]
    assert (hvidovre.agenda_system, hvidovre.agenda_base) == ("firstagenda", f"{servers[1]}/hvidovre")
    aaben = found["Aaben"]
    assert aaben.feeds == [] and aaben.news_listing == f"{servers[0]}/liste.dk/nyheder"
    assert aaben.agenda_system == "aabendagsorden"
    assert "agenda system changed: firstagenda -> aabendagsorden" in aaben.notes
    assert (found["Mplus"].agenda_system, found["KK"].agenda_system) == ("meetingsplus", "kk_jsonapi")
    silent = found["Fejl"]
    assert not silent.found
    assert "no front page answered" in silent.notes and "no agenda system answered" in silent.notes

    path = tmp_path / "found.toml"
    path.write_text(to_toml(list(found.values())), encoding="utf-8")
    sources = {s.name: s for s in load_sources(path)}
    assert set(sources) == {
        "hvidovre-kommune-nyheder",
        "hvidovre-dagsordener",
        "aaben-kommune-nyheder",
        "aaben-dagsordener",
        "mplus-dagsordener",
        "kk-dagsordener",
    }
    assert sources["hvidovre-kommune-nyheder"].spiders() == ["feed"]
    assert sources["aaben-kommune-nyheder"].spiders() == ["article"]
    assert sources["aaben-kommune-nyheder"].article_pattern == "/liste.dk/nyheder/[^/?#]+"
    assert sources["aaben-dagsordener"].agenda_system == "aabendagsorden"
    assert sources["hvidovre-dagsordener"].kommuner == (167,)


def test_discover_offline_is_one_clear_error() -> None:
    closed = {
        "homepages": ["http://127.0.0.1:9/{domain}/"],
        "news_paths": [],
        "feed_paths": [],
        "agenda": {"firstagenda": ["http://127.0.0.1:9/{slug}/"]},
    }
    with pytest.raises(OfflineError, match="no host answered; offline"):
        discover([KommuneSite(167, "Hvidovre", "hvidovre.dk")], closed, timeout=2)


def test_every_kommune_has_a_site() -> None:
    sites = load_sites()
    assert len(sites) == 98 and len({s.code for s in sites}) == 98
    assert all(s.domain and "." in s.domain for s in sites)


def test_discover_command_writes_a_sources_file(servers: tuple[str, str], tmp_path: Path) -> None:
    from kommunevagt.cli import app

    patterns = tmp_path / "patterns.toml"
    news, agenda = servers
    patterns.write_text(
        f'homepages = ["{news}/feed.dk/"]\nnews_paths = ["nyheder"]\nfeed_paths = []\n'
        f'[agenda]\nfirstagenda = ["{agenda}/{{slug}}/"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "sources.toml"
    result = CliRunner().invoke(
        app, ["sources", "discover", "--kommune", "167", "--patterns", str(patterns), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "1 of 1 kommuner have a source" in result.output
    assert [s.name for s in load_sources(out)] == ["hvidovre-kommune-nyheder", "hvidovre-dagsordener"]

    unknown = CliRunner().invoke(app, ["sources", "discover", "--kommune", "1", "-o", str(out)])
    assert unknown.exit_code == 2 and "unknown kommunekode" in unknown.output


def test_check_reports_answers_and_feed_health(servers: tuple[str, str], migrated_database_url: str) -> None:
    news, _ = servers
    alive = Source(name="levende", kind="news", feeds=(f"{news}/feed.dk/nyheder/rss",))
    gone = Source(name="flyttet", kind="news", feeds=(f"{news}/gone.dk/rss",))
    quiet = Source(name="stille", kind="news", start_urls=(f"{news}/liste.dk/nyheder",))
    now = datetime.now(UTC)
    with db.session_scope(db.get_engine(migrated_database_url), write=True) as session:
        session.add(
            CrawlRun(
                started_at=now - timedelta(hours=1),
                sources=["stille", "levende"],
                status="incomplete",
                counts={
                    "stille": {
                        "fetched": 3,
                        "stored": 0,
                        "failed": 3,
                        "failures": [{"url": "x", "reason": "HTTP 500"}],
                    },
                    "levende": {"fetched": 2, "stored": 2},
                },
            )
        )
    with db.session_scope(db.get_engine(migrated_database_url)) as session:
        health = {h.name: h for h in source_health(session, ["levende", "flyttet", "stille"])}
    assert health["flyttet"].health == "never"
    assert health["stille"].health == "dead" and health["stille"].last_run_failed == 3
    assert health["levende"].health == "silent"  # the crawl counted 2, but no document is in this archive

    checks = {c.source.name: c for c in check_sources([alive, gone, quiet], health, timeout=5)}
    assert checks["levende"].answered and checks["levende"].verdict == "silent"
    assert checks["flyttet"].answers[0].problem == "HTTP 404" and checks["flyttet"].verdict == "dead"
    assert checks["stille"].answered and checks["stille"].verdict == "dead"


def test_crawl_summary_names_dead_sources(capsys: pytest.CaptureFixture[str]) -> None:
    from types import SimpleNamespace

    from crawler.cli import report

    result = SimpleNamespace(
        run_id=1,
        status="incomplete",
        crashes=[],
        errors=0,
        workers={},
        log_file=None,
        counts={
            "flyttet": {
                "fetched": 1,
                "stored": 0,
                "failed": 1,
                "failures": [{"url": "u", "reason": "HTTP 404"}],
            },
            "levende": {
                "fetched": 2,
                "stored": 1,
                "failed": 1,
                "failures": [{"url": "v", "reason": "HTTP 500"}],
            },
        },
    )
    assert report(result) is False  # not finished
    assert "dead source(s), nothing stored and only failures: flyttet\n" in capsys.readouterr().out
