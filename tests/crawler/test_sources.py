"""Sources files: the shipped real-world list, the demo list, and errors that name the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.sources import DEFAULT_SOURCES, SourceConfigError, load_sources, select
from demo import DEMO_SOURCES


def test_shipped_sources_are_valid_and_cover_every_kind() -> None:
    sources = load_sources(DEFAULT_SOURCES)
    assert {s.kind for s in sources} == {"news", "debate", "minutes"}
    assert all(s.spiders() for s in sources)
    assert all(s.kommuner for s in sources)
    for source in sources:
        for url in (*source.feeds, *source.sitemaps, *source.start_urls):
            assert url.startswith("https://"), url


def test_demo_sources_need_and_use_the_demo_url() -> None:
    with pytest.raises(SourceConfigError, match="demo URL"):
        load_sources(DEMO_SOURCES)
    sources = load_sources(DEMO_SOURCES, demo_url="http://127.0.0.1:9/")
    avis = select(sources, ["soehoejlandets-avis"])[0]
    assert avis.feeds == ("http://127.0.0.1:9/avis/rss.xml",)
    assert avis.spiders() == ["feed", "sitemap"]
    assert avis.domains() == ["127.0.0.1"]


def test_bad_files_say_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('[[source]]\nname = "x"\nkind = "blog"\nfeeds = ["https://x.dk/rss"]\n')
    with pytest.raises(SourceConfigError, match="source x: kind"):
        load_sources(path)
    path.write_text('[[source]]\nname = "x"\nkind = "news"\n')
    with pytest.raises(SourceConfigError, match="needs feeds"):
        load_sources(path)
    path.write_text('[[source]]\nname = "x"\nkind = "news"\nfeeds = ["https://x.dk/rss"]\n')
    with pytest.raises(SourceConfigError, match="unknown source"):
        select(load_sources(path), ["y"])
