"""Documents and extractions for the store tests, built so every offset is right.

`sample(version)` gives one version of an article at a fixed URL: each sentence names a
kommune, a politician and a percentage, and carries the version number, so a test can tell
exactly which version a stored row belongs to.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from core.result import (
    ClaimMention,
    Extraction,
    KommuneMention,
    PersonMention,
    QuoteMention,
    RegionMention,
    StatisticMention,
)
from store.models import Document

Span = KommuneMention | RegionMention | PersonMention | StatisticMention | QuoteMention | ClaimMention
URL = "https://lokalavis.example/nyheder/ledigheden-falder"
KOMMUNER = [(151, "Ballerup"), (153, "Brøndby"), (860, "Hjørring"), (101, "København")]
PEOPLE = [("Anne Sørensen", "A", "borgmester"), ("Peter Holm", "V", "formand for økonomiudvalget")]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sample(version: int, *, url: str = URL, sentences: int = 3) -> tuple[Document, Extraction]:
    """Version `version` of the article: `sentences` claims, one statistic and kommune each."""
    text = ""
    found = Extraction()
    region = "Region Hovedstaden"
    text += f"{region} offentliggjorde i dag tal for ledigheden (udgave {version}). "
    found.regions.append(RegionMention(text=region, start=0, end=len(region), code=1084, name=region))
    for i in range(sentences):
        code, name = KOMMUNER[(version + i) % len(KOMMUNER)]
        person, party, role = PEOPLE[i % len(PEOPLE)]
        figure = f"{i + 2},{version % 10} procent"
        sentence = (
            f"I {name} Kommune er ledigheden nu {figure} i udgave {version}, siger {role} {person} ({party})."
        )
        start = len(text)
        text += sentence + " "
        found.statistics.append(_stat(text, figure, start, sentence, value=float(f"{i + 2}.{version % 10}")))
        found.kommuner.append(_kommune(text, f"{name} Kommune", start, code, name))
        pstart = text.index(person, start)
        found.persons.append(
            PersonMention(text=person, start=pstart, end=pstart + len(person), name=person, party=party,
                          role=role, politician=True)
        )  # fmt: skip
        found.claims.append(
            ClaimMention(text=sentence, start=start, end=start + len(sentence), statistics=[i],
                         speaker=person, kommuner=[code], source=None)
        )  # fmt: skip
    quote = f"Vi er godt på vej, og udgave {version} viser det"
    qstart = len(text) + 1
    text += f"»{quote}«, siger {PEOPLE[0][0]}."
    found.quotes.append(QuoteMention(text=quote, start=qstart, end=qstart + len(quote), speaker=PEOPLE[0][0]))
    published = datetime(2025, 3, 1, 8, 30, tzinfo=UTC) + timedelta(days=version)
    document = Document(
        url=url,
        canonical_url=url,
        title=f"Ledigheden falder (udgave {version})",
        author="Lokalavisen",
        published_at=published,
        fetched_at=published + timedelta(hours=1),
        kind="news",
        text=text,
        content_hash=content_hash(text),
    )
    spans: list[Span] = [
        *found.kommuner,
        *found.regions,
        *found.persons,
        *found.statistics,
        *found.quotes,
        *found.claims,
    ]
    for mention in spans:
        assert text[mention.start : mention.end] == mention.text, mention
    return document, found


def _stat(text: str, figure: str, start: int, sentence: str, *, value: float) -> StatisticMention:
    fstart = text.index(figure, start)
    return StatisticMention(
        text=figure, start=fstart, end=fstart + len(figure), kind="percent", value=value, value_max=None,
        unit="procent", approx=False, of=None, sentence_start=start, sentence_end=start + len(sentence),
    )  # fmt: skip


def _kommune(text: str, phrase: str, start: int, code: int, name: str) -> KommuneMention:
    kstart = text.index(phrase, start)
    return KommuneMention(text=phrase, start=kstart, end=kstart + len(phrase), code=code, name=name)
