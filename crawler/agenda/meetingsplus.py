"""Formpipe Meetings+ (Billund, Norddjurs): HTML only, an overview page and one page per meeting.

`/overview` lists about two months of meetings: each `meeting-list-item` (with `data-content-id`)
links to its meeting page with the date as the link text, and names the committee in
`class="url-text"`. A meeting page lists its items as `li.meeting-item-row` (number in
`list-item-number`, title in `item-title`, anchor `name="id_{n}"`) inside `agendaTabContent`, or
`protocolTabContent` once the minutes exist; the minutes win. The résumé and decision are often
only in the item's PDF: an item without text is fetched as its PDF link. An item's link is the
meeting page with `?punkt=N` (a `#id_N` would be lost when URLs are canonicalised). Fields:
../shared/data/agenda/FIELDS.md.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode, urljoin

import dateparser
import lxml.html

from crawler.agenda.base import AgendaItem, ApiAgendaAdapter, Meeting, SchemaError, html_text


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


MEETINGS = f"//*[{_has_class('meeting-list-item')}]"
ITEMS = f".//li[{_has_class('meeting-item-row')}]"
TABS = ("protocolTabContent", "agendaTabContent")  # minutes first
DATE_SETTINGS = {"DATE_ORDER": "DMY", "TIMEZONE": "Europe/Copenhagen", "RETURN_AS_TIMEZONE_AWARE": True}


class MeetingsPlus(ApiAgendaAdapter):
    name = "meetingsplus"
    listing_format = "html"
    meeting_format = "html"

    def listing_urls(self, base: str, since: date | None, today: date) -> list[str]:
        return [f"{base}/overview"]  # the overview is the only listing the system publishes

    def meetings(self, data: Any, base: str) -> list[Meeting]:
        root = _page(data)
        rows = root.xpath(MEETINGS)
        if not rows and not root.xpath(f"//*[{_has_class('meeting-list')}]"):
            raise SchemaError("overview: no meeting-list-item in the page")
        found = []
        for row in rows:
            links = row.xpath(".//a[@href]")
            if not links:
                continue
            link = links[0]
            committee = " ".join(" ".join(row.xpath(f".//*[{_has_class('url-text')}]//text()")).split())
            found.append(
                Meeting(
                    id=str(row.get("data-content-id") or link.get("href")),
                    url=urljoin(base + "/", link.get("href")),
                    committee=committee,
                    date=_when(" ".join(link.text_content().split())),
                )
            )
        return found

    def items(self, data: Any, base: str, meeting: Meeting) -> list[AgendaItem]:
        root = _page(data)
        rows: list[Any] = []
        for tab in TABS:
            rows = root.xpath(f"//*[@id='{tab}']{ITEMS[1:]}")
            if rows:
                break
        items = []
        for position, row in enumerate(rows, start=1):
            number = _text(row, "list-item-number").rstrip(".") or str(position)
            title = _text(row, "item-title")
            pdfs = [a.get("href") for a in row.xpath(".//a[@href]") if ".pdf" in a.get("href", "").lower()]
            for element in row.xpath(
                f".//*[{_has_class('list-item-number')} or {_has_class('item-title')}] | .//a[@href]"
            ):
                element.drop_tree()
            items.append(
                AgendaItem(
                    url=f"{meeting.url}?{urlencode({'punkt': number})}",
                    committee=meeting.committee,
                    meeting_date=meeting.date,
                    number=number,
                    title=title,
                    text=html_text(lxml.html.tostring(row, encoding="unicode")),
                    pdf_url=urljoin(meeting.url, pdfs[0]) if pdfs else None,
                )
            )
        return items


def _page(data: Any) -> Any:
    text = str(data)
    if not text.strip():
        raise SchemaError("empty page")
    return lxml.html.document_fromstring(text)


def _text(row: Any, css_class: str) -> str:
    return " ".join(" ".join(row.xpath(f".//*[{_has_class(css_class)}]//text()")).split())


def _when(text: str) -> datetime | None:
    """The meeting's date in Danish time (the document title shows it as the portal does)."""
    return dateparser.parse(text, languages=["da"], settings=DATE_SETTINGS) if text else None  # type: ignore[arg-type]
