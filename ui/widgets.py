"""Drawing pieces shared by the pages. All document data is escaped by `ui.format` first;
nothing here uses `unsafe_allow_html`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from store.queries import ClaimCard, Copy, Period, PeriodCount
from ui.format import (
    danish_date,
    document_kind_label,
    escape_markdown,
    highlight,
    link,
    speaker_label,
    statistic_kind_label,
)

# The figure cards and panels of Tal are in `ui.figure_widgets`.

# Numeric dates: Vega-Lite's month and weekday names would be English.
AXIS_FORMATS = {"day": "%d.%m", "week": "%d.%m.%y", "month": "%m.%Y", "quarter": "%m.%Y"}
PERIOD_LABELS = {"day": "Dag", "week": "Uge", "month": "Måned", "quarter": "Kvartal"}


def claim_card(card: ClaimCard) -> None:
    """Date, kind, source link; the sentence with figures highlighted; kommuner and speaker."""
    with st.container(border=True):
        head = [
            f"**{danish_date(card.published_at)}**",
            escape_markdown(document_kind_label(card.document_kind)),
        ]
        if card.source_name:
            head.append(escape_markdown(card.source_name))
        head.append(link(card.title, card.url))
        st.markdown(" · ".join(head))
        st.markdown(highlight(card.text, [(f.start, f.end) for f in card.figures]))
        details = []
        if card.speaker_name:
            details.append(
                "Udtalt af "
                + escape_markdown(speaker_label(card.speaker_name, card.party_letter, card.roles))
            )
        if card.source_org:
            details.append("Ifølge " + escape_markdown(card.source_org))
        if card.kommuner:
            details.append("Kommuner: " + escape_markdown(", ".join(card.kommuner)))
        if card.figures:
            kinds = dict.fromkeys(statistic_kind_label(f.kind) for f in card.figures)
            details.append("Tal: " + escape_markdown(", ".join(kinds)))
        if details:
            st.caption(" · ".join(details))
        if card.copies:
            _copies(card.copies)


def _copies(copies: Sequence[Copy]) -> None:
    """The other prints of the card's story, folded: one wire story is one card, not ten."""
    outlets = {c.source_name or c.url for c in copies}
    label = f"Også bragt af {len(outlets)} {'medie' if len(outlets) == 1 else 'medier'}"
    with st.expander(label):
        for copy in copies:
            parts = [f"{danish_date(copy.published_at)}"]
            if copy.source_name:
                parts.append(escape_markdown(copy.source_name))
            parts.append(link(copy.title, copy.url))
            st.markdown("- " + " · ".join(parts))


def period_chart(counts: Sequence[PeriodCount], period: str, y_title: str, series_title: str = "") -> None:
    """Bars per period (stacked by series when there is more than one)."""
    if not counts:
        st.info("Ingen data i den valgte periode.")
        return
    frame = pd.DataFrame(
        {
            "Periode": [c.period for c in counts],
            y_title: [c.count for c in counts],
            "Serie": [c.series for c in counts],
        }
    )
    frame["Periode"] = pd.to_datetime(frame["Periode"])
    encoding = {
        "x": alt.X(
            "Periode:T",
            title=PERIOD_LABELS.get(period, "Periode"),
            axis=alt.Axis(format=AXIS_FORMATS[period]),
        ),
        "y": alt.Y(f"{y_title}:Q", title=y_title),
        "tooltip": [alt.Tooltip("Periode:T", title="Fra", format="%d.%m.%Y"), alt.Tooltip(f"{y_title}:Q")],
    }
    if frame["Serie"].nunique() > 1:
        encoding["color"] = alt.Color("Serie:N", title=series_title or None)
    chart = alt.Chart(frame).mark_bar().encode(**encoding).properties(height=240)
    st.altair_chart(chart, width="stretch")


def auto_period(first: date | None, last: date | None) -> Period:
    """Day bars for two months or less, weeks up to a year and a half, months beyond."""
    if first is None or last is None:
        return "month"
    days = (last - first).days
    if days <= 62:
        return "day"
    return "week" if days <= 550 else "month"
