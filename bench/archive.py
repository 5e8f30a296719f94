"""A large synthetic archive for measuring the UI: 100,000 documents and 500,000 claims.

The texts are realistic Danish sentences about kommuner (unemployment, rankings, budgets, waiting
lists) with the offsets of every figure, kommune, speaker and quote worked out as the sentence is
built, so the database looks exactly like one the NLP wrote. Figures about the same kommune and
topic in the same month usually agree and sometimes do not, so the Tal page has real conflicts.

Rows go in through `store.bulk` in batches inside one transaction, with explicit ids so link
rows need no round trips: COPY on PostgreSQL with the indexes built after loading, executemany
on SQLite. `python -m bench.archive URL-OR-PATH [DOCUMENTS]` fills a new database.
"""

from __future__ import annotations

import hashlib
import random
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session

from core.refdata import load_kommuner, load_parties
from store.aggregates import refresh_connection as refresh_aggregates
from store.bulk import LoadReport, bulk_load
from store.db import migration_engine
from store.models import (
    Claim,
    ClaimKommune,
    ClaimStatistic,
    Document,
    Mention,
    Person,
    Quote,
    Source,
    Statistic,
)
from store.queries import count_documents
from store.upgrade import upgrade

_WORDS = tomllib.loads((Path(__file__).with_name("data") / "archive_words.toml").read_text("utf-8"))
FIRST_NAMES: tuple[str, ...] = tuple(_WORDS["first_names"])
LAST_NAMES: tuple[str, ...] = tuple(_WORDS["last_names"])
ROLES: tuple[str, ...] = tuple(_WORDS["politician_roles"])
NON_POLITICIAN_ROLES: tuple[str, ...] = tuple(_WORDS["other_roles"])
TOPICS: tuple[str, ...] = tuple(_WORDS["topics"])
ORGS: tuple[str, ...] = tuple(_WORDS["organisations"])
SPEAKER_VERBS: tuple[str, ...] = tuple(_WORDS["speech_verbs"])

START = datetime(2023, 1, 1, tzinfo=UTC)
DAYS = 3 * 365


@dataclass
class Built:
    """One sentence with the spans of its parts (sentence-relative)."""

    text: str = ""
    figure: tuple[int, int, str, str, float, str | None, float | None] | None = None
    kommune: tuple[int, int] | None = None
    speaker: tuple[int, int] | None = None
    org: str | None = None
    speaker_id: int = 0
    # The figure record the NLP gives the sentence: its measure (None where the lexicon has none)
    # and the direction of a change it states ("faldet til", "steget med").
    measure: str | None = None
    change: str | None = None

    def add(self, piece: str) -> None:
        self.text += piece

    def mark(self, piece: str) -> tuple[int, int]:
        start = len(self.text)
        self.text += piece
        return start, len(self.text)


@dataclass
class World:
    kommuner: list[tuple[int, str]]
    persons_by_kommune: dict[int, list[tuple[int, str, str]]]  # code -> [(id, name, role)]
    sources: list[tuple[int, str, str, list[int]]]  # (id, slug, kind, kommune codes)
    rng: random.Random
    bases: dict[tuple[int, int, int], float] = field(default_factory=dict)


def _danish(value: float, decimals: int = 1) -> str:
    return f"{value:,.{decimals}f}".replace(",", "§").replace(".", ",").replace("§", ".")


def _value(
    world: World, kommune: int, template: int, month: int, low: float, high: float, step: float
) -> float:
    """Mostly the same figure for a kommune, topic and month across sources; sometimes another."""
    key = (kommune, template, month)
    if key not in world.bases:
        world.bases[key] = round(world.rng.uniform(low, high) / step) * step
    value = world.bases[key]
    if world.rng.random() < 0.15:
        value = round(value * world.rng.uniform(0.8, 1.2) / step) * step
    return round(value, 6)


class _Sentence:
    """Builds one claim sentence; `figure`, `kommune` and `said_by` record their spans as they write."""

    def __init__(self, world: World, kommune: tuple[int, str], month: int) -> None:
        rng = world.rng
        self.world, self.code, self.name, self.month = world, kommune[0], kommune[1], month
        self.b = Built()
        self.template = rng.randrange(len(TEMPLATES))
        people = world.persons_by_kommune.get(self.code) or [(0, "", "")]
        self.pid, self.person, self.role = rng.choice(people)
        self.topic = rng.choice(TOPICS)

    def value(self, low: float, high: float, step: float) -> float:
        return _value(self.world, self.code, self.template, self.month, low, high, step)

    def add(self, piece: str) -> None:
        self.b.add(piece)

    def figure(self, text: str, kind: str, value: float, unit: str | None, of: float | None = None) -> None:
        start, end = self.b.mark(text)
        self.b.figure = (start, end, text, kind, value, unit, of)

    def kommune(self, suffix: str = " Kommune") -> None:
        self.b.kommune = self.b.mark(self.name)
        self.b.add(suffix)

    def said_by(self) -> None:
        self.b.add(f", {self.world.rng.choice(SPEAKER_VERBS)} {self.role} ")
        self.b.speaker = self.b.mark(self.person)
        self.b.add(".")


def _unemployment(s: _Sentence) -> None:
    s.add("Ledigheden i ")
    s.kommune()
    moved = s.world.rng.choice(("faldet", "steget"))
    s.add(f" er {moved} til ")
    s.b.measure, s.b.change = "ledighedsprocent", "down" if moved == "faldet" else "up"
    v = s.value(2.0, 7.5, 0.1)
    s.figure(f"{_danish(v)} procent", "percent", v, "%")
    s.said_by()


def _ranking(s: _Sentence) -> None:
    s.kommune()
    s.add(" ligger nu ")
    s.b.measure = "rangering"
    v = s.value(1, 98, 1)
    s.figure(f"nummer {int(v)} ud af 98", "rank", v, None, 98.0)
    s.add(f" i ministeriets benchmark for {s.topic}.")


def _children(s: _Sentence) -> None:
    org = s.world.rng.choice(ORGS)
    s.b.org = org
    s.add(f"Ifølge {org} bor der ")
    s.b.measure = "befolkning"  # an age group of the population
    v = s.value(500, 40_000, 10)
    s.figure(_danish(v, 0), "count", v, None)
    s.add(" børn under seks år i ")
    s.kommune(".")


def _budget(s: _Sentence) -> None:
    s.kommune()
    s.add(" har afsat ")
    s.b.measure = "budget"
    v = s.value(2, 400, 0.5)
    s.figure(f"{_danish(v)} mio. kr.", "money", v * 1_000_000, "DKK")
    s.add(f" til {s.topic} i næste års budget")
    s.said_by()


def _education(s: _Sentence) -> None:
    s.add("Andelen af unge med en ungdomsuddannelse er steget med ")
    v = s.value(0.2, 6.0, 0.1)
    s.figure(f"{_danish(v)} procentpoint", "percentage_points", v, "pp")
    s.add(" i ")
    s.kommune(".")


def _spending(s: _Sentence) -> None:
    s.add(f"Udgifterne til {s.topic} i ")
    s.kommune()
    s.add(" er vokset til ")
    s.b.measure, s.b.change = "budget", "up"
    v = s.value(10, 900, 1)
    s.figure(f"{_danish(v)} mio. kr.", "money", v * 1_000_000, "DKK")
    s.said_by()


def _sick_leave(s: _Sentence) -> None:
    s.add("Sygefraværet blandt de ansatte i ")
    s.kommune()
    s.add(" er på ")
    v = s.value(3.0, 9.0, 0.1)
    s.figure(f"{_danish(v)} procent", "percent", v, "%")
    s.b.org = "KL"
    s.add(", viser nye tal fra KL.")


def _care_homes(s: _Sentence) -> None:
    s.add("I ")
    s.kommune()
    s.add(" venter ")
    s.b.measure = "ventetid"
    v = s.value(5, 600, 1)
    s.figure(_danish(v, 0), "count", v, None)
    s.add(" ældre på en plejehjemsplads")
    s.said_by()


# The template's number is its place here; it is also part of the key that makes figures agree.
TEMPLATES: tuple[Callable[[_Sentence], None], ...] = (
    _unemployment,
    _ranking,
    _children,
    _budget,
    _education,
    _spending,
    _sick_leave,
    _care_homes,
)


def _sentence(world: World, kommune: tuple[int, str], month: int) -> Built:
    """One claim sentence from a handful of templates; every figure, kommune and speaker spanned."""
    s = _Sentence(world, kommune, month)
    TEMPLATES[s.template](s)
    b = s.b
    b.org = b.org if b.speaker is None else None
    b.speaker_id = s.pid if b.speaker is not None else 0
    return b


def _world(rng: random.Random) -> tuple[World, list[dict[str, Any]], list[dict[str, Any]]]:
    """Reference data from the database, plus invented persons and sources."""
    kommuner = [(k.code, k.name) for k in load_kommuner()]  # the rows `upgrade` wrote
    letters = [p.letter for p in load_parties()]
    persons: list[dict[str, Any]] = []
    by_kommune: dict[int, list[tuple[int, str, str]]] = {}
    names: set[str] = set()
    for code, _ in kommuner:
        for i in range(15):
            while True:
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                if name not in names:
                    break
                name = f"{name} {rng.choice(LAST_NAMES)}"
                if name not in names:
                    break
            names.add(name)
            politician = i < 12
            role = ROLES[min(i, len(ROLES) - 1)] if politician else rng.choice(NON_POLITICIAN_ROLES)
            pid = len(persons) + 1
            persons.append(
                {
                    "id": pid,
                    "name": name,
                    "party_letter": rng.choice(letters) if politician else None,
                    "is_politician": politician,
                    "roles": [role],
                    "kommune_code": code,
                    "first_seen": START,
                    "last_seen": START + timedelta(days=DAYS),
                }
            )
            by_kommune.setdefault(code, []).append((pid, name, role))
    sources: list[dict[str, Any]] = []
    world_sources: list[tuple[int, str, str, list[int]]] = []
    for i in range(0, len(kommuner), 2):
        group = [c for c, _ in kommuner[i : i + 2]]
        first = kommuner[i][1]
        for kind, name in (
            ("news", f"{first} Lokalavis"),
            ("debate", f"Debat {first}"),
            ("minutes", f"{first} Kommune – referater"),
        ):
            sid = len(sources) + 1
            slug = f"kilde{sid}"
            sources.append({"id": sid, "name": name, "kind": kind, "homepage": f"https://{slug}.example/"})
            world_sources.append((sid, slug, kind, group if kind != "minutes" else group[:1]))
    return World(kommuner, by_kommune, world_sources, rng), persons, sources


@dataclass
class Counts:
    documents: int = 0
    claims: int = 0
    statistics: int = 0
    quotes: int = 0
    mentions: int = 0
    seconds: float = 0.0  # generating and loading, wall clock
    load: LoadReport | None = None  # the store's account of the load itself

    def add(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        self.documents += len(rows["document"])
        self.claims += len(rows["claim"])
        self.statistics += len(rows["statistic"])
        self.quotes += len(rows["quote"])
        self.mentions += len(rows["mention"])

    def rows(self) -> int:
        """Rows written in all tables."""
        return self.load.total_rows if self.load else 0


Rows = dict[str, list[dict[str, Any]]]


class _Documents:
    """Turns the world into table rows one document at a time, numbering every row itself so
    link rows need no round trips to the database."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.ids = Counts()
        self.names = dict(world.kommuner)
        self.person_names = {
            pid: name for people in world.persons_by_kommune.values() for pid, name, _ in people
        }

    def add(self, rows: Rows, claims_per_doc: int) -> None:
        """One document: its claim sentences, a closing quote, its mentions and the document row."""
        rng = self.world.rng
        self.ids.documents += 1
        doc_id = self.ids.documents
        sid, slug, kind, codes = rng.choice(self.world.sources)
        published = START + timedelta(days=rng.random() * DAYS)
        text, kommuner, persons = self._claims(rows, doc_id, codes, published, claims_per_doc)
        text = self._quote(rows, doc_id, codes, published, text)
        self._mentions(rows, doc_id, published, kommuner, persons)
        topic_title = rng.choice(TOPICS)
        rows["document"].append(
            {
                "id": doc_id,
                "url": f"https://{slug}.example/artikel/{doc_id}",
                "canonical_url": f"https://{slug}.example/artikel/{doc_id}",
                "title": f"Nyt om {topic_title} i {self.names[codes[0]]}",
                "author": None,
                "published_at": published,
                "fetched_at": published,
                "kind": kind,
                "language": "da",
                "text": text,
                "content_hash": hashlib.sha1(text.encode()).hexdigest(),
                "source_id": sid,
                "status": "ok",
                "status_reason": None,
                "etag": None,
                "last_modified": None,
            }
        )

    def _claims(
        self, rows: Rows, doc_id: int, codes: list[int], published: datetime, claims_per_doc: int
    ) -> tuple[str, dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:
        """The claim sentences (each with one figure and one kommune); returns the text so far and
        the first span of each kommune and speaker, for the mention rows."""
        rng, ids = self.world.rng, self.ids
        month = published.year * 12 + published.month
        text = ""
        kommuner: dict[int, tuple[int, int]] = {}
        persons: dict[int, tuple[int, int]] = {}
        for n in range(claims_per_doc):
            code = rng.choice(codes) if n == 0 or rng.random() < 0.7 else rng.choice(self.world.kommuner)[0]
            s = _sentence(self.world, (code, self.names[code]), month)
            offset = len(text)
            text += s.text + " "
            ids.claims += 1
            ids.statistics += 1
            assert s.figure is not None  # every template states one figure
            start, end, ftext, fkind, value, unit, of = s.figure
            rows["statistic"].append(
                {
                    "id": ids.statistics,
                    "document_id": doc_id,
                    "start": offset + start,
                    "end": offset + end,
                    "text": ftext,
                    "value": value,
                    "value_max": None,
                    "kind": fkind,
                    "unit": unit,
                    "approx": False,
                    "of_value": of,
                    "sentence_start": offset,
                    "sentence_end": offset + len(s.text),
                    "published_at": published,
                    **_record(s, code, published),
                }
            )
            speaker = s.speaker_id or None
            rows["claim"].append(
                {
                    "id": ids.claims,
                    "document_id": doc_id,
                    "start": offset,
                    "end": offset + len(s.text),
                    "text": s.text,
                    "speaker_id": speaker,
                    "source_org": s.org,
                    "published_at": published,
                }
            )
            rows["claimstatistic"].append({"claim_id": ids.claims, "statistic_id": ids.statistics})
            rows["claimkommune"].append(
                {"claim_id": ids.claims, "kommune_code": code, "published_at": published}
            )
            if s.kommune and code not in kommuner:
                kommuner[code] = (offset + s.kommune[0], offset + s.kommune[1])
            if speaker and s.speaker and speaker not in persons:
                persons[speaker] = (offset + s.speaker[0], offset + s.speaker[1])
        return text, kommuner, persons

    def _quote(self, rows: Rows, doc_id: int, codes: list[int], published: datetime, text: str) -> str:
        """A closing quote by a person of one of the source's kommuner; returns the full text."""
        rng = self.world.rng
        code = rng.choice(codes)
        pid, person, role = rng.choice(self.world.persons_by_kommune[code])
        said = f"Vi er nødt til at prioritere {rng.choice(TOPICS)} højere i de kommende år"
        offset = len(text) + 1
        self.ids.quotes += 1
        rows["quote"].append(
            {
                "id": self.ids.quotes,
                "document_id": doc_id,
                "start": offset,
                "end": offset + len(said),
                "text": said,
                "speaker_id": pid,
                "published_at": published,
            }
        )
        return text + f"»{said}«, siger {role} {person}."

    def _mentions(
        self,
        rows: Rows,
        doc_id: int,
        published: datetime,
        kommuner: dict[int, tuple[int, int]],
        persons: dict[int, tuple[int, int]],
    ) -> None:
        """One mention per kommune and per speaker, at its first place in the text."""
        spans = [("kommune", target, span, self.names[target]) for target, span in kommuner.items()]
        spans += [("person", target, span, self.person_names[target]) for target, span in persons.items()]
        for kind, target, (start, end), name in spans:
            self.ids.mentions += 1
            rows["mention"].append(
                {
                    "id": self.ids.mentions,
                    "document_id": doc_id,
                    "start": start,
                    "end": end,
                    "text": name,
                    "type": kind,
                    "target_id": target,
                    "published_at": published,
                }
            )


def _record(built: Built, code: int, published: datetime) -> dict[str, Any]:
    """The figure record columns of a sentence's statistic: about the sentence's kommune, for the
    month of publication (taken from the date, as the NLP does when the text names no period)."""
    measured = built.measure is not None
    return {
        "measure": built.measure,
        "measure_text": None,
        "subject_type": "kommune" if measured else None,
        "subject_code": code if measured else None,
        "period": f"{published.year}M{published.month:02d}" if measured else None,
        "period_inferred": True if measured else None,
        "change_direction": built.change,
        "change_from": None,
        "change_baseline": "forrige periode" if built.change else None,
    }


def _batches(world: World, documents: int, claims_per_doc: int, batch: int) -> Iterator[Rows]:
    """The archive's rows, `batch` documents at a time (so memory stays flat at any size)."""
    maker = _Documents(world)
    for first in range(0, documents, batch):
        rows: Rows = {name: [] for name in TABLES}
        for _ in range(first, min(first + batch, documents)):
            maker.add(rows, claims_per_doc)
        yield rows


TABLES = {
    "document": Document,
    "mention": Mention,
    "statistic": Statistic,
    "quote": Quote,
    "claim": Claim,
    "claimstatistic": ClaimStatistic,
    "claimkommune": ClaimKommune,
}


def generate(
    url: str,
    *,
    documents: int = 100_000,
    claims_per_document: int = 5,
    seed: int = 20250101,
    progress: Callable[[str], None] | None = None,
) -> Counts:
    """Create the schema at `url` and fill it through `store.bulk` (COPY on PostgreSQL); the
    database must be new (no documents yet). `counts.load` says how fast the rows went in."""
    upgrade(url)
    rng = random.Random(seed)
    engine = migration_engine(url)  # foreign keys off on SQLite: the ids are consistent by construction
    counts = Counts()
    started = time.perf_counter()
    with engine.begin() as connection:
        if count_documents(session=Session(bind=connection)):
            raise ValueError(f"{url} already has documents; generate into a new database")
        world, persons, sources = _world(rng)
        with bulk_load(connection, ["person", "source", *TABLES]) as loader:
            loader.insert(Person, persons)
            loader.insert(Source, sources)
            for rows in _batches(world, documents, claims_per_document, batch=2000):
                for name, model in TABLES.items():
                    loader.insert(model, rows[name])
                counts.add(rows)
                if progress and counts.documents % 20_000 == 0:
                    progress(f"{counts.documents:,} dokumenter, {counts.claims:,} påstande")
            refresh_aggregates(connection)  # as after a crawl: Dækning reads mention_day
        counts.load = loader.report
    counts.seconds = time.perf_counter() - started
    return counts


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m bench.archive (PATH.sqlite | DATABASE_URL) [DOCUMENTS]", file=sys.stderr)
        return 2
    url = args[0] if "://" in args[0] else f"sqlite:///{Path(args[0])}"
    documents = int(args[1]) if len(args) > 1 else 100_000
    counts = generate(url, documents=documents, progress=print)
    print(describe(counts))
    return 0


def describe(counts: Counts) -> str:
    """One line: what was generated, how long it took and the load's rows per second."""
    line = f"{counts.documents:,} documents, {counts.claims:,} claims in {counts.seconds:.0f} s"
    if counts.load is not None:
        load = counts.load
        line += (
            f"; {load.total_rows:,} rows: loading {load.load_seconds:.0f} s, indexes and statistics "
            f"{load.index_seconds:.0f} s, {load.rows_per_second():,.0f} rows/s in the store, "
            f"{load.total_rows / counts.seconds:,.0f} rows/s with generating"
        )
    return line


if __name__ == "__main__":
    raise SystemExit(main())
