"""The crawler's own signal: what became of one URL (sent by spiders, middlewares, pipelines).

Counting happens in one listener (`accounting.RunAccounting`) and resume bookkeeping in another
(`dupefilter.FinishedDocumentsDupeFilter`), so the senders only say what happened.
"""

from __future__ import annotations

from typing import Any

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
