"""Every school of a local authority: one nightly run per profile in a folder, several at once.

Each school's night is a task, so Prefect's task runner decides how they fan out: threads on one machine by
default, a Dask cluster (prefect-dask's DaskTaskRunner) for a local authority, with no code change. The task
opens the school's run and fetches its sources; a night with nothing new is finished right there
(flows/quiet.py), any other runs as the school's nightly subflow, handed what was fetched (flows/handover.py).
One school's failure is recorded and never stops another's.
"""

# No `from __future__ import annotations` here: Prefect builds a pydantic model from the flow's
# signature when a served deployment starts it, and string annotations such as "datetime" fail there.

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from prefect import Flow, flow, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from clausewatch.errors import InputError
from clausewatch.settings import Settings, get_settings
from flows.context import prepare
from flows.handover import Night, fetch_ahead, handed_over
from flows.heartbeats import without_heartbeats
from flows.nightly import RunSummary, nightly_flow
from flows.quiet import finish_quietly, is_quiet
from flows.scoring import with_task_runner
from flows.steps import notify_night_failed
from reports.artifacts import publish, schools_markdown

__all__ = ["SchoolFailure", "all_schools_flow", "profiles_in", "run_now", "with_parallelism"]


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


def _night(profile_path: str, since: datetime | None) -> RunSummary:
    """Open the run, fetch, then finish a quiet night here or hand the night to the school's subflow."""
    settings = get_settings()
    night = Night(profile_path, prepare(settings, profile_path, None, since))  # a profile that fails has no contact
    try:
        if is_quiet(fetch_ahead(night)):
            return finish_quietly(night)
    except Exception as exc:  # as the subflow's failure hook would: close the run as failed, tell the contact
        notify_night_failed(night.ctx, exc)
        raise
    with handed_over(night):
        # Each school's scoring fans out through the runner that settings name here (threads or Dask).
        return with_task_runner(nightly_flow, settings)(profile_path=profile_path, since=since)


@task(cache_policy=NO_CACHE, persist_result=False)
def run_school(profile_path: str, since: datetime | None) -> RunSummary | SchoolFailure:
    """One school's night; a failure is returned, not raised, so the other schools go on."""
    try:
        # No heartbeat of its own: the all-schools flow's (in a served deployment) speaks for this process,
        # and stopping one cost every school up to a second.
        with without_heartbeats():
            return _night(profile_path, since)
    except Exception as exc:  # one school must never stop the others: record it and go on
        return SchoolFailure(profile_path, f"{type(exc).__name__}: {exc}")


def _outcome(outcome: RunSummary | SchoolFailure) -> tuple[str, str]:
    """(school, what its night did) for the all-schools artifact: counts and names, never an error's message."""
    if isinstance(outcome, SchoolFailure):  # a message can quote what the failing call was given
        return Path(outcome.profile_path).name, f"failed ({outcome.error.split(':')[0]})"
    findings, failed = sum(s.findings for s in outcome.sources), len(outcome.failed)
    where = "nothing new, summary below" if outcome.artifact else "summary in its own flow run"
    return outcome.school, f"run {outcome.run_id}: {findings} new findings, {failed} failed sources ({where})"


@flow(name="clausewatch-all-schools", log_prints=False, persist_result=False)
def all_schools_flow(profiles_dir: str, since: datetime | None = None) -> list[RunSummary | SchoolFailure]:
    """A night for every school whose profile is in ``profiles_dir``, and one artifact that sums it up."""
    futures = run_school.map([str(p) for p in profiles_in(Path(profiles_dir))], since=unmapped(since))
    outcomes = [future.result() for future in futures]
    summaries = [o.artifact for o in outcomes if isinstance(o, RunSummary) and o.artifact]
    folder = Path(profiles_dir).resolve().name  # as the deployment is named (flows/deploy.py)
    publish(school_slug=f"all-schools-{folder}", markdown=schools_markdown(
        folder=folder, schools=[_outcome(o) for o in outcomes], summaries=summaries))
    return outcomes


def with_parallelism(settings: Settings) -> Flow:
    """The all-schools flow running ``settings.max_parallel_schools`` schools at once on this machine."""
    return all_schools_flow.with_options(task_runner=ThreadPoolTaskRunner(max_workers=settings.max_parallel_schools))


def run_now(profile: Path | None, sources: list[str] | None = None,
            since: datetime | None = None) -> list[RunSummary | SchoolFailure]:
    """A night now, as ``clausewatch run`` starts one: one school's profile (default the bundled example), or
    every school in a folder of profiles.

    Nothing watches a run started this way, so it sends no heartbeats (flows/heartbeats.py); the run contact
    hears of a night that never finished from the deadline check.
    """
    settings = get_settings()
    with without_heartbeats():
        if profile is not None and profile.is_dir():
            return with_parallelism(settings)(str(profile), since)
        night = with_task_runner(nightly_flow, settings)  # scoring through the runner that settings name
        return [night(str(profile) if profile else None, sources, since)]
