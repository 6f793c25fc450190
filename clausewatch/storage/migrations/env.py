"""Alembic environment: runs migrations on the connection clausewatch hands over, or on the URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from clausewatch.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    """Upgrade on the given connection (programmatic use) or a fresh engine (the alembic command)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
