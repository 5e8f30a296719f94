"""`figure_group`: the figure groups of Tal with their counts, kept up to date after each crawl.

Tal's conflicts and drifts start from the groups (subject, measure, period, kind) that can hold
one: at least two stories (and two outlets, and values that differ) among the group's records.
Finding them live means grouping every figure record with its document, newest group first:
7-9 s on 500,000 claims on PostgreSQL, and linear in the archive. This table holds one row per
group with those counts, so a page of candidates is an index read however large the archive.

It is refreshed like `mention_day` (store/aggregates.py): only the groups that new statistic
rows (ids above the last refresh's highest) belong to are counted again, the whole table the
first time or when more than `MAX_GROUPS` groups changed. Readers use it only while it has seen
the highest statistic id (`is_current`), and the records of every candidate are read live and
judged again (store/queries/figure_groups.py), so a stale row can only cost a wasted look-up.
A document is re-analysed by deleting its statistics and writing new ones, so its new groups
are counted again; a group that only lost records keeps its old counts (and place in the order)
until `refresh(full=True)`, the same limit as `mention_day`'s.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, insert, or_, select
from sqlalchemy import func as sa_func
from sqlalchemy.engine import Connection
from sqlmodel import Session, col

from store.models import AggregateState, Document, FigureGroup, Statistic

FIGURE_GROUP = "figure_group"
SUBJECT_TYPES = ("kommune", "region", "national")  # as store.queries.figures: comparable subjects
MAX_GROUPS = 2000  # beyond this many changed groups (a backfill) one rebuild is cheaper
CHUNK = 100  # groups per statement: SQLite's parser nests each OR one level deeper

Key = tuple[str, int | None, str, str, str]


def key_columns() -> list[Any]:
    s = Statistic
    return [s.subject_type, s.subject_code, s.measure, s.period, s.kind]


def grouped() -> list[ColumnElement[bool]]:
    """The statistic rows that belong to a group (what Tal compares)."""
    return [
        col(Statistic.measure).is_not(None),
        col(Statistic.period).is_not(None),
        col(Statistic.subject_type).in_(SUBJECT_TYPES),
    ]


def key_condition(key: Key, columns: list[Any] | None = None) -> ColumnElement[bool]:
    """Rows of one group (of `statistic`, or of another table with the same five columns)."""
    subject_type, subject_code, measure, period, kind = columns or key_columns()
    code = col(subject_code)
    return and_(
        col(subject_type) == key[0],
        code.is_(None) if key[1] is None else code == key[1],
        col(measure) == key[2],
        col(period) == key[3],
        col(kind) == key[4],
    )


def refresh_figure_groups(connection: Connection, *, full: bool = False) -> None:
    """Bring `figure_group` up to date inside the caller's transaction."""
    newest = connection.execute(select(sa_func.max(Statistic.id))).scalar() or 0
    counted = connection.execute(
        select(col(AggregateState.mention_max_id)).where(col(AggregateState.name) == FIGURE_GROUP)
    ).scalar()
    keys: list[Key] | None = None  # None: every group
    if counted is not None and not full:
        keys = _keys_after(connection, counted)
        if len(keys) > MAX_GROUPS:
            keys = None
    if keys is None:
        connection.execute(delete(FigureGroup))
        connection.execute(insert(FigureGroup).from_select(_COLUMNS, _counts([])))
    for start in range(0, len(keys or ()), CHUNK):
        chunk = (keys or [])[start : start + CHUNK]
        group_columns = [
            FigureGroup.subject_type, FigureGroup.subject_code, FigureGroup.measure, FigureGroup.period,
            FigureGroup.kind,
        ]  # fmt: skip
        connection.execute(delete(FigureGroup).where(or_(*(key_condition(k, group_columns) for k in chunk))))
        connection.execute(
            insert(FigureGroup).from_select(_COLUMNS, _counts([or_(*(key_condition(k) for k in chunk))]))
        )
    connection.execute(delete(AggregateState).where(col(AggregateState.name) == FIGURE_GROUP))
    state = {"name": FIGURE_GROUP, "mention_max_id": newest, "refreshed_at": datetime.now(UTC)}
    connection.execute(insert(AggregateState).values(**state))


_COLUMNS = [
    "subject_type", "subject_code", "measure", "period", "kind", "records", "stories", "outlets",
    "value_min", "value_max", "baselines", "newest",
]  # fmt: skip


def _counts(conditions: list[ColumnElement[bool]]) -> Any:
    """Per group: the counts `store.queries.figure_groups` judges candidates by, as it counts them."""
    keys = key_columns()
    story = sa_func.coalesce(col(Document.story_id), -col(Document.id))
    outlet = sa_func.coalesce(col(Document.source_id), -col(Document.id))
    return (
        select(
            *keys,
            sa_func.count(),
            sa_func.count(sa_func.distinct(story)),
            sa_func.count(sa_func.distinct(outlet)),
            sa_func.min(Statistic.value),
            sa_func.max(Statistic.value),
            sa_func.count(sa_func.distinct(Statistic.change_baseline)),
            sa_func.max(Statistic.published_at),
        )
        .select_from(Statistic)
        .join(Document, col(Document.id) == col(Statistic.document_id))
        .where(*grouped(), *conditions)
        .group_by(*keys)
    )


def _keys_after(connection: Connection, statistic_id: int) -> list[Key]:
    """The groups of the statistic rows written after `statistic_id` (a primary-key range)."""
    found = connection.execute(
        select(*key_columns()).where(col(Statistic.id) > statistic_id, *grouped()).distinct()
    ).all()
    return [(r[0], r[1], r[2], r[3], r[4]) for r in found]


def is_current(session: Session) -> bool:
    """Whether `figure_group` has counted every statistic row there is."""
    counted = session.execute(
        select(col(AggregateState.mention_max_id)).where(col(AggregateState.name) == FIGURE_GROUP)
    ).scalar()
    if counted is None:
        return False
    newest = session.execute(select(sa_func.max(Statistic.id))).scalar()
    return bool(counted == (newest or 0))
