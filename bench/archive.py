"""A large synthetic archive for measuring the UI: 100,000 documents and 500,000 claims.

The texts are realistic Danish sentences about kommuner (unemployment, rankings, budgets, waiting
lists) with the offsets of every figure, kommune, speaker and quote worked out as the sentence is
built, so the database looks exactly like one the NLP wrote. Figures about the same kommune and
topic in the same month usually agree and sometimes do not, so the Tal page has real conflicts.

Rows go in with SQLAlchemy Core `insert()` executemany in batches inside one transaction, with
explicit ids so link rows need no round trips. `python -m bench.archive PATH` writes a file.
"""

from __future__ import annotations

import hashlib
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Connection
from sqlmodel import Session

from core.refdata import load_kommuner, load_parties
from store.analyze import analyze
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

FIRST_NAMES = (
    "Anders",
    "Anne",
    "Bent",
    "Birgitte",
    "Carsten",
    "Camilla",
    "Dorthe",
    "Erik",
    "Frederik",
    "Gitte",
    "Hanne",
    "Henrik",
    "Ida",
    "Jakob",
    "Jens",
    "Karen",
    "Kirsten",
    "Lars",
    "Lene",
    "Line",
    "Mads",
    "Maria",
    "Mette",
    "Morten",
    "Niels",
    "Nanna",
    "Ole",
    "Peter",
    "Pia",
    "Rasmus",
    "Rikke",
    "Søren",
    "Sofie",
    "Susanne",
    "Thomas",
    "Tina",
    "Torben",
    "Ulla",
    "Vibeke",
    "Jonas",
    "Kasper",
    "Louise",
    "Malene",
    "Mikkel",
    "Christian",
    "Charlotte",
    "Helle",
    "Jesper",
)
LAST_NAMES = (
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Knudsen",
    "Jakobsen",
    "Mikkelsen",
    "Lund",
    "Frederiksen",
    "Holm",
    "Schmidt",
    "Eriksen",
    "Kjær",
    "Bertelsen",
    "Dahl",
    "Vestergaard",
    "Lauridsen",
    "Bach",
    "Friis",
    "Skov",
    "Mogensen",
)
ROLES = ("borgmester", "viceborgmester", "rådmand", "byrådsmedlem", "udvalgsformand", "gruppeformand")
NON_POLITICIAN_ROLES = (
    "skoleleder",
    "direktør",
    "formand for forældrebestyrelsen",
    "fællestillidsrepræsentant",
)
TOPICS = (
    "ældreplejen",
    "folkeskolen",
    "den kollektive trafik",
    "klimatilpasning",
    "daginstitutionerne",
    "beskæftigelsen",
    "veje og cykelstier",
    "specialundervisningen",
    "sundhedsplejen",
    "biblioteket",
)
ORGS = ("Danmarks Statistik", "KL", "Beskæftigelsesministeriet", "Undervisningsministeriet", "Ældre Sagen")
SPEAKER_VERBS = ("siger", "oplyser", "skriver", "fortæller")

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


def _sentence(world: World, kommune: tuple[int, str], month: int) -> Built:
    """One claim sentence from a handful of templates; every figure, kommune and speaker spanned."""
    rng = world.rng
    code, name = kommune
    b = Built()
    template = rng.randrange(8)
    people = world.persons_by_kommune.get(code) or [(0, "", "")]
    pid, person, role = rng.choice(people)
    topic = rng.choice(TOPICS)

    def figure(text: str, kind: str, value: float, unit: str | None, of: float | None = None) -> None:
        start, end = b.mark(text)
        b.figure = (start, end, text, kind, value, unit, of)

    def kommune_name(suffix: str = " Kommune") -> None:
        b.kommune = b.mark(name)
        b.add(suffix)

    def said_by() -> None:
        b.add(f", {rng.choice(SPEAKER_VERBS)} {role} ")
        b.speaker = b.mark(person)
        b.add(".")

    if template == 0:
        b.add("Ledigheden i ")
        kommune_name()
        b.add(f" er {rng.choice(('faldet', 'steget'))} til ")
        v = _value(world, code, template, month, 2.0, 7.5, 0.1)
        figure(f"{_danish(v)} procent", "percent", v, "%")
        said_by()
    elif template == 1:
        kommune_name()
        b.add(" ligger nu ")
        v = _value(world, code, template, month, 1, 98, 1)
        figure(f"nummer {int(v)} ud af 98", "rank", v, None, 98.0)
        b.add(f" i ministeriets benchmark for {topic}.")
    elif template == 2:
        org = rng.choice(ORGS)
        b.org = org
        b.add(f"Ifølge {org} bor der ")
        v = _value(world, code, template, month, 500, 40_000, 10)
        figure(_danish(v, 0), "count", v, None)
        b.add(" børn under seks år i ")
        kommune_name(".")
    elif template == 3:
        kommune_name()
        b.add(" har afsat ")
        v = _value(world, code, template, month, 2, 400, 0.5)
        figure(f"{_danish(v)} mio. kr.", "money", v * 1_000_000, "DKK")
        b.add(f" til {topic} i næste års budget")
        said_by()
    elif template == 4:
        b.add("Andelen af unge med en ungdomsuddannelse er steget med ")
        v = _value(world, code, template, month, 0.2, 6.0, 0.1)
        figure(f"{_danish(v)} procentpoint", "percentage_points", v, "pp")
        b.add(" i ")
        kommune_name(".")
    elif template == 5:
        b.add(f"Udgifterne til {topic} i ")
        kommune_name()
        b.add(" er vokset til ")
        v = _value(world, code, template, month, 10, 900, 1)
        figure(f"{_danish(v)} mio. kr.", "money", v * 1_000_000, "DKK")
        said_by()
    elif template == 6:
        b.add("Sygefraværet blandt de ansatte i ")
        kommune_name()
        b.add(" er på ")
        v = _value(world, code, template, month, 3.0, 9.0, 0.1)
        figure(f"{_danish(v)} procent", "percent", v, "%")
        b.org = "KL"
        b.add(", viser nye tal fra KL.")
    else:
        b.add("I ")
        kommune_name()
        b.add(" venter ")
        v = _value(world, code, template, month, 5, 600, 1)
        figure(_danish(v, 0), "count", v, None)
        b.add(" ældre på en plejehjemsplads")
        said_by()
    if b.speaker is None:
        pid = 0
    b.org = b.org if b.speaker is None else None
    b.speaker_id = pid
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


def _batches(world: World, documents: int, claims_per_doc: int, batch: int) -> Iterator[dict[str, list]]:
    rng = world.rng
    ids = Counts()
    names = dict(world.kommuner)
    person_names = {pid: name for people in world.persons_by_kommune.values() for pid, name, _ in people}
    for first in range(0, documents, batch):
        rows: dict[str, list[dict[str, Any]]] = {
            k: []
            for k in ("document", "mention", "statistic", "quote", "claim", "claimstatistic", "claimkommune")
        }
        for _ in range(first, min(first + batch, documents)):
            ids.documents += 1
            doc_id = ids.documents
            sid, slug, kind, codes = rng.choice(world.sources)
            published = START + timedelta(days=rng.random() * DAYS)
            month = published.year * 12 + published.month
            text = ""
            doc_kommuner: dict[int, tuple[int, int]] = {}
            doc_persons: dict[int, tuple[int, int]] = {}
            for n in range(claims_per_doc):
                code = rng.choice(codes) if n == 0 or rng.random() < 0.7 else rng.choice(world.kommuner)[0]
                s = _sentence(world, (code, names[code]), month)
                offset = len(text)
                text += s.text + " "
                ids.claims += 1
                ids.statistics += 1
                start, end, ftext, fkind, value, unit, of = s.figure  # type: ignore[misc]
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
                if s.kommune and code not in doc_kommuner:
                    doc_kommuner[code] = (offset + s.kommune[0], offset + s.kommune[1])
                if speaker and s.speaker and speaker not in doc_persons:
                    doc_persons[speaker] = (offset + s.speaker[0], offset + s.speaker[1])
            code = rng.choice(codes)
            pid, person, role = rng.choice(world.persons_by_kommune[code])
            topic = rng.choice(TOPICS)
            said = f"Vi er nødt til at prioritere {topic} højere i de kommende år"
            offset = len(text) + 1
            text += f"»{said}«, siger {role} {person}."
            ids.quotes += 1
            rows["quote"].append(
                {
                    "id": ids.quotes,
                    "document_id": doc_id,
                    "start": offset,
                    "end": offset + len(said),
                    "text": said,
                    "speaker_id": pid,
                    "published_at": published,
                }
            )
            for target, (start, end) in doc_kommuner.items():
                ids.mentions += 1
                rows["mention"].append(
                    {
                        "id": ids.mentions,
                        "document_id": doc_id,
                        "start": start,
                        "end": end,
                        "text": names[target],
                        "type": "kommune",
                        "target_id": target,
                        "published_at": published,
                    }
                )
            for target, (start, end) in doc_persons.items():
                ids.mentions += 1
                rows["mention"].append(
                    {
                        "id": ids.mentions,
                        "document_id": doc_id,
                        "start": start,
                        "end": end,
                        "text": person_names[target],
                        "type": "person",
                        "target_id": target,
                        "published_at": published,
                    }
                )
            topic_title = rng.choice(TOPICS)
            rows["document"].append(
                {
                    "id": doc_id,
                    "url": f"https://{slug}.example/artikel/{doc_id}",
                    "canonical_url": f"https://{slug}.example/artikel/{doc_id}",
                    "title": f"Nyt om {topic_title} i {names[codes[0]]}",
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


def _bulk_insert(connection: Connection, model: Any, rows: list[dict[str, Any]]) -> None:
    """INSERT many rows. On SQLite the statement SQLAlchemy compiles is handed to the driver's
    executemany with values converted by the columns' own bind processors: the same SQL and the
    same stored values as `connection.execute(insert(model), rows)`, at a third of the cost."""
    if not rows:
        return
    if connection.dialect.name != "sqlite":
        connection.execute(insert(model), rows)
        return
    table = model.__table__
    keys = list(rows[0])
    compiled = insert(table).compile(dialect=connection.dialect, column_keys=keys)
    order = list(compiled.positiontup or keys)
    processors = [table.c[key].type.bind_processor(connection.dialect) for key in order]
    values = [
        tuple(
            value if proc is None or value is None else proc(value)
            for value, proc in zip((row[k] for k in order), processors, strict=True)
        )
        for row in rows
    ]
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(str(compiled), values)
    finally:
        cursor.close()


def generate(
    url: str,
    *,
    documents: int = 100_000,
    claims_per_document: int = 5,
    seed: int = 20250101,
    progress: Callable[[str], None] | None = None,
) -> Counts:
    """Create the schema at `url` and fill it; the database must be new (no documents yet)."""
    upgrade(url)
    rng = random.Random(seed)
    engine = migration_engine(url)  # foreign keys off: the ids are consistent by construction
    counts = Counts()
    with engine.begin() as connection:
        if count_documents(session=Session(bind=connection)):
            raise ValueError(f"{url} already has documents; generate into a new database")
        world, persons, sources = _world(rng)
        _bulk_insert(connection, Person, persons)
        _bulk_insert(connection, Source, sources)
        for rows in _batches(world, documents, claims_per_document, batch=2000):
            for name, model in TABLES.items():
                _bulk_insert(connection, model, rows[name])
            counts.documents += len(rows["document"])
            counts.claims += len(rows["claim"])
            counts.statistics += len(rows["statistic"])
            counts.quotes += len(rows["quote"])
            counts.mentions += len(rows["mention"])
            if progress and counts.documents % 20_000 == 0:
                progress(f"{counts.documents:,} dokumenter, {counts.claims:,} påstande")
    # The statistics `upgrade` took describe empty tables; the planner needs the filled ones.
    analyze(engine)
    return counts


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m bench.archive PATH.sqlite [DOCUMENTS]", file=sys.stderr)
        return 2
    path = Path(args[0])
    documents = int(args[1]) if len(args) > 1 else 100_000
    started = time.perf_counter()
    counts = generate(f"sqlite:///{path}", documents=documents, progress=print)
    print(f"{counts} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
