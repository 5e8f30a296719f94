"""Københavns Kommune (kk.dk): the Drupal JSON:API of its agenda elements, one page per item.

`GET /jsonapi/node/agenda_element` with a date filter on `agenda_meeting_date`, sorted by date,
50 a page, the next page in `links.next.href`. Each element (`data[].attributes`) is one agenda
item already: `title`, `path.alias` (`/<dagsorden|referat>/<committee slug>/…`),
`agenda_meeting_date` and `agenda_element_serial_no`. The item's text is on its page at
`https://www.kk.dk<alias>`, read with the crawler's main-text extraction. The same item is listed
under `/dagsorden/` and, once the meeting is held, under `/referat/`: the minutes win, and an
agenda whose minutes are on the same page of results is not fetched. Fields:
../shared/data/agenda/FIELDS.md.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from crawler.agenda.base import AgendaItem, ApiAgendaAdapter, Meeting, SchemaError
from crawler.extract import ExtractionError, extract_html

PAGE_SIZE = 50
FIELDS = "title,path,agenda_meeting_date,agenda_element_serial_no"
KINDS = ("referat", "dagsorden")  # preferred first


class KkJsonApi(ApiAgendaAdapter):
    name = "kk_jsonapi"
    meeting_format = "html"  # the "meeting" of an element is the item's own page

    def listing_urls(self, base: str, since: date | None, today: date) -> list[str]:
        first = since or today - timedelta(days=5 * 365)
        last = today + timedelta(days=60)  # agendas are published before the meeting
        query = {
            "filter[fra][condition][path]": "agenda_meeting_date",
            "filter[fra][condition][operator]": ">=",
            "filter[fra][condition][value]": first.isoformat(),
            "filter[til][condition][path]": "agenda_meeting_date",
            "filter[til][condition][operator]": "<",
            "filter[til][condition][value]": last.isoformat(),
            "fields[node--agenda_element]": FIELDS,
            "sort": "agenda_meeting_date",
            "page[limit]": str(PAGE_SIZE),
        }
        return [f"{base}/jsonapi/node/agenda_element?{urlencode(query)}"]

    def meetings(self, data: Any, base: str) -> list[Meeting]:
        if not isinstance(data, dict) or not isinstance(data.get("data"), list):
            raise SchemaError("agenda_element: no 'data' list in the JSON:API response")
        chosen: dict[tuple[str, str, str], tuple[int, Meeting]] = {}
        for raw in data["data"]:
            element = _element(raw, base)
            if element is None:
                continue
            rank, key, meeting = element
            if key not in chosen or rank < chosen[key][0]:
                chosen[key] = (rank, meeting)
        return [meeting for _, meeting in chosen.values()]

    def more_listings(self, data: Any, url: str) -> list[str]:
        links = data.get("links") if isinstance(data, dict) else None
        following = links.get("next") if isinstance(links, dict) else None
        href = following.get("href") if isinstance(following, dict) else following
        return [href] if isinstance(href, str) and href else []

    def items(self, data: Any, base: str, meeting: Meeting) -> list[AgendaItem]:
        try:
            text = extract_html(str(data), meeting.url).text
        except ExtractionError:
            text = ""  # the spider reports an item with no text and no PDF
        return [
            AgendaItem(
                url=meeting.url,
                committee=meeting.committee,
                meeting_date=meeting.date,
                number=meeting.number,
                title=meeting.title,
                text=text,
            )
        ]


def _element(raw: Any, base: str) -> tuple[int, tuple[str, str, str], Meeting] | None:
    """(preference, identity of the item, the item as a Meeting), or None for an unusable row."""
    attributes = raw.get("attributes") if isinstance(raw, dict) else None
    if not isinstance(attributes, dict):
        return None
    path = attributes.get("path")
    alias = path.get("alias") if isinstance(path, dict) else None
    if not isinstance(alias, str) or not alias.startswith("/"):
        return None
    parts = alias.strip("/").split("/")
    kind = parts[0] if parts else ""
    committee_slug = parts[1] if len(parts) > 1 else ""
    when = _when(attributes.get("agenda_meeting_date"))
    number = str(attributes.get("agenda_element_serial_no") or "")
    title = " ".join(str(attributes.get("title") or "").split())
    rank = KINDS.index(kind) if kind in KINDS else len(KINDS)
    key = (committee_slug, when.isoformat() if when else "", number or title)
    meeting = Meeting(
        id=str(raw.get("id") or alias),
        url=base + alias,
        committee=committee_slug.replace("-", " ").capitalize(),
        date=when,
        title=title,
        number=number,
    )
    return rank, key, meeting


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
