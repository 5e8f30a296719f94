"""Tal (fact-check): every figure quoted about a kommune and topic, side by side across sources,
with figures that disagree within the same period flagged."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from store.queries import Option, Period
from ui import data, export, params, widgets
from ui.format import number, statistic_kind_label

PERIODS = {"month": "Måned", "quarter": "Kvartal"}
SHOWN_CARDS = 50

params.scope("tal")
st.title("Tal")
st.caption(
    "Vælg en kommune og et emne og se hvert citeret tal over tid fra alle kilder. Tal af samme type og "
    "enhed fra samme periode, der afviger mere end 1 %, markeres som uenige."
)

options = data.filter_options()
bounds = data.date_bounds()
with st.sidebar:
    st.header("Emne")
    kommune = params.selectbox(
        "Kommune", "kommune", options.kommuner, int, index=None, placeholder="Vælg kommune"
    )
    kinds = params.multiselect(
        "Type af tal", "tal", [Option(k, statistic_kind_label(k)) for k in options.statistic_kinds], str
    )
    keyword = params.text_input("Nøgleord", "q", placeholder="fx ledighed")
    period: Period = params.radio("Samme periode betyder", "periode", PERIODS, "month")  # type: ignore[assignment]
    date_from = params.date_input("Fra dato", "fra", min_value=bounds[0], max_value=bounds[1])
    date_to = params.date_input("Til dato", "til", min_value=bounds[0], max_value=bounds[1])

params.write(
    {"kommune": kommune, "tal": kinds, "q": keyword, "periode": period, "fra": date_from, "til": date_to}
)
if kommune is None:
    st.info("Vælg en kommune i sidepanelet.")
    st.stop()

total = data.count_figures(
    kommune_code=kommune, statistic_kinds=kinds, text=keyword, date_from=date_from, date_to=date_to
)
rows = data.figure_rows(
    kommune_code=kommune,
    statistic_kinds=kinds,
    text=keyword,
    date_from=date_from,
    date_to=date_to,
    period=period,
)
conflicts = data.figure_conflicts(
    kommune_code=kommune,
    statistic_kinds=kinds,
    text=keyword,
    date_from=date_from,
    date_to=date_to,
    period=period,
)
conflicting = {c.key for c in conflicts}

columns = st.columns(3)
columns[0].metric("Citerede tal", number(total))
columns[1].metric("Kilder", number(len({r.source_name for r in rows})))
columns[2].metric("Uenige perioder", number(len(conflicts)))
if total > len(rows):
    st.caption(f"Viser de første {number(len(rows))} tal; indsnævr emnet eller datoerne for at se resten.")
if not rows:
    st.info("Ingen citerede tal om kommunen for dette emne.")
    st.stop()

for conflict in conflicts:
    unit = f" ({conflict.unit})" if conflict.unit else ""
    st.warning(
        f"{statistic_kind_label(conflict.kind)}{unit}, {PERIODS[period].lower()} fra "
        f"{conflict.period.isoformat()}: {conflict.figures} tal mellem {number(conflict.low)} og "
        f"{number(conflict.high)} ({conflict.distinct_values} forskellige værdier).",
        icon="⚠️",
    )

frame = pd.DataFrame(
    {
        "Dato": pd.to_datetime([r.published_at for r in rows], utc=True),
        "Periode": [r.period.isoformat() if r.period else "" for r in rows],
        "Emne": [statistic_kind_label(r.kind) + (f" ({r.unit})" if r.unit else "") for r in rows],
        "Kilde": [r.source_name or "ukendt" for r in rows],
        "Værdi": [r.value for r in rows],
        "Tal": [r.figure_text for r in rows],
        "Uenig": ["ja" if r.key in conflicting else "nej" for r in rows],
    }
)
st.subheader("Over tid")
chart = (
    alt.Chart(frame)
    .mark_point(filled=True, size=80)
    .encode(
        x=alt.X("Dato:T", title="Dato", axis=alt.Axis(format="%d.%m.%y")),
        y=alt.Y("Værdi:Q", title="Værdi"),
        color=alt.Color("Kilde:N", title="Kilde"),
        shape=alt.Shape("Uenig:N", title="Uenig"),
        tooltip=[alt.Tooltip("Dato:T", format="%d.%m.%Y"), "Kilde:N", "Tal:N", "Emne:N"],
    )
    .properties(height=200)
    .facet(row=alt.Row("Emne:N", title=None))
    .resolve_scale(y="independent")
)
st.altair_chart(chart)

st.subheader("Side om side")
side_by_side = (
    frame.pivot_table(
        index=["Periode", "Emne"],
        columns="Kilde",
        values="Tal",
        aggfunc=lambda s: " / ".join(dict.fromkeys(s)),
    )
    .reset_index()
    .fillna("")
)
side_by_side.insert(
    2,
    "Uenig",
    [
        "⚠"
        if any(
            (k, u, p) in conflicting
            and f"{statistic_kind_label(k)}{f' ({u})' if u else ''}" == emne
            and p is not None
            and p.isoformat() == periode
            for k, u, p in conflicting
        )
        else ""
        for periode, emne in zip(side_by_side["Periode"], side_by_side["Emne"], strict=True)
    ],
)
st.dataframe(side_by_side, hide_index=True, width="stretch")
st.download_button(
    "Hent CSV",
    data=export.figures_csv(rows, conflicting),
    file_name="kommunevagt-tal.csv",
    mime="text/csv",
    on_click="ignore",
    icon=":material/download:",
)

st.subheader("Tallene med deres sætninger")
ordered = sorted(rows, key=lambda r: (r.key not in conflicting, r.published_at is None))
for row in ordered[:SHOWN_CARDS]:
    widgets.figure_card(row, row.key in conflicting)
