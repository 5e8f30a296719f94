"""`kommunevagt ingest FILE...`: analyse and store local text, HTML and PDF files.

The same extraction, canonical-URL identity (a file:// URL), batched NLP and
one-transaction-per-document store (`crawler.pipelines.store.store_item`, whose one look-up,
`store.crud.document_status`, decides stored, updated, unchanged or duplicate) as the crawler,
without Scrapy. A file is accepted on the
crawler's terms: at most DOWNLOAD_MAXSIZE bytes and KOMMUNEVAGT_MAX_TEXT_CHARS characters of text
(larger ones are refused, as the crawler cancels the download or fails the item), decoded by the
one rule in `core.textdecode`. Every refused path (missing, a directory, unreadable,
binary, empty, too large) gets its reason and the others are still stored.
"""

from __future__ import annotations

import hashlib
import logging
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core.textdecode import NotTextError, decode_text, ensure_text, one_line
from crawler.charset import decode_html
from crawler.extract import Extracted, ExtractionError, extract_html, extract_pdf
from crawler.items import DocumentItem
from crawler.pipelines.dedupe import content_hash
from crawler.pipelines.store import prepare_database, store_item
from crawler.sources import Source
from store.aggregates import refresh as refresh_aggregates
from store.analyze import analyze
from store.db import get_engine

LOCAL_SOURCE = "lokale-filer"
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass
class Ingested:
    path: Path
    outcome: str  # stored | updated | unchanged | duplicate | failed
    reason: str | None = None
    status: str = "ok"

    def line(self) -> str:
        """The one output line of this path: outcome, path and reason, control characters escaped."""
        reason = f" ({self.reason})" if self.reason else ""
        return one_line(f"{self.outcome:9} {self.path}{reason}")


class FileRefused(ValueError):
    """The path gives no document; the message is the one-line reason."""


@dataclass(frozen=True)
class Limits:
    """The crawler's caps, so a local file cannot become what a crawled page may not."""

    max_bytes: int
    max_chars: int

    @classmethod
    def from_settings(cls) -> Limits:
        from crawler.settings import base

        return cls(max_bytes=base.DOWNLOAD_MAXSIZE, max_chars=base.KOMMUNEVAGT_MAX_TEXT_CHARS)


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; FileRefused says why not.

    Directories, devices and pipes are refused before opening them: reading /dev/zero or a FIFO
    would never end. The read itself is capped too, in case the file grows after the stat.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise FileRefused("no such file") from None
    except OSError as exc:
        raise FileRefused(f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileRefused("is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused("not a regular file (a device, pipe or socket)")
    if info.st_size > max_bytes:
        raise FileRefused(_too_large(info.st_size, max_bytes))
    try:
        with path.open("rb") as handle:
            body = handle.read(max_bytes + 1)
    except OSError as exc:
        raise FileRefused(f"cannot read: {exc.strerror or exc}") from None
    if len(body) > max_bytes:
        raise FileRefused(_too_large(len(body), max_bytes))
    return body


def read_file(path: Path, limits: Limits) -> tuple[Extracted, list[str], bytes]:
    """Extracted text of one file (by its suffix or a PDF signature), its notes and its bytes."""
    body = read_bytes(path, limits.max_bytes)
    notes: list[str] = []
    if path.suffix.lower() == ".pdf" or body[:5] == b"%PDF-":
        extracted = extract_pdf(body)
    elif path.suffix.lower() in HTML_SUFFIXES:
        decoded = decode_html(body)
        ensure_text(decoded.text)
        extracted = extract_html(decoded.text, path.resolve().as_uri())
        notes = [decoded.note] if decoded.note else []
    else:
        decoded = decode_text(body)
        text = decoded.text.strip()
        if not text:
            raise ExtractionError("empty file" if not body else "no text (only whitespace)")
        extracted = Extracted(text=text, title=text.splitlines()[0][:200])
        notes = [decoded.note] if decoded.note else []
    if len(extracted.text) > limits.max_chars:
        # The same reason, in the same words, as the crawler's ValidatePipeline.
        raise FileRefused(f"text too long ({len(extracted.text)} > {limits.max_chars} characters)")
    return extracted, notes, body


def prepare_item(path: Path, source: str, kind: str, limits: Limits) -> DocumentItem:
    """The DocumentItem of one file; raises with a one-line reason when the file gives none."""
    extracted, notes, body = read_file(path, limits)
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
        # The document keeps its notes (a repaired decoding) where the store keeps its own.
        status_reason="; ".join(filter(None, [extracted.status_reason, *notes])) or None,
        raw_hash=hashlib.sha256(body).hexdigest(),
        canonical_url=url,
        notes=notes,
    )
    item.content_hash = content_hash(item)
    return item


def ingest_files(
    paths: list[Path],
    *,
    kind: str = "news",
    source: str = LOCAL_SOURCE,
    n_process: int = 1,
    batch_size: int = 32,
    limits: Limits | None = None,
) -> list[Ingested]:
    """Analyse and store every file; one result per path, in the order given.

    `n_process > 1` spreads the NLP over worker processes (`nlp.pipeline.extract_many`).
    """
    from crawler.pipelines.analyse import analyse_texts, stored_registry

    limits = limits or Limits.from_settings()
    source_id = prepare_database([Source(name=source, kind=kind)])[source]
    results: dict[int, Ingested] = {}
    items: list[tuple[int, Path, DocumentItem]] = []
    with _quiet("pypdf"):
        for index, path in enumerate(paths):
            try:
                items.append((index, path, prepare_item(path, source, kind, limits)))
            except (FileRefused, NotTextError, ExtractionError) as exc:
                results[index] = Ingested(path, "failed", str(exc))
            except Exception as exc:  # a hostile file (e.g. a malformed PDF) must not stop the others
                results[index] = Ingested(path, "failed", f"unreadable: {type(exc).__name__}: {exc}")
    # No valid file: no model to load, no worker processes to start.
    texts = [item.text for _, _, item in items]
    published = [item.published_at for _, _, item in items]
    registry = stored_registry() if texts else None
    extractions = analyse_texts(texts, batch_size, n_process, published, registry) if texts else []
    for (index, path, item), extraction in zip(items, extractions, strict=True):
        item.extraction = extraction
        try:
            outcome, reason = store_item(item, source_id)
        except Exception as exc:  # one bad file must not stop the others
            outcome, reason = "failed", f"{type(exc).__name__}: {exc}"
        shown = [reason, *item.notes, item.status_reason if item.status != "ok" else None]
        results[index] = Ingested(path, outcome, "; ".join(filter(None, shown)) or None, item.status)
    refresh_aggregates(get_engine())  # Dækning's counts include the new documents
    analyze(get_engine())  # fresh planner statistics for the UI's queries
    return [results[index] for index in range(len(paths))]


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Silence a library's warnings while files are read: a broken PDF already gets its one
    `failed` line with the reason, and pypdf would add "EOF marker not found" lines to stderr."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _too_large(size: int, max_bytes: int) -> str:
    return f"file too large ({size} > {max_bytes} bytes, the crawler's DOWNLOAD_MAXSIZE)"
