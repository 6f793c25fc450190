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
from clausewatch.retention import prefect_vacuum_settings
from clausewatch.settings import Settings, prefect_defaults
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
    profiles = profiles_in(target) if target is not None and target.is_dir() else [target]
    loaded = [load_profile(path) for path in profiles]
    # Prefect's own run data goes on the same schedule as ours, on a server this process starts; a shared
    # server needs the same settings in its own environment (README, "Prefect run data").
    prefect_defaults(prefect_vacuum_settings(min(loaded, key=lambda p: p.retention.shortest).retention))
    timezone = loaded[0].school.timezone
    if target is not None and target.is_dir():
        flow, parameters = with_parallelism(settings), {"profiles_dir": str(target.resolve())}
    else:
        flow, parameters = nightly_flow, {"profile_path": str(loaded[0].path)}
    flow.serve(
        name=deployment_name(target),
        schedules=[schedule_for(settings, timezone)],
        parameters=parameters,
        pause_on_shutdown=False,
        print_starting_message=True,
    )
