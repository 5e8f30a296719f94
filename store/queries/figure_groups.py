"""The same figure across sources: figure records grouped by what they claim, and where they part.

A group is (subject, measure, period, kind): "Aarhus' ledighedsprocent in 2025M02, as a
percent". The kind is part of the key because one measure can be quoted as a level and as a
share or a ranking ("30,2 pct. af befolkningen" is `befolkning` too), which are different
claims. Records with no measure, no period or a subject that is not a kommune, a region or the
whole country are never grouped.

- A *conflict* is two independent sources giving values for one group that cannot both be
  true at their stated precision (`core.precision`: "7,3 pct." and "7,28 procent" agree,
  "ca. 1.500" and "1.461" agree). Independent means different stories (not two prints of one
  wire story, `store.stories`) and different outlets. Only figures stated alike are compared:
  a level ("er 4,1 pct.", "faldet til 4,1 pct.", "fra 5,4 til 5,1 pct.") with a level, a
  difference ("220 færre end forventet", "steget med 240") only with a difference of the same
  direction and baseline, since a difference is not the measure's value.
- A *drift* is a figure re-quoted later, in another story, with a changed value or baseline.

The groups are found in SQL (GROUP BY with the counts and spreads that make a conflict or a
drift possible: at least two stories and outlets, values or baselines that differ); only the
records of those candidate groups are read, and the precision test runs on them in Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import combinations
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy import func as sa_func
from sqlmodel import Session, col

from core.precision import overlap, stated_range
from store import figure_aggregate
from store.models import Document, FigureGroup, Statistic
from store.queries.common import dialect, labelled, rows, sa_select
from store.queries.figures import SUBJECT_TYPES, FigureRecord, record_conditions, record_select, to_record

_NO_DATE = datetime.min.replace(tzinfo=UTC)
CANDIDATE_PAGE = 100  # candidate groups read per round while looking for conflicts
MOST_COMPARED = 60  # per side of a big group: its lowest and highest values are compared


@dataclass(frozen=True, slots=True)
class GroupKey:
    """What a figure claims: figures with the same key should have the same value."""

    subject_type: str
    subject_code: int | None
    measure: str
    period: str
    kind: str


@dataclass(frozen=True, slots=True)
class FigureConflict:
    """Two independent sources whose figures for one group cannot both be true."""

    key: GroupKey
    low: FigureRecord
    high: FigureRecord
    stories: int  # independent stories quoting the group (copies of one story count once)
    outlets: int


@dataclass(frozen=True, slots=True)
class FigureDrift:
    """A figure quoted again later, in another story, with another value or baseline."""

    key: GroupKey
    earlier: FigureRecord
    later: FigureRecord
    changed: Literal["value", "baseline"]


def _key_columns() -> dict[str, Any]:
    return {
        "subject_type": Statistic.subject_type,
        "subject_code": Statistic.subject_code,
        "measure": Statistic.measure,
        "period": Statistic.period,
        "kind": Statistic.kind,
    }


def _candidates(
    session: Session, conditions: list[ColumnElement[bool]], drift: bool, limit: int, offset: int
) -> list[tuple[GroupKey, int, int]]:
    """(key, stories, outlets) of the groups that can hold a conflict (or a drift), newest first."""
    keys = _key_columns()
    story = sa_func.coalesce(col(Document.story_id), -col(Document.id))
    outlet = sa_func.coalesce(col(Document.source_id), -col(Document.id))
    stories = sa_func.count(sa_func.distinct(story))
    outlets = sa_func.count(sa_func.distinct(outlet))
    spread = sa_func.max(Statistic.value) > sa_func.min(Statistic.value)
    if drift:
        having = and_(
            stories >= 2, or_(spread, sa_func.count(sa_func.distinct(Statistic.change_baseline)) > 1)
        )
    else:
        having = and_(stories >= 2, outlets >= 2, spread)
    statement = (
        sa_select(*labelled(keys), stories.label("stories"), outlets.label("outlets"))
        .select_from(Statistic)
        .join(Document, col(Document.id) == col(Statistic.document_id))
        .where(*conditions, col(Statistic.period).is_not(None))
        .group_by(*keys.values())
        .having(having)
        .order_by(sa_func.max(Statistic.published_at).desc(), *keys.values())
        .limit(limit)
        .offset(offset)
    )
    return [
        (
            GroupKey(r.subject_type, r.subject_code, r.measure, r.period, r.kind),
            int(r.stories),
            int(r.outlets),
        )
        for r in rows(session, statement)
    ]


def _key_condition(key: GroupKey) -> ColumnElement[bool]:
    code = col(Statistic.subject_code)
    return and_(
        col(Statistic.subject_type) == key.subject_type,
        code.is_(None) if key.subject_code is None else code == key.subject_code,
        col(Statistic.measure) == key.measure,
        col(Statistic.period) == key.period,
        col(Statistic.kind) == key.kind,
    )


def _group_records(session: Session, keys: Sequence[GroupKey]) -> dict[GroupKey, list[FigureRecord]]:
    """The records of each group, oldest first (undated ones where the database's ORDER BY would
    put them: first on SQLite, last on PostgreSQL).

    Sorted here rather than in SQL: with an ORDER BY on published_at, SQLite without planner
    statistics reads the whole figure kind through its (kind, published_at) index instead of
    each group through the record index."""
    if not keys:
        return {}
    statement = record_select().where(or_(*(_key_condition(k) for k in keys)))
    undated_first = dialect(session) == "sqlite"
    records = sorted(
        (to_record(row) for row in rows(session, statement)),
        key=lambda r: (
            (r.published_at is not None) if undated_first else (r.published_at is None),
            r.published_at or _NO_DATE,
            r.statistic_id,
        ),
    )
    found: dict[GroupKey, list[FigureRecord]] = {k: [] for k in keys}
    for record in records:
        key = GroupKey(
            record.subject_type or "", record.subject_code, record.measure, record.period or "", record.kind
        )
        found.setdefault(key, []).append(record)
    return found


_SIZE_OF_CHANGE = re.compile(r"(?<![^\W\d_])med\s+(?:ca\.\s+|omkring\s+|knap\s+|næsten\s+)?$", re.IGNORECASE)


def statement_shape(record: FigureRecord) -> str:
    """How a figure is stated: a level, or a difference of a direction against a baseline.

    A change against the previous period names either the new level ("faldet til 4,1 pct.",
    "er nu 4,1 pct.") or the size of the change ("steget med 240"); the record has the same
    fields for both, so the word before the figure decides: "med" gives the size.
    """
    if record.change_direction is None or record.change_from is not None:
        return "level"
    before = record.sentence[: record.figure_start] if record.figure_start > 0 else ""
    if record.change_baseline == "forrige periode" and not _SIZE_OF_CHANGE.search(before):
        return "level"
    return f"{record.change_direction}:{record.change_baseline or ''}"


def _range(record: FigureRecord) -> tuple[float, float]:
    return stated_range(record.text, record.value, record.value_max, approx=record.approx)


def independent(first: FigureRecord, second: FigureRecord) -> bool:
    return first.story != second.story and first.outlet != second.outlet


def conflict_in(records: Sequence[FigureRecord]) -> tuple[FigureRecord, FigureRecord] | None:
    """The widest pair of independent figures stated alike that cannot both be true, or None.

    Pairs are tried from the widest gap down, so the pair shown is the plainest disagreement;
    in a big group only the lowest and highest values are paired (the widest pairs are there).
    """
    shapes: dict[str, list[FigureRecord]] = {}
    for record in records:
        shapes.setdefault(statement_shape(record), []).append(record)
    best: tuple[float, FigureRecord, FigureRecord] | None = None
    for alike in shapes.values():
        ordered = sorted(alike, key=lambda r: r.value)
        if len(ordered) > 2 * MOST_COMPARED:
            ordered = ordered[:MOST_COMPARED] + ordered[-MOST_COMPARED:]
        for low, high in combinations(ordered, 2):
            gap = high.value - low.value
            if best is not None and gap <= best[0]:
                continue
            if independent(low, high) and not overlap(_range(low), _range(high)):
                best = (gap, low, high)
    return None if best is None else (best[1], best[2])


def drifts_in(records: Sequence[FigureRecord]) -> Iterator[tuple[FigureRecord, FigureRecord, str]]:
    """(earlier, later, what changed) for each re-quote in another story that changed the value
    (stated alike, beyond precision) or the baseline; records oldest first, one per story."""
    first_prints: dict[int, FigureRecord] = {}
    for record in records:
        first_prints.setdefault(record.story, record)
    quotes = list(first_prints.values())
    for earlier, later in zip(quotes, quotes[1:], strict=False):
        if (
            earlier.change_baseline
            and later.change_baseline
            and earlier.change_baseline != later.change_baseline
        ):
            yield earlier, later, "baseline"
        elif statement_shape(earlier) == statement_shape(later) and not overlap(
            _range(earlier), _range(later)
        ):
            yield earlier, later, "value"


@dataclass(frozen=True, slots=True)
class _Scope:
    """What the Tal page narrows the groups by."""

    kommune_code: int | None
    measures: tuple[str, ...]
    date_from: date | None
    date_to: date | None

    def conditions(self) -> list[ColumnElement[bool]]:
        return record_conditions(
            subject_type=None if self.kommune_code is None else "kommune", subject_code=self.kommune_code,
            measures=self.measures, date_from=self.date_from, date_to=self.date_to,
        )  # fmt: skip


Page = tuple[list[tuple[GroupKey, int, int]], dict[GroupKey, list[FigureRecord]]]


def _pages(session: Session, scope: _Scope, drift: bool) -> Iterator[Page]:
    """Candidate groups a page at a time, newest first, each page with its groups' records; the
    caller stops reading when it has found enough. Without dates, and while `figure_group`
    counts every record, the candidates come from there (store/figure_aggregate.py)."""
    if scope.date_from is None and scope.date_to is None and figure_aggregate.is_current(session):
        yield from _aggregated_pages(session, scope, drift)
        return
    conditions = scope.conditions()
    offset = 0
    while True:
        page = _candidates(session, conditions, drift, CANDIDATE_PAGE, offset)
        yield page, _group_records(session, [key for key, _, _ in page])
        if len(page) < CANDIDATE_PAGE:
            return
        offset += CANDIDATE_PAGE


def _aggregated_pages(session: Session, scope: _Scope, drift: bool) -> Iterator[Page]:
    """The pages `_pages` gives, read from `figure_group`: each row's group is judged again on
    its records (a stale row drops out) and the pages are cut as the live query cuts them."""
    ready: list[tuple[GroupKey, int, int]] = []
    records: dict[GroupKey, list[FigureRecord]] = {}
    offset = 0
    while True:
        rows_read = _aggregated_candidates(session, scope, drift, CANDIDATE_PAGE, offset)
        found = _group_records(session, rows_read)
        for key in rows_read:
            counted = _judged(found.get(key, []), drift)
            if counted is not None:
                ready.append((key, *counted))
                records[key] = found[key]
        while len(ready) >= CANDIDATE_PAGE:
            page, ready = ready[:CANDIDATE_PAGE], ready[CANDIDATE_PAGE:]
            yield page, {key: records.pop(key) for key, _, _ in page}
        if len(rows_read) < CANDIDATE_PAGE:
            yield ready, {key: records.pop(key) for key, _, _ in ready}
            return
        offset += CANDIDATE_PAGE


def _judged(records: Sequence[FigureRecord], drift: bool) -> tuple[int, int] | None:
    """(stories, outlets) when the records make their group a candidate, as `_candidates`' HAVING."""
    stories = len({r.story for r in records})
    outlets = len({r.outlet for r in records})
    values = [r.value for r in records]
    spread = bool(values) and max(values) > min(values)
    if drift:
        baselines = len({r.change_baseline for r in records if r.change_baseline is not None})
        ok = stories >= 2 and (spread or baselines > 1)
    else:
        ok = stories >= 2 and outlets >= 2 and spread
    return (stories, outlets) if ok else None


def _aggregated_candidates(
    session: Session, scope: _Scope, drift: bool, limit: int, offset: int
) -> list[GroupKey]:
    """`_candidates` over `figure_group` (no dates: its counts cover every record of a group)."""
    g = FigureGroup
    conditions: list[ColumnElement[bool]] = [col(g.stories) >= 2]
    if scope.kommune_code is None:
        conditions.append(col(g.subject_type).in_(SUBJECT_TYPES))
    else:
        conditions += [col(g.subject_type) == "kommune", col(g.subject_code) == scope.kommune_code]
    if scope.measures:
        conditions.append(col(g.measure).in_(scope.measures))
    spread = col(g.value_max) > col(g.value_min)
    conditions.append(or_(spread, col(g.baselines) > 1) if drift else and_(col(g.outlets) >= 2, spread))
    keys = [g.subject_type, g.subject_code, g.measure, g.period, g.kind]
    statement = (
        sa_select(*keys).where(*conditions).order_by(col(g.newest).desc(), *keys).limit(limit).offset(offset)
    )
    return [GroupKey(*row) for row in session.execute(statement).all()]


def figure_conflicts(
    session: Session,
    *,
    kommune_code: int | None = None,
    measures: Iterable[str] = (),
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 20,
) -> list[FigureConflict]:
    """The newest conflicts (about the kommune, or anywhere), up to `limit`."""
    found: list[FigureConflict] = []
    scope = _Scope(kommune_code, tuple(measures), date_from, date_to)
    for page, groups in _pages(session, scope, False):
        for key, stories, outlets in page:
            pair = conflict_in(groups.get(key, []))
            if pair is not None and len(found) < limit:
                found.append(FigureConflict(key, pair[0], pair[1], stories, outlets))
        if len(found) >= limit:
            break
    return found


def figure_drifts(
    session: Session,
    *,
    kommune_code: int | None = None,
    measures: Iterable[str] = (),
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 20,
) -> list[FigureDrift]:
    """The newest drifts (about the kommune, or anywhere), up to `limit`, newest first."""
    found: list[FigureDrift] = []
    scope = _Scope(kommune_code, tuple(measures), date_from, date_to)
    for page, groups in _pages(session, scope, True):
        for key, _, _ in page:
            for earlier, later, changed in drifts_in(groups.get(key, [])):
                found.append(
                    FigureDrift(key, earlier, later, "baseline" if changed == "baseline" else "value")
                )
        if len(found) >= limit:
            break
    found.sort(key=lambda d: (d.later.published_at is not None, d.later.published_at), reverse=True)
    return found[:limit]
