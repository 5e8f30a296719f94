"""Storing a minutes document fills the politician registry from its member lists (the store
pipeline, which the crawl and `ingest` share), in the document's transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from core.result import Extraction, KommuneMention
from crawler.items import DocumentItem
from crawler.pipelines.dedupe import content_hash
from crawler.pipelines.store import prepare_database, store_item
from crawler.sources import Source
from store.db import get_engine, session_scope
from store.politicians import load_registry

MINUTES = """Referat – Byrådet, Silkeborg Kommune
Til stede: Helle Brandt Kjær (A), borgmester, Jens Ole Mikkelsen (V)
Fraværende: Sara Lund Nørgaard (SF)
1. Skatteprocent for 2027
Byrådet vedtog med 17 stemmer mod 14 at hæve udskrivningsprocenten.
"""


@pytest.fixture
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    from core.settings import get_settings

    url = f"sqlite:///{tmp_path / 'kv.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    return url


def _item(
    url: str, kind: str, source: str, text: str = MINUTES, extraction: Extraction | None = None
) -> DocumentItem:
    it = DocumentItem(
        url=url,
        source=source,
        kind=kind,
        text=text,
        fetched_at=datetime(2026, 3, 30, tzinfo=UTC),
        published_at=datetime(2026, 3, 24, 17, tzinfo=UTC),
        canonical_url=url,
    )
    it.content_hash = content_hash(it)
    it.extraction = extraction or Extraction()
    return it


def test_minutes_of_a_one_kommune_source_fill_the_registry(store_url: str) -> None:
    ids = prepare_database([Source(name="Silkeborg referater", kind="minutes", kommuner=(740,))])
    url = "https://dagsorden.silkeborg.example/byraadet-2026-03-24"
    assert store_item(_item(url, "minutes", "Silkeborg referater"), ids["Silkeborg referater"])[0] == "stored"
    with session_scope(get_engine(store_url)) as session:
        entries = load_registry(session, [740])
    assert [(e.name, e.party, e.role, e.valid_from, e.valid_to, e.source) for e in entries] == [
        ("Helle Brandt Kjær", "A", "borgmester", date(2026, 3, 24), None, f"referat {url}"),
        ("Jens Ole Mikkelsen", "V", "medlem", date(2026, 3, 24), None, f"referat {url}"),
        ("Sara Lund Nørgaard", "F", "medlem", date(2026, 3, 24), None, f"referat {url}"),
    ]


def test_the_kommune_comes_from_the_text_when_the_source_has_none(store_url: str) -> None:
    ids = prepare_database([Source(name="lokal", kind="minutes")])
    named = Extraction(kommuner=[KommuneMention("Silkeborg Kommune", 26, 43, 740, "Silkeborg")])
    store_item(_item("https://a.example/1", "minutes", "lokal", extraction=named), ids["lokal"])
    # Two kommuner named and no kommune of the source: credited to neither.
    both = Extraction(
        kommuner=[
            KommuneMention("Silkeborg Kommune", 26, 43, 740, "Silkeborg"),
            KommuneMention("Skanderborg", 0, 11, 746, "Skanderborg"),
        ]
    )
    text = MINUTES.replace("Helle Brandt Kjær", "Ulla Holm")
    store_item(_item("https://a.example/2", "minutes", "lokal", text=text, extraction=both), ids["lokal"])
    with session_scope(get_engine(store_url)) as session:
        names = {(e.name, e.kommune_code) for e in load_registry(session)}
    assert names == {("Helle Brandt Kjær", 740), ("Jens Ole Mikkelsen", 740), ("Sara Lund Nørgaard", 740)}


def test_news_with_a_list_shaped_line_is_not_minutes(store_url: str) -> None:
    ids = prepare_database([Source(name="avis", kind="news", kommuner=(740,))])
    store_item(_item("https://avis.example/1", "news", "avis"), ids["avis"])
    with session_scope(get_engine(store_url)) as session:
        assert load_registry(session) == []


def test_ingest_resolves_persons_against_the_registry_stored_minutes_filled(
    store_url: str, tmp_path: Path
) -> None:
    """The registry reaches the NLP: a later article that names a member without a party gets the
    party and the registry id from the minutes stored before it (crawler.pipelines.analyse)."""
    from sqlmodel import select

    from crawler.ingest import ingest_files
    from store.models import Person

    minutes = tmp_path / "referat.txt"
    minutes.write_text(MINUTES, encoding="utf-8")
    article = tmp_path / "artikel.txt"
    article.write_text(
        "Silkeborg, 30. marts 2026\n\nJens Ole Mikkelsen vil have flere cykelstier i Silkeborg "
        "Kommune. - Det haster, siger Jens Ole Mikkelsen til avisen.\n",
        encoding="utf-8",
    )
    [stored] = ingest_files([minutes], kind="minutes", source="Silkeborg referater")
    assert stored.outcome == "stored", stored.line()
    [news] = ingest_files([article], kind="news", source="lokalavis")
    assert news.outcome == "stored", news.line()
    with session_scope(get_engine(store_url)) as session:
        registry = {e.name: e for e in load_registry(session, [740])}
        person = session.exec(select(Person).where(Person.name == "Jens Ole Mikkelsen")).one()
    assert person.party_letter == "V" and person.kommune_code == 740
    assert person.politician_id == registry["Jens Ole Mikkelsen"].registry_id
