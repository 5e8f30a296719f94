"""The figures a person quoted, with the verdict of `statbank.check` where an official figure is
synced (the Politikere page's "Tal personen har citeret"), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import select

from core.result import ClaimMention, Extraction, FigureSubject, PersonMention, StatisticMention
from store.crud import store_analysed_document
from store.db import get_engine, session_scope
from store.models import Document, Person
from store.official import upsert_official_figures
from tests.store.factories import content_hash
from ui.data import _person_figure_checks

NAME = "Anders Kristensen"


def _document(url: str, day: date, figure: str, value: float) -> tuple[Document, Extraction]:
    text = f"Ledigheden i Aarhus var {figure} i januar, siger {NAME} (A)."
    start = text.index(figure)
    statistic = StatisticMention(
        figure, start, start + len(figure), "percent", value, None, "%", False, None, 0, len(text),
        measure="ledighedsprocent", subject=FigureSubject("kommune", 751), period="2025M01",
    )  # fmt: skip
    at = text.index(NAME)
    person = PersonMention(NAME, at, at + len(NAME), NAME, "A", "borgmester", True, kommune=751)
    claim = ClaimMention(text, 0, len(text), [0], NAME, [751], None)
    published = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    document = Document(url=url, canonical_url=url, published_at=published, fetched_at=published, kind="news",
                        text=text, content_hash=content_hash(text))  # fmt: skip
    return document, Extraction(persons=[person], statistics=[statistic], claims=[claim])


def test_quoted_figures_get_their_verdicts(migrated_database_url: str) -> None:
    official = dict(
        measure="ledighedsprocent", table_id="AUP01", variable_codes="ALDER=TOT,KØN=TOT", area_code="751",
        subject_type="kommune", subject_code=751, period="2025M01", value=4.1, unit="pct.",
        fetched_at=datetime(2025, 3, 1, tzinfo=UTC), link="https://www.statbank.dk/AUP01",
    )  # fmt: skip
    with session_scope(get_engine(migrated_database_url), write=True) as session:
        for url, day, figure, value in [
            ("https://a.example/1", date(2025, 2, 10), "4,1 procent", 4.1),
            ("https://a.example/2", date(2025, 2, 20), "5,5 procent", 5.5),
        ]:
            document, extraction = _document(url, day, figure, value)
            store_analysed_document(session=session, document=document, extraction=extraction)
        upsert_official_figures(session=session, rows=[official])
    with session_scope(get_engine(migrated_database_url)) as session:
        person = session.exec(select(Person).where(Person.name == NAME)).one()
        checked = _person_figure_checks(session, person_id=person.id or 0)
    assert [(c.quoted.figure.text, c.verdict, c.official, c.table) for c in checked] == [
        ("5,5 procent", "differs", 4.1, "AUP01"),  # newest first
        ("4,1 procent", "matches", 4.1, "AUP01"),
    ]
    assert checked[0].quoted.published_at == datetime(2025, 2, 20, 9, tzinfo=UTC)
