"""Overvågning: the saved searches, each with its latest hits and what was sent, when and to whom,
and a form to add one (the same checks as `kommunevagt watch add`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import data
from ui.format import danish_date, escape_markdown
from watch.schedule import describe

st.title("Overvågning")
st.caption(
    "Gemte søgninger, der sender nye fund som e-mail, webhook og Atom-feed, "
    "efter hver crawl eller når `kommunevagt watch run` kører."
)
options = data.filter_options()

with st.expander("Ny overvågning"), st.form("new_watch", clear_on_submit=False):
    name = st.text_input("Navn", placeholder="fx Ballerup i pressen")
    kommuner = st.multiselect("Kommune", options.kommuner, format_func=lambda option: option.label)
    text = st.text_input("Søgeord", placeholder="fx ledighed")
    emails = st.text_input("E-mail (flere adskilt med komma)")
    daily = st.text_input("Dagligt kl. (tom: efter hver crawl)", placeholder="07:00")
    if st.form_submit_button("Gem"):
        refused = data.add_watch(
            name=name, kommuner=[option.value for option in kommuner], text=text,
            emails=[part for part in emails.split(",") if part.strip()], daily=daily.strip() or None,
        )  # fmt: skip
        if refused:
            st.error(refused)
        else:
            st.success(f"Overvågningen »{name.strip()}« er gemt.")

overviews = data.watch_overviews()
if not overviews:
    st.info("Ingen overvågninger endnu. Opret en ovenfor eller med `kommunevagt watch add`.")

for view in overviews:
    watch = view.watch
    st.subheader(escape_markdown(watch.name))
    channels = ["e-mail til " + ", ".join(watch.emails)] if watch.emails else []
    if watch.webhook_url:
        channels.append("webhook")
    pending = sum(view.counts.pending.values())
    st.caption(
        escape_markdown(
            f"{describe(watch)} · {' og '.join(channels) or 'kun Atom-feed'} · "
            f"{view.counts.items} fund, {pending} venter"
        )
    )
    if view.items:
        st.dataframe(
            pd.DataFrame(
                {
                    "Titel": [item.title or "(uden titel)" for item in view.items],
                    "Kilde": [item.source_name or "" for item in view.items],
                    "Dato": [danish_date(item.published_at) for item in view.items],
                    "Udsagn": [item.sentence or "" for item in view.items],
                }
            ),
            hide_index=True,
        )
    else:
        st.write("Ingen fund endnu.")
    if view.log:
        st.dataframe(
            pd.DataFrame(
                {
                    "Sendt": [
                        entry.sent_at.strftime("%Y-%m-%d %H:%M") if entry.sent_at else "venter"
                        for entry in view.log
                    ],
                    "Kanal": [entry.channel for entry in view.log],
                    "Til": [entry.recipients or (entry.last_error or "") for entry in view.log],
                    "Dokument": [entry.title or str(entry.document_id) for entry in view.log],
                }
            ),
            hide_index=True,
        )
    if st.button("Slet", key=f"remove-{watch.id}"):
        data.remove_watch(watch.name)
        st.rerun()
