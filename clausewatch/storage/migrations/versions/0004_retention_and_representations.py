"""retention stubs and representations

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-24

``posts.purged_at`` marks a post whose content retention has emptied (the row stays as a stub).
``decisions.representations`` marks the re-review that followed an employee's representations.

Plain ``ADD COLUMN`` (not batch mode) on purpose: SQLite keeps the append-only triggers on ``decisions``,
which a batch-mode table rebuild would drop.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("posts", sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("decisions", sa.Column("representations", sa.Boolean(), nullable=False,
                                         server_default=sa.false()))


def downgrade() -> None:
    # SQLite before 3.35 cannot drop columns in place; both supported databases here can.
    op.drop_column("decisions", "representations")
    op.drop_column("posts", "purged_at")
