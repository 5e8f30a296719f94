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
from datetime import date
from itertools import combinations
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy import func as sa_func
from sqlmodel import Session, col

from core.precision import overlap, stated_range
from store.models import Document, Statistic
from store.queries.common import labelled, rows, sa_select
from store.queries.figures import FigureRecord, record_conditions, record_select, to_record

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
    """The records of each group, oldest first."""
    if not keys:
        return {}
    statement = (
        record_select()
        .where(or_(*(_key_condition(k) for k in keys)))
        .order_by(col(Statistic.published_at), col(Statistic.id))
    )
    found: dict[GroupKey, list[FigureRecord]] = {k: [] for k in keys}
    for row in rows(session, statement):
        record = to_record(row)
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


def _filters(
    kommune_code: int | None, measures: Iterable[str], date_from: date | None, date_to: date | None
) -> list[ColumnElement[bool]]:
    return record_conditions(
        subject_type=None if kommune_code is None else "kommune", subject_code=kommune_code,
        measures=measures, date_from=date_from, date_to=date_to,
    )  # fmt: skip


def _pages(
    session: Session, conditions: list[ColumnElement[bool]], drift: bool
) -> Iterator[tuple[list[tuple[GroupKey, int, int]], dict[GroupKey, list[FigureRecord]]]]:
    """Candidate groups a page at a time, newest first, each page with its groups' records; the
    caller stops reading when it has found enough."""
    offset = 0
    while True:
        page = _candidates(session, conditions, drift, CANDIDATE_PAGE, offset)
        yield page, _group_records(session, [key for key, _, _ in page])
        if len(page) < CANDIDATE_PAGE:
            return
        offset += CANDIDATE_PAGE


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
    for page, groups in _pages(session, _filters(kommune_code, measures, date_from, date_to), False):
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
    for page, groups in _pages(session, _filters(kommune_code, measures, date_from, date_to), True):
        for key, _, _ in page:
            for earlier, later, changed in drifts_in(groups.get(key, [])):
                found.append(
                    FigureDrift(key, earlier, later, "baseline" if changed == "baseline" else "value")
                )
        if len(found) >= limit:
            break
    found.sort(key=lambda d: (d.later.published_at is not None, d.later.published_at), reverse=True)
    return found[:limit]
