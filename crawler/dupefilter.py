"""Duplicate-request filter whose JOBDIR memory holds only *finished* documents.

Scrapy's own filter persists a fingerprint the moment a request is scheduled. After a hard kill
(SIGKILL, power loss) its queue is lost but the fingerprints remain, so pages that were queued
and never stored would be skipped forever on restart. Here a document's fingerprint is written
(and flushed) only when the pipelines report its outcome, so a restarted crawl re-discovers
every unfinished page from the feeds and listings (which are always re-fetched) and skips the
finished ones. Within one run every request is still fetched at most once. "Finished" means
stored, unchanged, duplicate or permanently failed (`signals.is_done`): a page that answered 503
or could not be stored is tried again by the next run. A request this filter rejects carries
its reason in `meta["skip_reason"]`, which the accounting counts (Scrapy's `request_dropped`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.dupefilters import RFPDupeFilter
from scrapy.http import Request
from scrapy.utils.job import job_dir

from crawler.signals import document_outcome, is_done

log = logging.getLogger(__name__)

DONE_FILE = "documents.done"
SEEN_THIS_RUN = "already requested in this run"
DONE_EARLIER = "finished in an earlier run (jobdir)"


class FinishedDocumentsDupeFilter(RFPDupeFilter):
    def __init__(self, path: str | None = None, debug: bool = False, *, fingerprinter: Any = None) -> None:
        super().__init__(None, debug, fingerprinter=fingerprinter)
        self.done_file = None
        self.finished_before: set[bytes] = set()
        if path:
            done = Path(path, DONE_FILE)
            if done.exists():
                finished = {bytes.fromhex(line) for line in done.read_text().split() if line}
                self._fingerprints.update(finished)
                self.finished_before = finished
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
            request.meta["skip_reason"] = DONE_EARLIER if fp in self.finished_before else SEEN_THIS_RUN
            return True
        self._fingerprints.add(fp)
        return False

    def document_finished(
        self,
        fingerprint: str | None = None,
        outcome: str | None = None,
        cause: str | None = None,
        **_: Any,
    ) -> None:
        """Persist a finished document (not a temporary or local failure: those are retried)."""
        if self.done_file is None or not fingerprint or not is_done(outcome, cause):
            return
        self.done_file.write(fingerprint + "\n")
        self.done_file.flush()

    def close(self, reason: str) -> None:
        if self.done_file is not None:
            self.done_file.close()
