"""The webhook channel: the run's items as one JSON POST, signed with HMAC-SHA256, retried.

The signature header is `X-Kommunevagt-Signature: sha256=<hex>` over the exact body bytes, keyed
with the watch's secret (the GitHub webhook convention, so receivers can reuse their checks).
Connection errors, timeouts, 429 and 5xx are retried with exponential backoff
(KOMMUNEVAGT_WEBHOOK_ATTEMPTS, KOMMUNEVAGT_WEBHOOK_BACKOFF); other 4xx are not, as the same
request would fail again. When all attempts fail the items stay pending for the next run.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import datetime
from typing import Any

import httpx

from core.settings import Settings
from store.queries.watch_match import AlertItem
from watch import render
from watch.email import DeliveryError

SIGNATURE_HEADER = "X-Kommunevagt-Signature"
TIMEOUT_S = 10.0


def signature(secret: str, body: bytes) -> str:
    """The header value a receiver recomputes to check the body came from this watch."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def payload(*, watch_name: str, items: list[AlertItem], settings: Settings, now: datetime) -> bytes:
    body: dict[str, Any] = {
        "watch": watch_name,
        "sent_at": now.isoformat(),
        "items": [render.item_json(item, settings.ui_url) for item in items],
    }
    return json.dumps(body, ensure_ascii=False).encode()


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


def post(*, url: str, secret: str | None, body: bytes, settings: Settings) -> None:
    """POST `body`, retrying transient failures; DeliveryError with the last reason otherwise."""
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "Kommunevagt"}
    if secret:
        headers[SIGNATURE_HEADER] = signature(secret, body)
    attempts = max(1, settings.webhook_attempts)
    reason = ""
    with httpx.Client(timeout=TIMEOUT_S, follow_redirects=False) as client:
        for attempt in range(attempts):
            if attempt:
                time.sleep(settings.webhook_backoff * 2 ** (attempt - 1))
            try:
                response = client.post(url, content=body, headers=headers)
            except httpx.HTTPError as exc:
                reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                continue
            if response.is_success:
                return
            reason = f"answered HTTP {response.status_code}"
            if not _retryable(response.status_code):
                break
    raise DeliveryError(f"webhook {url} {reason} ({attempt + 1} attempts)")
