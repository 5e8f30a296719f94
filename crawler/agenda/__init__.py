"""Adapters for the agenda systems Danish kommuner publish their minutes through.

Many kommuner share one system (the portals at `dagsordener.<kommune>.dk` are a few vendors'
products), so an adapter describes a *system*, not a kommune: where the meeting links, the
pagination, the minutes PDFs are, and whether a meeting page itself carries the minutes text.
A source names its system with `agenda_system = "<name>"`. Systems with an API or a listing of
meetings whose pages hold one entry per item (`firstagenda`, `aabendagsorden`, `kk_jsonapi`,
`meetingsplus`) are `ApiAgendaAdapter`s; the minutes spider walks them listing -> meeting ->
items, one document per agenda item.
"""

from __future__ import annotations

from crawler.agenda.aabendagsorden import AabenDagsorden
from crawler.agenda.base import AgendaAdapter, ApiAgendaAdapter
from crawler.agenda.dagsordenportal import DagsordenPortal
from crawler.agenda.firstagenda import FirstAgenda
from crawler.agenda.kk_jsonapi import KkJsonApi
from crawler.agenda.meetingsplus import MeetingsPlus

ADAPTERS: dict[str, type[AgendaAdapter] | type[ApiAgendaAdapter]] = {
    DagsordenPortal.name: DagsordenPortal,
    FirstAgenda.name: FirstAgenda,
    AabenDagsorden.name: AabenDagsorden,
    KkJsonApi.name: KkJsonApi,
    MeetingsPlus.name: MeetingsPlus,
}


def get_adapter(name: str) -> AgendaAdapter | ApiAgendaAdapter:
    try:
        return ADAPTERS[name]()
    except KeyError:
        raise ValueError(f"unknown agenda system {name!r}; known: {', '.join(ADAPTERS)}") from None
