"""The nightly deployment: ``clausewatch deploy`` serves it on its cron schedule, in the school's timezone.

Prefect evaluates the cron in that timezone, so 02:00 Europe/London stays 02:00 on the clock across the
spring and autumn changes (02:00 exists exactly once on both days in the UK). Stopping the server leaves the
schedule active (``pause_on_shutdown=False``): a stopped server is visible as late runs, never as a quietly
paused schedule.
"""

from __future__ import annotations

from pathlib import Path

from prefect.client.schemas.schedules import CronSchedule

from clausewatch.profile import load_profile
from clausewatch.settings import Settings
from flows.nightly import nightly_flow
from flows.schools import profiles_in, with_parallelism

__all__ = ["deployment_name", "schedule_for", "serve"]


def schedule_for(settings: Settings, timezone: str) -> CronSchedule:
    """The nightly cron schedule in the given timezone."""
    return CronSchedule(cron=settings.schedule_cron, timezone=timezone)


def deployment_name(target: Path | None) -> str:
    """One deployment per school, or one for a folder of schools."""
    if target is not None and target.is_dir():
        return f"all-schools-{target.resolve().name}"
    return f"nightly-{load_profile(target).school.slug}"


def serve(settings: Settings, target: Path | None) -> None:
    """Serve the nightly deployment for one profile (default the example) or a folder of profiles."""
    if target is not None and target.is_dir():
        timezone = load_profile(profiles_in(target)[0]).school.timezone
        flow, parameters = with_parallelism(settings), {"profiles_dir": str(target.resolve())}
    else:
        profile = load_profile(target)
        timezone, flow = profile.school.timezone, nightly_flow
        parameters = {"profile_path": str(profile.path)}
    flow.serve(
        name=deployment_name(target),
        schedules=[schedule_for(settings, timezone)],
        parameters=parameters,
        pause_on_shutdown=False,
        print_starting_message=True,
    )
