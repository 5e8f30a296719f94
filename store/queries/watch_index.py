"""The rows a `watch run` looks at, read once for all its searches, and matching in Python.

Asking SQL once per saved search cost ~50 ms a search (two statements, most of it SQLAlchemy's
per-statement work), so 1,000 searches over a day of 16 documents took 70-130 times as long as
storing them. Here the new documents and claims of the run's window are read in a handful of
statements with what a filter can ask of them (kommuner, regions, persons, parties, the
document's kind and source, the claim's figure kinds), each distinct free-text query is asked of
the full-text index once, and every search is then checked in Python, starting from an index by
kommune, region, person and party so that a search for one kommune looks at that kommune's rows.

The rules are those of the per-search SQL in `store.queries.watch_match` (`_matching_documents`,
and `_matching_claims` with the Tidslinje's `claim_conditions`): a document matches through its
mentions and only without a text query or figure kinds; a claim through its kommune links, its
speaker, its figures and its document. tests/watch/test_batch.py compares the two on a generated
archive. Watch filters carry no dates (`store.watches.filters_to_json`), so dates are not read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import Session, col

from store.models import Claim, ClaimKommune, ClaimStatistic, Document, Kommune, Mention, Person, Statistic
from store.queries.common import sa_select
from store.queries.filters import ClaimFilter
from store.search import claim_ids_matching

_INDEXED = ("kommuner", "regions", "persons", "parties")


@dataclass(frozen=True, slots=True)
class Row:
    """A new document or claim as a filter sees it (a document's `document_id` is its own id)."""

    id: int
    document_id: int
    kind: str | None
    source_id: int | None
    kommuner: frozenset[int] = frozenset()
    regions: frozenset[int] = frozenset()
    persons: frozenset[int] = frozenset()
    parties: frozenset[str] = frozenset()
    figure_kinds: frozenset[str] = frozenset()

    def meets(self, filters: ClaimFilter) -> bool:
        """Every condition the filter sets holds (an empty field sets none)."""
        return not (
            (filters.kommuner and self.kommuner.isdisjoint(filters.kommuner))
            or (filters.regions and self.regions.isdisjoint(filters.regions))
            or (filters.persons and self.persons.isdisjoint(filters.persons))
            or (filters.parties and self.parties.isdisjoint(filters.parties))
            or (filters.document_kinds and self.kind not in filters.document_kinds)
            or (filters.sources and self.source_id not in filters.sources)
            or (filters.statistic_kinds and self.figure_kinds.isdisjoint(filters.statistic_kinds))
        )


class RowIndex:
    """Rows by id, and their ids by kommune, region, person and party."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self.rows = {row.id: row for row in rows}
        self._by: dict[str, defaultdict[object, set[int]]] = {name: defaultdict(set) for name in _INDEXED}
        for row in self.rows.values():
            for name in _INDEXED:
                for value in getattr(row, name):
                    self._by[name][value].add(row.id)

    def candidates(self, filters: ClaimFilter) -> Collection[int]:
        """Ids that may meet the filter: the fewest of the indexed fields it names, else all."""
        found: list[set[int]] = []
        for name in _INDEXED:
            wanted = getattr(filters, name)
            if wanted:
                index = self._by[name]
                found.append(set().union(*(index.get(value, ()) for value in wanted)))
        return min(found, key=len) if found else self.rows.keys()


@dataclass
class Window:
    """The new rows of a run: documents and claims above the lowest watermarks, up to the highest
    ids read when the run began; each document's story (for the item keys)."""

    documents: RowIndex
    claims: RowIndex
    stories: dict[int, int | None]
    texts: dict[str, frozenset[int]] = field(default_factory=dict)  # query -> matching claim ids

    def found(self, filters: ClaimFilter, after_document: int, after_claim: int) -> dict[int, int | None]:
        """{document id: its first matching claim id, or None when only the document matched}."""
        query = filters.text.strip()
        found: dict[int, int | None] = {}
        if not query and not filters.statistic_kinds:
            for doc_id in self.documents.candidates(filters):
                if doc_id > after_document and self.documents.rows[doc_id].meets(filters):
                    found[doc_id] = None
        candidates = self.claims.candidates(filters)
        if query:
            candidates = self.texts[query].intersection(candidates)
        first: dict[int, int] = {}
        for claim_id in candidates:
            row = self.claims.rows[claim_id]
            if claim_id > after_claim and row.meets(filters):
                first[row.document_id] = min(first.get(row.document_id, claim_id), claim_id)
        found.update(first)
        return found


def _grouped(session: Session, statement: Any) -> defaultdict[int, set[Any]]:
    """{key: its values} from a two-column select (NULLs skipped)."""
    groups: defaultdict[int, set[Any]] = defaultdict(set)
    for key, value in session.execute(statement).all():
        if key is not None and value is not None:
            groups[int(key)].add(value)
    return groups


def _in_range(column: Any, after: int, upto: int) -> list[ColumnElement[bool]]:
    return [col(column) > after, col(column) <= upto]


def _ints(values: Iterable[Any]) -> frozenset[int]:
    return frozenset(int(value) for value in values)


def _parties(session: Session, persons: set[int]) -> dict[int, str]:
    if not persons:
        return {}
    statement = sa_select(Person.id, Person.party_letter).where(
        col(Person.id).in_(sorted(persons)), col(Person.party_letter).is_not(None)
    )
    return {int(person): str(party) for person, party in session.execute(statement).all()}


def _documents(session: Session, after: int, upto: int, region_of: dict[int, int]) -> list[Row]:
    """New ok documents with the kommuner, regions and persons they mention."""
    mentions = {
        kind: _grouped(
            session,
            sa_select(Mention.document_id, Mention.target_id).where(
                *_in_range(Mention.document_id, after, upto), col(Mention.type) == kind
            ),
        )
        for kind in ("kommune", "region", "person")
    }
    party_of = _parties(session, {int(p) for ids in mentions["person"].values() for p in ids})
    statement = sa_select(Document.id, Document.kind, Document.source_id).where(
        *_in_range(Document.id, after, upto), col(Document.status) == "ok"
    )
    rows = []
    for doc_id, kind, source_id in session.execute(statement).all():
        kommuner = _ints(mentions["kommune"].get(doc_id, ()))
        persons = _ints(mentions["person"].get(doc_id, ()))
        named = _ints(mentions["region"].get(doc_id, ()))
        rows.append(
            Row(
                doc_id, doc_id, kind, source_id, kommuner,
                named | {region_of[k] for k in kommuner if k in region_of}, persons,
                frozenset(party_of[p] for p in persons if p in party_of),
            )
        )  # fmt: skip
    return rows


def _claims(session: Session, after: int, upto: int, region_of: dict[int, int]) -> list[Row]:
    """New claims with their kommune links, speaker, figure kinds and document's kind and source."""
    links = _grouped(
        session,
        sa_select(ClaimKommune.claim_id, ClaimKommune.kommune_code).where(
            *_in_range(ClaimKommune.claim_id, after, upto)
        ),
    )
    figures = _grouped(
        session,
        sa_select(ClaimStatistic.claim_id, Statistic.kind)
        .join(Statistic, col(Statistic.id) == col(ClaimStatistic.statistic_id))
        .where(*_in_range(ClaimStatistic.claim_id, after, upto)),
    )
    found = session.execute(
        sa_select(Claim.id, Claim.document_id, Claim.speaker_id, Document.kind, Document.source_id)
        .join(Document, col(Document.id) == col(Claim.document_id))
        .where(*_in_range(Claim.id, after, upto))
    ).all()
    party_of = _parties(session, {int(row[2]) for row in found if row[2] is not None})
    rows = []
    for claim_id, doc_id, speaker, kind, source_id in found:
        kommuner = _ints(links.get(claim_id, ()))
        persons = frozenset([int(speaker)]) if speaker is not None else frozenset()
        rows.append(
            Row(
                claim_id, doc_id, kind, source_id, kommuner,
                frozenset(region_of[k] for k in kommuner if k in region_of), persons,
                frozenset(party_of[p] for p in persons if p in party_of),
                frozenset(str(k) for k in figures.get(claim_id, ())),
            )
        )  # fmt: skip
    return rows


def _stories(session: Session, doc_ids: set[int]) -> dict[int, int | None]:
    found: dict[int, int | None] = {}
    ordered = sorted(doc_ids)
    for first in range(0, len(ordered), 500):
        statement = sa_select(Document.id, Document.story_id).where(
            col(Document.id).in_(ordered[first : first + 500])
        )
        found.update({int(doc_id): story for doc_id, story in session.execute(statement).all()})
    return found


def read_window(
    session: Session, *, after_document: int, after_claim: int, upto_document: int, upto_claim: int,
    texts: Iterable[str] = (),
) -> Window:  # fmt: skip
    """The rows of (after, upto] of both kinds, and the claims there matching each text query."""
    region_of = {
        int(code): int(region)
        for code, region in session.execute(sa_select(Kommune.code, Kommune.region_code)).all()
        if region is not None
    }
    documents = RowIndex(_documents(session, after_document, upto_document, region_of))
    claims = RowIndex(_claims(session, after_claim, upto_claim, region_of))
    stories = _stories(session, set(documents.rows) | {row.document_id for row in claims.rows.values()})
    window = Window(documents, claims, stories)
    for query in sorted({text.strip() for text in texts if text.strip()}):
        statement = claim_ids_matching(session=session, query=query, within=(after_claim, upto_claim))
        window.texts[query] = frozenset(int(i) for i in session.scalars(statement).all())
    return window
