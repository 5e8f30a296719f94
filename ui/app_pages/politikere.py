"""Politikere: everybody quoted or named, politicians first, filtered and grouped by kommune and
party, and a page per person (?person=ID) with party history, roles, statements and figures."""

from __future__ import annotations

from typing import TypedDict

import pandas as pd
import streamlit as st

from ui import data, export, params, widgets
from ui.format import danish_date, escape_markdown, link, number, speaker_label

PAGE_SIZE = 50
STATEMENTS_PAGE = 20
VIEWS = {"liste": "Personer", "grupper": "Kommune og parti"}
VERDICTS = {
    "matches": "Stemmer",
    "rounded": "Stemmer (afrundet)",
    "differs": "Afviger",
    "no_official_figure": "Intet officielt tal",
}
SOURCES = {"text": "teksten", "registry": "politikerregistret"}


class PersonFilter(TypedDict):
    name_filter: str
    politicians_only: bool
    kommune: int | None
    party: str | None


def show_list() -> None:
    st.title("Politikere")
    st.caption("Alle personer i arkivet – politikere først, derefter efter hvor ofte de optræder.")
    options = data.filter_options()
    with st.sidebar:
        st.header("Filtre")
        name = params.text_input("Navn", "navn", placeholder="fx Hansen")
        kommune = params.selectbox("Kommune", "kommune", options.kommuner, int, placeholder="Alle")
        party = params.selectbox("Parti", "parti", options.parties, str, placeholder="Alle")
        only_politicians = st.toggle("Kun politikere", key="politikere:kun")
        view = params.radio("Vis", "vis", VIEWS, "liste", horizontal=True)
    chosen = PersonFilter(name_filter=name, politicians_only=only_politicians, kommune=kommune, party=party)
    total = data.count_persons(**chosen)
    st.metric("Personer", number(total))
    url = {"navn": name, "kommune": kommune, "parti": party, "vis": None if view == "liste" else view}
    if total == 0:
        st.info("Ingen personer matcher.")
        params.write(url)
        return
    if view == "grupper":
        show_groups(chosen)
        params.write(url)
        return
    offset = params.page_number(total, PAGE_SIZE, reset_on=tuple(chosen.values()))
    persons = data.person_list(**chosen, limit=PAGE_SIZE, offset=offset)
    frame = pd.DataFrame(
        {
            "Navn": [p.name for p in persons],
            "Kommune": [p.kommune_name or "" for p in persons],
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
    labels = {p.id: f"{p.name} ({p.kommune_name})" if p.kommune_name else p.name for p in persons}
    choice = st.selectbox(
        "Vis person",
        [p.id for p in persons],
        index=None,
        placeholder="Vælg en person",
        format_func=lambda pid: labels.get(pid, str(pid)),
    )
    if choice is not None:
        st.query_params.from_dict({"person": str(choice)})
        st.rerun()
    page = offset // PAGE_SIZE + 1
    params.write({**url, "side": page if page > 1 else None})


def show_groups(chosen: PersonFilter) -> None:
    """The filtered persons counted per kommune and party; each row opens the list filtered to it."""
    groups = data.person_groups(**chosen)
    frame = pd.DataFrame(
        {
            "Kommune": [g.kommune_name or "Uden kommune" for g in groups],
            "Parti": [g.party_letter or "Uden parti" for g in groups],
            "Personer": [g.persons for g in groups],
            "Liste": [
                "?" + "&".join(
                    f"{key}={value}"
                    for key, value in (("kommune", g.kommune_code), ("parti", g.party_letter))
                    if value is not None
                )
                for g in groups
            ],
        }
    )  # fmt: skip
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={"Liste": st.column_config.LinkColumn("Liste", display_text="Vis")},
    )


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

    show_party_history(person_id)
    show_seats(person_id)
    show_figures(person_id)
    show_statements(person_id, person.claims + person.quotes)
    st.caption(escape_markdown(speaker_label(person.name, person.party_letter, person.roles)))


def show_party_history(person_id: int) -> None:
    st.subheader("Partihistorik")
    history = data.party_history(person_id=person_id)
    if not history:
        st.caption("Ingen tekst har nævnt personens parti.")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "Parti": [f"{h.party_name or h.party_letter} ({h.party_letter})" for h in history],
                "Fra": [danish_date(h.since) for h in history],
                "Kilde": [SOURCES.get(h.source, h.source) for h in history],
            }
        ),
        hide_index=True,
    )


def show_seats(person_id: int) -> None:
    st.subheader("Roller i kommunalbestyrelsen")
    seats = data.person_seats(person_id=person_id)
    if not seats:
        st.caption("Personen er ikke i politikerregistret.")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "Rolle": [s.role for s in seats],
                "Parti": [s.party_letter or "" for s in seats],
                "Kommune": [s.kommune_name for s in seats],
                "Fra": [danish_date(s.valid_from) for s in seats],
                "Til": [danish_date(s.valid_to) if s.valid_to else "nu" for s in seats],
                "Kilde": [s.source for s in seats],
            }
        ),
        hide_index=True,
    )


def show_figures(person_id: int) -> None:
    st.subheader("Tal personen har citeret")
    checked = data.person_figure_checks(person_id=person_id)
    if not checked:
        st.caption("Ingen tal i personens påstande.")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "Dato": [danish_date(c.quoted.published_at) for c in checked],
                "Tal": [c.quoted.figure.text for c in checked],
                "Måling": [c.quoted.figure.measure or "" for c in checked],
                "Periode": [c.quoted.figure.period or "" for c in checked],
                "Officielt tal": [number(c.official) if c.official is not None else "" for c in checked],
                "Vurdering": [_verdict(c.verdict, c.relative_gap) for c in checked],
                "Kilde": [
                    f"Danmarks Statistik, StatBank.dk/{c.table}" if c.official is not None else ""
                    for c in checked
                ],
                "Sætning": [c.quoted.figure.sentence or "" for c in checked],
            }
        ),  # fmt: skip
        hide_index=True,
    )


def _verdict(verdict: str, gap: float | None) -> str:
    label = VERDICTS.get(verdict, verdict)
    if verdict == "differs" and gap is not None:
        return f"{label} ({number(round(gap * 100, 1))} %)"
    return label


def show_statements(person_id: int, total: int) -> None:
    st.subheader("Udtalelser")
    if total == 0:
        st.caption("Ingen citater eller påstande.")
        return
    offset = params.page_number(total, STATEMENTS_PAGE, reset_on=person_id)
    for statement in data.person_statements(person_id=person_id, limit=STATEMENTS_PAGE, offset=offset):
        with st.container(border=True):
            st.markdown(
                f"**{danish_date(statement.published_at)}** · {statement.kind} · "
                f"{escape_markdown(statement.source_name)} · {link(statement.title, statement.url)}"
            )
            st.markdown(escape_markdown(statement.text))


params.scope("politikere")
person_id = params.read("person", params.identifier)
if person_id is None:
    show_list()
else:
    show_person(person_id)
