"""Every read query the UI runs, as keyword-only functions over SQLAlchemy `select()` statements.

The UI never writes SQL: it calls these functions with a session and plain values and gets back
small frozen dataclasses (picklable, so Streamlit can cache them). Everything that can grow with
the database is paged (LIMIT/OFFSET) or aggregated in SQL, so a page never pulls a whole table
into Python. Filters on claims are expressed as `IN (subquery)` conditions on indexed columns
(document_id, speaker_id, claim id) so SQLite can start from whichever index is most selective.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Literal, get_args

from sqlalchemy import ColumnElement, Date, Integer, Select, and_, cast, desc, false, literal, union_all
from sqlalchemy import func as sa_func
from sqlalchemy import select as _sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from nlp.result import StatisticKind
from store.models import (
    Claim,
    ClaimKommune,
    ClaimStatistic,
    Document,
    Kommune,
    Mention,
    Party,
    Person,
    Quote,
    Region,
    Source,
    Statistic,
)

# Wide selects mix model attributes (typed as plain Python values by SQLModel) with SQL expressions,
# which no `select` overload describes; they are typed as Any and run through `_rows`.
sa_select: Callable[..., Any] = _sa_select

Period = Literal["day", "week", "month", "quarter"]
STATISTIC_KINDS: tuple[str, ...] = get_args(StatisticKind)

# --- value objects ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """What the Tidslinje sidebar can narrow claims by; empty fields do not filter."""

    kommuner: tuple[int, ...] = ()
    regions: tuple[int, ...] = ()
    parties: tuple[str, ...] = ()
    persons: tuple[int, ...] = ()
    statistic_kinds: tuple[str, ...] = ()
    document_kinds: tuple[str, ...] = ()
    sources: tuple[int, ...] = ()
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    text: str = ""


@dataclass(frozen=True, slots=True)
class Option:
    """One choice in a filter widget."""

    value: Any
    label: str


@dataclass(frozen=True, slots=True)
class FilterOptions:
    kommuner: tuple[Option, ...]
    regions: tuple[Option, ...]
    parties: tuple[Option, ...]
    sources: tuple[Option, ...]
    document_kinds: tuple[str, ...]
    statistic_kinds: tuple[str, ...]
    kommune_region: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PeriodCount:
    period: date
    count: int
    series: str = ""


@dataclass(frozen=True, slots=True)
class Figure:
    """A quoted figure inside a sentence; offsets are relative to the sentence."""

    start: int
    end: int
    text: str
    kind: str
    value: float
    unit: str | None


@dataclass(frozen=True, slots=True)
class ClaimCard:
    id: int
    text: str
    published_at: datetime | None
    url: str
    title: str | None
    document_kind: str
    source_name: str | None
    source_org: str | None
    speaker_id: int | None
    speaker_name: str | None
    party_letter: str | None
    roles: tuple[str, ...]
    kommuner: tuple[str, ...]
    figures: tuple[Figure, ...]


@dataclass(frozen=True, slots=True)
class PersonSummary:
    id: int
    name: str
    party_letter: str | None
    is_politician: bool
    roles: tuple[str, ...]
    kommune_name: str | None
    claims: int
    quotes: int
    mentions: int


@dataclass(frozen=True, slots=True)
class PersonDetail:
    summary: PersonSummary
    party_name: str | None
    first_seen: datetime | None
    last_seen: datetime | None


@dataclass(frozen=True, slots=True)
class Statement:
    kind: str  # "Citat" | "Påstand"
    id: int
    text: str
    published_at: datetime | None
    url: str
    title: str | None
    source_name: str | None


@dataclass(frozen=True, slots=True)
class KommuneCount:
    code: int
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One quoted figure about a kommune, with the sentence and document it came from."""

    statistic_id: int
    claim_id: int
    published_at: datetime | None
    period: date | None
    kind: str
    unit: str | None
    value: float
    value_max: float | None
    of_value: float | None
    figure_text: str
    sentence: str
    figure_start: int  # relative to the sentence
    figure_end: int
    url: str
    title: str | None
    document_kind: str
    source_name: str | None
    speaker_name: str | None
    source_org: str | None


@dataclass(frozen=True, slots=True)
class FigureConflict:
    """A (kind, unit, period) for which the quoted values disagree beyond rounding."""

    kind: str
    unit: str | None
    period: date
    figures: int
    distinct_values: int
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class CoverageRow:
    week: date
    kommune_code: int
    kommune_name: str
    source_name: str | None
    document_kind: str
    mentions: int
    documents: int


@dataclass(frozen=True, slots=True)
class PoliticianCount:
    id: int
    name: str
    party_letter: str | None
    roles: tuple[str, ...]
    mentions: int
    documents: int


@dataclass(frozen=True, slots=True)
class NewSince:
    documents: int
    claims: int
    quotes: int
    persons: tuple[PersonSummary, ...]
    per_source: tuple[KommuneCount, ...]  # code = source id, name = source name


# --- helpers ----------------------------------------------------------------------------------


def _rows(session: Session, statement: Any) -> list[Any]:
    """Run a multi-column select; SQLModel's typed `select` overloads stop at four columns, so wide
    rows are built with SQLAlchemy's own `select` and come back as plain row tuples."""
    return list(session.exec(statement).all())


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _end(day: date) -> datetime:
    """Exclusive upper bound for an inclusive end date."""
    return datetime.combine(day + timedelta(days=1), time.min)


def _as_date(value: Any) -> date | None:
    """Period keys come back as text on SQLite and as timestamps on PostgreSQL."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def period_start(column: Any, period: Period, *, dialect: str) -> ColumnElement[Any]:
    """SQL expression for the first day of the day/week/month/quarter containing `column`."""
    if dialect == "postgresql":
        return cast(sa_func.date_trunc(period, column), Date)
    if period == "day":  # stored as "YYYY-MM-DD HH:MM:SS.ffffff": cutting is cheaper than parsing
        return sa_func.substr(column, 1, 10)
    if period == "week":  # Monday: forward to Sunday (or stay), then back six days
        return sa_func.date(column, "weekday 0", "-6 days")
    if period == "month":
        return sa_func.strftime("%Y-%m-01", column)
    month = cast(sa_func.strftime("%m", column), Integer)
    # Back to the first month of the quarter: "start of month" then "-N months".
    return sa_func.date(column, "start of month", sa_func.printf("-%d months", (month - 1) % 3))


def _search_condition(session: Session, text: str) -> ColumnElement[bool]:
    """Claims whose sentence matches the free-text query, using the database's full-text index."""
    from store.search import claim_ids_matching  # the store package owns the FTS tables

    matching: Any = claim_ids_matching(session=session, query=text)
    if isinstance(matching, Select):
        return col(Claim.id).in_(matching)
    ids = list(matching)
    return col(Claim.id).in_(ids) if ids else false()


def _statistic_kind_condition(filters: ClaimFilter) -> ColumnElement[bool]:
    """Claims with a figure of the chosen kinds.

    Alone, the matching claim ids are collected once (an IN list). With any other filter the
    check runs per remaining claim instead (EXISTS on the claim_id prefix of the link's primary
    key), since collecting every claim of a common kind costs more than checking a few thousand.
    """
    others = (
        filters.kommuner, filters.regions, filters.persons, filters.parties, filters.document_kinds,
        filters.sources, filters.date_from, filters.date_to, filters.text.strip(),
    )  # fmt: skip
    if any(others):
        # The kind is looked up by primary key per link row, which pins the order (links of this
        # claim first) whether or not the planner has statistics about the tables.
        kind = select(Statistic.kind).where(col(Statistic.id) == col(ClaimStatistic.statistic_id))
        return (
            select(ClaimStatistic.claim_id)
            .where(
                col(ClaimStatistic.claim_id) == col(Claim.id),
                kind.scalar_subquery().in_(filters.statistic_kinds),
            )
            .exists()
        )
    linked = (
        select(ClaimStatistic.claim_id)
        .join(Statistic, col(Statistic.id) == col(ClaimStatistic.statistic_id))
        .where(col(Statistic.kind).in_(filters.statistic_kinds))
    )
    return col(Claim.id).in_(linked)


SHORT_RANGE_DAYS = 31


def _short_range(filters: ClaimFilter) -> bool:
    """Whether the filter's dates span at most a month, so that its claims are few enough to be
    read by date and checked one by one."""
    if filters.date_from is None or filters.date_to is None:
        return False
    return (filters.date_to - filters.date_from).days <= SHORT_RANGE_DAYS


def claim_conditions(*, session: Session, filters: ClaimFilter) -> list[ColumnElement[bool]]:
    """WHERE conditions on Claim for a filter; each one can be served by an index."""
    conditions: list[ColumnElement[bool]] = []
    # The link rows carry published_at, so the date range narrows the index range scan as well.
    link_dates = []
    if filters.date_from:
        link_dates.append(col(ClaimKommune.published_at) >= _start(filters.date_from))
    if filters.date_to:
        link_dates.append(col(ClaimKommune.published_at) < _end(filters.date_to))
    if filters.kommuner:
        conditions.append(
            col(Claim.id).in_(
                select(ClaimKommune.claim_id).where(
                    col(ClaimKommune.kommune_code).in_(filters.kommuner), *link_dates
                )
            )
        )
    if filters.regions:
        kommuner_in_regions = select(Kommune.code).where(col(Kommune.region_code).in_(filters.regions))
        conditions.append(
            col(Claim.id).in_(
                select(ClaimKommune.claim_id).where(
                    col(ClaimKommune.kommune_code).in_(kommuner_in_regions), *link_dates
                )
            )
        )
    if filters.persons:
        conditions.append(col(Claim.speaker_id).in_(filters.persons))
    if filters.parties:
        conditions.append(
            col(Claim.speaker_id).in_(select(Person.id).where(col(Person.party_letter).in_(filters.parties)))
        )
    if filters.statistic_kinds:
        conditions.append(_statistic_kind_condition(filters))
    if filters.document_kinds or filters.sources:
        # An alias: the card query joins Document itself, which would capture the subquery.
        document = aliased(Document)
        documents = select(document.id)
        if filters.document_kinds:
            documents = documents.where(col(document.kind).in_(filters.document_kinds))
        if filters.sources:
            documents = documents.where(col(document.source_id).in_(filters.sources))
        if _short_range(filters):
            # A few days of claims (a page window) are checked one by one: collecting every
            # document of a kind first would cost more than the claims of those days.
            conditions.append(documents.where(col(document.id) == col(Claim.document_id)).exists())
        else:
            conditions.append(col(Claim.document_id).in_(documents))
    if filters.date_from:
        conditions.append(col(Claim.published_at) >= _start(filters.date_from))
    if filters.date_to:
        conditions.append(col(Claim.published_at) < _end(filters.date_to))
    if filters.text.strip():
        conditions.append(_search_condition(session, filters.text.strip()))
    return conditions


# --- filter options ---------------------------------------------------------------------------


def filter_options(*, session: Session) -> FilterOptions:
    """Choices for the sidebar: reference tables are small, document kinds come from sources."""
    kommuner = session.exec(select(Kommune).order_by(Kommune.name)).all()
    regions = session.exec(select(Region).order_by(Region.name)).all()
    parties = session.exec(select(Party).order_by(Party.letter)).all()
    sources = session.exec(select(Source).order_by(Source.name)).all()
    kinds = session.exec(select(Source.kind).distinct().order_by(Source.kind)).all()
    return FilterOptions(
        kommuner=tuple(Option(k.code, k.name) for k in kommuner),
        regions=tuple(Option(r.code, r.name) for r in regions),
        parties=tuple(Option(p.letter, f"{p.letter} – {p.name}") for p in parties),
        sources=tuple(Option(s.id, s.name) for s in sources),
        document_kinds=tuple(kinds),
        statistic_kinds=STATISTIC_KINDS,
        kommune_region={k.code: k.region_code for k in kommuner},
    )


def person_options(*, session: Session, politicians_only: bool = False) -> list[Option]:
    """Persons for a select box, politicians first; the label carries the party letter."""
    statement = select(Person.id, Person.name, Person.party_letter).order_by(
        desc(col(Person.is_politician)), col(Person.name)
    )
    if politicians_only:
        statement = statement.where(col(Person.is_politician))
    return [
        Option(pid, f"{name} ({letter})" if letter else name)
        for pid, name, letter in session.exec(statement).all()
    ]


def latest_published(*, session: Session) -> datetime | None:
    """Newest publication time in the archive, so date defaults follow the data, not the clock."""
    return session.exec(select(sa_func.max(Document.published_at))).one()


def count_documents(*, session: Session) -> int:
    return int(session.exec(select(sa_func.count()).select_from(Document)).one())


def earliest_published(*, session: Session) -> datetime | None:
    return session.exec(select(sa_func.min(Document.published_at))).one()


# --- Tidslinje --------------------------------------------------------------------------------


def count_claims(*, session: Session, filters: ClaimFilter) -> int:
    statement = (
        select(sa_func.count()).select_from(Claim).where(*claim_conditions(session=session, filters=filters))
    )
    return int(session.exec(statement).one())


@dataclass(frozen=True, slots=True)
class ClaimHistogram:
    """Claims per publication day for a filter: the timeline, the total and the page windows."""

    days: tuple[PeriodCount, ...]  # ascending
    undated: int = 0

    @property
    def total(self) -> int:
        return sum(d.count for d in self.days) + self.undated

    def by(self, period: Period) -> list[PeriodCount]:
        """Roll the days up into weeks, months or quarters."""
        totals: dict[date, int] = {}
        for day in self.days:
            key = period_of(day.period, period)
            totals[key] = totals.get(key, 0) + day.count
        return [PeriodCount(k, n) for k, n in sorted(totals.items())]

    def window(self, offset: int, limit: int) -> tuple[date, date, int] | None:
        """Days [first, last] holding claims offset..offset+limit-1 in newest-first order, and how
        many newer claims precede that window; None when the page reaches the undated claims."""
        newer = 0
        last: date | None = None
        for day in reversed(self.days):
            if last is None:
                if newer + day.count > offset:
                    last, skipped = day.period, newer
                else:
                    newer += day.count
                    continue
            newer += day.count
            if newer >= offset + limit:
                return day.period, last, skipped
        return (self.days[0].period, last, skipped) if last is not None and self.undated == 0 else None


def period_of(day: date, period: Period) -> date:
    """First day of the week (Monday), month or quarter containing `day`."""
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day


def claim_histogram(*, session: Session, filters: ClaimFilter) -> ClaimHistogram:
    """Claims per day for the filter, aggregated in SQL (at most a few thousand rows).

    One pass serves the chart (rolled up in Python to any period), the total, and the windows
    that let `claim_page` read only the days a page falls on. Two common filters are counted
    from an index alone instead of through the claim rows; see `_histogram_statement`.
    """
    days, undated = [], 0
    statement = _histogram_statement(session, filters)
    for b, n in session.exec(statement).all():
        day = _as_date(b)
        if day is None:
            undated += int(n)
        else:
            days.append(PeriodCount(period=day, count=int(n)))
    return ClaimHistogram(days=tuple(days), undated=undated)


def _histogram_statement(session: Session, filters: ClaimFilter) -> Any:
    """(day, claims) rows for `claim_histogram`, ascending, the undated claims under NULL.

    - Only dates: claims are first counted per timestamp, which the published_at index delivers
      in order, so only the far fewer distinct timestamps are cut to days and grouped again.
    - Only figure kinds (and dates): the days come from the statistic rows (the same
      published_at, copied from the document) via the (kind, published_at) and
      (statistic_id, claim_id) indexes, counting each claim once, instead of looking up every
      matching claim row.
    - Anything else: the filter's conditions on the claim table.
    """
    dialect = _dialect(session)
    others = (
        filters.kommuner, filters.regions, filters.persons, filters.parties, filters.document_kinds,
        filters.sources, filters.text.strip(),
    )  # fmt: skip
    if not any(others) and not filters.statistic_kinds:
        per_time = (
            select(col(Claim.published_at).label("published_at"), sa_func.count().label("n"))
            .where(*claim_conditions(session=session, filters=filters))
            .group_by(col(Claim.published_at))
            .subquery()
        )
        bucket = period_start(per_time.c.published_at, "day", dialect=dialect).label("bucket")
        return select(bucket, sa_func.sum(per_time.c.n)).group_by(bucket).order_by(bucket)
    if not any(others):
        bucket = period_start(Statistic.published_at, "day", dialect=dialect).label("bucket")
        conditions: list[ColumnElement[bool]] = [col(Statistic.kind).in_(filters.statistic_kinds)]
        if filters.date_from:
            conditions.append(col(Statistic.published_at) >= _start(filters.date_from))
        if filters.date_to:
            conditions.append(col(Statistic.published_at) < _end(filters.date_to))
        return (
            select(bucket, sa_func.count(sa_func.distinct(ClaimStatistic.claim_id)))
            .select_from(Statistic)
            .join(ClaimStatistic, col(ClaimStatistic.statistic_id) == col(Statistic.id))
            .where(*conditions)
            .group_by(bucket)
            .order_by(bucket)
        )
    bucket = period_start(Claim.published_at, "day", dialect=dialect).label("bucket")
    return (
        select(bucket, sa_func.count())
        .where(*claim_conditions(session=session, filters=filters))
        .group_by(bucket)
        .order_by(bucket)
    )


def claims_over_time(
    *, session: Session, filters: ClaimFilter, period: Period = "month"
) -> list[PeriodCount]:
    """Number of claims per period, for the timeline chart."""
    return claim_histogram(session=session, filters=filters).by(period)


def _kommuner_by_claim(session: Session, claim_ids: Sequence[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    if not claim_ids:
        return found
    rows = session.exec(
        select(ClaimKommune.claim_id, Kommune.name)
        .join(Kommune, col(Kommune.code) == col(ClaimKommune.kommune_code))
        .where(col(ClaimKommune.claim_id).in_(claim_ids))
        .order_by(col(Kommune.name))
    ).all()
    for claim_id, name in rows:
        found.setdefault(claim_id, []).append(name)
    return found


def _figures_by_claim(session: Session, claims: dict[int, tuple[int, str]]) -> dict[int, list[Figure]]:
    """Statistics linked to each claim, with offsets moved from the document to the sentence."""
    found: dict[int, list[Figure]] = {}
    if not claims:
        return found
    rows = session.exec(
        select(ClaimStatistic.claim_id, Statistic)
        .join(Statistic, col(Statistic.id) == col(ClaimStatistic.statistic_id))
        .where(col(ClaimStatistic.claim_id).in_(list(claims)))
        .order_by(col(Statistic.start))
    ).all()
    for claim_id, stat in rows:
        claim_start, text = claims[claim_id]
        start, end = relative_span(text, stat.text, stat.start - claim_start, stat.end - claim_start)
        if start < 0:
            continue
        found.setdefault(claim_id, []).append(Figure(start, end, stat.text, stat.kind, stat.value, stat.unit))
    return found


def relative_span(sentence: str, figure: str, start: int, end: int) -> tuple[int, int]:
    """The figure's span in the sentence; falls back to a text search if offsets drifted."""
    if 0 <= start < end <= len(sentence) and sentence[start:end] == figure:
        return start, end
    found = sentence.find(figure) if figure else -1
    return (found, found + len(figure)) if found >= 0 else (-1, -1)


def _card_statement(session: Session, filters: ClaimFilter) -> Select[Any]:
    return (
        sa_select(
            Claim.id,
            Claim.text,
            Claim.start,
            Claim.published_at,
            Claim.source_org,
            Claim.speaker_id,
            Document.url,
            Document.title,
            Document.kind,
            Source.name,
            Person.name,
            Person.party_letter,
            Person.roles,
        )
        .join(Document, col(Document.id) == col(Claim.document_id))
        .outerjoin(Source, col(Source.id) == col(Document.source_id))
        .outerjoin(Person, col(Person.id) == col(Claim.speaker_id))
        .where(*claim_conditions(session=session, filters=filters))
    )


def claim_page(
    *,
    session: Session,
    filters: ClaimFilter,
    limit: int = 25,
    offset: int = 0,
    histogram: ClaimHistogram | None = None,
) -> list[ClaimCard]:
    """One page of claim cards, newest first, with their kommuner and highlighted figures.

    With the filter's histogram the query is limited to the days the page falls on, so it reads
    a few dozen rows whatever the filter, instead of sorting every match to skip `offset` of them.
    """
    window = histogram.window(offset, limit) if histogram is not None else None
    if window is not None:
        # The window lies inside the filter's dates (the histogram was counted with them), so it
        # replaces them: every condition, link-table ranges and the choice between IN lists and
        # per-claim checks included, then sees the few days of the page instead of the range.
        first, last, newer = window
        filters = replace(filters, date_from=first, date_to=last)
        offset -= newer
    statement = _card_statement(session, filters)
    statement = (
        statement.order_by(desc(col(Claim.published_at)).nulls_last(), desc(col(Claim.id)))
        .limit(limit)
        .offset(offset)
    )
    rows = _rows(session, statement)
    ids = [r[0] for r in rows]
    kommuner = _kommuner_by_claim(session, ids)
    figures = _figures_by_claim(session, {r[0]: (r[2], r[1]) for r in rows})
    return [
        ClaimCard(
            id=cid,
            text=text,
            published_at=published,
            url=url,
            title=title,
            document_kind=kind,
            source_name=source,
            source_org=org,
            speaker_id=speaker_id,
            speaker_name=speaker,
            party_letter=letter,
            roles=tuple(roles or ()),
            kommuner=tuple(kommuner.get(cid, ())),
            figures=tuple(figures.get(cid, ())),
        )
        for (
            cid,
            text,
            _s,
            published,
            org,
            speaker_id,
            url,
            title,
            kind,
            source,
            speaker,
            letter,
            roles,
        ) in rows
    ]


# --- Politikere -------------------------------------------------------------------------------


def _person_counts() -> tuple[Any, Any, Any]:
    claims = (
        select(col(Claim.speaker_id).label("pid"), sa_func.count().label("n"))
        .where(col(Claim.speaker_id).is_not(None))
        .group_by(col(Claim.speaker_id))
        .subquery()
    )
    quotes = (
        select(col(Quote.speaker_id).label("pid"), sa_func.count().label("n"))
        .where(col(Quote.speaker_id).is_not(None))
        .group_by(col(Quote.speaker_id))
        .subquery()
    )
    mentions = (
        select(col(Mention.target_id).label("pid"), sa_func.count().label("n"))
        .where(col(Mention.type) == "person")
        .group_by(col(Mention.target_id))
        .subquery()
    )
    return claims, quotes, mentions


def _person_statement(name_filter: str = "", politicians_only: bool = False) -> Select[Any]:
    claims, quotes, mentions = _person_counts()
    n_claims = sa_func.coalesce(claims.c.n, 0)
    n_quotes = sa_func.coalesce(quotes.c.n, 0)
    n_mentions = sa_func.coalesce(mentions.c.n, 0)
    statement = (
        sa_select(
            Person.id,
            Person.name,
            Person.party_letter,
            Person.is_politician,
            Person.roles,
            Kommune.name,
            n_claims.label("claims"),
            n_quotes.label("quotes"),
            n_mentions.label("mentions"),
        )
        .outerjoin(Kommune, col(Kommune.code) == col(Person.kommune_code))
        .outerjoin(claims, claims.c.pid == col(Person.id))
        .outerjoin(quotes, quotes.c.pid == col(Person.id))
        .outerjoin(mentions, mentions.c.pid == col(Person.id))
    )
    if name_filter.strip():
        statement = statement.where(col(Person.name).ilike(f"%{name_filter.strip()}%"))
    if politicians_only:
        statement = statement.where(col(Person.is_politician))
    return statement.order_by(
        desc(col(Person.is_politician)), desc(n_claims + n_quotes + n_mentions), col(Person.name)
    )


def _summary(row: Sequence[Any]) -> PersonSummary:
    pid, name, letter, politician, roles, kommune, n_claims, n_quotes, n_mentions = row
    return PersonSummary(
        id=pid,
        name=name,
        party_letter=letter,
        is_politician=bool(politician),
        roles=tuple(roles or ()),
        kommune_name=kommune,
        claims=int(n_claims),
        quotes=int(n_quotes),
        mentions=int(n_mentions),
    )


def count_persons(*, session: Session, name_filter: str = "", politicians_only: bool = False) -> int:
    statement = select(sa_func.count()).select_from(Person)
    if name_filter.strip():
        statement = statement.where(col(Person.name).ilike(f"%{name_filter.strip()}%"))
    if politicians_only:
        statement = statement.where(col(Person.is_politician))
    return int(session.exec(statement).one())


def person_list(
    *,
    session: Session,
    name_filter: str = "",
    politicians_only: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> list[PersonSummary]:
    """Persons, politicians first, then by how much they appear (claims + quotes + mentions)."""
    statement = _person_statement(name_filter, politicians_only).limit(limit).offset(offset)
    return [_summary(row) for row in _rows(session, statement)]


def person_detail(*, session: Session, person_id: int) -> PersonDetail | None:
    person = session.get(Person, person_id)
    if person is None:
        return None

    def count(statement: Any) -> int:
        return int(session.exec(statement).one())

    summary = PersonSummary(
        id=person_id,
        name=person.name,
        party_letter=person.party_letter,
        is_politician=person.is_politician,
        roles=tuple(person.roles or ()),
        kommune_name=(
            k.name if person.kommune_code and (k := session.get(Kommune, person.kommune_code)) else None
        ),
        claims=count(select(sa_func.count()).where(col(Claim.speaker_id) == person_id)),
        quotes=count(select(sa_func.count()).where(col(Quote.speaker_id) == person_id)),
        mentions=count(
            select(sa_func.count()).where(col(Mention.type) == "person", col(Mention.target_id) == person_id)
        ),
    )
    party = session.get(Party, person.party_letter) if person.party_letter else None
    return PersonDetail(
        summary=summary,
        party_name=party.name if party else None,
        first_seen=person.first_seen,
        last_seen=person.last_seen,
    )


def person_statements_over_time(
    *, session: Session, person_id: int, period: Period = "month"
) -> list[PeriodCount]:
    """Quotes and claims by the person per period; `series` says which."""
    dialect = _dialect(session)
    found: list[PeriodCount] = []
    for label, model in (("Citater", Quote), ("Påstande", Claim)):
        published = getattr(model, "published_at")  # noqa: B009 - same column on both models
        bucket = period_start(published, period, dialect=dialect).label("bucket")
        rows = session.exec(
            select(bucket, sa_func.count())
            .where(col(model.speaker_id) == person_id, col(published).is_not(None))
            .group_by(bucket)
            .order_by(bucket)
        ).all()
        found.extend(PeriodCount(d, int(n), label) for b, n in rows if (d := _as_date(b)) is not None)
    return found


def person_statements(
    *, session: Session, person_id: int, limit: int = 20, offset: int = 0
) -> list[Statement]:
    """Quotes and claims by one person in one list, newest first, paged in SQL."""
    quotes = sa_select(
        literal("Citat").label("kind"),
        col(Quote.id).label("id"),
        col(Quote.text).label("text"),
        col(Quote.published_at).label("published_at"),
        col(Quote.document_id).label("document_id"),
    ).where(col(Quote.speaker_id) == person_id)
    claims = sa_select(
        literal("Påstand").label("kind"),
        col(Claim.id).label("id"),
        col(Claim.text).label("text"),
        col(Claim.published_at).label("published_at"),
        col(Claim.document_id).label("document_id"),
    ).where(col(Claim.speaker_id) == person_id)
    both = union_all(quotes, claims).subquery()
    statement = (
        sa_select(
            both.c.kind,
            both.c.id,
            both.c.text,
            both.c.published_at,
            Document.url,
            Document.title,
            Source.name,
        )
        .join(Document, col(Document.id) == both.c.document_id)
        .outerjoin(Source, col(Source.id) == col(Document.source_id))
        .order_by(desc(both.c.published_at).nulls_last(), desc(both.c.id), both.c.kind)
        .limit(limit)
        .offset(offset)
    )
    return [
        Statement(kind=k, id=i, text=t, published_at=_as_datetime(p), url=u, title=ti, source_name=s)
        for k, i, t, p, u, ti, s in _rows(session, statement)
    ]


def _as_datetime(value: Any) -> datetime | None:
    """Columns read through a UNION lose their type on SQLite and come back as text."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def kommuner_with_person(*, session: Session, person_id: int, limit: int = 20) -> list[KommuneCount]:
    """Kommuner mentioned in the documents that mention the person, by number of such documents."""
    person = aliased(Mention)
    kommune = aliased(Mention)
    n_docs = sa_func.count(sa_func.distinct(kommune.document_id))
    statement = (
        sa_select(Kommune.code, Kommune.name, n_docs)
        .select_from(person)
        .join(kommune, kommune.document_id == person.document_id)
        .join(Kommune, col(Kommune.code) == kommune.target_id)
        # `type || ''` keeps the planner off the (type, target_id) index for the kommune side,
        # which would read every kommune mention; it must come in through document_id.
        .where(
            person.type == "person", person.target_id == person_id, col(kommune.type).concat("") == "kommune"
        )
        .group_by(col(Kommune.code), col(Kommune.name))
        .order_by(desc(n_docs), col(Kommune.name))
        .limit(limit)
    )
    return [KommuneCount(c, n, int(k)) for c, n, k in _rows(session, statement)]


# --- Tal (fact-check) ---------------------------------------------------------------------------


def _figure_conditions(
    session: Session,
    kommune_code: int,
    statistic_kinds: Iterable[str],
    text: str,
    date_from: date | None,
    date_to: date | None,
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        col(Claim.id).in_(select(ClaimKommune.claim_id).where(col(ClaimKommune.kommune_code) == kommune_code))
    ]
    kinds = tuple(statistic_kinds)
    if kinds:
        # `kind || ''` keeps the planner off the kind index: starting from every figure of a kind
        # and seeking each of the kommune's claims in (statistic_id, claim_id) is what SQLite
        # picks without statistics, and it takes minutes. The kommune's claims come first.
        conditions.append(col(Statistic.kind).concat("").in_(kinds))
    if text.strip():
        conditions.append(_search_condition(session, text.strip()))
    if date_from:
        conditions.append(col(Claim.published_at) >= _start(date_from))
    if date_to:
        conditions.append(col(Claim.published_at) < _end(date_to))
    return conditions


def figure_rows(
    *,
    session: Session,
    kommune_code: int,
    statistic_kinds: Iterable[str] = (),
    text: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    period: Period = "month",
    limit: int = 500,
    offset: int = 0,
) -> list[FigureRow]:
    """Every figure quoted in a sentence about the kommune, oldest first, with its source."""
    bucket = period_start(Claim.published_at, period, dialect=_dialect(session)).label("bucket")
    statement = (
        sa_select(
            Statistic.id,
            Claim.id,
            Claim.published_at,
            bucket,
            Statistic.kind,
            Statistic.unit,
            Statistic.value,
            Statistic.value_max,
            Statistic.of_value,
            Statistic.text,
            Claim.text,
            Statistic.start,
            Statistic.end,
            Claim.start,
            Document.url,
            Document.title,
            Document.kind,
            Source.name,
            Person.name,
            Claim.source_org,
        )
        .select_from(Claim)
        .join(ClaimStatistic, col(ClaimStatistic.claim_id) == col(Claim.id))
        .join(Statistic, col(Statistic.id) == col(ClaimStatistic.statistic_id))
        .join(Document, col(Document.id) == col(Claim.document_id))
        .outerjoin(Source, col(Source.id) == col(Document.source_id))
        .outerjoin(Person, col(Person.id) == col(Claim.speaker_id))
        .where(*_figure_conditions(session, kommune_code, statistic_kinds, text, date_from, date_to))
        .order_by(col(Claim.published_at), col(Statistic.id))
        .limit(limit)
        .offset(offset)
    )
    found = []
    for row in _rows(session, statement):
        (
            sid,
            cid,
            published,
            b,
            kind,
            unit,
            value,
            vmax,
            of,
            ftext,
            sentence,
            s_start,
            s_end,
            c_start,
            url,
            title,
            dkind,
            source,
            speaker,
            org,
        ) = row
        start, end = relative_span(sentence, ftext, s_start - c_start, s_end - c_start)
        found.append(
            FigureRow(
                statistic_id=sid,
                claim_id=cid,
                published_at=published,
                period=_as_date(b),
                kind=kind,
                unit=unit,
                value=value,
                value_max=vmax,
                of_value=of,
                figure_text=ftext,
                sentence=sentence,
                figure_start=start,
                figure_end=end,
                url=url,
                title=title,
                document_kind=dkind,
                source_name=source,
                speaker_name=speaker,
                source_org=org,
            )
        )
    return found


def count_figures(
    *,
    session: Session,
    kommune_code: int,
    statistic_kinds: Iterable[str] = (),
    text: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> int:
    statement = (
        select(sa_func.count())
        .select_from(Claim)
        .join(ClaimStatistic, col(ClaimStatistic.claim_id) == col(Claim.id))
        .join(Statistic, col(Statistic.id) == col(ClaimStatistic.statistic_id))
        .where(*_figure_conditions(session, kommune_code, statistic_kinds, text, date_from, date_to))
    )
    return int(session.exec(statement).one())


def figure_conflicts(
    *,
    session: Session,
    kommune_code: int,
    statistic_kinds: Iterable[str] = (),
    text: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    period: Period = "month",
    tolerance: float = 0.01,
) -> list[FigureConflict]:
    """Groups of figures of the same kind and unit, about the same kommune, published in the same
    period, whose values differ by more than `tolerance` (relative) - i.e. more than rounding.

    The NLP does not extract which period a figure refers to, so the publication period stands in
    for it: two sources reporting the kommune's unemployment in the same month should agree.
    """
    bucket = period_start(Claim.published_at, period, dialect=_dialect(session)).label("bucket")
    low = sa_func.min(Statistic.value)
    high = sa_func.max(Statistic.value)
    spread = sa_func.max(sa_func.abs(Statistic.value))
    statement = (
        sa_select(
            Statistic.kind,
            Statistic.unit,
            bucket,
            sa_func.count(),
            sa_func.count(sa_func.distinct(Statistic.value)),
            low,
            high,
        )
        .select_from(Claim)
        .join(ClaimStatistic, col(ClaimStatistic.claim_id) == col(Claim.id))
        .join(Statistic, col(Statistic.id) == col(ClaimStatistic.statistic_id))
        .where(
            col(Claim.published_at).is_not(None),
            *_figure_conditions(session, kommune_code, statistic_kinds, text, date_from, date_to),
        )
        .group_by(col(Statistic.kind), col(Statistic.unit), bucket)
        .having(and_(sa_func.count(sa_func.distinct(Statistic.value)) > 1, high - low > spread * tolerance))
        .order_by(bucket, col(Statistic.kind))
    )
    return [
        FigureConflict(kind=k, unit=u, period=d, figures=int(n), distinct_values=int(dv), low=lo, high=hi)
        for k, u, b, n, dv, lo, hi in _rows(session, statement)
        if (d := _as_date(b)) is not None
    ]


# --- Dækning (coverage) -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KommuneWeek:
    week: date
    kommune_code: int
    kommune_name: str
    mentions: int


@dataclass(frozen=True, slots=True)
class SourceCoverage:
    source_name: str | None
    document_kind: str
    mentions: int
    documents: int


def _mention_conditions(
    date_from: date,
    date_to: date,
    kommuner: Sequence[int],
    sources: Sequence[int],
    document_kinds: Sequence[str],
) -> list[ColumnElement[bool]]:
    """Kommune mentions in a date range; source and kind narrow through the document ids."""
    conditions = [
        col(Mention.type) == "kommune",
        col(Mention.published_at) >= _start(date_from),
        col(Mention.published_at) < _end(date_to),
    ]
    # Without a kommune list the (type, published_at, target_id, document_id) index serves the
    # whole date range from the index alone; with one, (type, target_id, published_at) is
    # range-scanned once per chosen kommune.
    if kommuner:
        conditions.append(col(Mention.target_id).in_(kommuner))
    if sources or document_kinds:
        documents = select(Document.id)
        if sources:
            documents = documents.where(col(Document.source_id).in_(sources))
        if document_kinds:
            documents = documents.where(col(Document.kind).in_(document_kinds))
        conditions.append(col(Mention.document_id).in_(documents))
    return conditions


def kommune_weeks(
    *,
    session: Session,
    date_from: date,
    date_to: date,
    kommuner: Sequence[int] = (),
    sources: Sequence[int] = (),
    document_kinds: Sequence[str] = (),
) -> list[KommuneWeek]:
    """Mentions per kommune per week (Monday), from the mention index alone.

    The weeks are formed in SQL, so at most 98 rows per week come back: summing days in Python
    meant ~36,000 rows for a year, which cost more than the query itself.
    """
    week = period_start(Mention.published_at, "week", dialect=_dialect(session)).label("week")
    statement = (
        sa_select(week, col(Mention.target_id), sa_func.count())
        .where(*_mention_conditions(date_from, date_to, kommuner, sources, document_kinds))
        .group_by(week, col(Mention.target_id))
    )
    names = dict(_rows(session, sa_select(Kommune.code, Kommune.name)))
    found = [
        KommuneWeek(week=w, kommune_code=code, kommune_name=names[code], mentions=int(n))
        for b, code, n in _rows(session, statement)
        if (w := _as_date(b)) is not None and code in names
    ]
    return sorted(found, key=lambda row: (row.week, row.kommune_name))


def coverage_by_source(
    *,
    session: Session,
    date_from: date,
    date_to: date,
    kommuner: Sequence[int] = (),
    sources: Sequence[int] = (),
    document_kinds: Sequence[str] = (),
) -> list[SourceCoverage]:
    """Kommune mentions and the documents holding them, per source and document kind.

    Mentions are first counted per document from the mention index alone, so each document row
    (large: it holds the text) is read once rather than once per mention.
    """
    per_document = (
        sa_select(col(Mention.document_id).label("document_id"), sa_func.count().label("n"))
        .where(*_mention_conditions(date_from, date_to, kommuner, sources, document_kinds))
        .group_by(col(Mention.document_id))
        .subquery()
    )
    mentions = sa_func.sum(per_document.c.n)
    statement = (
        sa_select(Source.name, Document.kind, mentions, sa_func.count())
        .select_from(per_document)
        .join(Document, col(Document.id) == per_document.c.document_id)
        .outerjoin(Source, col(Source.id) == col(Document.source_id))
        .group_by(col(Source.name), col(Document.kind))
        .order_by(desc(mentions), col(Source.name))
    )
    return [SourceCoverage(s, k, int(m), int(d)) for s, k, m, d in _rows(session, statement)]


def kommune_coverage(
    *,
    session: Session,
    date_from: date,
    date_to: date,
    kommuner: Sequence[int] = (),
    sources: Sequence[int] = (),
    document_kinds: Sequence[str] = (),
    limit: int = 50_000,
) -> list[CoverageRow]:
    """Kommune mentions per week, split by source and document kind: the full breakdown, for
    the CSV download (the page draws `kommune_weeks` and `coverage_by_source`, which are cheaper)."""
    week = period_start(Mention.published_at, "week", dialect=_dialect(session)).label("week")
    conditions = _mention_conditions(date_from, date_to, kommuner, sources, document_kinds)
    n_docs = sa_func.count(sa_func.distinct(Mention.document_id))
    statement = (
        sa_select(week, Kommune.code, Kommune.name, Source.name, Document.kind, sa_func.count(), n_docs)
        .select_from(Mention)
        .join(Document, col(Document.id) == col(Mention.document_id))
        .join(Kommune, col(Kommune.code) == col(Mention.target_id))
        .outerjoin(Source, col(Source.id) == col(Document.source_id))
        .where(*conditions)
        .group_by(week, col(Kommune.code), col(Kommune.name), col(Source.name), col(Document.kind))
        .order_by(week, col(Kommune.name), col(Source.name))
        .limit(limit)
    )
    return [
        CoverageRow(
            week=d,
            kommune_code=c,
            kommune_name=n,
            source_name=s,
            document_kind=k,
            mentions=int(m),
            documents=int(dn),
        )
        for w, c, n, s, k, m, dn in _rows(session, statement)
        if (d := _as_date(w)) is not None
    ]


def top_politicians(
    *, session: Session, date_from: date | None = None, date_to: date | None = None, limit: int = 20
) -> list[PoliticianCount]:
    """Most-mentioned politicians in a date range.

    Mentions are counted per person first, over one date range of the covering
    (type, published_at, target_id, document_id) index, and only the counts are joined to the
    persons; joining first would look up every mention row through one range per politician.
    """
    conditions = [col(Mention.type) == "person"]
    if date_from:
        conditions.append(col(Mention.published_at) >= _start(date_from))
    if date_to:
        conditions.append(col(Mention.published_at) < _end(date_to))
    counts = (
        sa_select(
            col(Mention.target_id).label("person_id"),
            sa_func.count().label("mentions"),
            sa_func.count(sa_func.distinct(Mention.document_id)).label("documents"),
        )
        .where(*conditions)
        .group_by(col(Mention.target_id))
        .subquery()
    )
    statement = (
        sa_select(
            Person.id, Person.name, Person.party_letter, Person.roles, counts.c.mentions, counts.c.documents
        )
        .select_from(counts)
        .join(Person, col(Person.id) == counts.c.person_id)
        .where(col(Person.is_politician))
        .order_by(desc(counts.c.mentions), col(Person.name))
        .limit(limit)
    )
    return [
        PoliticianCount(
            id=i, name=nm, party_letter=p, roles=tuple(r or ()), mentions=int(m), documents=int(d)
        )
        for i, nm, p, r, m, d in _rows(session, statement)
    ]


def new_since(*, session: Session, since: date, limit: int = 20) -> NewSince:
    """What arrived since a date: counts, new persons, and new documents per source."""
    start = _start(since)
    documents = int(session.exec(select(sa_func.count()).where(col(Document.published_at) >= start)).one())
    claims = int(session.exec(select(sa_func.count()).where(col(Claim.published_at) >= start)).one())
    quotes = int(session.exec(select(sa_func.count()).where(col(Quote.published_at) >= start)).one())
    person_ids = select(Person.id).where(col(Person.first_seen) >= start)
    persons = [
        _summary(row)
        for row in _rows(session, _person_statement().where(col(Person.id).in_(person_ids)).limit(limit))
    ]
    n = sa_func.count()
    per_source = _rows(
        session,
        sa_select(Source.id, Source.name, n)
        .join(Document, col(Document.source_id) == col(Source.id))
        .where(col(Document.published_at) >= start)
        .group_by(col(Source.id), col(Source.name))
        .order_by(desc(n), col(Source.name))
        .limit(limit),
    )
    return NewSince(
        documents=documents,
        claims=claims,
        quotes=quotes,
        persons=tuple(persons),
        per_source=tuple(KommuneCount(int(i), nm, int(c)) for i, nm, c in per_source),
    )


__all__ = [
    "STATISTIC_KINDS",
    "ClaimCard",
    "ClaimFilter",
    "ClaimHistogram",
    "CoverageRow",
    "KommuneWeek",
    "SourceCoverage",
    "Figure",
    "FigureConflict",
    "FigureRow",
    "FilterOptions",
    "KommuneCount",
    "NewSince",
    "Option",
    "PeriodCount",
    "PersonDetail",
    "PersonSummary",
    "PoliticianCount",
    "Statement",
    "claim_conditions",
    "claim_histogram",
    "claim_page",
    "claims_over_time",
    "count_claims",
    "count_documents",
    "count_figures",
    "count_persons",
    "earliest_published",
    "figure_conflicts",
    "figure_rows",
    "filter_options",
    "coverage_by_source",
    "kommune_coverage",
    "kommune_weeks",
    "kommuner_with_person",
    "latest_published",
    "new_since",
    "period_start",
    "person_detail",
    "person_list",
    "person_options",
    "person_statements",
    "person_statements_over_time",
    "relative_span",
    "top_politicians",
]
