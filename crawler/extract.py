"""Main text and metadata from fetched bytes: HTML through trafilatura, PDF through pypdf.

Each body is parsed once. trafilatura returns the article text without navigation, teasers and
related-article boxes, plus title, author and date (it asks htmldate itself); when it finds no
date we ask htmldate directly with its extensive search, the documented fallback. A PDF whose
pages hold no text layer (a scan) gives an empty text and status "no_text" with the reason, so
the caller stores it rather than dropping it. A crawl runs this on its extraction worker
(crawler/workers.py), so trafilatura, htmldate and pypdf are imported where they are used and
never load into the crawling process.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from crawler.charset import decode_html
from crawler.page_signals import clean_author, is_debate_page

log = logging.getLogger(__name__)

# Below this many characters the "main text" is boilerplate or an error page, not a document.
MIN_TEXT_CHARS = 200


class ExtractionError(ValueError):
    """The body holds no document; the message is the reason recorded in crawl_run."""


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    status: str = "ok"  # ok | no_text
    status_reason: str | None = None
    debate: bool = False  # the page calls itself a debate post (page_signals.is_debate_page)


@lru_cache(maxsize=1)
def _config():  # type: ignore[no-untyped-def]
    from trafilatura.settings import use_config

    config = use_config()
    # The default timeout uses SIGALRM, which only works on the main thread.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def extract_body(body: bytes, content_type: str, url: str) -> tuple[Extracted, list[str]]:
    """The document in a fetched body (PDF or HTML, by type, magic bytes or URL) and the notes on
    repaired problems (a wrong charset declaration); raises ExtractionError without a document.

    Bytes in, a small result out: this is what runs on the extraction worker (crawler.workers),
    so only the body travels there, never the response or the item.
    """
    content_type = content_type.lower()
    if "pdf" in content_type or body[:5] == b"%PDF-" or url.lower().endswith(".pdf"):
        return extract_pdf(body), []
    if not content_type or "html" in content_type or "xml" in content_type:
        decoded = decode_html(body, content_type or None)
        return extract_html(decoded.text, url), [decoded.note] if decoded.note else []
    raise ExtractionError(f"unsupported content type {content_type!r}")


def extract_html(html: str, url: str | None = None) -> Extracted:
    """Main text, title, author and date of an HTML page; raises ExtractionError without main text.

    trafilatura's own algorithm runs first ("fast": 3x quicker on heavy pages); its readability
    and jusText fallbacks only run when that finds no main text.
    """
    doc = _trafilatura(html, url, fast=True)
    text = _text(doc)
    if len(text) < MIN_TEXT_CHARS:
        doc = _trafilatura(html, url, fast=False)
        text = _text(doc)
    if len(text) < MIN_TEXT_CHARS:
        raise ExtractionError(f"no main text found ({len(text)} characters)")
    from htmldate import find_date

    date = _parse_date(getattr(doc, "date", None)) or _parse_date(
        find_date(html, extensive_search=True, original_date=True, url=url)
    )
    title = getattr(doc, "title", None) or None
    sections = getattr(doc, "categories", None) or []
    return Extracted(
        text=text,
        title=title,
        author=clean_author(getattr(doc, "author", None)),
        published_at=date,
        debate=bool(url) and is_debate_page(url or "", sections, title, text),
    )


def _trafilatura(html: str, url: str | None, *, fast: bool) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        html,
        url=url,
        fast=fast,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        config=_config(),
    )


def _text(doc: Any) -> str:
    return ((getattr(doc, "text", None) or "") if doc is not None else "").strip()


def extract_pdf(body: bytes) -> Extracted:
    """Text of every page of a PDF; a PDF without a text layer gives status "no_text"."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not body.strip():
        raise ExtractionError("empty PDF (0 bytes)")
    try:
        reader = PdfReader(io.BytesIO(body))
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise ExtractionError(f"unreadable PDF: {exc}") from exc
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    title = (meta.title if meta else None) or None
    author = clean_author(meta.author if meta else None)
    published = _naive(meta.creation_date) if meta else None
    if not text:
        return Extracted(
            text="",
            title=title,
            author=author,
            published_at=published,
            status="no_text",
            status_reason=f"PDF has no text layer ({len(pages)} page(s), probably scanned); OCR needed",
        )
    return Extracted(text=text, title=title, author=author, published_at=published)


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return _naive(datetime.fromisoformat(value))
    except ValueError:
        return None


def _naive(value: datetime | None) -> datetime | None:
    """Dates are stored as naive UTC, the same on SQLite and PostgreSQL."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)
