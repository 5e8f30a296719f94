"""The publication portal layout served at `dagsordener.<kommune>.dk`-style addresses.

Layout: a committee listing of meetings (`a.moede`), paginated with `rel=next`; a meeting page
with agenda items (`section.dagsordenpunkt`, each with its decision) and, when the minutes are
only published as a file, a link `a.referat-fil` to the PDF. The demo site's
`/dagsordenportal/<kommune>/` follows this layout, and every kommune on it uses this one adapter.
The selectors are checked against the demo site only; a real vendor's markup will need its own
adapter class next to this one.
"""

from __future__ import annotations

from crawler.agenda.base import AgendaAdapter


class DagsordenPortal(AgendaAdapter):
    name = "dagsordenportal"
    meeting_links_xpath = "//a[contains(concat(' ', normalize-space(@class), ' '), ' moede ')]/@href"
    next_page_xpath = "//a[@rel='next']/@href"
    minutes_files_xpath = "//a[contains(concat(' ', normalize-space(@class), ' '), ' referat-fil ')]/@href"
    minutes_text_xpath = "//section[contains(concat(' ', normalize-space(@class), ' '), ' dagsordenpunkt ')]"
