"""The Tidslinje sidebar: every claim filter, mirrored in the URL."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from store.queries import ClaimFilter, FilterOptions, Option
from ui import params
from ui.format import document_kind_label, statistic_kind_label

# URL parameter names (Danish, as they show in shared links).
PARAMS = {
    "kommuner": "kommune",
    "regions": "region",
    "parties": "parti",
    "persons": "person",
    "statistic_kinds": "tal",
    "document_kinds": "type",
    "sources": "kilde",
    "date_from": "fra",
    "date_to": "til",
    "text": "q",
}


def sidebar_claim_filter(
    options: FilterOptions, persons: list[Option], bounds: tuple[date | None, date | None]
) -> ClaimFilter:
    """Draw the filters in the sidebar and return what they select."""
    first, last = bounds
    with st.sidebar:
        st.header("Filtre")
        text = params.text_input("Søg i påstande", PARAMS["text"], placeholder="fx ledighed")
        kommuner = params.multiselect("Kommune", PARAMS["kommuner"], options.kommuner, int)
        regions = params.multiselect("Region", PARAMS["regions"], options.regions, int)
        parties = params.multiselect("Parti", PARAMS["parties"], options.parties, str)
        chosen_persons = params.multiselect("Person", PARAMS["persons"], persons, int)
        kinds = [Option(k, statistic_kind_label(k)) for k in options.statistic_kinds]
        statistic_kinds = params.multiselect("Type af tal", PARAMS["statistic_kinds"], kinds, str)
        doc_kinds = [Option(k, document_kind_label(k)) for k in options.document_kinds]
        document_kinds = params.multiselect("Dokumenttype", PARAMS["document_kinds"], doc_kinds, str)
        sources = params.multiselect("Kilde", PARAMS["sources"], options.sources, int)
        date_from = params.date_input("Fra dato", PARAMS["date_from"], min_value=first, max_value=last)
        date_to = params.date_input("Til dato", PARAMS["date_to"], min_value=first, max_value=last)
    return ClaimFilter(
        kommuner=kommuner,
        regions=regions,
        parties=parties,
        persons=chosen_persons,
        statistic_kinds=statistic_kinds,
        document_kinds=document_kinds,
        sources=sources,
        date_from=date_from,
        date_to=date_to,
        text=text.strip(),
    )


def as_params(filters: ClaimFilter) -> dict[str, Any]:
    """The filter as URL parameters (see PARAMS)."""
    return {param: getattr(filters, name) for name, param in PARAMS.items()}
