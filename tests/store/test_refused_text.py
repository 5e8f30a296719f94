"""What SQLite stores, PostgreSQL must store too: NUL characters, broken decodes, long URLs.

Every test runs on both databases. The dirty document is made from a clean sample by putting
NULs into its text (and names) and moving the analysis offsets with them, as the NLP would have
reported them; once stored, the document and its analysis must equal the clean sample's exactly,
so the offsets were moved back correctly.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
import string
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core.result import Extraction
from store import crud
from store.db import get_engine, session_scope
from store.models import Claim, Document, Mention, Person, Quote, Statistic
from tests.store.factories import sample

EVERY = 7  # a NUL before every 7th character
STARTS = ("start", "sentence_start")
ENDS = ("end", "sentence_end")
LISTS = [f.name for f in dataclasses.fields(Extraction)]


@pytest.fixture
def session(migrated_database_url: str) -> Iterator[Session]:
    with session_scope(get_engine(migrated_database_url), write=True) as session:
        yield session


def with_nuls(document: Document, extraction: Extraction) -> tuple[Document, Extraction]:
    """The sample as the NLP would have seen it with NULs in the text and in the names."""
    dirty = "".join(("\x00" + ch) if i % EVERY == 0 else ch for i, ch in enumerate(document.text))

    def dirtied(item: Any) -> Any:
        changes: dict[str, Any] = {}
        for name in STARTS:  # the character at p moved past the NULs before it and its own
            if hasattr(item, name):
                changes[name] = getattr(item, name) + getattr(item, name) // EVERY + 1
        for name in ENDS:  # the end at p moved past the NULs before characters < p
            if hasattr(item, name):
                changes[name] = getattr(item, name) + (getattr(item, name) + EVERY - 1) // EVERY
        changes["text"] = dirty[changes["start"] : changes["end"]]
        for name in ("name", "speaker"):
            if isinstance(getattr(item, name, None), str):
                changes[name] = "\x00" + getattr(item, name)
        return dataclasses.replace(item, **changes)

    found = Extraction(**{name: [dirtied(i) for i in getattr(extraction, name)] for name in LISTS})
    copy = Document(**document.model_dump(exclude={"id"}))
    copy.text = dirty
    copy.title = f"{document.title}\x00"
    return copy, found


def analysis(session: Session, document_id: int) -> list[tuple[str, int, int, str]]:
    found: list[tuple[str, int, int, str]] = []
    models: tuple[type[Mention | Statistic | Quote | Claim], ...] = (Mention, Statistic, Quote, Claim)
    for model in models:
        query = select(model.start, model.end, model.text).where(model.document_id == document_id)
        found += [(model.__name__, start, end, text) for start, end, text in session.exec(query)]
    return sorted(found)


def test_nul_characters_are_dropped_with_a_note_and_offsets_follow(
    session: Session, migrated_database_url: str
) -> None:
    clean_doc, clean_found = sample(1, url="https://avis.example/ren")
    dirty_doc, dirty_found = with_nuls(*sample(1, url="https://avis.example/beskidt"))
    assert dirty_doc.text.count("\x00") > 50

    clean = crud.store_document(session=session, document=clean_doc, extraction=clean_found)
    dirty = crud.store_document(session=session, document=dirty_doc, extraction=dirty_found)
    assert clean.notes == [] and clean.document.status_reason is None
    nuls = dirty_doc.text.count("\x00")  # the text is cleaned in place ...
    assert nuls == 0 and len(dirty.notes) == 1 and "NUL character(s) removed" in dirty.notes[0]
    session.commit()

    stored = session.get(Document, dirty.document.id)
    assert stored is not None and "\x00" not in stored.text + (stored.title or "")
    assert stored.text == clean.document.text and stored.title == clean.document.title
    assert stored.status == "ok" and stored.status_reason == dirty.notes[0]
    assert analysis(session, dirty.document.id or 0) == analysis(session, clean.document.id or 0)
    names = session.exec(select(Person.name)).all()
    assert names and all("\x00" not in name for name in names)
    assert len(names) == len({m.name for m in clean_found.persons})  # the same people, not new ones


def test_lone_surrogates_become_replacement_characters(session: Session) -> None:
    document, found = sample(2)
    document.text = document.text.replace("offentliggjorde", "offentliggjord\udce6")  # same length
    document.author = "Lokalavisen \ud800"
    result = crud.store_document(session=session, document=document, extraction=found)
    session.commit()
    stored = session.get(Document, result.document.id)
    assert stored is not None and "offentliggjord\ufffd" in stored.text
    assert stored.author == "Lokalavisen \ufffd"
    assert result.notes == ["2 undecodable character(s) replaced with U+FFFD"]


def long_url(tail: str) -> str:
    """About 10 kB of query string that compresses badly (PostgreSQL compresses index entries)."""
    pairs = (f"f{i}={hashlib.sha256(str(i).encode()).hexdigest()[:16]}" for i in range(500))
    return "https://avis.example/sog?" + "&".join(pairs) + tail


def test_long_canonical_urls_are_stored_found_and_kept_unique(session: Session) -> None:
    first, second = long_url("&side=1"), long_url("&side=2")  # the same first 10 kB
    assert len(first) > 10_000
    doc, found = sample(3, url=first)
    assert crud.store_document(session=session, document=doc, extraction=found).outcome == "stored"
    doc, found = sample(4, url=second)
    assert crud.store_document(session=session, document=doc, extraction=found).outcome == "stored"
    doc, found = sample(3, url=first)
    assert crud.store_document(session=session, document=doc, extraction=found).outcome == "unchanged"
    session.commit()

    row = crud.get_document_by_canonical_url(session=session, canonical_url=second)
    assert row is not None and row.title == "Ledigheden falder (udgave 4)"
    assert crud.get_document_by_canonical_url(session=session, canonical_url=long_url("&side=3")) is None

    twin, _ = sample(5, url=first)  # around crud: the database itself refuses a second row
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(twin)


def test_url_look_ups_use_the_unique_url_index(migrated_database_url: str) -> None:
    """SQLite: the unique constraint on the URL; PostgreSQL: the unique index on its md5."""
    postgresql = migrated_database_url.startswith("postgresql")
    with session_scope(get_engine(migrated_database_url)) as session:
        statement = select(Document).where(crud._url_is(session, long_url("")))
        compiled = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        if postgresql:
            session.execute(text("SET LOCAL enable_seqscan = off"))  # the table is empty
        explain = "EXPLAIN" if postgresql else "EXPLAIN QUERY PLAN"
        plan = "\n".join(str(row[-1]) for row in session.execute(text(f"{explain} {compiled}")))
    index = "uq_document_canonical_url_md5" if postgresql else "sqlite_autoindex_document_1"
    assert index in plan, plan


def test_a_name_too_long_for_the_name_index_is_left_out(session: Session) -> None:
    """A 3 kB run of letters the NLP took for a name (seen with `extract`) must not sink the document."""
    document, found = sample(6)
    letters = "".join(random.Random(17).choices(string.ascii_lowercase, k=3200))  # pglz cannot shrink it
    long_name = f"Kristian{letters} Hansen"
    real = found.persons[0].name
    found.persons.append(dataclasses.replace(found.persons[0], name=long_name))
    found.quotes[0] = dataclasses.replace(found.quotes[0], speaker=long_name)
    result = crud.store_document(session=session, document=document, extraction=found)
    session.commit()
    assert result.notes == ["1 person name(s) over 2000 bytes left out (not a name)"]
    assert sorted(session.exec(select(Person.name)).all()) == sorted(
        {p.name for p in found.persons} - {long_name}
    )
    quote = session.exec(select(Quote)).one()
    assert quote.speaker_id is None and real in {p.name for p in found.persons}
