"""What a distributed crawl's summary makes of failures on the workers, and how long a backfill's
resume state stays in Redis (real redis-server, real PostgreSQL, a real worker)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from crawler.accounting import empty_counts
from crawler.distributed import broker, coordinator, ledger
from store.db import dispose_engines, get_engine
from tests.conftest import PostgresServer, RedisServer
from tests.crawler.conftest import REPO, crawl_env, kommunevagt, last_run_counts
from tests.crawler.hostile import HTML, HostileServer, Reply, article, rss

# PostgreSQL refuses the "Låst" articles, as a full disk would.
BREAK_STORE = """
CREATE FUNCTION break_store() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF starts_with(NEW.title, 'Låst') THEN RAISE EXCEPTION 'disk full (simulated)'; END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER break_store BEFORE INSERT ON document FOR EACH ROW EXECUTE FUNCTION break_store();
"""


@pytest.fixture
def redis_url(redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """This process's ledger talks to the test Redis (emptied first)."""
    redis_server.flush()
    monkeypatch.setenv("KOMMUNEVAGT_REDIS_URL", redis_server.url)
    broker.redis_client.cache_clear()
    yield redis_server.url
    broker.redis_client.cache_clear()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_error_logged_by_a_shard_crawl_travels_with_its_result(tmp_path: Path, redis_url: str) -> None:
    """A host that refuses connections: its robots.txt gives an ERROR record, its page a
    failure of the site (not ours). The result carries the ERROR count to the command."""
    dead = f"http://127.0.0.1:{_closed_port()}"
    sources = f'[[source]]\nname = "doed"\nkind = "news"\nkommuner = [746]\nfeeds = ["{dead}/feed.xml"]\n'
    job = {
        "run_id": 1, "sources_toml": sources, "demo_url": None, "overrides": {"RETRY_TIMES": 0},
        "since": None, "backfill": False, "kind": "shard", "source": "doed", "source_id": None,
        "label": "test", "requests": [{"url": f"{dead}/artikel.html"}],
    }  # fmt: skip
    from store.upgrade import upgrade

    database = f"sqlite:///{tmp_path / 'kv.sqlite'}"
    upgrade(database)
    dispose_engines(database)
    env = crawl_env(
        database, dead, KOMMUNEVAGT_REDIS_URL=redis_url,
        KOMMUNEVAGT_DATA_DIR=str(tmp_path / "var"),
    )  # fmt: skip
    child = subprocess.run(
        [sys.executable, "-m", "crawler.distributed.shard"],
        input=json.dumps(job), cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert child.returncode == 0, child.stderr[-3000:]
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert result["errors"] >= 1
    [failure] = result["counts"]["doed"]["failures"]
    assert failure["cause"] != "local"  # the site's failure: alone it would not make a run incomplete
    log = (tmp_path / "var" / "logs" / "crawl-1.log").read_text()
    assert f"robotstxt] ERROR: Error downloading <GET {dead}/artikel.html>" in log


def _finish(run_id: int, message_id: str, **result: Any) -> None:
    ledger.redis_client().sadd(f"kommunevagt:run:{run_id}:pending", message_id)
    ledger.finish(run_id, message_id, {"kind": "crawl", "worker": "w", "counts": {}, **result})


def test_error_records_on_the_workers_make_the_run_incomplete(redis_url: str) -> None:
    _finish(1, "a", counts={"s": {**empty_counts(), "stored": 2}})
    _finish(1, "b", errors=0)
    assert coordinator.wait(1, None)[3:] == ("finished", 0)

    _finish(2, "a", counts={"s": {**empty_counts(), "stored": 2}})
    _finish(2, "b", errors=2)
    _finish(2, "c", errors=1)
    counts, crashes, _workers, status, errors = coordinator.wait(2, None)
    assert (status, errors, crashes) == ("incomplete", 3, [])
    assert counts["s"]["stored"] == 2
    assert not ledger.redis_client().keys("kommunevagt:run:2:*")  # the run's keys are dropped

    _finish(3, "a", errors=1, crash="s: crawl process died (exit code -9)")
    assert coordinator.wait(3, None)[3] == "failed"  # a crash outranks the ERROR records


def test_backfill_resume_state_expires_after_its_last_finished_shard(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = ledger.redis_client()
    ledger.mark_shard_done("avis", "2026-03:abc")
    assert 29 * 86400 < client.ttl(ledger.backfill_key("avis")) <= 30 * 86400
    monkeypatch.setenv("KOMMUNEVAGT_BACKFILL_KEEP_DAYS", "0.5")
    ledger.mark_shard_done("avis", "2026-04:def")  # each finished shard sets the expiry again
    assert 0 < client.ttl(ledger.backfill_key("avis")) <= 43200
    assert ledger.shard_done("avis", "2026-03:abc") and ledger.shard_done("avis", "2026-04:def")
    client.expire(ledger.backfill_key("avis"), 0)  # as when the days have passed
    assert not ledger.shard_done("avis", "2026-03:abc")


def _route(base: list[str]) -> Any:
    """A feed of one article that stores and one that PostgreSQL refuses."""

    def route(path: str) -> Reply | None:
        name = path.removeprefix("/t/")
        if name == "feed.xml":
            return Reply(200, {"Content-Type": "application/rss+xml"}, rss(f"{base[0]}/t/{n}" for n in PAGES))
        if name in PAGES:
            title = ("Låst " if "laast" in name else "Åben ") + name
            return Reply(200, {"Content-Type": HTML}, article(title))
        return None

    return route


PAGES = ("aaben.html", "laast.html")


@pytest.mark.slow
@pytest.mark.postgres
def test_a_store_failure_on_a_worker_is_a_local_failure_of_the_run(
    postgres_server: PostgresServer, redis_server: RedisServer, tmp_path: Path
) -> None:
    from store.upgrade import upgrade

    url = postgres_server.create_database("kv_distributed_failures")
    upgrade(url)
    with get_engine(url).begin() as connection:
        connection.exec_driver_sql(BREAK_STORE)
    dispose_engines(url)
    redis_server.flush()
    worker: subprocess.Popen[str] | None = None
    base: list[str] = []
    with HostileServer({"/t/": _route(base)}) as server:
        base.append(server.url)
        sources = tmp_path / "sources.toml"
        feed = f'feeds = ["{server.url}/t/feed.xml"]'
        sources.write_text(f'[[source]]\nname = "ustabil"\nkind = "news"\nkommuner = [746]\n{feed}\n')
        env = crawl_env(url, server.url, KOMMUNEVAGT_REDIS_URL=redis_server.url)
        env["KOMMUNEVAGT_DATA_DIR"] = str(tmp_path / "var")
        log = open(tmp_path / "worker.log", "w")  # noqa: SIM115
        try:
            worker = subprocess.Popen(
                [sys.executable, "-m", "kommunevagt", "worker", "--threads", "1"],
                cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, text=True, start_new_session=True,
            )  # fmt: skip
            crawl = kommunevagt("crawl", "--distributed", "--sources", str(sources), env=env)
        finally:
            if worker is not None:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=120)
            log.close()
    try:
        assert crawl.returncode == 1, crawl.stdout[-3000:] + crawl.stderr[-3000:]
        assert "1 document(s) could not be stored" in crawl.stdout
        assert "error(s) logged by the workers" in crawl.stdout
        status, counts = last_run_counts(url)
        assert status == "incomplete"
        assert counts["ustabil"]["stored"] == 1
        [failure] = counts["ustabil"]["failures"]
        assert failure["cause"] == "local" and failure["url"].endswith("/t/laast.html")
        assert "disk full (simulated)" in failure["reason"]
        with get_engine(url).connect() as connection:
            titles = connection.execute(text("SELECT title FROM document")).scalars().all()
        assert titles == ["Åben aaben.html"]
    finally:
        dispose_engines(url)
        postgres_server.drop_database("kv_distributed_failures")
