"""A comparable description of a database's schema, taken with SQLAlchemy's inspector.

Types are reduced to their generic family (DateTime, String, Integer ...) because SQLite and
PostgreSQL spell them differently; names, nullability, keys and indexes must match exactly.
The full-text objects of revision 0002 and the unique key on document URLs of revision 0004
differ by design and are left out (tests check them on their own).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, inspect
from sqlalchemy.pool import NullPool

FTS_PREFIXES = ("claim_fts", "ix_claim_text_fts")
PER_DATABASE = (*FTS_PREFIXES, "uq_document_canonical_url", "ix_pg_")


def _family(type_: Any) -> str:
    affinity = getattr(type_, "_type_affinity", None)
    return affinity.__name__ if affinity is not None else type(type_).__name__


def snapshot(url: str) -> dict[str, Any]:
    """{table: {columns, pk, fks, uniques, indexes}} for every table but the FTS ones."""
    from store.db import parse_url

    engine = create_engine(parse_url(url), poolclass=NullPool)
    try:
        inspector = inspect(engine)
        tables: dict[str, Any] = {}
        for name in sorted(inspector.get_table_names()):
            if name.startswith(FTS_PREFIXES):
                continue
            tables[name] = {
                "columns": [
                    (c["name"], _family(c["type"]), bool(c["nullable"])) for c in inspector.get_columns(name)
                ],
                "pk": tuple(inspector.get_pk_constraint(name)["constrained_columns"]),
                "fks": sorted(
                    (
                        tuple(fk["constrained_columns"]),
                        fk["referred_table"],
                        tuple(fk["referred_columns"]),
                        (fk.get("options") or {}).get("ondelete"),
                    )
                    for fk in inspector.get_foreign_keys(name)
                ),  # fmt: skip
                "uniques": sorted(
                    (u["name"], tuple(u["column_names"]))
                    for u in inspector.get_unique_constraints(name)
                    if not (u["name"] or "").startswith(PER_DATABASE)
                ),
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                    for i in inspector.get_indexes(name)
                    # PostgreSQL also lists each unique constraint as its index
                    if not (i["name"] or "").startswith(PER_DATABASE) and not i.get("duplicates_constraint")
                ),
            }
        return tables
    finally:
        engine.dispose()
