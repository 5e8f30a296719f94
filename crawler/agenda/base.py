"""The shape every agenda-system adapter fills in: four XPath expressions, overridable methods."""

from __future__ import annotations

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
