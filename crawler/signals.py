"""The crawler's own signal: what became of one document (sent by spiders, middlewares, pipelines).

Counting happens in one listener (`accounting.RunAccounting`) and resume bookkeeping in another
(`dupefilter.FinishedDocumentsDupeFilter`), so the senders only say what happened.
"""

from __future__ import annotations

from typing import Any

# kwargs: source: str, url: str, outcome: str, reason: str | None, fingerprint: str | None
document_outcome = object()

# stored/updated: written; unchanged: same content as stored (or 304 / lastmod); duplicate: same
# content under another URL; failed: nothing stored. "note" records a problem on a stored document.
OUTCOMES = ("stored", "updated", "unchanged", "duplicate", "failed", "note")


def send_outcome(
    crawler: Any,
    *,
    source: str,
    url: str,
    outcome: str,
    reason: str | None = None,
    fingerprint: str | None = None,
) -> None:
    """Tell every listener what became of `url`."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    crawler.signals.send_catch_log(
        signal=document_outcome,
        source=source,
        url=url,
        outcome=outcome,
        reason=reason,
        fingerprint=fingerprint,
    )
