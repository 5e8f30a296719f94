"""Duplicate-request filter whose JOBDIR memory holds only *finished* documents.

Scrapy's own filter persists a fingerprint the moment a request is scheduled. After a hard kill
(SIGKILL, power loss) its queue is lost but the fingerprints remain, so pages that were queued
and never stored would be skipped forever on restart. Here a document's fingerprint is written
(and flushed) only when the pipelines report its outcome, so a restarted crawl re-discovers
every unfinished page from the feeds and listings (which are always re-fetched) and skips the
finished ones. Within one run every request is still fetched at most once.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.dupefilters import RFPDupeFilter
from scrapy.http import Request
from scrapy.utils.job import job_dir

from crawler.signals import document_outcome

log = logging.getLogger(__name__)

DONE_FILE = "documents.done"


class FinishedDocumentsDupeFilter(RFPDupeFilter):
    def __init__(self, path: str | None = None, debug: bool = False, *, fingerprinter: Any = None) -> None:
        super().__init__(None, debug, fingerprinter=fingerprinter)
        self.done_file = None
        if path:
            done = Path(path, DONE_FILE)
            if done.exists():
                finished = {bytes.fromhex(line) for line in done.read_text().split() if line}
                self._fingerprints.update(finished)
                log.info("resuming: %d documents already finished in %s", len(finished), path)
            self.done_file = done.open("a")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FinishedDocumentsDupeFilter:
        dupefilter = cls(
            job_dir(crawler.settings),
            crawler.settings.getbool("DUPEFILTER_DEBUG"),
            fingerprinter=crawler.request_fingerprinter,
        )
        crawler.signals.connect(dupefilter.document_finished, signal=document_outcome)
        return dupefilter

    def request_seen(self, request: Request) -> bool:
        if request.meta.get("redirect_times"):
            # A redirect hop: RedirectMiddleware bounds the chain (REDIRECT_MAX_TIMES) and reports a
            # loop as an error; filtering here would drop the document without any outcome.
            return False
        fp = self._fingerprint(request)
        if fp in self._fingerprints:
            return True
        self._fingerprints.add(fp)
        return False

    def document_finished(self, fingerprint: str | None = None, outcome: str | None = None, **_: Any) -> None:
        """Persist a finished document; notes on a stored document come with its own outcome."""
        if self.done_file is None or not fingerprint or outcome == "note":
            return
        self.done_file.write(fingerprint + "\n")
        self.done_file.flush()

    def close(self, reason: str) -> None:
        if self.done_file is not None:
            self.done_file.close()
