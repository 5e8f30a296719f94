"""End-to-end crawls of the demo site on 127.0.0.1 into SQLite and PostgreSQL (subprocesses).

The SQLite crawl is the session's shared one (tests/demo_crawl.py); PostgreSQL gets its own,
through `kommunevagt demo --crawl-only`, the path `kommunevagt crawl --demo` takes too."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from demo.server import DemoServer
from store.aggregates import is_current
from store.db import dispose_engines, get_engine
from store.models import Document, Mention, Source
from store.politicians import load_registry
from tests.conftest import PostgresServer
from tests.crawler.conftest import crawl_env, kommunevagt, last_run_counts, totals
from tests.demo_crawl import DemoCrawl

pytestmark = pytest.mark.slow

# 16 newspaper articles (one of them latin-1), 5 debate posts, and minutes: two HTML meeting
# pages, one PDF with text, one scanned PDF (kept with status no_text). Not stored: the print
# copy of an article (duplicate), the broken page and the robots.txt-excluded draft (failed).
EXPECTED_KINDS = {"news": 16, "debate": 5, "minutes": 4}


def documents_by_kind(url: str) -> dict[str, int]:
    with Session(get_engine(url)) as session:
        rows = session.exec(select(Document.kind, func.count()).group_by(Document.kind)).all()
    return dict(rows)


def check_demo_archive(database_url: str, output: str) -> None:
    """What one crawl of the demo site must have stored and counted, on either database."""
    assert "soehoejlandets-avis" in output and "total" in output
    assert documents_by_kind(database_url) == EXPECTED_KINDS

    status, counts = last_run_counts(database_url)
    assert status == "finished"
    assert totals(counts, "stored") == 25
    assert (totals(counts, "duplicate"), totals(counts, "failed"), totals(counts, "updated")) == (1, 2, 0)
    reasons = sorted(f["reason"] for f in counts["soehoejlandets-avis"]["failures"])
    assert reasons == ["IgnoreRequest: Forbidden by robots.txt", "no main text found (43 characters)"]
    assert [n["reason"] for n in counts["skanderborg-dagsordener"]["notes"]] == [
        "PDF has no text layer (1 page(s), probably scanned); OCR needed"
    ]

    with Session(get_engine(database_url)) as session:
        latin1_url = col(Document.url).contains("soehoejlandet-busruter")
        latin1 = session.exec(select(Document).where(latin1_url)).one()
        assert "Søren Ørsted" in latin1.text and "Gødvad og Låsby" in latin1.text
        scan = session.exec(select(Document).where(Document.status == "no_text")).one()
        assert scan.kind == "minutes" and scan.text == ""
        assert session.exec(select(func.count()).select_from(Source)).one() == 4
        kommune_mentions = session.exec(
            select(func.count()).select_from(Mention).where(Mention.type == "kommune")
        ).one()
        assert kommune_mentions > 0
        assert is_current(session)  # the crawl refreshed Dækning's aggregate as it finished
        # The member lists of the minutes (HTML and PDF) are in the politician registry.
        registry = {(e.kommune_code, e.name, e.party, e.role) for e in load_registry(session)}
        assert {
            (740, "Helle Brandt Kjær", "A", "borgmester"),  # the byråd's PDF minutes
            (740, "Helle Brandt Kjær", "A", "udvalgsformand"),  # Økonomiudvalget's HTML minutes
            (740, "Lene Skov", "F", "medlem"),  # a name the PDF wraps over two lines
            (746, "Sara Lund Nørgaard", "F", "udvalgsformand"),
        } <= registry


def test_demo_crawl_into_sqlite(demo_crawl: DemoCrawl, tmp_path: Path) -> None:
    first = demo_crawl.first
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-3000:]
    check_demo_archive(demo_crawl.database_copy(tmp_path), first.stdout)


@pytest.mark.postgres
def test_demo_command_crawls_into_postgresql(postgres_server: PostgresServer, tmp_path: Path) -> None:
    """`kommunevagt demo --crawl-only`: the crawl `crawl --demo` runs (demo.run), into PostgreSQL."""
    name = f"kv_demo_{uuid.uuid4().hex[:8]}"
    url = postgres_server.create_database(name)
    env = crawl_env(url, "http://127.0.0.1:9", KOMMUNEVAGT_DATA_DIR=str(tmp_path / "var"))
    del env["KOMMUNEVAGT_DEMO_URL"]  # the command serves the demo site itself
    try:
        result = kommunevagt("demo", "--crawl-only", env=env)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
        assert "demo site: http://127.0.0.1:" in result.stdout
        check_demo_archive(url, result.stdout)
    finally:
        dispose_engines(url)
        postgres_server.drop_database(name)


def test_recrawl_stores_nothing_new(demo_crawl: DemoCrawl, tmp_path: Path) -> None:
    url = demo_crawl.database_copy(tmp_path)
    served_before = len(demo_crawl.server.requests)
    second = demo_crawl.recrawl(url)
    assert second.returncode == 0, second.stderr[-3000:]
    assert documents_by_kind(url) == EXPECTED_KINDS
    status, counts = last_run_counts(url)
    assert (totals(counts, "stored"), totals(counts, "updated")) == (0, 0)
    # 10 feed articles answer 304, 16 sitemap entries are skipped by lastmod, 5 posts answer
    # 304, 2 PDFs answer 304, 2 meeting pages (navigation, re-read) are unchanged.
    assert totals(counts, "unchanged") == 35
    again = demo_crawl.server.requests[served_before:]
    assert sum(1 for _, status in again if status == 304) == 17
    assert ("/avis/artikler/horsens-ledighed-falder.html", 200) not in again  # sitemap-only: lastmod skip


def test_broken_inputs_fail_with_reasons_and_the_rest_completes(
    tmp_path: Path, demo_server: DemoServer
) -> None:
    url = f"sqlite:///{tmp_path / 'kv.sqlite'}"
    sources = tmp_path / "fejl.toml"
    sources.write_text(
        '[[source]]\nname = "fejlkilde"\nkind = "news"\nkommuner = [615]\n'
        'feeds = ["{demo}/fejl/afkortet-feed.xml"]\nsitemaps = ["{demo}/fejl/sitemap.xml"]\n'
    )
    result = kommunevagt("crawl", "--sources", str(sources), env=crawl_env(url, demo_server.url))
    assert result.returncode == 0, result.stderr[-3000:]
    status, counts = last_run_counts(url)
    row = counts["fejlkilde"]
    failures = {f["url"].rsplit("/", 1)[-1]: f["reason"] for f in row["failures"]}
    assert failures["findes-ikke.html"] == "HTTP 404"
    assert failures["omdirigering-a"] == "IgnoreRequest: max redirections reached"
    assert failures["kaempe.html"] == "page larger than 10 MB (DOWNLOAD_MAXSIZE)"
    assert failures["tom.pdf"] == "empty PDF (0 bytes)"
    assert len(failures) == 4
    notes = {n["url"].rsplit("/", 1)[-1]: n["reason"] for n in row["notes"]}
    assert notes["afkortet-feed.xml"].endswith("; 6 entries recovered")
    assert notes["forkert-tegnsaet.html"].startswith("charset 'utf-8' in HTTP header does not match")
    # the 6 recovered feed entries, the wrong-charset page and one good sitemap page
    assert row["stored"] == 8
    assert status == "finished"
    with Session(get_engine(url)) as session:
        repaired_url = col(Document.url).endswith("forkert-tegnsaet.html")
        repaired = session.exec(select(Document).where(repaired_url)).one()
        assert "Skanderborg Kommune" in repaired.text and "\ufffd" not in repaired.text
