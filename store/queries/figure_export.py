"""Figure records for export (`kommunevagt export figures`): every statistic with its record,
its verdict and where it was quoted, streamed in id order for people who check in spreadsheets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import func as sa_func
from sqlmodel import Session, col

from core.credit import credit, statbank_link
from store.models import Document, FigureVerdict, Source, Statistic
from store.queries.common import labelled, sa_select

EXPORT_BATCH = 1000


@dataclass(frozen=True, slots=True)
class FigureExport:
    id: int
    published_at: datetime | None
    text: str
    value: float
    value_max: float | None
    kind: str
    unit: str | None
    approx: bool
    measure: str | None
    measure_text: str | None
    subject_type: str | None
    subject_code: int | None
    period: str | None
    period_inferred: bool | None
    change_direction: str | None
    change_from: float | None
    change_baseline: str | None
    verdict: str | None  # None until `kommunevagt stats check` has run
    official: float | None
    official_period: str | None
    relative_gap: float | None
    table: str | None
    credit: str | None  # "Kilde: Danmarks Statistik, StatBank.dk/<TABEL>"
    statbank_link: str | None
    sentence: str
    document_id: int
    story_id: int | None
    source_name: str | None
    url: str


COLUMNS = [f.name for f in fields(FigureExport)]
_RECORD = (
    "text", "value", "value_max", "kind", "unit", "approx", "measure", "measure_text", "subject_type",
    "subject_code", "period", "period_inferred", "change_direction", "change_from", "change_baseline",
)  # fmt: skip
_COLUMNS = {
    "id": Statistic.id,
    "published_at": Statistic.published_at,
    **{name: getattr(Statistic, name) for name in _RECORD},
    "verdict": FigureVerdict.verdict,
    "official": FigureVerdict.official,
    "official_period": FigureVerdict.official_period,
    "relative_gap": FigureVerdict.relative_gap,
    "table": FigureVerdict.table_id,
    "sentence": sa_func.substr(
        col(Document.text),
        col(Statistic.sentence_start) + 1,
        col(Statistic.sentence_end) - col(Statistic.sentence_start),
    ),
    "document_id": Statistic.document_id,
    "story_id": Document.story_id,
    "source_name": Source.name,
    "url": Document.url,
}


def export_figures(session: Session) -> Iterator[FigureExport]:
    """Every statistic, oldest id first, with its figure record and stored verdict.

    Read in keyset pages so an archive of millions streams.
    """
    after = 0
    while True:
        statement = (
            sa_select(*labelled(_COLUMNS))
            .select_from(Statistic)
            .join(Document, col(Document.id) == col(Statistic.document_id))
            .outerjoin(Source, col(Source.id) == col(Document.source_id))
            .outerjoin(FigureVerdict, col(FigureVerdict.statistic_id) == col(Statistic.id))
            .where(col(Statistic.id) > after)
            .order_by(col(Statistic.id))
            .limit(EXPORT_BATCH)
        )
        found = session.execute(statement).all()
        for r in found:
            values = {name: getattr(r, name) for name in COLUMNS if name not in ("credit", "statbank_link")}
            values["approx"] = bool(r.approx)
            values["credit"] = credit(r.table) if r.table else None
            values["statbank_link"] = statbank_link(r.table) if r.table else None
            yield FigureExport(**values)
        if len(found) < EXPORT_BATCH:
            return
        after = found[-1].id
