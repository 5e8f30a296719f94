"""CSV exports of what a page shows.

Cells that a spreadsheet would read as a formula (=, +, -, @ first) get a leading apostrophe:
crawled text must not be able to run formulas on the reader's machine.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from store.queries import ClaimCard, FigureKey, FigureRow
from ui.format import document_kind_label, statistic_kind_label

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


def figures_csv(rows: Iterable[FigureRow], conflicting: set[FigureKey]) -> str:
    header = [
        "Dato",
        "Periode",
        "Type",
        "Enhed",
        "Værdi",
        "Til",
        "Ud af",
        "Tal i teksten",
        "Uenighed",
        "Sætning",
        "Kilde",
        "Dokumenttype",
        "Taler",
        "Ifølge",
        "Titel",
        "Link",
    ]
    return to_csv(
        header,
        (
            [
                r.published_at,
                r.period,
                statistic_kind_label(r.kind),
                r.unit,
                r.value,
                r.value_max,
                r.of_value,
                r.figure_text,
                "ja" if r.key in conflicting else "",
                r.sentence,
                r.source_name,
                document_kind_label(r.document_kind),
                r.speaker_name,
                r.source_org,
                r.title,
                r.url,
            ]
            for r in rows
        ),
    )
