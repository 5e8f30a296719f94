"""Kill a `scrapy crawl` part-way (SIGINT and SIGKILL), restart it with the same JOBDIR:
every page ends up stored exactly once and finished pages are not downloaded again."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from demo import DEMO_SOURCES
from demo.server import DemoServer
from store.db import dispose_engines, get_engine
from store.models import Document
from tests.crawler.conftest import REPO, crawl_env, last_run_counts, scrapy_command

pytestmark = pytest.mark.slow

SITEMAP_DOCUMENTS = 16  # the 16 articles (their print copy is a duplicate)


def stored_paths(url: str) -> set[str]:
    try:
        with Session(get_engine(url)) as session:
            return {u.split("/", 3)[3] for u in session.exec(select(Document.canonical_url))}
    except OperationalError:  # not migrated yet
        return set()


def crawl(url: str, server: DemoServer, jobdir: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        scrapy_command("crawl", "sitemap", "-a", "sources=soehoejlandets-avis", "-s", f"JOBDIR={jobdir}"),
        cwd=REPO,
        env=crawl_env(url, server.url, KOMMUNEVAGT_SOURCES_FILE=str(DEMO_SOURCES), **env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["sigint", "sigkill"])
def test_kill_and_resume_stores_each_page_once(tmp_path: Path, how: signal.Signals) -> None:
    url = f"sqlite:///{tmp_path / 'kv.sqlite'}"
    jobdir = tmp_path / "job"
    with DemoServer(delay=0.8) as server:
        # One request at a time, so the interrupted run leaves most pages queued in the JOBDIR.
        slow = {"KOMMUNEVAGT_CONCURRENT_REQUESTS": "1", "KOMMUNEVAGT_CONCURRENT_REQUESTS_PER_DOMAIN": "1"}
        first = crawl(url, server, jobdir, KOMMUNEVAGT_NLP_BATCH_SIZE="2", **slow)
        deadline = time.monotonic() + 120
        while len(stored_paths(url)) < 3:
            assert first.poll() is None, "the crawl ended before it could be interrupted"
            assert time.monotonic() < deadline, "no documents stored within 120 s"
            time.sleep(0.3)
        first.send_signal(how)
        first.communicate(timeout=120)
        dispose_engines(url)
        done_before = stored_paths(url)
        assert 3 <= len(done_before) < SITEMAP_DOCUMENTS
        if how == signal.SIGINT:
            assert last_run_counts(url)[0] == "interrupted"
        served_first = len(server.requests)

        server.delay = 0.0
        second = crawl(url, server, jobdir)
        _, err = second.communicate(timeout=300)
        assert second.returncode == 0, err[-3000:]

    dispose_engines(url)
    with Session(get_engine(url)) as session:
        assert session.exec(select(func.count()).select_from(Document)).one() == SITEMAP_DOCUMENTS
    refetched = {path.lstrip("/") for path, status in server.requests[served_first:] if status == 200}
    assert not refetched & done_before, "pages finished before the kill were downloaded again"
    assert last_run_counts(url)[0] == "finished"
