"""Tidslinje: claims over time, filtered from the sidebar, as a chart and a list of cards."""

from __future__ import annotations

import streamlit as st

from ui import data, export, filters, params, widgets
from ui.format import number

PAGE_SIZE = 25

params.scope("tidslinje")
st.title("Tidslinje")
st.caption("Påstande med tal fra lokale nyheder, debatindlæg og referater – nyeste først.")

bounds = data.date_bounds()
claim_filter = filters.sidebar_claim_filter(data.filter_options(), data.person_options(), bounds)
histogram = data.claim_histogram(filters=claim_filter)
total = histogram.total

left, right = st.columns([3, 1])
left.metric("Påstande", number(total))
right.download_button(
    "Hent CSV",
    data=lambda: export.claims_csv(data.claims_for_export(claim_filter, histogram)),
    file_name="kommunevagt-tidslinje.csv",
    mime="text/csv",
    on_click="ignore",
    help=f"Den filtrerede visning, højst {number(data.EXPORT_LIMIT)} rækker.",
    icon=":material/download:",
)

period = widgets.auto_period(claim_filter.date_from or bounds[0], claim_filter.date_to or bounds[1])
widgets.period_chart(histogram.by(period), period, "Påstande")

if total == 0:
    st.info("Ingen påstande matcher filtrene.")
    offset = 0
else:
    offset = params.page_number(total, PAGE_SIZE, reset_on=claim_filter)
    for card in data.claim_page(filters=claim_filter, limit=PAGE_SIZE, offset=offset, histogram=histogram):
        widgets.claim_card(card)

page = offset // PAGE_SIZE + 1
params.write({**filters.as_params(claim_filter), "side": page if page > 1 else None})
