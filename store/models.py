"""The tables of Kommunevagt.

Reference tables (Region, Kommune, Party) are keyed by their official codes and letters so the
NLP output can be written without look-ups. Analysis rows (Mention, Statistic, Quote, Claim)
belong to one Document and are replaced together when it is re-analysed. `published_at` is
copied onto analysis rows and link rows so the UI's "X over time" queries are served by one
index each (kommune+date, person+date, kind+date) without joining Document. Timestamps are
`UTCDateTime`: stored as UTC, read back as aware UTC datetimes on both databases.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, LargeBinary, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from store.types import UTCDateTime

# Named constraints let later Alembic revisions drop or alter them on SQLite too (batch mode needs
# names), and make the schema reflect identically on SQLite and PostgreSQL.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# --- reference data -------------------------------------------------------------------------


class Region(SQLModel, table=True):
    code: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})  # DAGI 1081-1085
    name: str = Field(unique=True)


class Kommune(SQLModel, table=True):
    code: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})  # kommunekode
    name: str = Field(unique=True)  # as in "<name> Kommune"
    region_code: int = Field(foreign_key="region.code", index=True)


class Party(SQLModel, table=True):
    letter: str = Field(primary_key=True, max_length=2)  # list letter on the ballot
    name: str
    abbreviation: str | None = None  # what news write: S, SF, DF, EL ...


# --- sources and documents ------------------------------------------------------------------


class SourceKommuneLink(SQLModel, table=True):
    source_id: int = Field(foreign_key="source.id", primary_key=True)
    kommune_code: int = Field(foreign_key="kommune.code", primary_key=True)


class Source(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    kind: str = Field(index=True)  # news | debate | minutes
    homepage: str | None = None


class Document(SQLModel, table=True):
    __table_args__ = (Index("ix_document_source_published", "source_id", "published_at"),)

    id: int | None = Field(default=None, primary_key=True)
    url: str
    # Unique, but the key is per database (revision 0004): SQLite a unique constraint on the URL,
    # PostgreSQL a unique index on md5(canonical_url), as its btree cannot hold a URL over ~2.7 kB.
    # Look documents up by URL through `store.crud`, which uses that key.
    canonical_url: str
    title: str | None = None
    author: str | None = None
    published_at: datetime | None = Field(default=None, index=True, sa_type=UTCDateTime)
    fetched_at: datetime = Field(sa_type=UTCDateTime)
    kind: str = Field(index=True)  # news | debate | minutes
    language: str | None = "da"
    text: str = Field(sa_column=Column(Text, nullable=False))
    content_hash: str = Field(index=True)
    source_id: int | None = Field(default=None, foreign_key="source.id")
    # ok | no_text (e.g. a scanned PDF without a text layer) | failed
    status: str = Field(default="ok", index=True)
    status_reason: str | None = None
    etag: str | None = None
    last_modified: str | None = None  # HTTP Last-Modified or sitemap lastmod, for incremental crawls
    # The story this document is a copy of (store/stories.py), set when it is stored. No foreign key:
    # SQLite cannot add one to an existing table without rebuilding it; store.stories keeps it true.
    story_id: int | None = Field(default=None, index=True)


# --- stories: near-duplicate copies of one text (store/stories.py) ---------------------------


class Story(SQLModel, table=True):
    """Documents that are copies of one text with small edits (a wire story in several outlets)."""

    id: int | None = Field(default=None, primary_key=True)
    # The earliest published copy (ties and unknown dates: the first stored).
    original_document_id: int | None = None
    first_published_at: datetime | None = Field(default=None, index=True, sa_type=UTCDateTime)
    document_count: int = 1


class DocumentMinHash(SQLModel, table=True):
    """A document's MinHash signature (little-endian uint32s) and its number of shingles."""

    document_id: int = Field(foreign_key="document.id", primary_key=True, ondelete="CASCADE")
    signature: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    shingle_count: int


class MinHashBand(SQLModel, table=True):
    """One LSH band key of a document; documents sharing a key are candidates for one story."""

    band_key: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    document_id: int = Field(foreign_key="document.id", primary_key=True, ondelete="CASCADE")


# --- people ---------------------------------------------------------------------------------


class Person(SQLModel, table=True):
    """Anybody the texts name, identified by name and kommune (revision 0009).

    Two people of one name in two kommuner are two rows; a name whose kommune the texts never gave
    is one row with kommune_code NULL (a partial unique index, as a unique constraint lets NULLs
    repeat). `store.people` decides which row a mention belongs to.
    """

    __table_args__ = (
        UniqueConstraint("name", "kommune_code", name="uq_person_name_kommune"),
        Index(
            "uq_person_name_no_kommune",
            "name",
            unique=True,
            sqlite_where=text("kommune_code IS NULL"),
            postgresql_where=text("kommune_code IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str  # canonical full name
    party_letter: str | None = Field(default=None, foreign_key="party.letter", index=True)  # the latest
    is_politician: bool = Field(default=False, index=True)
    roles: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    kommune_code: int | None = Field(default=None, foreign_key="kommune.code", index=True)
    # The registry's politician this person is (PersonMention.registry_id), once known.
    politician_id: int | None = Field(default=None, foreign_key="politician.id", index=True)
    first_seen: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_seen: datetime | None = Field(default=None, sa_type=UTCDateTime)


class PersonParty(SQLModel, table=True):
    """The party history of a person: one row per party from the date a text (or the registry,
    for a text without a letter) first showed it; the party holds until the next row."""

    __tablename__ = "person_party"
    __table_args__ = (Index("ix_person_party_person_since", "person_id", "since"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    party_letter: str = Field(foreign_key="party.letter")
    since: datetime = Field(sa_type=UTCDateTime)
    document_id: int | None = None  # the text that showed it; no key, the history outlives it
    source: str = "text"  # text | registry


# --- the registry of elected politicians (store/politicians.py) ------------------------------


class Politician(SQLModel, table=True):
    """An elected politician of one kommune: the registry's identity (`RegistryEntry.registry_id`)."""

    __table_args__ = (UniqueConstraint("name", "kommune_code", name="uq_politician_name_kommune"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str
    kommune_code: int = Field(foreign_key="kommune.code", index=True)


class PoliticianSeat(SQLModel, table=True):
    """One period of a politician with one party letter and role, from one source.

    `origin` says how the row is kept: "import" rows (an election's list) are replaced by a
    re-import of their source; "minutes" rows form a timeline per politician and role, each row
    valid until the day before the next one starts (`store.politicians.record_minutes`).
    """

    __tablename__ = "politician_seat"
    __table_args__ = (Index("ix_politician_seat_politician_role", "politician_id", "role", "valid_from"),)

    id: int | None = Field(default=None, primary_key=True)
    politician_id: int = Field(foreign_key="politician.id", ondelete="CASCADE")
    party_letter: str | None = Field(default=None, foreign_key="party.letter")
    role: str  # borgmester | viceborgmester | rådmand | udvalgsformand | medlem
    valid_from: date | None = None
    valid_to: date | None = None  # None: still in office, as far as the sources say
    source: str  # "referat <url>", "DST KV21PERS", "valg.dk <file>"
    origin: str  # minutes | import


# --- analysis of one document ---------------------------------------------------------------


class Mention(SQLModel, table=True):
    __table_args__ = (
        Index("ix_mention_target_published", "type", "target_id", "published_at"),
        # Covering index for date-range counts (coverage, most-mentioned politicians): revision 0003.
        Index("ix_mention_type_published", "type", "published_at", "target_id", "document_id"),
        Index("ix_mention_document", "document_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE")
    start: int
    end: int
    text: str
    type: str  # kommune | region | person
    target_id: int  # kommune code, region code or person id
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Statistic(SQLModel, table=True):
    __table_args__ = (
        Index("ix_statistic_kind_published", "kind", "published_at"),
        Index("ix_statistic_document", "document_id"),
        # The figure records of one subject, grouped by measure and period (Tal, revision 0010).
        Index("ix_statistic_figure_record", "subject_type", "subject_code", "measure", "period", "kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE")
    start: int
    end: int
    text: str
    value: float
    value_max: float | None = None
    kind: str  # count | percent | percentage_points | money | rank | other
    unit: str | None = None
    approx: bool = False
    of_value: float | None = None  # denominator of a rank or share
    sentence_start: int
    sentence_end: int
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The figure record (migration 0005; CONTRACT.md "Figure records"); null on older rows.
    measure: str | None = None  # key of nlp/data/statistics/measures.csv
    measure_text: str | None = None
    subject_type: str | None = None  # kommune | region | national | other
    subject_code: int | None = None  # kommunekode or regionskode
    period: str | None = None  # Statistikbanken time code: 2024, 2024H1, 2024K3, 2024M11, 2025:2028
    period_inferred: bool | None = None  # taken from the publication date, not the text
    change_direction: str | None = None  # up | down | same
    change_from: float | None = None
    change_baseline: str | None = None  # forrige periode | forventet | landsgennemsnit | text


class Quote(SQLModel, table=True):
    __table_args__ = (
        Index("ix_quote_speaker_published", "speaker_id", "published_at"),
        Index("ix_quote_document", "document_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE")
    start: int
    end: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    speaker_id: int | None = Field(default=None, foreign_key="person.id")
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Claim(SQLModel, table=True):
    __table_args__ = (
        Index("ix_claim_speaker_published", "speaker_id", "published_at"),
        Index("ix_claim_published", "published_at"),
        Index("ix_claim_document_published", "document_id", "published_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE")
    start: int  # sentence span
    end: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    speaker_id: int | None = Field(default=None, foreign_key="person.id")
    source_org: str | None = None  # "ifølge Beskæftigelsesministeriet"
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ClaimKommune(SQLModel, table=True):
    __table_args__ = (
        Index("ix_claimkommune_kommune_published_claim", "kommune_code", "published_at", "claim_id"),
    )

    claim_id: int = Field(foreign_key="claim.id", primary_key=True, ondelete="CASCADE")
    kommune_code: int = Field(foreign_key="kommune.code", primary_key=True)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ClaimStatistic(SQLModel, table=True):
    # From a statistic to its claims (the key serves claim -> statistics): revision 0003.
    __table_args__ = (Index("ix_claimstatistic_statistic", "statistic_id", "claim_id"),)

    claim_id: int = Field(foreign_key="claim.id", primary_key=True, ondelete="CASCADE")
    statistic_id: int = Field(foreign_key="statistic.id", primary_key=True, ondelete="CASCADE")


# --- official statistics --------------------------------------------------------------------


class OfficialFigure(SQLModel, table=True):
    """One value from Statistikbanken, cached by `kommunevagt stats sync` for `stats check`.

    Keyed by what identifies a cell of a table: table, area code (the table's own code: 000,
    081-085, 3-digit kommune), time code and the codes of the other variables, so a re-sync
    updates rows in place. Subject type and code are the store's (kommune 101, region 1084).
    """

    __tablename__ = "official_figure"
    __table_args__ = (
        UniqueConstraint("table_id", "area_code", "period", "variable_codes", name="uq_official_figure_cell"),
        Index("ix_official_figure_lookup", "measure", "subject_type", "subject_code", "period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    measure: str
    table_id: str
    variable_codes: str  # "ALDER=IALT,CIVILSTAND=TOT,KØN=TOT": the fixed codes, sorted
    area_code: str
    subject_type: str  # national | region | kommune
    subject_code: int | None = None
    period: str  # Statistikbanken time code: 2025K1, 2025M09, 2024
    value: float
    unit: str
    fetched_at: datetime = Field(sa_type=UTCDateTime)
    link: str  # https://www.statbank.dk/<TABLE>


class FigureVerdict(SQLModel, table=True):
    """The verdict of `kommunevagt stats check` on one figure record, kept so that the Tal page
    and the exports show it without recomputing (revision 0010).

    Replaced as a whole by each check; a re-analysed document's statistics are new rows, so
    their old verdicts go with them (ON DELETE CASCADE) until the next check.
    """

    __tablename__ = "figure_verdict"
    __table_args__ = (Index("ix_figure_verdict_published", "published_at"),)

    statistic_id: int = Field(
        foreign_key="statistic.id",
        primary_key=True,
        ondelete="CASCADE",
        sa_column_kwargs={"autoincrement": False},
    )
    verdict: str  # matches | rounded | differs | no_official_figure
    official: float | None = None  # the official value compared (a mean when several codes)
    official_period: str | None = None  # the table's code(s): "2025K1" or "2024M01..2024M12"
    unit: str | None = None
    relative_gap: float | None = None  # (claimed - official) / official
    table_id: str | None = None  # the Statistikbanken table credited
    reason: str | None = None  # why there is no official figure
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # the statistic's
    checked_at: datetime = Field(sa_type=UTCDateTime)


# --- saved searches ("overvågninger", watch/) ------------------------------------------------


class Watch(SQLModel, table=True):
    """A saved search that alerts by e-mail, webhook and Atom feed (watch/).

    `filters` is a `store.queries.filters.ClaimFilter` as JSON (no dates: a watch looks forward).
    The watermarks are the highest document and claim ids below which every row has been matched,
    so each run looks only at rows stored since; ids, unlike publication dates, only grow. On
    PostgreSQL ids can commit out of order (a transaction holding a lower id commits after one
    with a higher id), so a run that saw writers in flight keeps its watermarks and notes the ids
    it saw in `seen_*`; a later run settles them once every transaction older than `seen_at` has
    ended (store/watch_horizon.py), and meanwhile re-reads the window, which the unique item key
    keeps from alerting twice.
    """

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    filters: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    emails: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    webhook_url: str | None = None
    webhook_secret: str | None = None
    frequency: str = "crawl"  # crawl | daily | weekly
    at_time: str | None = None  # "HH:MM" (Europe/Copenhagen) for daily and weekly
    weekday: int | None = None  # 0 = Monday, for weekly
    created_at: datetime = Field(sa_type=UTCDateTime)
    last_run_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_document_id: int = 0
    last_claim_id: int = 0
    seen_document_id: int | None = None  # ids seen while writers were in flight (revision 0013)
    seen_claim_id: int | None = None
    seen_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # database clock


class WatchItem(SQLModel, table=True):
    """One thing a watch found: a document, or its story when the document is one print of many.

    The unique key (watch, item_key) is the sent log's guarantee: a story or document is an item
    of a watch at most once, however many runs or copies see it.
    """

    __tablename__ = "watch_item"
    __table_args__ = (UniqueConstraint("watch_id", "item_key", name="uq_watch_item_key"),)

    id: int | None = Field(default=None, primary_key=True)
    watch_id: int = Field(foreign_key="watch.id", ondelete="CASCADE")
    item_key: str  # "story:<id>" or "document:<id>"
    document_id: int  # no foreign key: the item outlives a document deleted from the archive
    claim_id: int | None = None  # the first matching claim, whose sentence the alert quotes
    # A spike alert's text (store/queries/spikes.py): the headline, then one line per story.
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    matched_at: datetime = Field(sa_type=UTCDateTime)


class WatchDelivery(SQLModel, table=True):
    """An item on one channel of its watch: pending until `sent_at` is set (the sent log)."""

    __tablename__ = "watch_delivery"
    __table_args__ = (Index("ix_watch_delivery_pending", "channel", "sent_at"),)

    item_id: int = Field(foreign_key="watch_item.id", primary_key=True, ondelete="CASCADE")
    channel: str = Field(primary_key=True)  # email | webhook
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    recipients: str | None = None  # the addresses or URL it went to
    last_error: str | None = None


# --- crawl bookkeeping ----------------------------------------------------------------------


class CrawlRun(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sources: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # {source: {"fetched": n, "stored": n, "unchanged": n, "duplicate": n, "failed": n,
    #           "failures": [{"url": ..., "reason": ...}]}}
    counts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = "running"  # running | finished | incomplete | interrupted | failed
    # The process running the crawl, so the next crawl can tell a killed run from a live one.
    host: str | None = None
    pid: int | None = None


# --- aggregates for the UI (store/aggregates.py) -------------------------------------------


class MentionDay(SQLModel, table=True):
    """Mentions per day, mentioned kommune or person, source and document kind: Dækning's counts
    without reading every mention (revision 0011). Rebuilt after each crawl and ingest; read
    only while `AggregateState` says it covers every mention (store/aggregates.py)."""

    __tablename__ = "mention_day"

    type: str = Field(primary_key=True)  # kommune | person
    day: date = Field(primary_key=True)  # UTC day of the mention's published_at
    target_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    source_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})  # 0: none
    document_kind: str = Field(primary_key=True)
    mentions: int
    documents: int  # distinct documents; additive over days, sources and kinds for one target


class FigureGroup(SQLModel, table=True):
    """Figure records per group (subject, measure, period, kind) with what makes a group a
    candidate for a conflict or a drift (revision 0015): Tal reads its newest candidates here
    instead of grouping every record. Rebuilt after each crawl and ingest, for the groups of the
    new records (store/figure_aggregate.py); read only while it covers every statistic row."""

    __tablename__ = "figure_group"
    __table_args__ = (
        Index("ix_figure_group_key", "subject_type", "subject_code", "measure", "period", "kind"),
        Index("ix_figure_group_newest", "newest"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subject_type: str
    subject_code: int | None = None  # None: the whole country
    measure: str
    period: str
    kind: str
    records: int
    stories: int  # distinct stories (a document without one counts alone)
    outlets: int  # distinct sources (a document without one counts alone)
    value_min: float
    value_max: float
    baselines: int  # distinct change baselines
    newest: datetime | None = Field(default=None, sa_type=UTCDateTime)  # the newest record's published_at


class AggregateState(SQLModel, table=True):
    """What an aggregate table was built from: the highest mention id it has seen (for
    `figure_group`, the highest statistic id)."""

    __tablename__ = "aggregate_state"

    name: str = Field(primary_key=True)
    mention_max_id: int
    refreshed_at: datetime = Field(sa_type=UTCDateTime)


__all__ = [
    "AggregateState",
    "Claim",
    "ClaimKommune",
    "ClaimStatistic",
    "CrawlRun",
    "Document",
    "DocumentMinHash",
    "FigureGroup",
    "FigureVerdict",
    "Kommune",
    "Mention",
    "MentionDay",
    "MinHashBand",
    "OfficialFigure",
    "Party",
    "Person",
    "PersonParty",
    "Politician",
    "PoliticianSeat",
    "Quote",
    "Region",
    "Source",
    "SourceKommuneLink",
    "Statistic",
    "Story",
    "Watch",
    "WatchDelivery",
    "WatchItem",
]
