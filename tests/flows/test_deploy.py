"""The nightly deployment: its schedule across the clock changes, and a real served run."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from prefect.server.schemas.schedules import CronSchedule as ServerCron

from clausewatch.profile import EXAMPLE_PROFILE, load_profile
from clausewatch.settings import get_settings
from flows.deploy import deployment_name, schedule_for


def _dates(start: datetime, n: int = 3) -> list[str]:
    schedule = schedule_for(get_settings(), "Europe/London")
    server = ServerCron(cron=schedule.cron, timezone=schedule.timezone)
    return [d.isoformat() for d in asyncio.run(server.get_dates(n=n, start=start))]


@pytest.mark.parametrize(("start", "expected"), [
    (datetime(2027, 3, 27, 12, tzinfo=UTC),  # clocks go forward on Sunday 28 March 2027
     ["2027-03-28T02:00:00+01:00", "2027-03-29T02:00:00+01:00", "2027-03-30T02:00:00+01:00"]),
    (datetime(2026, 10, 24, 12, tzinfo=UTC),  # clocks go back on Sunday 25 October 2026
     ["2026-10-25T02:00:00+00:00", "2026-10-26T02:00:00+00:00", "2026-10-27T02:00:00+00:00"]),
])
def test_the_schedule_stays_at_two_on_the_clock_across_the_changes(start: datetime, expected: list[str]) -> None:
    assert _dates(start) == expected


def test_the_schedule_comes_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUSEWATCH_SCHEDULE_CRON", "30 3 * * 1-5")
    assert _dates(datetime(2026, 11, 27, 12, tzinfo=UTC), 1) == ["2026-11-30T03:30:00+00:00"]


def test_a_folder_of_profiles_gets_one_deployment_for_all_schools(tmp_path: Path) -> None:
    assert deployment_name(None) == "nightly-llandough-primary-school"
    assert deployment_name(tmp_path) == f"all-schools-{tmp_path.name}"


@pytest.mark.usefixtures("prefect_harness")
def test_deploy_serves_the_flow_runs_a_scheduled_night_and_leaves_the_schedule_active(tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
    log = tmp_path / "deploy.log"
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "clausewatch.cli", "deploy"], env=env, stdout=out,
                                  stderr=out, start_new_session=True)
    name = "clausewatch-nightly/nightly-llandough-primary-school"
    try:
        deployment = _wait_for_deployment(name, server, log)
        [schedule] = deployment.schedules
        assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 2 * * *", "Europe/London")
        late_check = _wait_for_deployment(LATE_CHECK, server, log)  # served by the same process
        [schedule] = late_check.schedules
        assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 6 * * *", "Europe/London")
        flow_run = run_deployment(name, timeout=0)  # scheduled for now; the served runner picks it up
        state = _wait_for_final_state(flow_run.id)
        assert state.is_completed(), log.read_text(errors="replace")[-3000:]
    finally:
        # SIGTERM, as a service manager stops it: Prefect's runner shuts down cleanly on it, and unlike SIGINT
        # it is never ignored (a suite started in the background inherits SIGINT as ignored).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        stopped = server.wait(timeout=60)
    assert stopped == 0, log.read_text(errors="replace")[-3000:]
    reports = list((Path(os.environ["CLAUSEWATCH_HOME"]) / "reports").rglob("*.html"))
    assert len(reports) == 1
    with get_client(sync_client=True) as client:
        after = [client.read_deployment_by_name(one) for one in (name, LATE_CHECK)]
    assert all(not one.paused and all(s.active for s in one.schedules) for one in after)


LATE_CHECK = "clausewatch-check-deadline/check-deadline-llandough-primary-school"


def _wait_for_deployment(name: str, server: subprocess.Popen, log: Path):
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    deadline = time.monotonic() + 180
    with get_client(sync_client=True) as client:
        while time.monotonic() < deadline:
            assert server.poll() is None, log.read_text(errors="replace")[-3000:]
            with contextlib.suppress(ObjectNotFound):
                return client.read_deployment_by_name(name)
            time.sleep(1)
    raise AssertionError(f"deployment never appeared: {log.read_text(errors='replace')[-3000:]}")


def _wait_for_final_state(flow_run_id):
    from prefect.client.orchestration import get_client

    deadline = time.monotonic() + 300
    with get_client(sync_client=True) as client:
        while time.monotonic() < deadline:
            state = client.read_flow_run(flow_run_id).state
            if state is not None and state.is_final():
                return state
            time.sleep(1)
    raise AssertionError("the scheduled run did not finish in 5 minutes")


def test_prefect_yaml_deploys_the_all_schools_flow_nightly_and_the_late_run_check_at_finish_by() -> None:
    import yaml
    from prefect.flows import load_flow_from_entrypoint

    root = Path(__file__).parents[2]
    night, late = yaml.safe_load((root / "prefect.yaml").read_text(encoding="utf-8"))["deployments"]
    flows = [load_flow_from_entrypoint(str(root / d["entrypoint"])) for d in (night, late)]
    assert [flow.name for flow in flows] == ["clausewatch-all-schools", "clausewatch-check-deadline"]
    assert night["parameters"]["profiles_dir"] == late["parameters"]["profiles_dir"]
    assert [(s["cron"], s["timezone"], s["active"]) for d in (night, late) for s in d["schedules"]] == [
        ("0 2 * * *", "Europe/London", True), ("0 6 * * *", "Europe/London", True)]  # 06:00: the default finish_by


def test_deploy_sets_prefect_vacuum_to_the_profile_retention_and_never_pauses_on_stop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    names = ("PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED", "PREFECT_SERVER_SERVICES_DB_VACUUM_RETENTION_PERIOD",
             "PREFECT_SERVER_EVENTS_RETENTION_PERIOD")
    for name in names:
        monkeypatch.setenv(name, "")  # recorded, so the test leaves the environment as it found it
        monkeypatch.delenv(name)
    served = _served(monkeypatch, None)

    assert [os.environ[name] for name in names] == ["events,flow_runs", "P7D", "P7D"]
    assert served["pause_on_shutdown"] is False and served["deployments"][0].name == "nightly-llandough-primary-school"


def _served(monkeypatch: pytest.MonkeyPatch, target: Path | None) -> dict:
    """What ``clausewatch deploy`` would serve, in one ``serve()`` call, without serving it."""
    import flows.deploy

    served: dict = {}
    monkeypatch.setattr(flows.deploy, "serve_deployments",
                        lambda *deployments, **kwargs: served.update(kwargs, deployments=deployments))
    flows.deploy.serve(get_settings(), target)
    return served


def _schedules(deployment) -> list[tuple[str, str]]:
    return [(s.schedule.cron, s.schedule.timezone) for s in deployment.schedules]


def test_deploy_serves_the_late_run_check_beside_the_night_at_finish_by_on_the_school_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    night, late = _served(monkeypatch, None)["deployments"]
    assert (night.name, _schedules(night)) == ("nightly-llandough-primary-school", [("0 2 * * *", "Europe/London")])
    assert (late.name, _schedules(late)) == ("check-deadline-llandough-primary-school",
                                             [("0 6 * * *", "Europe/London")])
    assert late.parameters == {"profile_paths": [str(load_profile().path)]}


def test_schools_that_finish_at_other_times_get_a_late_run_check_each(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    example = EXAMPLE_PROFILE.read_text(encoding="utf-8")
    (tmp_path / "a.toml").write_text(example, encoding="utf-8")
    (tmp_path / "b.toml").write_text(example.replace("Llandough Primary School", "Llandough Infants", 1)
                                     + '\n[schedule]\nfinish_by = "07:30"\n', encoding="utf-8")
    night, *late = _served(monkeypatch, tmp_path)["deployments"]
    assert night.name == f"all-schools-{tmp_path.name}"
    assert sorted((d.name, *_schedules(d), tuple(d.parameters["profile_paths"])) for d in late) == [
        (f"check-deadline-all-schools-{tmp_path.name}-0600-europe-london", ("0 6 * * *", "Europe/London"),
         (str(tmp_path / "a.toml"),)),
        (f"check-deadline-all-schools-{tmp_path.name}-0730-europe-london", ("30 7 * * *", "Europe/London"),
         (str(tmp_path / "b.toml"),)),
    ]
