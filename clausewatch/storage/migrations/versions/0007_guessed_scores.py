"""scores that are guesses

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

``findings.guessed`` lists the fired categories whose scores came only from scorers that do not read the post's
language, and ``findings.language`` names that language, so the report can say "a guess" beside those scores.
Findings made before this revision get NULL for both: nothing was marked a guess then.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("findings", sa.Column("guessed", sa.JSON(), nullable=True))
    op.add_column("findings", sa.Column("language", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("language")
        batch.drop_column("guessed")
