"""Dækning (coverage): a map of kommune mentions (a click filters the page), mentions per week by
source and kind, the most-mentioned politicians, and what is new since a chosen date."""

from __future__ import annotations

from datetime import date, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from store.queries import ClaimFilter, Option
from ui import data, export, geo, params, widgets
from ui.format import document_kind_label, escape_markdown, number

TOP_KOMMUNER = 30

params.scope("daekning")
st.title("Dækning")
options = data.filter_options()
first, last = data.date_bounds()
if last is None:
    st.info("Arkivet er tomt.")
    st.stop()
default_from = max(first or last, last - timedelta(weeks=12))

with st.sidebar:
    st.header("Filtre")
    date_from = params.date_input("Fra dato", "fra", default=default_from, min_value=first, max_value=last)
    date_to = params.date_input("Til dato", "til", default=last, min_value=first, max_value=last)
    kommuner = params.multiselect("Kommune", "kommune", options.kommuner, int)
    sources = params.multiselect("Kilde", "kilde", options.sources, int)
    kinds = params.multiselect(
        "Dokumenttype", "type", [Option(k, document_kind_label(k)) for k in options.document_kinds], str
    )
    since = params.date_input("Nyt siden", "siden", default=max(first or last, last - timedelta(days=7)))
period_from: date = date_from or default_from
period_to: date = date_to or last
since_day: date = since or last
params.write(
    {
        "fra": period_from,
        "til": period_to,
        "kommune": kommuner,
        "kilde": sources,
        "type": kinds,
        "siden": since_day,
    }
)

MAP_KEY = "daekning_kort"


def _map_clicked() -> None:
    """A click on the map makes that kommune the page's filter (before the next run draws it)."""
    code = geo.picked(st.session_state.get(MAP_KEY))
    if code is not None:
        params.choose("kommune", [code])


st.subheader("Omtaler pr. kommune")
totals = data.kommune_totals(date_from=period_from, date_to=period_to, sources=sources, document_kinds=kinds)
st.vega_lite_chart(
    geo.map_spec({t.code: t.count for t in totals}, kommuner),
    key=MAP_KEY,
    on_select=_map_clicked,
    selection_mode=geo.SELECTION,
    width="stretch",
)
st.caption(f"Klik på en kommune for at vælge den som filter. {geo.CREDIT}")

st.subheader("Omtaler af kommuner pr. uge")
weeks = data.kommune_weeks(
    date_from=period_from, date_to=period_to, kommuner=kommuner, sources=sources, document_kinds=kinds
)
if not weeks:
    st.info("Ingen omtaler af kommuner i perioden.")
else:
    frame = pd.DataFrame(
        {
            "Uge": pd.to_datetime([w.week for w in weeks]),
            "Kommune": [w.kommune_name for w in weeks],
            "Omtaler": [w.mentions for w in weeks],
        }
    )
    per_kommune = frame.groupby("Kommune")["Omtaler"].sum().sort_values(ascending=False)
    top = list(per_kommune.index[:TOP_KOMMUNER])
    if len(per_kommune) > TOP_KOMMUNER:
        st.caption(f"De {TOP_KOMMUNER} mest omtalte af {len(per_kommune)} kommuner.")
    heatmap = (
        alt.Chart(frame[frame["Kommune"].isin(top)])
        .mark_rect()
        .encode(
            x=alt.X(
                "Uge:O", timeUnit="yearweek", title="Uge", axis=alt.Axis(format="%d.%m.%y", labelAngle=-45)
            ),
            y=alt.Y("Kommune:N", sort=top, title=None),
            color=alt.Color("Omtaler:Q", scale=alt.Scale(scheme="blues")),
            tooltip=["Kommune:N", alt.Tooltip("Uge:T", format="%d.%m.%Y", title="Uge fra"), "Omtaler:Q"],
        )
    )
    st.altair_chart(heatmap, width="stretch")

    st.markdown("**Pr. kilde og dokumenttype**")
    by_source = data.coverage_by_source(
        date_from=period_from, date_to=period_to, kommuner=kommuner, sources=sources, document_kinds=kinds
    )
    st.dataframe(
        pd.DataFrame(
            {
                "Kilde": [r.source_name or "ukendt" for r in by_source],
                "Dokumenttype": [document_kind_label(r.document_kind) for r in by_source],
                "Omtaler": [r.mentions for r in by_source],
                "Dokumenter": [r.documents for r in by_source],
                "Historier": [r.stories for r in by_source],
            }
        ),
        hide_index=True,
        width="stretch",
    )

    def coverage_csv() -> str:
        rows = data.kommune_coverage(
            date_from=period_from, date_to=period_to, kommuner=kommuner, sources=sources, document_kinds=kinds
        )
        return export.to_csv(
            ["Uge", "Kommune", "Kilde", "Dokumenttype", "Omtaler", "Dokumenter", "Historier"],
            (
                [
                    r.week,
                    r.kommune_name,
                    r.source_name,
                    document_kind_label(r.document_kind),
                    r.mentions,
                    r.documents,
                    r.stories,
                ]
                for r in rows
            ),
        )

    st.download_button(
        "Hent CSV (uge × kommune × kilde × type)",
        data=coverage_csv,
        file_name="kommunevagt-daekning.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )

st.subheader("Mest omtalte politikere")
politicians = data.top_politicians(date_from=period_from, date_to=period_to)
if politicians:
    st.dataframe(
        pd.DataFrame(
            {
                "Navn": [p.name for p in politicians],
                "Parti": [p.party_letter or "" for p in politicians],
                "Roller": [", ".join(p.roles) for p in politicians],
                "Omtaler": [p.mentions for p in politicians],
                "Dokumenter": [p.documents for p in politicians],
                "Side": [f"politikere?person={p.id}" for p in politicians],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={"Side": st.column_config.LinkColumn("Side", display_text="Åbn")},
    )
else:
    st.caption("Ingen politikere omtalt i perioden.")

st.subheader(f"Nyt siden {since_day.strftime('%d.%m.%Y')}")
news = data.new_since(since=since_day)
columns = st.columns(4)
columns[0].metric("Nye dokumenter", number(news.documents))
columns[1].metric(
    "Nye historier", number(news.stories), help="Samme historie bragt af flere medier tæller én gang."
)
columns[2].metric("Nye påstande", number(news.claims))
columns[3].metric("Nye citater", number(news.quotes))
if news.per_source:
    st.markdown(
        "Nye dokumenter pr. kilde: "
        + ", ".join(f"{escape_markdown(s.name)} ({number(s.count)})" for s in news.per_source)
    )
if news.persons:
    st.markdown("Nye personer: " + ", ".join(escape_markdown(p.name) for p in news.persons))
for card in data.claim_page(filters=ClaimFilter(date_from=since_day), limit=10, offset=0):
    widgets.claim_card(card)

st.subheader("Kilder uden nye dokumenter")
quiet = [h for h in data.source_health() if h.health in ("dead", "silent")]
if quiet:
    health_labels = {
        "dead": "død (seneste kørsel gemte intet og fejlede)",
        "silent": "tavs (intet nyt i 30 dage)",
    }
    st.dataframe(
        pd.DataFrame(
            {
                "Kilde": [h.name for h in quiet],
                "Status": [health_labels[h.health] for h in quiet],
                "Seneste dokument": [
                    h.last_document_at.strftime("%d.%m.%Y") if h.last_document_at else "aldrig" for h in quiet
                ],
                "Seneste kørsel": [
                    f"{h.last_run_stored} gemt, {h.last_run_failed} fejl" if h.last_run_at else "aldrig"
                    for h in quiet
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption("`kommunevagt sources check` prøver om kilderne stadig svarer.")
else:
    st.caption("Alle kilder har givet nye dokumenter inden for 30 dage.")
