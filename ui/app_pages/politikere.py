"""Politikere: everybody quoted or named, politicians first, and a page per person (?person=ID)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import data, export, params, widgets
from ui.format import danish_date, escape_markdown, link, number, speaker_label

PAGE_SIZE = 50
STATEMENTS_PAGE = 20


def show_list() -> None:
    st.title("Politikere")
    st.caption("Alle personer i arkivet – politikere først, derefter efter hvor ofte de optræder.")
    with st.sidebar:
        st.header("Filtre")
        name = params.text_input("Navn", "navn", placeholder="fx Hansen")
        only_politicians = st.toggle("Kun politikere", key="politikere:kun")
    total = data.count_persons(name_filter=name, politicians_only=only_politicians)
    st.metric("Personer", number(total))
    if total == 0:
        st.info("Ingen personer matcher.")
        params.write({"navn": name})
        return
    offset = params.page_number(total, PAGE_SIZE, reset_on=(name, only_politicians))
    persons = data.person_list(
        name_filter=name, politicians_only=only_politicians, limit=PAGE_SIZE, offset=offset
    )
    frame = pd.DataFrame(
        {
            "Navn": [p.name for p in persons],
            "Parti": [p.party_letter or "" for p in persons],
            "Politiker": [p.is_politician for p in persons],
            "Roller": [", ".join(p.roles) for p in persons],
            "Påstande": [p.claims for p in persons],
            "Citater": [p.quotes for p in persons],
            "Omtaler": [p.mentions for p in persons],
            "Side": [f"?person={p.id}" for p in persons],
        }
    )
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={"Side": st.column_config.LinkColumn("Side", display_text="Åbn")},
    )
    st.download_button(
        "Hent CSV",
        data=export.to_csv(list(frame.columns[:-1]), frame.iloc[:, :-1].itertuples(index=False)),
        file_name="kommunevagt-personer.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    names = {p.id: p.name for p in persons}
    choice = st.selectbox(
        "Vis person",
        [p.id for p in persons],
        index=None,
        placeholder="Vælg en person",
        format_func=lambda pid: names.get(pid, str(pid)),
    )
    if choice is not None:
        st.query_params.from_dict({"person": str(choice)})
        st.rerun()
    page = offset // PAGE_SIZE + 1
    params.write({"navn": name, "side": page if page > 1 else None})


def show_person(person_id: int) -> None:
    detail = data.person_detail(person_id=person_id)
    if st.sidebar.button("← Alle personer"):
        st.query_params.clear()
        st.rerun()
    if detail is None:
        st.title("Politikere")
        st.warning("Personen findes ikke i arkivet.")
        return
    person = detail.summary
    st.title(person.name)
    facts = []
    if detail.party_name or person.party_letter:
        facts.append(
            "Parti: " + escape_markdown(f"{detail.party_name or ''} ({person.party_letter})".strip())
        )
    if person.roles:
        facts.append("Roller: " + escape_markdown(", ".join(person.roles)))
    if person.kommune_name:
        facts.append("Kommune: " + escape_markdown(person.kommune_name))
    if detail.first_seen:
        facts.append(
            f"Set første gang {danish_date(detail.first_seen)}, senest {danish_date(detail.last_seen)}"
        )
    st.markdown("  \n".join(facts) or "Ingen oplysninger om parti eller rolle.")

    counts = st.columns(3)
    counts[0].metric("Påstande", number(person.claims))
    counts[1].metric("Citater", number(person.quotes))
    counts[2].metric("Omtaler", number(person.mentions))

    st.subheader("Udtalelser over tid")
    widgets.period_chart(data.person_statements_over_time(person_id=person_id), "month", "Udtalelser", "Type")

    st.subheader("Kommuner nævnt sammen med personen")
    kommuner = data.kommuner_with_person(person_id=person_id)
    if kommuner:
        st.dataframe(
            pd.DataFrame({"Kommune": [k.name for k in kommuner], "Dokumenter": [k.count for k in kommuner]}),
            hide_index=True,
        )
    else:
        st.caption("Ingen kommuner nævnt i de samme dokumenter.")

    st.subheader("Udtalelser")
    total = person.claims + person.quotes
    if total == 0:
        st.caption("Ingen citater eller påstande.")
    else:
        offset = params.page_number(total, STATEMENTS_PAGE, reset_on=person_id)
        for statement in data.person_statements(person_id=person_id, limit=STATEMENTS_PAGE, offset=offset):
            with st.container(border=True):
                st.markdown(
                    f"**{danish_date(statement.published_at)}** · {statement.kind} · "
                    f"{escape_markdown(statement.source_name)} · {link(statement.title, statement.url)}"
                )
                st.markdown(escape_markdown(statement.text))
    st.caption(escape_markdown(speaker_label(person.name, person.party_letter, person.roles)))


params.scope("politikere")
person_id = params.read("person", params.identifier)
if person_id is None:
    show_list()
else:
    show_person(person_id)
