"""Distributed crawls of the demo site: two real workers, a real Redis, a real PostgreSQL.

The workers (`kommunevagt worker`) start once for the module; each test empties the documents
and the Redis keys first. A worker's heartbeat counts as lost after 3 s here (60 s by default),
so a SIGKILLed worker's messages come back quickly.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session

from crawler.accounting import local_failures
from crawler.urls import canonicalise
from demo import DEMO_SOURCES
from demo.server import DemoServer
from store.db import dispose_engines, get_engine
from tests.conftest import PostgresServer, RedisServer
from tests.crawler.conftest import REPO, crawl_env, kommunevagt, last_run_counts, totals
from tests.crawler.test_e2e import EXPECTED_KINDS, documents_by_kind

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@dataclass
class Cluster:
    database_url: str
    redis: RedisServer
    demo: DemoServer
    env: dict[str, str]
    log_dir: Path
    workers: list[subprocess.Popen[str]] = field(default_factory=list)

    def start_worker(self) -> subprocess.Popen[str]:
        log = open(self.log_dir / f"worker-{time.monotonic_ns()}.log", "w")  # noqa: SIM115
        worker = subprocess.Popen(
            [sys.executable, "-m", "kommunevagt", "worker"],
            cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,  # its own process group: the worker, its fork server, its crawls
        )  # fmt: skip
        self.workers.append(worker)
        return worker

    def kill(self, worker: subprocess.Popen[str]) -> None:
        """SIGKILL the worker and everything it started, as when its machine dies."""
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)

    def crawl(self, *args: str) -> subprocess.Popen[str]:
        """`crawl --distributed` of the demo sources (all, or those named), in the background."""
        return subprocess.Popen(
            [sys.executable, "-m", "kommunevagt", "crawl", "--distributed", "--sources", str(DEMO_SOURCES),
             *args],
            cwd=REPO, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    def documents(self) -> int:
        with Session(get_engine(self.database_url)) as session:
            return int(session.exec(text("SELECT count(*) FROM document")).one()[0])  # type: ignore[call-overload]

    def wait_for_documents(self, crawl: subprocess.Popen[str], at_least: int = 1) -> None:
        while self.documents() < at_least:
            assert crawl.poll() is None, "the crawl ended before any document was stored"
            time.sleep(0.2)


@pytest.fixture(scope="module")
def cluster(
    postgres_server: PostgresServer, redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    from store.upgrade import upgrade

    url = postgres_server.create_database("kv_distributed")
    upgrade(url)
    with DemoServer() as demo:
        base = tmp_path_factory.mktemp("distributed")
        env = crawl_env(
            url,
            demo.url,
            KOMMUNEVAGT_REDIS_URL=redis_server.url,
            KOMMUNEVAGT_DATA_DIR=str(base / "var"),
            KOMMUNEVAGT_WORKER_HEARTBEAT_TIMEOUT="3",
            KOMMUNEVAGT_WORKER_MAINTENANCE_CHANCE="1000000",
            KOMMUNEVAGT_NLP_BATCH_SIZE="4",  # several analyse tasks for a small site
        )
        cluster = Cluster(database_url=url, redis=redis_server, demo=demo, env=env, log_dir=base)
        cluster.start_worker()
        cluster.start_worker()
        try:
            yield cluster
        finally:
            for worker in cluster.workers:
                if worker.poll() is None:
                    os.killpg(worker.pid, signal.SIGTERM)
            for worker in cluster.workers:
                try:
                    worker.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    os.killpg(worker.pid, signal.SIGKILL)
            dispose_engines(url)
            postgres_server.drop_database("kv_distributed")


@pytest.fixture
def fresh(cluster: Cluster) -> Cluster:
    """No documents, no crawl runs, no Redis keys: each test crawls the demo site from scratch."""
    with get_engine(cluster.database_url).begin() as connection:
        connection.execute(text("TRUNCATE document, story, crawlrun RESTART IDENTITY CASCADE"))
    cluster.redis.flush()
    return cluster


def finish(crawl: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = crawl.communicate(timeout=300)
    return crawl.returncode, out, err


def written_per_worker(out: str) -> dict[str, int]:
    line = next(line for line in out.splitlines() if line.startswith("documents written per worker:"))
    pairs = line.split(":", 1)[1].split(",")
    return {name.strip().rsplit(" ", 1)[0]: int(name.strip().rsplit(" ", 1)[1]) for name in pairs}


def test_two_workers_store_every_document_once(fresh: Cluster) -> None:
    code, out, err = finish(fresh.crawl())
    assert code == 0, out[-3000:] + err[-3000:]
    assert documents_by_kind(fresh.database_url) == EXPECTED_KINDS
    status, counts = last_run_counts(fresh.database_url)
    assert status == "finished"
    # The summary adds up what both workers did: as a local crawl of the demo site.
    assert totals(counts, "stored") == sum(EXPECTED_KINDS.values())
    assert (totals(counts, "duplicate"), totals(counts, "failed"), totals(counts, "updated")) == (1, 2, 0)
    assert sum(written_per_worker(out).values()) == sum(EXPECTED_KINDS.values())
    reasons = sorted(f["reason"] for f in counts["soehoejlandets-avis"]["failures"])
    assert reasons == ["IgnoreRequest: Forbidden by robots.txt", "no main text found (43 characters)"]


NEWS = "soehoejlandets-avis"  # feed and sitemap: the smaller crawl of the tests below


def test_a_killed_worker_loses_and_duplicates_nothing(fresh: Cluster) -> None:
    crawl = fresh.crawl(NEWS)
    fresh.wait_for_documents(crawl)
    victim = fresh.workers.pop(0)
    fresh.kill(victim)
    fresh.start_worker()
    code, out, err = finish(crawl)
    assert code == 0, out[-3000:] + err[-3000:]
    assert documents_by_kind(fresh.database_url) == {"news": EXPECTED_KINDS["news"]}
    status, counts = last_run_counts(fresh.database_url)
    assert status == "finished" and not local_failures(counts)
    # Work redone after the kill finds its documents stored: "unchanged", never a second row.
    assert totals(counts, "stored") + totals(counts, "unchanged") >= EXPECTED_KINDS["news"]


def test_redis_restart_mid_crawl_pauses_and_loses_nothing(fresh: Cluster) -> None:
    crawl = fresh.crawl(NEWS)
    fresh.wait_for_documents(crawl)
    stored_before = fresh.documents()
    fresh.redis.stop()
    time.sleep(2)  # long enough for the command to notice
    assert fresh.documents() >= stored_before  # nothing stored is lost while Redis is away
    fresh.redis.start()
    code, out, err = finish(crawl)
    assert code == 0, out[-3000:] + err[-3000:]
    assert "is unreachable; waiting up to" in err
    assert documents_by_kind(fresh.database_url) == {"news": EXPECTED_KINDS["news"]}
    status, _counts = last_run_counts(fresh.database_url)
    assert status == "finished"


def test_without_redis_the_crawl_says_so_in_one_line(
    tmp_path: Path, demo_server: DemoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from crawler.distributed import broker
    from kommunevagt.cli import app

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'kv.sqlite'}")
    monkeypatch.setenv("KOMMUNEVAGT_DEMO_URL", demo_server.url)
    monkeypatch.setenv("KOMMUNEVAGT_REDIS_URL", "redis://127.0.0.1:9/0")
    broker.redis_client.cache_clear()
    result = CliRunner().invoke(app, ["crawl", "--distributed", "--sources", str(DEMO_SOURCES)])
    broker.redis_client.cache_clear()
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: cannot reach Redis at redis://127.0.0.1:9/0"), lines


def test_a_shard_obeys_robots_txt_for_every_waiting_request(
    tmp_path: Path, demo_server: DemoServer, redis_server: RedisServer
) -> None:
    """All of a shard's requests wait for robots.txt at once; each must get its answer."""
    import json

    # The first request fetches robots.txt, the second used to get its answer, the third not.
    paths = ["artikler/fejlside.html", "artikler/silkeborg-haever-skatten.html", "privat/kladde.html"]
    job = {
        "run_id": 1, "sources_toml": DEMO_SOURCES.read_text(encoding="utf-8"), "demo_url": demo_server.url,
        "overrides": {}, "since": None, "backfill": False, "kind": "shard", "source": "soehoejlandets-avis",
        "source_id": None, "label": "test",
        "requests": [{"url": f"{demo_server.url}/avis/{p}"} for p in paths],
    }  # fmt: skip
    env = crawl_env(
        f"sqlite:///{tmp_path / 'kv.sqlite'}", demo_server.url, KOMMUNEVAGT_REDIS_URL=redis_server.url
    )
    child = subprocess.run(
        [sys.executable, "-m", "crawler.distributed.shard"],
        input=json.dumps(job), cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert child.returncode == 0, child.stderr[-3000:]
    counts = json.loads(child.stdout.strip().splitlines()[-1])["counts"]["soehoejlandets-avis"]
    forbidden = [
        f["url"] for f in counts["failures"] if f["reason"] == "IgnoreRequest: Forbidden by robots.txt"
    ]
    assert forbidden == [f"{demo_server.url}/avis/privat/kladde.html"]
    assert ("/avis/privat/kladde.html", 200) not in demo_server.requests


def _dated_urls(demo_url: str) -> list[tuple[str, str]]:
    """(URL, day) of every entry of the demo newspaper's sitemap and feed: what its plans read."""
    from lxml import etree

    from crawler.middlewares.conditional import parse_when

    site = REPO / "demo" / "site" / "avis"
    entries = [
        (loc, lastmod)
        for loc, lastmod in (list(e.itertext()) for e in etree.parse(site / "sitemap.xml").getroot())
    ]
    root = etree.parse(site / "rss.xml").getroot()
    entries += [(str(item.findtext("link")), str(item.findtext("pubDate"))) for item in root.iter("item")]
    return [(canonicalise(f"{demo_url}{path}"), f"{parse_when(when):%Y-%m-%d}") for path, when in entries]


def test_backfill_takes_what_is_new_enough_and_resumes_past_finished_shards(fresh: Cluster) -> None:
    from crawler.distributed.pipeline import OLDER, SHARD_FINISHED

    start = "2026-03-16"
    args = ("backfill", "--source", NEWS, "--from", start, "--sources", str(DEMO_SOURCES))
    first = kommunevagt(*args, env=fresh.env)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    _status, counts = last_run_counts(fresh.database_url)
    dated = _dated_urls(fresh.demo.url)
    assert counts[NEWS]["skips"][OLDER]["count"] == sum(1 for _url, day in dated if day < start)
    with Session(get_engine(fresh.database_url)) as session:
        stored = {canonicalise(row[0]) for row in session.exec(text("SELECT url FROM document")).all()}  # type: ignore[call-overload]
    days = dict(dated)
    assert stored and all(days[url] >= start for url in stored)

    served = len(fresh.demo.requests)
    second = kommunevagt(*args, env=fresh.env)  # a rerun resumes: the finished shards are skipped
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    _status, counts = last_run_counts(fresh.database_url)
    assert counts[NEWS]["skips"][SHARD_FINISHED]["count"] == sum(1 for _url, day in dated if day >= start)
    assert totals(counts, "stored") == 0
    assert not [path for path, _ in fresh.demo.requests[served:] if "/artikler/" in path]
