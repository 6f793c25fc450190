"""A school's night prepared and fetched ahead of its flow, and handed to that flow in this process.

The all-schools flow fetches each school's sources in the school's own task, to learn whether anything is new
(flows/quiet.py). A school with something new then runs its nightly subflow, which must not fetch from the
platforms a second time: the open run and its batches are handed over here, in memory, never as Prefect
parameters or results (Prefect records those, and post text must never be). A nightly flow with nothing handed
over (started on its own, by a deployment, or a second time) prepares its run and fetches for itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime

from clausewatch.records import Batch
from clausewatch.storage import repository
from clausewatch.storage.db import session_scope
from connectors import SourceSpec
from connectors.base import not_built_reason
from flows.context import RunContext
from flows.fetch import fetch_source

__all__ = ["Fetched", "Night", "fetch_ahead", "fetch_one", "handed_over", "take_over"]


@dataclass
class Fetched:
    """One source's fetch: the cursor it started from, and its batch or the error it ended with."""

    cursor: str | None = None
    batch: Batch | None = None
    error: Exception | None = None

    def take(self) -> tuple[str | None, Batch]:
        """The cursor and the batch; a fetch that failed raises its error again, for the source to record."""
        if self.batch is None:
            raise self.error or RuntimeError("the fetch returned nothing")
        return self.cursor, self.batch


@dataclass
class Night:
    """A school's run, open in storage, and what each of its built sources fetched (by source name)."""

    profile_path: str | None
    ctx: RunContext
    fetched: dict[str, Fetched] = field(default_factory=dict)


def fetch_one(ctx: RunContext, spec: SourceSpec) -> Fetched:
    """One source's new posts since its stored cursor; a failure is kept, not raised (the task retried it)."""
    fetched = Fetched()
    try:
        with session_scope(ctx.db) as session:
            fetched.cursor = repository.get_cursor(session, school=ctx.school, source=ctx.cursor_key(spec))
        # A file's cursor is a fingerprint of what was read with which ``since``, so a file always gets ``since``.
        since = ctx.since if spec.kind == "file" else None if fetched.cursor else ctx.lookback_start()
        fetched.batch = fetch_source(spec, fetched.cursor, since)
    except Exception as exc:  # recorded as this source's failure by whatever finishes the night
        fetched.error = exc
    return fetched


def fetch_ahead(night: Night) -> Night:
    """Fetch every source of the night that is built, before deciding how to finish it."""
    night.fetched = {spec.name: fetch_one(night.ctx, spec) for spec in night.ctx.specs if not not_built_reason(spec)}
    return night


_HANDED: ContextVar[Night | None] = ContextVar("clausewatch_handed_night", default=None)


@contextmanager
def handed_over(night: Night) -> Iterator[None]:
    """Inside this block, the nightly flow for the night's profile takes the night over (``take_over``)."""
    token = _HANDED.set(night)
    try:
        yield
    finally:
        _HANDED.reset(token)


def take_over(profile_path: str | None, sources: list[str] | None, since: datetime | None) -> Night | None:
    """The night handed over for exactly these parameters, once; None when the flow must prepare its own."""
    night = _HANDED.get()
    if night is None or night.profile_path != profile_path or sources is not None or since != night.ctx.since:
        return None
    _HANDED.set(None)
    return night
