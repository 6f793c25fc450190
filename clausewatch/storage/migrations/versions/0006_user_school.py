"""review accounts belong to one school (or, explicitly, to every school)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25

Accounts made before this revision get NULL: "no school yet", which sees no finding, audit entry or export
row until ``clausewatch users school NAME --school SLUG`` gives it one. Giving them every school instead
would silently widen what old accounts see in a database shared by several schools.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("school", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("school")
