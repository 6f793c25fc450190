"""The late-run check as a flow: ``clausewatch deploy`` serves it daily at each profile's ``[schedule] finish_by``,
in the school's timezone, beside the nightly deployment (the same check as ``clausewatch check-deadline``).

A night that never starts cannot report itself; this separate, small run notices instead.
"""

# No `from __future__ import annotations` here: Prefect builds a pydantic model from the flow's
# signature when a served deployment starts it.

from pathlib import Path

from prefect import flow
from prefect.runtime import flow_run

from clausewatch.profile import load_profile
from clausewatch.records import utc_now
from clausewatch.settings import get_settings
from flows.context import database
from flows.schools import profiles_in
from reports.run_notice import check_deadline, describe_notice

__all__ = ["LateNoticeFailed", "check_deadline_flow"]


class LateNoticeFailed(RuntimeError):
    """A late run was due to be reported and nobody could be told: the run fails, so the scheduler shows it."""


@flow(name="clausewatch-check-deadline", log_prints=False, persist_result=False)
def check_deadline_flow(profile_paths: list[str] | None = None, profiles_dir: str | None = None) -> list[str]:
    """Past each school's finish_by with no finished run: tell its run contact, once a day; one line per school.

    The schools are ``profile_paths`` (default the example), or every profile in ``profiles_dir`` (prefect.yaml).
    """
    settings = get_settings()
    db = database(settings.resolved_database_url)
    # A runner starts scheduled runs a few seconds early; the check is as of the time it was scheduled for.
    now = max(utc_now(), flow_run.scheduled_start_time)
    paths = profiles_in(Path(profiles_dir)) if profiles_dir else profile_paths or [None]
    profiles = [load_profile(path) for path in paths]
    notices = [check_deadline(settings, profile, db, now=now) for profile in profiles]
    failed = [p.school.name for p, n in zip(profiles, notices, strict=True) if n is not None and n.status == "failed"]
    if failed:
        raise LateNoticeFailed(f"the late-run notice could not be sent for {', '.join(failed)}")
    return [f"{p.school.name}: {describe_notice(n)}" for p, n in zip(profiles, notices, strict=True)]
