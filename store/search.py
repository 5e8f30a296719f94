"""Full-text search over claims, on whichever database is in use (revision 0002 builds the index).

`claim_ids_matching` returns a SELECT of claim ids, meant to be used as a subquery:

    select(Claim).where(col(Claim.id).in_(claim_ids_matching(session=session, query="ledighed")))

User input is never passed through as query syntax. On SQLite each word becomes a quoted FTS5
prefix term ("ledighed"*), so operators and quotes in the input are plain text and a word also
finds its inflections (ledigheden); on PostgreSQL `plainto_tsquery('danish', ...)` does the same
job with Danish stemming. All words must occur (AND); input without words matches nothing.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Select, column, false, func, literal_column, select, table, text
from sqlalchemy.sql.expression import ColumnClause
from sqlmodel import Session, col

from store.models import Claim

_WORD = re.compile(r"\w+", re.UNICODE)
# The index expression of revision 0002; the query must repeat it verbatim for the planner.
_PG_CONFIG: ColumnClause[Any] = literal_column("'danish'::regconfig")


def fts5_query(query: str) -> str | None:
    """The FTS5 MATCH string for free text: every word a quoted prefix term; None without words."""
    words = _WORD.findall(query)
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


def claim_ids_matching(*, session: Session, query: str, within: tuple[int, int] | None = None) -> Select[Any]:
    """SELECT of the ids of claims whose text matches `query` (free text typed by a user);
    `within` = (after, upto) keeps to claim ids in that range, inside the index's own search
    (a `watch run` asks about the claims stored since its last run, not the whole archive)."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        match = fts5_query(query)
        fts = table("claim_fts", column("rowid"))
        ids = select(fts.c.rowid.label("claim_id")).select_from(fts)
        if match is None:
            return ids.where(false())
        if within is not None:
            ids = ids.where(fts.c.rowid > within[0], fts.c.rowid <= within[1])
        return ids.where(text("claim_fts MATCH :claim_fts_query").bindparams(claim_fts_query=match))
    if dialect == "postgresql":
        if not _WORD.search(query):
            return select(col(Claim.id)).where(false())
        vector = func.to_tsvector(_PG_CONFIG, col(Claim.text))
        ids = select(col(Claim.id)).where(vector.op("@@")(func.plainto_tsquery(_PG_CONFIG, query)))
        if within is not None:
            ids = ids.where(col(Claim.id) > within[0], col(Claim.id) <= within[1])
        return ids
    raise NotImplementedError(f"no full-text search on {dialect}")
