"""`kommunevagt ingest FILE...`: analyse and store local text, HTML and PDF files.

The same extraction, canonical-URL identity (a file:// URL), content-hash dedupe, batched NLP
and one-transaction-per-document store as the crawler, without Scrapy.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from crawler.charset import decode_html
from crawler.extract import Extracted, ExtractionError, extract_html, extract_pdf
from crawler.items import DocumentItem
from crawler.pipelines.dedupe import content_hash
from crawler.pipelines.store import prepare_database, store_item
from crawler.sources import Source
from store.analyze import analyze
from store.db import get_engine

LOCAL_SOURCE = "lokale-filer"


@dataclass
class Ingested:
    path: Path
    outcome: str  # stored | updated | unchanged | duplicate | failed
    reason: str | None = None
    status: str = "ok"


def read_file(path: Path) -> tuple[Extracted, list[str]]:
    """Extracted text of one file, chosen by its suffix (or a PDF signature), plus notes."""
    body = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".pdf" or body[:5] == b"%PDF-":
        return extract_pdf(body), []
    if suffix in (".html", ".htm", ".xhtml"):
        decoded = decode_html(body)
        return extract_html(decoded.text, path.resolve().as_uri()), [decoded.note] if decoded.note else []
    decoded = decode_html(body, "text/plain")
    text = decoded.text.strip()
    if not text:
        raise ExtractionError("empty file")
    title = text.splitlines()[0][:200]
    return Extracted(text=text, title=title), [decoded.note] if decoded.note else []


def ingest_files(
    paths: list[Path],
    *,
    kind: str = "news",
    source: str = LOCAL_SOURCE,
    n_process: int = 1,
    batch_size: int = 32,
) -> list[Ingested]:
    """Analyse and store every file; one result per file, in order.

    `n_process > 1` spreads the NLP over worker processes (`nlp.pipeline.extract_many`).
    """
    from crawler.pipelines.analyse import analyse_texts

    source_id = prepare_database([Source(name=source, kind=kind)])[source]
    results: list[Ingested] = []
    items: list[tuple[Path, DocumentItem]] = []
    for path in paths:
        try:
            extracted, notes = read_file(path)
        except (ExtractionError, OSError) as exc:
            results.append(Ingested(path, "failed", str(exc)))
            continue
        url = path.resolve().as_uri()
        item = DocumentItem(
            url=url,
            source=source,
            kind=kind,
            text=extracted.text,
            fetched_at=datetime.now(UTC),
            title=extracted.title,
            author=extracted.author,
            published_at=extracted.published_at,
            status=extracted.status,
            status_reason=extracted.status_reason,
            raw_hash=hashlib.sha256(path.read_bytes()).hexdigest(),
            canonical_url=url,
            notes=notes,
        )
        item.content_hash = content_hash(item)
        items.append((path, item))
    published = [item.published_at for _, item in items]
    extractions = analyse_texts([item.text for _, item in items], batch_size, n_process, published)
    for (path, item), extraction in zip(items, extractions, strict=True):
        item.extraction = extraction
        try:
            outcome, reason = store_item(item, source_id)
        except Exception as exc:  # one bad file must not stop the others
            outcome, reason = "failed", f"{type(exc).__name__}: {exc}"
        results.append(
            Ingested(
                path, outcome, reason or item.status_reason or "; ".join(item.notes) or None, item.status
            )
        )
    analyze(get_engine())  # fresh planner statistics for the UI's queries
    order = {p: i for i, p in enumerate(paths)}
    return sorted(results, key=lambda r: order[r.path])
