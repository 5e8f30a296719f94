"""The politician registry, persons told apart by kommune, and party history.

- politician: an elected politician, unique by (name, kommune); politician_seat: their periods
  with party letter, role, valid from/to and source (DST/valg.dk imports, council minutes).
- person: unique by (name, kommune_code) instead of name alone, so namesakes in two kommuner are
  two persons; a partial unique index keeps one row per name without a kommune (a unique
  constraint lets NULLs repeat). person.politician_id links a person to the registry.
- person_party: a person's party over time. An existing archive gets one row per person with a
  party, dated from the person's first_seen (the earliest date the archive knows them by).

Existing persons keep their ids (every quote, claim and mention still points at them) and have
no kommune; `store.people` gives such a row its kommune when the first text that names the
kommune arrives, unless a namesake elsewhere makes it ambiguous.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NO_KOMMUNE = sa.text("kommune_code IS NULL")


def _person_before() -> sa.Table:
    """The person table as revisions 0001-0008 left it, for batch mode to copy without reflecting
    (which `upgrade --sql` cannot do: there is no database to reflect)."""
    return sa.Table(
        "person",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("party_letter", sa.String(), nullable=True),
        sa.Column("is_politician", sa.Boolean(), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("kommune_code", sa.Integer(), nullable=True),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["kommune_code"], ["kommune.code"], name="fk_person_kommune_code_kommune"),
        sa.ForeignKeyConstraint(["party_letter"], ["party.letter"], name="fk_person_party_letter_party"),
        sa.PrimaryKeyConstraint("id", name="pk_person"),
        sa.UniqueConstraint("name", name="uq_person_name"),
        sa.Index("ix_person_is_politician", "is_politician"),
        sa.Index("ix_person_party_letter", "party_letter"),
    )


def upgrade() -> None:
    op.create_table(
        "politician",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kommune_code", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["kommune_code"], ["kommune.code"], name=op.f("fk_politician_kommune_code_kommune")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_politician")),
        sa.UniqueConstraint("name", "kommune_code", name="uq_politician_name_kommune"),
    )
    op.create_index(op.f("ix_politician_kommune_code"), "politician", ["kommune_code"])
    op.create_table(
        "politician_seat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("politician_id", sa.Integer(), nullable=False),
        sa.Column("party_letter", sa.String(), nullable=True),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["politician_id"],
            ["politician.id"],
            name=op.f("fk_politician_seat_politician_id_politician"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_letter"], ["party.letter"], name=op.f("fk_politician_seat_party_letter_party")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_politician_seat")),
    )
    op.create_index(
        "ix_politician_seat_politician_role", "politician_seat", ["politician_id", "role", "valid_from"]
    )
    op.create_table(
        "person_party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("party_letter", sa.String(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_person_party_person_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["party_letter"], ["party.letter"], name=op.f("fk_person_party_party_letter_party")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_party")),
    )
    op.create_index("ix_person_party_person_since", "person_party", ["person_id", "since"])

    # SQLite cannot drop a constraint in place: batch mode rebuilds the table (ids kept).
    with op.batch_alter_table("person", copy_from=_person_before()) as batch:
        batch.drop_constraint("uq_person_name", type_="unique")
        batch.add_column(sa.Column("politician_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_person_politician_id_politician"), "politician", ["politician_id"], ["id"]
        )
        batch.create_unique_constraint("uq_person_name_kommune", ["name", "kommune_code"])
        batch.create_index(op.f("ix_person_kommune_code"), ["kommune_code"])
        batch.create_index(op.f("ix_person_politician_id"), ["politician_id"])
    op.create_index(
        "uq_person_name_no_kommune",
        "person",
        ["name"],
        unique=True,
        sqlite_where=NO_KOMMUNE,
        postgresql_where=NO_KOMMUNE,
    )
    op.execute(
        "INSERT INTO person_party (person_id, party_letter, since, document_id, source) "
        "SELECT id, party_letter, first_seen, NULL, 'text' FROM person "
        "WHERE party_letter IS NOT NULL AND first_seen IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index("uq_person_name_no_kommune", table_name="person")
    with op.batch_alter_table("person") as batch:
        batch.drop_index(op.f("ix_person_politician_id"))
        batch.drop_index(op.f("ix_person_kommune_code"))
        batch.drop_constraint("uq_person_name_kommune", type_="unique")
        batch.drop_constraint(op.f("fk_person_politician_id_politician"), type_="foreignkey")
        batch.drop_column("politician_id")
        batch.create_unique_constraint("uq_person_name", ["name"])
    op.drop_index("ix_person_party_person_since", table_name="person_party")
    op.drop_table("person_party")
    op.drop_index("ix_politician_seat_politician_role", table_name="politician_seat")
    op.drop_table("politician_seat")
    op.drop_index(op.f("ix_politician_kommune_code"), table_name="politician")
    op.drop_table("politician")
