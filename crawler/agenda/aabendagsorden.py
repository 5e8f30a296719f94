"""Åben Dagsorden (Glostrup, Syddjurs): a meeting search API plus an HTML fragment per meeting.

`GET /rest/meeting/search?query=&fromDate=…&toDate=…` answers `numberOfResults` and `meetings[]`
(`meetingId`, `date`, `committeeName`, `blocked`), at most 50 meetings per query. So the listing
is walked in date windows (WINDOW_DAYS), and a window whose `numberOfResults` exceeds what it
returned is split in two until it fits (a one-day window that still overflows is reported).
The items are in `GET /fragments/meeting/{meetingId}/view`: each `<h3 class="agenda-item-title">`
("Punkt N Titel") heads an item; the item's text is the rest of its container. The public page
is `/meeting/{meetingId}`; there is no documented per-item address, so an item's link is the
meeting page with `?punkt=N`, which keeps items apart after URL canonicalisation (a `#` would not).
Fields: ../shared/data/agenda/FIELDS.md.
"""

from __future__ import annotations

from copy import deepcopy
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import lxml.html

from crawler.agenda.base import AgendaItem, ApiAgendaAdapter, Meeting, SchemaError, html_text

WINDOW_DAYS = 10
MAX_RESULTS = 50
# The search's date parameters differ per installation (seen: Glostrup ISO, Syddjurs dd/mm/yyyy).
DATE_FORMATS = {"aabendagsorden.syddjurs.dk": "%d/%m/%Y"}
ISO = "%Y-%m-%d"
TITLE_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' agenda-item-title ')"
TITLES = f".//h3[{TITLE_CLASS}]"


class Overflow(SchemaError):
    """A one-day window with more meetings than the search returns."""


class AabenDagsorden(ApiAgendaAdapter):
    name = "aabendagsorden"
    meeting_format = "html"

    def listing_urls(self, base: str, since: date | None, today: date) -> list[str]:
        start = since or today - timedelta(days=5 * 365)
        urls = []
        end = today + timedelta(days=WINDOW_DAYS)  # agendas are published before the meeting
        while end > start:
            first = max(start, end - timedelta(days=WINDOW_DAYS - 1))
            urls.append(_search_url(base, first, end))
            end = first - timedelta(days=1)
        return urls

    def meetings(self, data: Any, base: str) -> list[Meeting]:
        if not isinstance(data, dict) or not isinstance(data.get("meetings"), list):
            raise SchemaError("meeting search: no 'meetings' list in the response")
        found = []
        for raw in data["meetings"]:
            meeting_id = str(raw.get("meetingId") or "")
            if not meeting_id or raw.get("blocked"):
                continue
            found.append(
                Meeting(
                    id=meeting_id,
                    url=f"{base}/fragments/meeting/{meeting_id}/view",
                    committee=str(raw.get("committeeName") or "").strip(),
                    date=_when(raw.get("date")),
                )
            )
        return found

    def more_listings(self, data: Any, url: str) -> list[str]:
        """Two half windows when this one returned fewer meetings than it has."""
        total, returned = int(data.get("numberOfResults") or 0), len(data.get("meetings") or [])
        if total <= returned:
            return []
        parts = urlsplit(url)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        fmt = DATE_FORMATS.get(parts.hostname or "", ISO)
        first, last = (datetime.strptime(query[k], fmt).date() for k in ("fromDate", "toDate"))
        if first >= last:
            raise Overflow(
                f"{total} meetings on {first}, the search returns {returned}; the rest are missing"
            )
        middle = first + (last - first) // 2
        base = f"{parts.scheme}://{parts.netloc}{parts.path.removesuffix('/rest/meeting/search')}"
        return [_search_url(base, first, middle), _search_url(base, middle + timedelta(days=1), last)]

    def items(self, data: Any, base: str, meeting: Meeting) -> list[AgendaItem]:
        root = lxml.html.fragment_fromstring(str(data), create_parent="div")
        titles = root.xpath(TITLES)
        items = []
        for number, title in enumerate(titles, start=1):
            heading = " ".join(title.text_content().split())
            label, _, rest = heading.partition(" ")
            if label.lower() == "punkt" and rest.split(" ", 1)[0].isdigit():
                digits, _, heading = rest.partition(" ")
                number = int(digits)
            items.append(
                AgendaItem(
                    url=f"{base}/meeting/{meeting.id}?{urlencode({'punkt': number})}",
                    committee=meeting.committee,
                    meeting_date=meeting.date,
                    number=str(number),
                    title=heading.strip(),
                    text=html_text(_item_html(title)),
                )
            )
        return items


def _item_html(title: Any) -> str:
    """The item's HTML without its title: the largest ancestor holding no other item title, or,
    when titles and texts are siblings in one list, the siblings up to the next title."""
    container = title
    while container.getparent() is not None and len(container.getparent().xpath(TITLES)) == 1:
        container = container.getparent()
    if container is not title:
        copy = deepcopy(container)
        for own in copy.xpath(TITLES) or [copy]:
            own.drop_tree()
        return lxml.html.tostring(copy, encoding="unicode")
    parts = [title.tail or ""]
    for sibling in title.itersiblings():
        if sibling.xpath(f"self::h3[{TITLE_CLASS}]") or sibling.xpath(TITLES):
            break
        parts.append(lxml.html.tostring(sibling, encoding="unicode", with_tail=True))
    return "".join(parts)


def _search_url(base: str, first: date, last: date) -> str:
    fmt = DATE_FORMATS.get(urlsplit(base).hostname or "", ISO)
    query = urlencode({"query": "", "fromDate": first.strftime(fmt), "toDate": last.strftime(fmt)})
    return f"{base}/rest/meeting/search?{query}"


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
