"""FirstAgenda Publication: the JSON API behind `dagsordener.<kommune>.dk` (88 of 98 kommuner).

The portal is a single-page app over an undocumented API (fields: ../shared/data/agenda/FIELDS.md):
`GET /` sets the session cookie the API needs (without it the API answers 302 to a login page),
`/api/agenda/udvalgsliste` lists every committee and its meetings per election period, and
`/api/agenda/dagsorden/{meetingId}` gives the meeting's agenda items with their text as HTML
(`Felter[].Html`) and attachments (`Bilag[]`). An item whose HTML is empty is only published as a
PDF, `/Vis/Pdf/bilag/{Felter[].DocumentId}`.

This module only turns those responses into `Meeting`s and `AgendaItem`s (no Scrapy), so the
spider's flow (crawler/spiders/minutes_api.py) stays the same for every JSON agenda system.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

from crawler.agenda.base import AgendaItem, ApiAgendaAdapter, Meeting, SchemaError, html_text

ZERO_GUID = "00000000-0000-0000-0000-000000000000"
NO_DOCUMENT = (None, "", ZERO_GUID)


class FirstAgenda(ApiAgendaAdapter):
    name = "firstagenda"

    def home_url(self, base: str) -> str | None:
        return base + "/"

    def listing_urls(self, base: str, since: date | None, today: date) -> list[str]:
        return [base + "/api/agenda/udvalgsliste"]  # every meeting, in one response

    def meetings(self, data: Any, base: str) -> list[Meeting]:
        periods = _get(data, "Udvalg", dict, "udvalgsliste")
        found: list[Meeting] = []
        for committees in periods.values():
            for committee in committees if isinstance(committees, list) else []:
                name = str(committee.get("Navn") or "").strip()
                for raw in committee.get("Moeder") or []:
                    meeting_id = raw.get("Id")
                    if not meeting_id or meeting_id == ZERO_GUID:
                        continue
                    found.append(
                        Meeting(
                            id=meeting_id,
                            url=f"{base}/api/agenda/dagsorden/{meeting_id}",
                            committee=name,
                            date=_when(raw.get("Dato")),
                        )
                    )
        return found

    def items(self, data: Any, base: str, meeting: Meeting) -> list[AgendaItem]:
        raw_items = _get(data, "Dagsordenpunkter", list, "dagsorden")
        committee = str((data.get("Udvalg") or {}).get("Navn") or meeting.committee).strip()
        date = _when((data.get("Moede") or {}).get("Dato")) or meeting.date
        items = []
        for raw in raw_items:
            item_id = raw.get("Id") or ""
            fields = raw.get("Felter") or []
            text = "\n".join(t for t in (html_text(f.get("Html") or "") for f in fields) if t)
            pdf_ids = [
                f.get("DocumentId") for f in fields if f.get("DocumentId") not in (None, "", ZERO_GUID)
            ]
            items.append(
                AgendaItem(
                    url=f"{base}/vis?{urlencode({'id': meeting.id, 'punktid': item_id})}",
                    committee=committee,
                    meeting_date=date,
                    number=str(raw.get("Punktnummer") or raw.get("Number") or "").strip(),
                    title=str(raw.get("Navn") or raw.get("Caption") or "").strip(),
                    text=text,
                    public=raw.get("IsOpen") is not False,
                    pdf_url=f"{base}/Vis/Pdf/bilag/{pdf_ids[0]}" if pdf_ids else None,
                    attachments=[str(b.get("Navn") or "").strip() for b in raw.get("Bilag") or []],
                )
            )
        return items


def _get(data: Any, key: str, kind: type, what: str) -> Any:
    """`data[key]` of the expected JSON type, or SchemaError naming what is wrong."""
    if not isinstance(data, dict):
        raise SchemaError(f"{what}: expected a JSON object, got {type(data).__name__}")
    value = data.get(key)
    if not isinstance(value, kind):
        raise SchemaError(f"{what}: no {key!r} {kind.__name__} in the response")
    return value


def _when(value: Any) -> datetime | None:
    """An ISO date with offset ("2026-05-18T17:00:00+02:00"); None when absent or malformed."""
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
