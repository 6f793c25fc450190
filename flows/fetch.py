"""The only tasks that talk to platforms, and so the only ones that retry."""

from __future__ import annotations

from datetime import datetime

from prefect import Task, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.states import State

from clausewatch.errors import SourceError
from clausewatch.records import Batch
from connectors import SourceSpec
from connectors.base import fetch

__all__ = ["fetch_source"]


def _transient(task: Task, task_run: TaskRun, state: State) -> bool:
    """Retry rate limits and outages; never bad credentials or a changed API."""
    try:
        state.result()
    except SourceError as exc:
        return exc.retryable
    except Exception:
        return False
    return False


@task(retries=3, retry_delay_seconds=[5, 30, 120], retry_jitter_factor=0.5,
      retry_condition_fn=_transient, cache_policy=NO_CACHE, persist_result=False)
def fetch_source(spec: SourceSpec, cursor: str | None, since: datetime | None) -> Batch:
    """One source's new posts since its cursor."""
    return fetch(spec, cursor, since)
