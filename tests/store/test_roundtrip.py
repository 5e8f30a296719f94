"""Every model is written and read back unchanged, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from sqlmodel import SQLModel

from store.db import get_engine, session_scope
from store.models import (
    AggregateState,
    Claim,
    ClaimKommune,
    ClaimStatistic,
    CrawlRun,
    Document,
    DocumentMinHash,
    FigureGroup,
    FigureVerdict,
    Kommune,
    Mention,
    MentionDay,
    MinHashBand,
    OfficialFigure,
    Party,
    Person,
    PersonParty,
    Politician,
    PoliticianSeat,
    Quote,
    Region,
    Source,
    SourceKommuneLink,
    Statistic,
    Story,
    Watch,
    WatchDelivery,
    WatchItem,
)

WHEN = datetime(2025, 11, 18, 19, 45, 30, 123456, tzinfo=UTC)


def _rows() -> list[SQLModel]:
    """One row of every table, with every column set, in insert order."""
    return [
        Region(code=1099, name="Region Prøve"),
        Kommune(code=999, name="Æbleø", region_code=1099),
        Party(letter="X", name="Lokalliste Æ/Ø/Å", abbreviation="LÆ"),
        Source(id=1, name="Æbleø Avis", kind="news", homepage="https://aebleoe.example/"),
        SourceKommuneLink(source_id=1, kommune_code=999),
        Document(
            id=1,
            url="https://aebleoe.example/a?x=1",
            canonical_url="https://aebleoe.example/a",
            title="Skolerne på Æbleø får 4,5 mio. kr.",
            author="Søren Ærø",
            published_at=WHEN,
            fetched_at=WHEN + timedelta(minutes=5),
            kind="minutes",
            language="da",
            text="Økonomiudvalget indstiller, at skolerne får 4,5 mio. kr. ekstra.\n" * 3,
            content_hash="ab" * 32,
            source_id=1,
            status="no_text",
            status_reason="scannet PDF uden tekstlag",
            etag='W/"17-abc"',
            last_modified="Tue, 18 Nov 2025 19:45:30 GMT",
            story_id=1,
        ),  # fmt: skip
        Story(id=1, original_document_id=1, first_published_at=WHEN, document_count=2),
        DocumentMinHash(document_id=1, signature=bytes(range(256)), shingle_count=61),
        MinHashBand(band_key=-(2**63) + 5, document_id=1),
        MinHashBand(band_key=2**63 - 1, document_id=1),
        Politician(id=1, name="Åse Ørum", kommune_code=999),
        PoliticianSeat(
            id=1,
            politician_id=1,
            party_letter="X",
            role="borgmester",
            valid_from=date(2022, 1, 1),
            valid_to=date(2025, 12, 31),
            source="DST KV21PERS",
            origin="import",
        ),
        Person(
            id=1,
            name="Åse Ørum",
            party_letter="X",
            is_politician=True,
            roles=["borgmester", "formand for økonomiudvalget"],
            kommune_code=999,
            politician_id=1,
            first_seen=WHEN - timedelta(days=400),
            last_seen=WHEN,
        ),  # fmt: skip
        PersonParty(id=1, person_id=1, party_letter="X", since=WHEN, document_id=1, source="registry"),
        Mention(
            id=1,
            document_id=1,
            start=0,
            end=15,
            text="Økonomiudvalget",
            type="person",
            target_id=1,
            published_at=WHEN,
        ),  # fmt: skip
        Statistic(
            id=1,
            document_id=1,
            start=44,
            end=56,
            text="4,5 mio. kr.",
            value=4_500_000.0,
            value_max=5_250_000.5,
            kind="money",
            unit="kr.",
            approx=True,
            of_value=98.0,
            sentence_start=0,
            sentence_end=65,
            published_at=WHEN,
            measure="budget",
            measure_text="skolerne får",
            subject_type="kommune",
            subject_code=999,
            period="2025M11",
            period_inferred=True,
            change_direction="up",
            change_from=4_000_000.0,
            change_baseline="forrige periode",
        ),  # fmt: skip
        Quote(
            id=1, document_id=1, start=0, end=20, text="»Det er en god dag«", speaker_id=1, published_at=WHEN
        ),
        Claim(
            id=1,
            document_id=1,
            start=0,
            end=65,
            text="Økonomiudvalget indstiller ...",
            speaker_id=1,
            source_org="ifølge Beskæftigelsesministeriet",
            published_at=WHEN,
        ),  # fmt: skip
        ClaimKommune(claim_id=1, kommune_code=999, published_at=WHEN),
        ClaimStatistic(claim_id=1, statistic_id=1),
        FigureVerdict(
            statistic_id=1,
            verdict="differs",
            official=1234.5,
            official_period="2025K1",
            unit="personer",
            relative_gap=-0.0125,
            table_id="FOLK1A",
            reason=None,
            published_at=WHEN,
            checked_at=WHEN,
        ),  # fmt: skip
        CrawlRun(
            id=1,
            started_at=WHEN,
            finished_at=WHEN + timedelta(hours=1),
            sources=["aebleoe", "kommune-dagsorden"],
            counts={"aebleoe": {"fetched": 3, "failures": [{"url": "https://x.example/", "reason": "404"}]}},
            status="interrupted",
        ),  # fmt: skip
        OfficialFigure(
            id=1,
            measure="befolkning",
            table_id="FOLK1A",
            variable_codes="ALDER=IALT,CIVILSTAND=TOT,KØN=TOT",
            area_code="999",
            subject_type="kommune",
            subject_code=999,
            period="2025K1",
            value=1234.5,
            unit="personer",
            fetched_at=WHEN,
            link="https://www.statbank.dk/FOLK1A",
        ),
        Watch(
            id=1,
            name="Æbleø i pressen",
            filters={"kommuner": [999], "text": "skole ø"},
            emails=["presse@æbleø.example", "b@example.dk"],
            webhook_url="https://hook.example/kv",
            webhook_secret="hemmelig",
            frequency="weekly",
            at_time="07:00",
            weekday=6,
            created_at=WHEN,
            last_run_at=WHEN + timedelta(days=1),
            last_document_id=1,
            last_claim_id=1,
        ),  # fmt: skip
        WatchItem(
            id=1, watch_id=1, item_key="story:1", document_id=1, claim_id=1, note="Æ\nø", matched_at=WHEN
        ),
        WatchDelivery(
            item_id=1, channel="email", sent_at=WHEN, recipients="presse@æbleø.example", last_error="421 igen"
        ),
        MentionDay(
            type="kommune",
            day=WHEN.date(),
            target_id=999,
            source_id=1,
            document_kind="minutes",
            mentions=3,
            documents=1,
        ),
        AggregateState(name="mention_day", mention_max_id=1, refreshed_at=WHEN),
        FigureGroup(
            id=1,
            subject_type="national",
            subject_code=None,
            measure="ledighedsprocent",
            period="2025M02",
            kind="percent",
            records=3,
            stories=2,
            outlets=2,
            value_min=4.1,
            value_max=4.25,
            baselines=1,
            newest=WHEN,
        ),  # fmt: skip
    ]


def test_every_model_round_trips(migrated_database_url: str) -> None:
    engine = get_engine(migrated_database_url)
    written = _rows()
    assert {type(row) for row in written} == {
        mapper.class_
        for mapper in SQLModel._sa_registry.mappers
        if mapper.class_.__module__ == "store.models"
    }
    expected = [(type(row), row.model_dump()) for row in written]
    with session_scope(engine) as session:
        for row in written:
            session.add(row)
            session.flush()

    with session_scope(engine) as session:
        for model, values in expected:
            key = tuple(values[c.name] for c in model.__table__.primary_key.columns)  # type: ignore[attr-defined]
            stored = session.get(model, key if len(key) > 1 else key[0])
            assert stored is not None, model
            assert stored.model_dump() == values, model


def test_timestamps_read_back_as_aware_utc(migrated_database_url: str) -> None:
    copenhagen = timezone(timedelta(hours=1))
    with session_scope(get_engine(migrated_database_url)) as session:
        session.add(
            CrawlRun(id=7, started_at=datetime(2025, 1, 2, 13, 0, tzinfo=copenhagen), sources=[], counts={})
        )
        session.add(
            CrawlRun(id=8, started_at=datetime(2025, 1, 2, 12, 0), sources=[], counts={})
        )  # naive = UTC
    with session_scope(get_engine(migrated_database_url)) as session:
        for run_id in (7, 8):
            run = session.get(CrawlRun, run_id)
            assert run is not None
            assert run.started_at == datetime(2025, 1, 2, 12, 0, tzinfo=UTC)
            assert run.started_at.utcoffset() == timedelta(0)
