"""Drawing the figure records of Tal: a card per figure with its verdict, a conflict naming both
sources, a drift, and a panel per measure with each source's figures over time beside the
official series. Document data is escaped by `ui.format` first; nothing uses unsafe HTML."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from core.credit import credit, statbank_link
from statbank.periods import parse_period
from store.queries import FigureConflict, FigureDrift, FigureRecord, GroupKey, OfficialPoint
from ui.format import (
    change_label,
    danish_date,
    document_kind_label,
    escape_markdown,
    highlight,
    link,
    measure_label,
    number,
    period_label,
    statistic_kind_label,
    subject_label,
    verdict_label,
)

VERDICT_COLOURS = {"matches": "green", "rounded": "green", "differs": "red", "no_official_figure": "gray"}
OFFICIAL = "Danmarks Statistik"


def subject_name(subject_type: str | None, subject_code: int | None, names: Mapping[int, str]) -> str:
    return subject_label(subject_type, names.get(subject_code) if subject_code is not None else None)


def key_label(key: GroupKey, names: Mapping[int, str]) -> str:
    """'Ledighedsprocent · Aarhus · februar 2025' (plain text: escape before Markdown)."""
    return " · ".join(
        (
            measure_label(key.measure),
            subject_name(key.subject_type, key.subject_code, names),
            period_label(key.period),
        )
    )


def credit_link(table: str) -> str:
    """'Kilde: Danmarks Statistik, StatBank.dk/<TABEL>' as a link to the table."""
    return link(credit(table), statbank_link(table))


def _verdict_line(record: FigureRecord) -> str:
    verdict = verdict_label(record.verdict, record.relative_gap)
    colour = VERDICT_COLOURS.get(record.verdict or "", "gray")
    parts = [f":{colour}[**{escape_markdown(verdict)}**]"]
    if record.official is not None and record.table_id:
        unit = f" {record.official_unit}" if record.official_unit else ""
        shown = escape_markdown(f"{number(record.official)}{unit} ({record.official_period})")
        parts.append(f"officielt {shown}")
    if record.table_id:
        parts.append(credit_link(record.table_id))
    return " · ".join(parts)


def _record_line(record: FigureRecord, names: Mapping[int, str]) -> str:
    period = period_label(record.period)
    if record.period_inferred:
        period += " (ud fra udgivelsesdatoen)"
    parts = [
        measure_label(record.measure),
        subject_name(record.subject_type, record.subject_code, names),
        period,
        statistic_kind_label(record.kind),
    ]
    change = change_label(record.change_direction, record.change_from, record.change_baseline)
    if change:
        parts.append(change)
    return escape_markdown(" · ".join(parts))


def figure_card(record: FigureRecord, names: Mapping[int, str]) -> None:
    """One quoted figure: date, source and link; the sentence with the figure highlighted; its
    record (measure, subject, period, change); the verdict with the official figure credited."""
    with st.container(border=True):
        head = [
            f"**{danish_date(record.published_at)}**",
            escape_markdown(document_kind_label(record.document_kind)),
        ]
        if record.source_name:
            head.append(escape_markdown(record.source_name))
        head.append(link(record.title, record.url))
        st.markdown(" · ".join(head))
        spans = [(record.figure_start, record.figure_end)] if record.figure_start >= 0 else []
        st.markdown(highlight(record.sentence, spans))
        st.caption(_record_line(record, names))
        st.markdown(_verdict_line(record))


def _quoted(record: FigureRecord) -> str:
    source = escape_markdown(record.source_name or "ukendt kilde")
    return (
        f"**{escape_markdown(record.text)}** i {source} ({danish_date(record.published_at)}): "
        f"{link(record.title, record.url)}"
    )


def conflict_card(conflict: FigureConflict, names: Mapping[int, str]) -> None:
    """Both sides of a conflict, each with its source and a link to its document."""
    with st.container(border=True):
        st.markdown(f":red[**⚠ Uenige kilder**] · {escape_markdown(key_label(conflict.key, names))}")
        st.markdown(f"- {_quoted(conflict.low)}\n- {_quoted(conflict.high)}")
        st.caption(
            f"{conflict.stories} uafhængige historier fra {conflict.outlets} medier; "
            "kopier af samme historie tæller én gang. Tallene afviger mere end deres præcision."
        )


def drift_line(drift: FigureDrift, names: Mapping[int, str]) -> str:
    """A drift as one Markdown line: what changed, from which quote to which."""
    what = "ny værdi" if drift.changed == "value" else "nyt sammenligningsgrundlag"
    earlier, later = drift.earlier, drift.later
    return (
        f"{escape_markdown(key_label(drift.key, names))}: {what}, "
        f"**{escape_markdown(earlier.text)}** ({escape_markdown(earlier.source_name or 'ukendt kilde')}, "
        f"{danish_date(earlier.published_at)}) → **{escape_markdown(later.text)}** "
        f"({escape_markdown(later.source_name or 'ukendt kilde')}, {danish_date(later.published_at)}, "
        f"{link(later.title, later.url)})"
    )


def period_date(period: str | None, fallback: datetime | None) -> date | None:
    """The first day of a Statistikbanken period, for drawing claims and official values on one
    time axis; the publication date for figures without a single period."""
    parsed = parse_period(period) if period else None
    if parsed is None:
        return fallback.date() if fallback else None
    year, _, month = parsed
    return date(year, month, 1)


def _chart_frame(records: Sequence[FigureRecord], official: Sequence[OfficialPoint]) -> pd.DataFrame:
    rows = [
        {
            "Periode": period_date(r.period, r.published_at),
            "Værdi": r.value,
            "Kilde": r.source_name or "ukendt kilde",
            "Tal": r.text,
            "Udgivet": danish_date(r.published_at),
            "Vurdering": verdict_label(r.verdict, r.relative_gap),
        }
        for r in records
    ]
    rows += [
        {
            "Periode": period_date(p.period, None),
            "Værdi": p.value,
            "Kilde": OFFICIAL,
            "Tal": f"{number(p.value)} {p.unit}",
            "Udgivet": credit(p.table_id),
            "Vurdering": "officielt tal",
        }
        for p in official
    ]
    frame = pd.DataFrame(rows).dropna(subset=["Periode"])
    frame["Periode"] = pd.to_datetime(frame["Periode"])
    return frame


def measure_chart(records: Sequence[FigureRecord], official: Sequence[OfficialPoint]) -> None:
    """Each source's figures by the period they are about, the official series as a line."""
    frame = _chart_frame(records, official)
    if frame.empty:
        return
    tooltip: list[Any] = [
        alt.Tooltip("Periode:T", format="%m.%Y"),
        "Kilde:N",
        "Tal:N",
        "Udgivet:N",
        "Vurdering:N",
    ]
    base = alt.Chart(frame).encode(
        x=alt.X("Periode:T", title="Periode", axis=alt.Axis(format="%m.%Y")),
        y=alt.Y("Værdi:Q", title="Værdi"),
        color=alt.Color("Kilde:N", title="Kilde"),
        tooltip=tooltip,
    )
    claims = base.transform_filter(alt.datum.Kilde != OFFICIAL).mark_point(filled=True, size=90)
    layers = [claims]
    if official:
        line = base.transform_filter(alt.datum.Kilde == OFFICIAL).mark_line(point=True, strokeDash=[4, 2])
        layers.insert(0, line)
    st.altair_chart(alt.layer(*layers).properties(height=220), width="stretch")
