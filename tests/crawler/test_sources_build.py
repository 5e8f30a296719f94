"""sources.toml's FirstAgenda block is generated from the kommune -> agenda host table."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from crawler.sources import DEFAULT_SOURCES, load_sources
from crawler.sources_build import BEGIN, END, HOSTS_CSV, SYSTEMS, main, slug


def test_shipped_sources_are_what_the_build_writes() -> None:
    assert main(["--check"]) == 0


def test_one_firstagenda_source_per_kommune_on_firstagenda() -> None:
    with open(HOSTS_CSV, encoding="utf-8", newline="") as fh:
        table = {int(r["kommunekode"]): r["host"] for r in csv.DictReader(fh) if r["system"] == "firstagenda"}
    generated = [s for s in load_sources(DEFAULT_SOURCES) if s.agenda_system == "firstagenda"]
    assert len(table) == 88
    assert {s.kommuner: s.start_urls for s in generated} == {
        (code,): (f"https://{host}/",) for code, host in table.items()
    }
    hvidovre = next(s for s in generated if s.kommuner == (167,))
    assert hvidovre.name == "hvidovre-dagsordener" and hvidovre.kind == "minutes"
    assert hvidovre.spiders() == ["minutes"]


def test_build_replaces_only_its_block_and_check_sees_a_stale_file(tmp_path: Path) -> None:
    hosts = tmp_path / "hosts.csv"
    hosts.write_text(
        "kommunekode,kommune_name_in_source,host,system,entry_point_used_by_scanner\n"
        "0169,Høje-Taastrup,dagsordener.htk.dk,firstagenda,x\n"
        "0101,København,www.kk.dk,kk_jsonapi,x\n",
        encoding="utf-8",
    )
    sites = tmp_path / "sites.csv"
    sites.write_text(
        "kommunekode,name,domain,derived_from\n0169,Høje-Taastrup,htk.dk,x\n0101,København,kk.dk,x\n",
        encoding="utf-8",
    )
    sources = tmp_path / "sources.toml"
    hand_written = (
        '[[source]]\nname = "egen"\nkind = "news"\nkommuner = [101]\nfeeds = ["https://a.dk/rss"]\n'
    )
    sources.write_text(f"{hand_written}{BEGIN} x\n[[source]]\nname = 'old'\n{END}\n", encoding="utf-8")
    args = ["--hosts", str(hosts), "--sites", str(sites), "--sources", str(sources)]
    assert main([*args, "--check"]) == 1
    assert main(args) == 0
    assert main([*args, "--check"]) == 0
    assert sources.read_text(encoding="utf-8").startswith(hand_written)
    loaded = load_sources(sources)
    assert [(s.name, s.kommuner) for s in loaded] == [
        ("egen", (101,)),  # København's own news source is hand-written, so none is generated
        ("hoeje-taastrup-kommune-nyheder", (169,)),
        ("koebenhavn-dagsordener", (101,)),  # kk.dk's JSON:API
        ("hoeje-taastrup-dagsordener", (169,)),
    ]
    news = loaded[1]
    assert loaded[2].agenda_system == "kk_jsonapi"
    assert news.start_urls == ("https://htk.dk/nyheder",) and news.spiders() == ["article"]


def test_every_kommune_has_a_news_source_and_minutes_where_an_adapter_exists() -> None:
    sources = load_sources(DEFAULT_SOURCES)
    own_news = {s.kommuner[0] for s in sources if s.kind == "news" and len(s.kommuner) == 1}
    assert len(own_news) == 98
    with open(HOSTS_CSV, encoding="utf-8", newline="") as fh:
        on_adapter = {int(r["kommunekode"]) for r in csv.DictReader(fh) if r["system"] in SYSTEMS}
    minutes = {s.kommuner[0] for s in sources if s.agenda_system}
    assert (
        minutes == on_adapter and len(minutes) == 93
    )  # 88 FirstAgenda, 2 Åben Dagsorden, kk.dk, 2 Meetings+


def test_file_without_markers_is_refused(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text("", encoding="utf-8")
    with pytest.raises(SystemExit, match="generated"):
        main(["--sources", str(sources)])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Høje-Taastrup", "hoeje-taastrup"),
        ("Nordfyns Kommune", "nordfyns"),
        ("Ærø", "aeroe"),
        ("Tårnby", "taarnby"),
    ],
)
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected
