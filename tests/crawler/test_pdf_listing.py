"""A generic listing page whose documents are PDF links (`article_pattern = "\\.pdf$"`).

Scrapy's LinkExtractor drops .pdf links by default (`deny_extensions`); such a source used to
store nothing. Unit test on the demo agenda portal's pages, then a real crawl of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from crawler.spiders.article import ArticleSpider
from demo.server import DemoServer
from store.db import get_engine
from store.models import Document
from tests.crawler.conftest import (
    DEMO_URL,
    crawl_env,
    file_response,
    kommunevagt,
    last_run_counts,
    make_spider,
)

PORTAL = "dagsordenportal/silkeborg"
SOURCES = f"""
[[source]]
name = "pdf-liste"
kind = "minutes"
kommuner = [740]
start_urls = ["{{demo}}/{PORTAL}/"]
follow_pattern = "/moede/"
article_pattern = "\\\\.pdf$"
"""


@pytest.fixture
def sources_file(tmp_path: Path) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(SOURCES, encoding="utf-8")
    return path


def test_pdf_links_on_a_listing_are_documents(sources_file: Path) -> None:
    spider = make_spider(ArticleSpider, sources_file, "pdf-liste")
    meta = {"source": "pdf-liste", "root": f"{DEMO_URL}/{PORTAL}/"}
    response = file_response(f"{PORTAL}/moede/2026-03-24-byraadet.html", meta=meta)
    documents = [r.url for r in spider.parse(response) if r.meta.get("document")]
    assert documents == [f"{DEMO_URL}/{PORTAL}/filer/2026-03-24-byraadet-referat.pdf"]


@pytest.mark.slow
def test_crawl_stores_the_pdfs_of_a_listing(tmp_path: Path, sources_file: Path) -> None:
    # SQLite only: what is tested is the spider; the demo crawl into PostgreSQL (test_e2e)
    # stores this PDF's text there too.
    database_url = f"sqlite:///{tmp_path / 'kv.sqlite'}"
    with DemoServer() as server:
        result = kommunevagt("crawl", "--sources", str(sources_file), env=crawl_env(database_url, server.url))
    assert result.returncode == 0, result.stderr[-3000:]
    status, counts = last_run_counts(database_url)
    assert status == "finished" and counts["pdf-liste"]["stored"] == 1
    with Session(get_engine(database_url)) as session:
        (doc,) = session.exec(select(Document)).all()
    assert doc.url.endswith("/filer/2026-03-24-byraadet-referat.pdf") and "25,8 pct." in doc.text
