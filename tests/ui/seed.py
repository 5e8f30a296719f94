"""A small, hand-written archive for the UI tests, stored through the real write path
(`store.upgrade.upgrade` + `store.crud.store_analysed_document`).

Each document is a list of sentences; figures, kommuner and speakers are named by their text and
the builder works out the offsets, so the expected values in the tests read like the texts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from core.result import (
    ClaimMention,
    Extraction,
    FigureChange,
    FigureSubject,
    KommuneMention,
    PersonMention,
    QuoteMention,
    StatisticKind,
    StatisticMention,
)
from crawler.items import DocumentItem, to_document
from store.crud import store_analysed_document, upsert_source
from store.db import get_engine, session_scope
from store.politicians import SeatRow, import_seats, load_registry
from store.upgrade import upgrade

XSS_TITLE = "<script>alert(1)</script> Vejene i Odense"
XSS_SENTENCE = (
    "Odense Kommune har brugt 12 mio. kr. på vejene <img src=x onerror=alert(1)> <script>alert(1)</script>."
)

KOMMUNER = {"Aarhus": 751, "Vejle": 630, "Odense": 461, "København": 101}


@dataclass
class Speaker:
    name: str
    party: str | None
    role: str | None
    politician: bool = True
    kommune: int | None = None


# The politician registry of the seeded archive (store.politicians): Anders Kristensen's seat.
REGISTRY = [SeatRow("Anders Kristensen", 751, "A", "borgmester", date(2022, 1, 1), date(2025, 12, 31))]


@dataclass(frozen=True)
class Record:
    """A figure's record as the NLP gives it: measure, subject, period, change."""

    measure: str
    subject: FigureSubject
    period: str
    change: FigureChange | None = None


def ledighed(code: int, period: str = "2025M02", change: FigureChange | None = None) -> Record:
    return Record("ledighedsprocent", FigureSubject("kommune", code), period, change)


@dataclass
class Sentence:
    text: str
    figures: list[tuple[str, StatisticKind, float, str | None]] = field(default_factory=list)
    kommuner: list[str] = field(default_factory=list)
    speaker: Speaker | None = None
    source_org: str | None = None
    quote: str | None = None  # a quoted part of the sentence, attributed to the speaker
    records: dict[str, Record] = field(default_factory=dict)  # figure text -> its record


@dataclass
class Doc:
    url: str
    title: str
    source: str
    kind: str
    published: datetime
    sentences: list[Sentence]


ANDERS = Speaker("Anders Kristensen", "A", "borgmester", kommune=751)
LISE = Speaker("Lise Madsen", "V", "rådmand", kommune=751)
LISE_BEFORE = Speaker("Lise Madsen", "C", "rådmand", kommune=751)  # her party until March
BENT = Speaker("Bent Olsen", None, None, politician=False)

SOURCES = {
    "Østjysk Lokalavis": ("news", [751]),
    "Aarhus Byråd – referater": ("minutes", [751]),
    "Debatten Vejle": ("debate", [630]),
    "Fynske Nyheder": ("news", [461]),
}


def _d(month: int, day: int) -> datetime:
    return datetime(2025, month, day, 9, 0, tzinfo=UTC)


DOCS = [
    Doc(
        "https://lokalavis.example/ledighed-falder",
        "Ledigheden falder i Aarhus",
        "Østjysk Lokalavis",
        "news",
        _d(3, 4),
        [
            Sentence(
                "Ledigheden i Aarhus Kommune er faldet til 4,1 procent, siger borgmester Anders Kristensen.",
                [("4,1 procent", "percent", 4.1, "%")],
                ["Aarhus"],
                ANDERS,
                records={"4,1 procent": ledighed(751, change=FigureChange("down", None, "forrige periode"))},
            ),
            Sentence("Det er en god nyhed for byen.", quote="Det er en god nyhed for byen.", speaker=ANDERS),
        ],
    ),
    Doc(
        "https://byraad.example/referat-marts",
        "Referat af byrådsmødet i marts",
        "Aarhus Byråd – referater",
        "minutes",
        _d(3, 20),
        [
            Sentence(
                "Ifølge Beskæftigelsesministeriet er ledigheden i Aarhus Kommune 4,6 procent.",
                [("4,6 procent", "percent", 4.6, "%")],
                ["Aarhus"],
                source_org="Beskæftigelsesministeriet",
                records={"4,6 procent": ledighed(751)},
            ),
            Sentence(
                "Aarhus Kommune har 12.500 ledige pladser i daginstitutionerne, oplyser Lise Madsen.",
                [("12.500", "count", 12500, None)],
                ["Aarhus"],
                LISE,
            ),
        ],
    ),
    Doc(
        "https://debat.example/skoler-vejle",
        "Vejles skoler halter",
        "Debatten Vejle",
        "debate",
        _d(2, 10),
        [
            Sentence(
                "Vejle Kommune ligger nummer 12 ud af 98 i ministeriets måling af skolerne, "
                "skriver Lise Madsen.",
                [("nummer 12 ud af 98", "rank", 12, None)],
                ["Vejle"],
                LISE_BEFORE,
            ),
            Sentence(
                "Bent Olsen fra forældrebestyrelsen er enig i, at Aarhus og Vejle kan lære af hinanden.",
                [],
                ["Aarhus", "Vejle"],
                BENT,
            ),
        ],
    ),
    Doc(
        "https://fynske.example/veje",
        XSS_TITLE,
        "Fynske Nyheder",
        "news",
        _d(1, 15),
        [
            Sentence(
                XSS_SENTENCE,
                [("12 mio. kr.", "money", 12_000_000, "DKK")],
                ["Odense"],
                records={"12 mio. kr.": Record("anlaeg", FigureSubject("kommune", 461), "2025")},
            ),
        ],
    ),
]


def _extraction(
    text: str, sentences: list[tuple[int, Sentence]], registry: dict[str, int] | None = None
) -> Extraction:
    found = Extraction()
    for start, sentence in sentences:
        end = start + len(sentence.text)
        stat_indexes = []
        for figure, kind, value, unit in sentence.figures:
            at = start + sentence.text.index(figure)
            stat_indexes.append(len(found.statistics))
            record = sentence.records.get(figure)
            found.statistics.append(
                StatisticMention(
                    figure,
                    at,
                    at + len(figure),
                    kind,
                    value,
                    None,
                    unit,
                    figure.startswith("ca."),
                    98.0 if kind == "rank" else None,
                    start,
                    end,
                    measure=record.measure if record else None,
                    subject=record.subject if record else None,
                    period=record.period if record else None,
                    change=record.change if record else None,
                )
            )
        codes = []
        for name in sentence.kommuner:
            at = start + sentence.text.index(name)
            codes.append(KOMMUNER[name])
            found.kommuner.append(KommuneMention(name, at, at + len(name), KOMMUNER[name], name))
        speaker = sentence.speaker
        if speaker and speaker.name in sentence.text:
            at = start + sentence.text.index(speaker.name)
            found.persons.append(
                PersonMention(
                    speaker.name,
                    at,
                    at + len(speaker.name),
                    speaker.name,
                    speaker.party,
                    speaker.role,
                    speaker.politician,
                    kommune=speaker.kommune,
                    registry_id=(registry or {}).get(speaker.name),
                    party_source="text" if speaker.party else None,
                )
            )
        if sentence.quote:
            at = start + sentence.text.index(sentence.quote)
            found.quotes.append(
                QuoteMention(sentence.quote, at, at + len(sentence.quote), speaker.name if speaker else None)
            )
        elif sentence.figures or sentence.kommuner:
            found.claims.append(
                ClaimMention(
                    sentence.text,
                    start,
                    end,
                    stat_indexes,
                    speaker.name if speaker else None,
                    codes,
                    sentence.source_org,
                )
            )
    return found


def seed(url: str, docs: list[Doc] = DOCS, sources_: dict[str, tuple[str, list[int]]] = SOURCES) -> None:
    """Create the schema at `url` and store `docs` with their analysis."""
    upgrade(url)
    with session_scope(get_engine(url), write=True) as session:
        sources = {
            name: upsert_source(session=session, name=name, kind=kind, homepage=None, kommune_codes=codes)
            for name, (kind, codes) in sources_.items()
        }
        import_seats(session, REGISTRY, source="DST KV21PERS")
        registry = {e.name: e.registry_id for e in load_registry(session)}
        for doc in docs:
            text, placed = "", []
            for sentence in doc.sentences:
                placed.append((len(text), sentence))
                text += sentence.text + " "
            item = DocumentItem(
                url=doc.url,
                source=doc.source,
                kind=doc.kind,
                text=text.strip(),
                fetched_at=doc.published,
                title=doc.title,
                published_at=doc.published,
                canonical_url=doc.url,
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
            )
            store_analysed_document(
                session=session,
                document=to_document(item, sources[doc.source].id),
                extraction=_extraction(text, placed, registry),
            )
