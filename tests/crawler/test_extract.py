"""Text extraction (trafilatura, pypdf), charset decoding and canonical URLs."""

from __future__ import annotations

import pytest

from crawler.charset import decode_html
from crawler.extract import ExtractionError, extract_html, extract_pdf
from crawler.urls import canonicalise
from demo.server import DEMO_SITE, fault_route

LATIN1_PAGE = DEMO_SITE / "avis/artikler/soehoejlandet-busruter.html"


def test_latin1_page_by_header_and_by_meta() -> None:
    body = LATIN1_PAGE.read_bytes()
    assert "Ø".encode() not in body  # really latin-1 bytes
    for content_type in ("text/html; charset=iso-8859-1", None):
        decoded = decode_html(body, content_type)
        assert decoded.note is None
        assert "Søren Ørsted" in decoded.text and "Gødvad og Låsby" in decoded.text


def test_wrong_declared_charset_is_repaired_and_reported() -> None:
    reply = fault_route(DEMO_SITE)("/fejl/forkert-tegnsaet.html")
    assert reply is not None
    decoded = decode_html(reply[2], reply[1]["Content-Type"])
    assert decoded.encoding == "cp1252"
    assert decoded.note and "'utf-8' in HTTP header does not match" in decoded.note
    assert "Skanderborg Kommune" in decoded.text and "pladsanvisning" in decoded.text
    assert "\ufffd" not in decoded.text


def test_windows_1252_quotes_without_declaration() -> None:
    body = "<p>”Det må vi erkende,” siger hun – og æøå.</p>".encode("cp1252")
    assert decode_html(body).text.startswith("<p>”Det må vi erkende,”")


def test_article_main_text_metadata_and_no_boilerplate() -> None:
    html = (DEMO_SITE / "avis/artikler/horsens-ledighed-falder.html").read_text(encoding="utf-8")
    extracted = extract_html(html, "http://127.0.0.1/avis/artikler/horsens-ledighed-falder.html")
    assert extracted.title == "Ledigheden i Horsens er den laveste i 17 år"
    assert extracted.author == "Rasmus Holt"
    assert extracted.published_at is not None and extracted.published_at.isoformat().startswith("2026-03-09")
    assert "nummer 31 ud af 98 kommuner" in extracted.text and "41.280 kr." in extracted.text
    for boilerplate in ("Forårsudsalg", "Mest læste", "Tilmeld", "Privatlivspolitik", "Læs også"):
        assert boilerplate not in extracted.text


def test_page_without_main_text_raises_with_reason() -> None:
    html = (DEMO_SITE / "avis/artikler/fejlside.html").read_text(encoding="utf-8")
    with pytest.raises(ExtractionError, match="no main text"):
        extract_html(html)


def test_empty_and_corrupt_pdfs() -> None:
    with pytest.raises(ExtractionError, match="empty PDF"):
        extract_pdf(b"")
    with pytest.raises(ExtractionError, match="unreadable PDF"):
        extract_pdf(b"%PDF-1.4\nthis is not a pdf")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Avis.DK:80/a/b.html?utm_source=rss&utm_medium=feed#top", "http://avis.dk/a/b.html"),
        ("https://avis.dk/a?id=3&fbclid=xyz&gclid=1", "https://avis.dk/a?id=3"),
        ("https://avis.dk/sektion/index.html", "https://avis.dk/sektion/"),
        ("https://avis.dk/a?b=2&a=1", "https://avis.dk/a?a=1&b=2"),
    ],
)
def test_canonical_urls(url: str, expected: str) -> None:
    assert canonicalise(url) == expected
    assert canonicalise(expected) == expected
