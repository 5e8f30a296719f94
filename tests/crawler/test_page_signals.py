"""Bylines and page kinds (crawler/page_signals.py): what a Danish news page says about itself."""

from __future__ import annotations

import pytest

from crawler.extract import extract_html
from crawler.page_signals import clean_author, is_debate_page

PARAGRAPH = (
    "Byrådet i Vejle Kommune vil lukke to skoler i de små byer, og det har fået mange forældre til at "
    "reagere. Vi mener, at beslutningen er forhastet, og at kommunen ikke har regnet på, hvad det "
    "koster familierne at køre børnene tyve kilometer hver dag. "
)


def page(*, byline: str, section: str | None = None, title: str = "Skolerne skal blive") -> str:
    meta = f'<meta property="article:section" content="{section}">' if section else ""
    return (
        f"<html><head><title>{title}</title>{meta}<meta name='author' content='{byline}'></head>"
        f"<body><article><h1>{title}</h1><p class='byline'>{byline}</p>"
        f"<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>"
    )


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Af Hanne Holm", "Hanne Holm"),
        ("af Hanne Holm", "Hanne Holm"),
        ("Skrevet af Hanne Holm, journalist", "Hanne Holm"),
        ("Hanne Holm - journalist", "Hanne Holm"),
        ("Tekst og foto: Mads Kjeldsen", "Mads Kjeldsen"),
        ("Af Hanne Holm og Peter Dam, Ritzau", "Hanne Holm; Peter Dam"),
        ("Hanne Holm, hanne.holm@avis.dk", "Hanne Holm"),
        ("Af Bo By", "Bo By"),
        ("Lise Madsen (V), byrådsmedlem", "Lise Madsen (V), byrådsmedlem"),
        ("hanne@avis.dk", None),
        ("", None),
    ],
)
def test_byline_prefixes_and_suffixes_are_stripped(raw: str, clean: str | None) -> None:
    assert clean_author(raw) == clean


@pytest.mark.parametrize(
    ("url", "sections", "title", "debate"),
    [
        ("https://avis.example/debat/luk-ikke-skolen", [], "Luk ikke skolen", True),
        ("https://avis.example/laeserbreve/2026/luk-ikke", [], "Luk ikke", True),
        ("https://avis.example/nyheder/luk-ikke", ["Debat"], "Luk ikke skolen", True),
        ("https://avis.example/nyheder/luk-ikke", [], "Læserbrev: Luk ikke skolen", True),
        ("https://avis.example/nyheder/debatten-raser", ["Lokalt"], "Debatten om skolen raser", False),
        ("https://avis.example/nyheder/skolen-lukker", [], "Skolen lukker", False),
    ],
)
def test_a_page_that_calls_itself_debate_is_debate(url, sections, title, debate) -> None:
    assert is_debate_page(url, sections, title) is debate


def test_extraction_cleans_the_byline_and_reads_the_section() -> None:
    extracted = extract_html(page(byline="Af Hanne Holm", section="Debat"), "https://avis.example/nyheder/a")
    assert extracted.author == "Hanne Holm"
    assert extracted.debate
    news = extract_html(page(byline="Hanne Holm, journalist"), "https://avis.example/nyheder/a")
    assert news.author == "Hanne Holm" and not news.debate
