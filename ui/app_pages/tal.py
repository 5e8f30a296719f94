"""Tal (fact-check), built around figure records: what each quoted figure measures, about whom
and for when, where independent sources disagree on it, and how it compares with Danmarks
Statistik's figure (the verdicts `kommunevagt stats check` stored).

No kommune chosen: the latest conflicts and the latest checked figures across all kommuner.
A kommune: one panel per measure with each source's figures over time, the official series
beside them when synced, and a card per figure with its verdict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import streamlit as st

from store.queries import FigureRecord, OfficialPoint, Option
from ui import data, export, figure_widgets, params
from ui.format import measure_label, number

SHOWN_CONFLICTS = 20
SHOWN_CHECKED = 20
CARDS_PER_MEASURE = 10


def overview(
    names: Mapping[int, str], measures: Sequence[str], date_from: date | None, date_to: date | None
) -> None:
    """The latest conflicts and checked figures across all kommuner."""
    st.info("Vælg en kommune i sidepanelet for at se dens tal med ét panel pr. nøgletal.")
    st.subheader("Seneste uenigheder")
    conflicts = data.figure_conflicts(
        measures=measures, date_from=date_from, date_to=date_to, limit=SHOWN_CONFLICTS
    )
    if not conflicts:
        st.caption("Ingen uafhængige kilder er uenige om et tal.")
    for conflict in conflicts:
        figure_widgets.conflict_card(conflict, names)
    st.subheader("Senest tjekkede tal")
    checked = data.latest_checked(limit=SHOWN_CHECKED)
    if not checked:
        st.caption(
            "Ingen tal er sammenlignet med Danmarks Statistik endnu "
            "(`kommunevagt stats sync`, derefter `kommunevagt stats check`)."
        )
    for record in checked:
        figure_widgets.figure_card(record, names)


def measure_panel(
    measure: str, records: Sequence[FigureRecord], official: Sequence[OfficialPoint], names: Mapping[int, str]
) -> None:
    """One measure: its figures over time beside the official series, then the newest cards."""
    with st.container(border=True):
        st.subheader(measure_label(measure))
        # The official series is drawn beside figures of the unit it is published in.
        kinds = {r.kind for r in records if r.table_id}
        charted = [r for r in records if not kinds or r.kind in kinds]
        figure_widgets.measure_chart(charted, official)
        tables = sorted({p.table_id for p in official} | {r.table_id for r in records if r.table_id})
        if tables:
            st.caption(" · ".join(figure_widgets.credit_link(t) for t in tables))
        newest = list(reversed(records))[:CARDS_PER_MEASURE]
        if len(records) > len(newest):
            st.caption(f"De {len(newest)} nyeste af {number(len(records))} tal:")
        for record in newest:
            figure_widgets.figure_card(record, names)


def kommune_view(
    kommune: int,
    names: Mapping[int, str],
    measures: Sequence[str],
    date_from: date | None,
    date_to: date | None,
) -> None:
    total = data.count_figure_records(
        kommune_code=kommune, measures=measures, date_from=date_from, date_to=date_to
    )
    records = data.figure_records(
        kommune_code=kommune, measures=measures, date_from=date_from, date_to=date_to
    )
    conflicts = data.figure_conflicts(
        kommune_code=kommune, measures=measures, date_from=date_from, date_to=date_to, limit=50
    )
    drifts = data.figure_drifts(
        kommune_code=kommune, measures=measures, date_from=date_from, date_to=date_to, limit=50
    )
    columns = st.columns(4)
    columns[0].metric("Tal", number(total))
    columns[1].metric("Kilder", number(len({r.outlet for r in records})))
    columns[2].metric("Uenigheder", number(len(conflicts)))
    columns[3].metric("Tjekket", number(sum(1 for r in records if r.table_id and r.official is not None)))
    if total > len(records):
        st.caption(
            f"Viser de nyeste {number(len(records))} tal; vælg nøgletal eller datoer for at se resten."
        )
    if not records:
        st.info("Ingen tal om kommunen med et kendt nøgletal.")
        return
    for conflict in conflicts:
        figure_widgets.conflict_card(conflict, names)
    if drifts:
        with st.expander(f"Ændret senere ({len(drifts)})"):
            st.markdown("\n".join(f"- {figure_widgets.drift_line(d, names)}" for d in drifts))
    st.download_button(
        "Hent CSV",
        data=export.figures_csv(records, names),
        file_name="kommunevagt-tal.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    by_measure: dict[str, list[FigureRecord]] = {}
    for record in records:
        by_measure.setdefault(record.measure, []).append(record)
    official = data.official_series(kommune_code=kommune, measures=tuple(sorted(by_measure)))
    for measure in sorted(by_measure, key=measure_label):
        measure_panel(measure, by_measure[measure], [p for p in official if p.measure == measure], names)


params.scope("tal")
st.title("Tal")
st.caption(
    "Hvert citeret tal som en oplysning: hvilket nøgletal, om hvem og for hvilken periode. Tal om det "
    "samme fra uafhængige kilder (ikke kopier af samme historie), der afviger mere end deres "
    "præcision, vises som uenige; tal, der er tjekket, står med Danmarks Statistiks tal."
)

options = data.filter_options()
bounds = data.date_bounds()
names = {o.value: o.label for o in (*options.kommuner, *options.regions)}
with st.sidebar:
    st.header("Emne")
    kommune = params.selectbox(
        "Kommune", "kommune", options.kommuner, int, index=None, placeholder="Alle kommuner"
    )
    measure_options = [Option(m, measure_label(m)) for m in data.record_measures(kommune_code=kommune)]
    measures = params.multiselect("Nøgletal", "noegletal", measure_options, str)
    date_from = params.date_input("Fra dato", "fra", min_value=bounds[0], max_value=bounds[1])
    date_to = params.date_input("Til dato", "til", min_value=bounds[0], max_value=bounds[1])

params.write({"kommune": kommune, "noegletal": measures, "fra": date_from, "til": date_to})
if kommune is None:
    overview(names, measures, date_from, date_to)
else:
    kommune_view(kommune, names, measures, date_from, date_to)
