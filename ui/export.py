"""CSV exports of what a page shows.

Cells that a spreadsheet would read as a formula (=, +, -, @ first) get a leading apostrophe:
crawled text must not be able to run formulas on the reader's machine.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from core.credit import credit
from store.queries import ClaimCard, FigureRecord
from ui.format import document_kind_label, measure_label, statistic_kind_label, subject_label, verdict_label

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """A CSV cell: ISO dates, and a leading apostrophe on text a spreadsheet would run as a formula."""
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + text if text.startswith(_FORMULA_START) and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def claims_csv(cards: Iterable[ClaimCard]) -> str:
    header = [
        "Dato",
        "Påstand",
        "Tal",
        "Kommuner",
        "Taler",
        "Parti",
        "Roller",
        "Ifølge",
        "Dokumenttype",
        "Kilde",
        "Titel",
        "Link",
    ]
    return to_csv(
        header,
        (
            [
                c.published_at,
                c.text,
                "; ".join(f.text for f in c.figures),
                "; ".join(c.kommuner),
                c.speaker_name,
                c.party_letter,
                "; ".join(c.roles),
                c.source_org,
                document_kind_label(c.document_kind),
                c.source_name,
                c.title,
                c.url,
            ]
            for c in cards
        ),
    )


def figures_csv(records: Iterable[FigureRecord], names: Mapping[int, str]) -> str:
    """The figure records a Tal view shows, with what each measures, about whom, for when, the
    change it states and the verdict of `stats check` (crediting the official table)."""
    header = [
        "Dato", "Tal i teksten", "Værdi", "Til", "Type", "Enhed", "Nøgletal", "Om", "Kommunekode",
        "Periode", "Periode udledt af dato", "Ændring", "Fra", "Sammenlignet med", "Vurdering",
        "Afvigelse", "Officielt tal", "Officiel periode", "Tabel", "Kilde til officielt tal", "Sætning",
        "Kilde", "Dokumenttype", "Titel", "Link",
    ]  # fmt: skip
    return to_csv(
        header,
        (
            [
                r.published_at,
                r.text,
                r.value,
                r.value_max,
                statistic_kind_label(r.kind),
                r.unit,
                measure_label(r.measure),
                subject_label(r.subject_type, names.get(r.subject_code or 0)),
                r.subject_code,
                r.period,
                "ja" if r.period_inferred else "",
                r.change_direction,
                r.change_from,
                r.change_baseline,
                verdict_label(r.verdict) if r.verdict else "",
                r.relative_gap,
                r.official,
                r.official_period,
                r.table_id,
                credit(r.table_id) if r.table_id else "",
                r.sentence,
                r.source_name,
                document_kind_label(r.document_kind),
                r.title,
                r.url,
            ]  # fmt: skip
            for r in records
        ),
    )
