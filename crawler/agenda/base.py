"""The shapes of agenda-system adapters: HTML portals (four XPath expressions) and JSON APIs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import lxml.html
from scrapy.http import Response


class AgendaAdapter:
    name = "base"
    meeting_links_xpath = "//a/@href"  # listing page -> meeting pages
    next_page_xpath = "//a[@rel='next']/@href"  # listing page -> next listing page
    minutes_files_xpath = "//a[contains(@href, '.pdf')]/@href"  # meeting page -> minutes PDFs
    minutes_text_xpath = "//main"  # present when the meeting page itself holds the minutes

    # The links as written in the page: the spider resolves and vets them (SourceSpider.admit),
    # so a malformed href is reported instead of ending the whole page's callback.

    def meeting_links(self, response: Response) -> list[str]:
        return response.xpath(self.meeting_links_xpath).getall()

    def next_pages(self, response: Response) -> list[str]:
        return response.xpath(self.next_page_xpath).getall()

    def minutes_files(self, response: Response) -> list[str]:
        return response.xpath(self.minutes_files_xpath).getall()

    def page_holds_minutes(self, response: Response) -> bool:
        return bool(response.xpath(self.minutes_text_xpath))


# --- JSON agenda systems (FirstAgenda, Åben Dagsorden): an API instead of pages to walk ----------


class SchemaError(ValueError):
    """An API response that parsed as JSON but lacks what the system always sends."""


@dataclass(frozen=True)
class Meeting:
    id: str
    url: str  # where its agenda items are fetched
    committee: str
    date: datetime | None
    # Systems whose listing is already one row per agenda item (kk.dk) carry the item's own
    # title and number here, so the item page only has to give the text.
    title: str = ""
    number: str = ""


@dataclass(frozen=True)
class AgendaItem:
    """One agenda item: it becomes one document, with a deep link to the item itself."""

    url: str
    committee: str
    meeting_date: datetime | None
    number: str
    title: str
    text: str  # the item's text (case, recommendation, decision with its vote lines)
    public: bool = True  # False: a closed item ("Lukket"), published without text
    pdf_url: str | None = None  # the item as a PDF, the only content when `text` is empty
    attachments: list[str] = field(default_factory=list)

    def heading(self) -> str:
        """The document title: committee, meeting date, item number and the item's own title."""
        when = f" {self.meeting_date:%d.%m.%Y}" if self.meeting_date else ""
        number = f" punkt {self.number}:" if self.number else ":"
        return f"{self.committee}{when},{number} {self.title}".strip(" ,:")


class ApiAgendaAdapter:
    """A system with an API: listing responses of meetings, then one response per meeting."""

    name = "api-base"
    listing_format = "json"  # or "html": the listing is a page (Meetings+'s /overview)
    meeting_format = "json"  # or "html": the meeting response is an HTML fragment

    def home_url(self, base: str) -> str | None:
        """Fetched first when the API needs its cookie (None: not needed)."""
        return None

    def listing_urls(self, base: str, since: date | None, today: date) -> list[str]:
        """The first listing requests; `since` is the oldest meeting date wanted (None: all)."""
        raise NotImplementedError

    def meetings(self, data: Any, base: str) -> list[Meeting]:
        raise NotImplementedError

    def more_listings(self, data: Any, url: str) -> list[str]:
        """Listing requests this response calls for (next page, narrower windows); [] when done."""
        return []

    def items(self, data: Any, base: str, meeting: Meeting) -> list[AgendaItem]:
        raise NotImplementedError


_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "table", "ul", "ol"}


def html_text(fragment: str) -> str:
    """Plain text of an HTML field, one line per paragraph, heading or list item.

    Lines are kept (not joined into one paragraph) so a decision's vote lines ("For stemte: A, C
    og Ø") stay lines of their own. Word exports put <meta>/<title> inside the fragment: dropped.
    """
    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for element in list(root.iter("meta", "title", "style", "script")):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
            element.text = "\n" + (element.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)
