"""The crawler's own signal: what became of one URL (sent by spiders, middlewares, pipelines).

Counting happens in one listener (`accounting.RunAccounting`) and resume bookkeeping in another
(`dupefilter.FinishedDocumentsDupeFilter`), so the senders only say what happened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn

from scrapy.exceptions import DropItem

if TYPE_CHECKING:
    from crawler.items import DocumentItem

# kwargs: source, url, outcome, reason, fingerprint, cause (see send_outcome)
document_outcome = object()

# stored/updated: written; unchanged: same content as stored (or 304 / lastmod); duplicate: same
# content under another URL; failed: nothing stored; skipped: a URL the crawler decided not to
# fetch (too long, offsite, already requested, over the fan-out cap, ...). "note" records a
# problem on a stored document.
OUTCOMES = ("stored", "updated", "unchanged", "duplicate", "failed", "skipped", "note")

# Why a document failed, which decides whether a resumed crawl tries it again:
# "page": the page itself is bad (404, not a document, too large): final, counted as done.
# "temporary": the site could not answer now (5xx, 429, timeout, connection): retried next run.
# "local": our side failed (store, NLP, a crawler bug): retried next run, and the run is incomplete.
CAUSES = ("page", "temporary", "local")
FINAL_OUTCOMES = ("stored", "updated", "unchanged", "duplicate")


def is_done(outcome: str | None, cause: str | None) -> bool:
    """Whether a resumed crawl may skip this document: only finished or permanently failed ones."""
    return outcome in FINAL_OUTCOMES or (outcome == "failed" and (cause or "page") == "page")


def one_line(exc: BaseException) -> str:
    """`Type: first line of the message` as a reason: SQLAlchemy appends SQL and parameters."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def send_outcome(
    crawler: Any,
    *,
    source: str,
    url: str,
    outcome: str,
    reason: str | None = None,
    fingerprint: str | None = None,
    cause: str | None = None,
) -> None:
    """Tell every listener what became of `url` (`cause` only for "failed"; default "page")."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    if outcome == "failed":
        cause = cause or "page"
        if cause not in CAUSES:
            raise ValueError(f"unknown cause {cause!r}")
    crawler.signals.send_catch_log(
        signal=document_outcome,
        source=source,
        url=url,
        outcome=outcome,
        reason=reason,
        fingerprint=fingerprint,
        cause=cause,
    )


def report(
    crawler: Any, item: DocumentItem, outcome: str, reason: str | None = None, *, cause: str | None = None
) -> None:
    """`send_outcome` for a document item (its source, URL and request fingerprint)."""
    send_outcome(
        crawler,
        source=item.source,
        url=item.url,
        outcome=outcome,
        reason=reason,
        fingerprint=item.fingerprint,
        cause=cause,
    )


def drop(
    crawler: Any,
    item: DocumentItem,
    outcome: str,
    reason: str | None,
    *,
    cause: str | None = None,
    log_level: str | None = "INFO",
    message: str | None = None,
) -> NoReturn:
    """Report `item`'s final outcome and take it out of the pipelines (DropItem): every pipeline
    that drops an item says first what became of it, so each document is counted exactly once.
    `message` is the log line (default "outcome: url (reason)"); log_level None is Scrapy's
    DEFAULT_DROPITEM_LOG_LEVEL."""
    report(crawler, item, outcome, reason, cause=cause)
    raise DropItem(message or f"{outcome}: {item.url} ({reason})", log_level=log_level)


def send_notes(crawler: Any, item: DocumentItem, notes: list[str]) -> None:
    """Report each problem on a stored document as a "note" (see `DocumentItem.problems`); a note
    carries no fingerprint, as it does not finish the document."""
    for note in notes:
        send_outcome(crawler, source=item.source, url=item.url, outcome="note", reason=note)
