"""The nightly deployment: ``clausewatch deploy`` serves it on its cron schedule, in the school's timezone,
together with the late-run check (flows/deadline.py) daily at the profile's ``[schedule] finish_by``.

Prefect evaluates the cron in that timezone, so 02:00 Europe/London stays 02:00 on the clock across the
spring and autumn changes (02:00 exists exactly once on both days in the UK). Stopping the server leaves the
schedule active (``pause_on_shutdown=False``): a stopped server is visible as late runs, never as a quietly
paused schedule.
"""

from __future__ import annotations

from pathlib import Path

from prefect import serve as serve_deployments
from prefect.client.schemas.schedules import CronSchedule
from prefect.deployments.runner import RunnerDeployment

from clausewatch.profile import Profile, load_profile
from clausewatch.retention import prefect_vacuum_settings
from clausewatch.settings import Settings, prefect_defaults
from flows.deadline import check_deadline_flow
from flows.nightly import nightly_flow
from flows.schools import profiles_in, with_parallelism
from flows.scoring import with_task_runner

__all__ = ["deadline_deployments", "deadline_schedule", "deployment_name", "schedule_for", "serve"]


def schedule_for(settings: Settings, timezone: str) -> CronSchedule:
    """The nightly cron schedule in the given timezone."""
    return CronSchedule(cron=settings.schedule_cron, timezone=timezone)


def deployment_name(target: Path | None) -> str:
    """One deployment per school, or one for a folder of schools."""
    if target is not None and target.is_dir():
        return f"all-schools-{target.resolve().name}"
    return f"nightly-{load_profile(target).school.slug}"


def deadline_schedule(finish_by: str, timezone: str) -> CronSchedule:
    """Daily at ``finish_by`` ("HH:MM") on the school's clock."""
    hour, minute = (int(part) for part in finish_by.split(":"))
    return CronSchedule(cron=f"{minute} {hour} * * *", timezone=timezone)


def deadline_deployments(target: Path | None, loaded: list[Profile]) -> list[RunnerDeployment]:
    """The late-run check: one deployment per (finish_by, timezone) among the schools, each checking its schools."""
    groups: dict[tuple[str, str], list[Profile]] = {}
    for profile in loaded:
        groups.setdefault((profile.schedule.finish_by, profile.school.timezone), []).append(profile)
    name = "check-deadline-" + deployment_name(target).removeprefix("nightly-")
    return [
        check_deadline_flow.to_deployment(
            # Schools that differ in finish_by or timezone get a check each, named by when and where.
            name=name if len(groups) == 1 else f"{name}-{at.replace(':', '')}-{zone.replace('/', '-').lower()}",
            schedules=[deadline_schedule(at, zone)],
            parameters={"profile_paths": [str(p.path) for p in profiles]},
        )
        for (at, zone), profiles in groups.items()
    ]


def serve(settings: Settings, target: Path | None) -> None:
    """Serve the nightly deployment for one profile (default the example) or a folder of profiles, and the
    late-run check beside it."""
    profiles = profiles_in(target) if target is not None and target.is_dir() else [target]
    loaded = [load_profile(path) for path in profiles]
    # Prefect's own run data goes on the same schedule as ours, on a server this process starts; a shared
    # server needs the same settings in its own environment (README, "Prefect run data").
    prefect_defaults(prefect_vacuum_settings(min(loaded, key=lambda p: p.retention.shortest).retention))
    timezone = loaded[0].school.timezone
    if target is not None and target.is_dir():
        flow, parameters = with_parallelism(settings), {"profiles_dir": str(target.resolve())}
    else:
        flow, parameters = with_task_runner(nightly_flow, settings), {"profile_path": str(loaded[0].path)}
    nightly = flow.to_deployment(name=deployment_name(target), schedules=[schedule_for(settings, timezone)],
                                 parameters=parameters)
    serve_deployments(nightly, *deadline_deployments(target, loaded), pause_on_shutdown=False,
                      print_starting_message=True)
