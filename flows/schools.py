"""Every school of a local authority: one nightly run per profile in a folder, several at once.

Each school's run is a subflow inside a task, so Prefect's task runner decides how they fan out: threads
on one machine by default, a Dask cluster (prefect-dask's DaskTaskRunner) for a local authority, with no
code change. One school's failure is recorded and never stops another's.
"""

# No `from __future__ import annotations` here: Prefect builds a pydantic model from the flow's
# signature when a served deployment starts it, and string annotations such as "datetime" fail there.

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from prefect import Flow, flow, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
from prefect.task_runners import ThreadPoolTaskRunner

from clausewatch.errors import InputError
from clausewatch.settings import Settings, get_settings
from flows.nightly import RunSummary, nightly_flow
from flows.scoring import with_task_runner

__all__ = ["SchoolFailure", "all_schools_flow", "profiles_in", "with_parallelism"]


@dataclass
class SchoolFailure:
    """A school whose run could not finish, and why (no post text: a class name and a message)."""

    profile_path: str
    error: str


def profiles_in(folder: Path) -> list[Path]:
    """The school profiles in a folder, one ``*.toml`` per school."""
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        raise InputError(f"no school profiles (*.toml) in {folder}")
    return paths


def _no_subflow_heartbeat() -> AbstractContextManager[object]:
    """Prefect settings, for this thread only, under which a school's subflow sends no heartbeats.

    The all-schools flow's own heartbeat already says this process is alive, and a subflow's heartbeat thread
    sleeps in whole seconds: ending each school's subflow waited up to a second for it, on every school, every
    night (most of an empty night's cost). A school run on its own (its own deployment) keeps its heartbeat.
    """
    return temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})


@task(cache_policy=NO_CACHE, persist_result=False)
def run_school(profile_path: str, since: datetime | None) -> RunSummary | SchoolFailure:
    """One school's night; a failure is returned, not raised, so the other schools go on."""
    try:
        # Each school's scoring fans out through the runner that settings name here (threads or Dask).
        with _no_subflow_heartbeat():
            return with_task_runner(nightly_flow, get_settings())(profile_path=profile_path, since=since)
    except Exception as exc:  # one school must never stop the others: record it and go on
        return SchoolFailure(profile_path, f"{type(exc).__name__}: {exc}")


@flow(name="clausewatch-all-schools", log_prints=False, persist_result=False)
def all_schools_flow(profiles_dir: str, since: datetime | None = None) -> list[RunSummary | SchoolFailure]:
    """A night for every school whose profile is in ``profiles_dir``."""
    paths = profiles_in(Path(profiles_dir))
    futures = run_school.map([str(p) for p in paths], since=unmapped(since))
    return [future.result() for future in futures]


def with_parallelism(settings: Settings) -> Flow:
    """The all-schools flow running ``settings.max_parallel_schools`` schools at once on this machine."""
    return all_schools_flow.with_options(task_runner=ThreadPoolTaskRunner(max_workers=settings.max_parallel_schools))
