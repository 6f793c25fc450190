"""A school with nothing new finishes its night in the all-schools flow without a subflow, and still does all
that a night does; any school with something to do (new posts, a run's leftovers) still gets its subflow."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from pathlib import Path

import pytest
from kill_support import run_killed_midway
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterKey,
    FlowRunFilter,
    FlowRunFilterParentFlowRunId,
)
from prefect.flows import Flow
from prefect.states import State
from sqlalchemy import func, select

import flows.fetch
import flows.quiet
import flows.steps
from clausewatch.errors import AuthFailed
from clausewatch.profile import EXAMPLE_PROFILE
from clausewatch.settings import get_settings
from clausewatch.storage import repository
from clausewatch.storage.db import open_database, session_scope
from clausewatch.storage.models import Delivery, EvidenceRecord, Finding, Run, RunSource
from flows.nightly import RunSummary
from flows.schools import SchoolFailure, with_parallelism

pytestmark = pytest.mark.usefixtures("prefect_harness")

ST_BRYNACH = Path(__file__).parents[1] / "data" / "st-brynach"
LLANDOUGH, BRYNACH = "llandough-primary-school", "st-brynach-s-church-in-wales-primary-school"
NEW_POST = {"platform": "mastodon", "id": "appended-1", "url": "https://example.social/@parent/1",
            "author": "a_parent", "created_at": "2026-11-24T20:00:00+00:00",
            "text": "Llandough Primary School is a disgrace and the staff are useless liars"}


def _db():
    return open_database(get_settings().resolved_database_url)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two schools' profiles, each with its own post file."""
    schools = tmp_path / "schools"
    schools.mkdir()
    shutil.copy(EXAMPLE_PROFILE, schools / "llandough.toml")
    shutil.copy(EXAMPLE_PROFILE.parent / "llandough-posts.jsonl", schools)
    shutil.copy(ST_BRYNACH / "profile.toml", schools / "st-brynach.toml")
    shutil.copy(ST_BRYNACH / "posts.jsonl", schools)
    return schools


class Fetches:
    """Every fetch from a source, by name; a source named in ``refused`` fails as a refused login would."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.refused: set[str] = set()


@pytest.fixture
def fetches(monkeypatch: pytest.MonkeyPatch) -> Fetches:
    """Counts every fetch from a source, and fails the ones the test refuses."""
    fetched, real = Fetches(), flows.fetch.fetch

    def counted(spec, cursor, since):
        fetched.seen.append(spec.name)
        if spec.name in fetched.refused:
            raise AuthFailed("the password was refused")
        return real(spec, cursor, since)

    monkeypatch.setattr(flows.fetch, "fetch", counted)
    return fetched


def _night(folder: Path) -> tuple[list[RunSummary | SchoolFailure], list[str], str]:
    """Every school's night: the outcomes, the schools that ran as subflows, and the flow's artifact."""
    flow: Flow = with_parallelism(get_settings())
    state: State = flow(str(folder), return_state=True)
    subflows, artifact = asyncio.run(_prefect_records(state.state_details.flow_run_id, folder))
    return state.result(), subflows, artifact


async def _prefect_records(flow_run_id, folder: Path) -> tuple[list[str], str]:
    async with get_client() as client:
        children = await client.read_flow_runs(flow_run_filter=FlowRunFilter(
            parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[flow_run_id])))
        [artifact] = await client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[f"all-schools-{folder.name}-summary"])),
            flow_run_filter=FlowRunFilter(id={"any_": [flow_run_id]}))
    return sorted(Path(run.parameters["profile_path"]).stem for run in children), str(artifact.data)


def _summaries(outcomes: list[RunSummary | SchoolFailure]) -> dict[str, RunSummary]:
    assert all(isinstance(o, RunSummary) for o in outcomes), outcomes
    return {o.school: o for o in outcomes if isinstance(o, RunSummary)}


def test_a_quiet_rerun_runs_no_subflow_yet_records_each_run_writes_each_report_and_sums_up_every_school(
        folder: Path, fetches: Fetches) -> None:
    first, first_subflows, _ = _night(folder)
    fetches.seen.clear()

    again, subflows, artifact = _night(folder)

    assert first_subflows == ["llandough", "st-brynach"] and subflows == []
    assert len(fetches.seen) == 2  # each school's source is still checked, once
    earlier = {s.school: s.run_id for s in _summaries(first).values()}
    with session_scope(_db()) as session:
        for school, summary in _summaries(again).items():
            assert [(s.fetched, s.new, s.error) for s in summary.sources] == [(0, 0, None)]
            report = Path(summary.report_path).read_text(encoding="utf-8")
            assert f"Nothing new since run {earlier[school]}." in report
            run = session.get(Run, summary.run_id)
            assert run is not None and (run.status, run.report_path) == ("completed", summary.report_path)
            assert session.scalars(select(RunSource.fetched).where(RunSource.run_id == summary.run_id)).all() == [0]
            assert session.scalars(select(Delivery.kind).where(Delivery.run_id == summary.run_id)).all() == [
                "digest"]  # the morning digest, as every night
            assert f"run {summary.run_id}" in artifact and summary.emails
    assert "Llandough Primary School" in artifact and "St Brynach" in artifact and "nothing new" in artifact


def test_a_new_post_or_a_failed_source_gets_its_school_a_subflow_and_no_source_is_fetched_twice(
        folder: Path, fetches: Fetches) -> None:
    _night(folder)
    with (folder / "llandough-posts.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(NEW_POST) + "\n")
    fetches.seen.clear()
    fetches.refused.add("file:posts.jsonl")  # St Brynach's

    outcomes, subflows, artifact = _night(folder)

    assert subflows == ["llandough", "st-brynach"] and sorted(fetches.seen) == [
        "file:llandough-posts.jsonl", "file:posts.jsonl"]  # each subflow was handed its school's fetch
    summaries = _summaries(outcomes)
    grown, refused = summaries["Llandough Primary School"], summaries["St Brynach's Church in Wales Primary School"]
    assert [(s.fetched, s.kept, s.new, s.error) for s in grown.sources] == [(1, 1, 1, None)]
    assert "Nothing new" not in Path(grown.report_path).read_text(encoding="utf-8")
    assert [s.error for s in refused.sources] == ["AuthFailed: the password was refused"]
    with session_scope(_db()) as session:
        assert repository.post_by_key(session, school=LLANDOUGH, platform="mastodon", post_id="appended-1")
        assert session.get(Run, refused.run_id).status == "completed-with-failures"  # type: ignore[union-attr]
    assert f"run {grown.run_id}" in artifact and "summary in its own flow run" in artifact


def _findings_and_records() -> tuple[int, int]:
    with session_scope(_db()) as session:
        return (session.scalar(select(func.count(Finding.id))) or 0,
                session.scalar(select(func.count(EvidenceRecord.id))) or 0)


def test_findings_a_run_left_without_evidence_records_send_the_school_through_its_subflow(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(flows.steps, "append_missing", lambda session, school: 0)  # the run "stopped" before it
    _night(folder)
    findings, records = _findings_and_records()
    assert findings > 0 and records == 0
    monkeypatch.undo()

    _, subflows, _ = _night(folder)

    assert subflows == ["llandough", "st-brynach"] and _findings_and_records() == (findings, findings)
    assert _night(folder)[1] == []


def _finding_keys() -> set[tuple[str, str, str]]:
    with session_scope(_db()) as session:
        return {(p.school, p.post_id, f.status) for f, p in repository.list_findings(session, school=None)}


def test_a_night_killed_midway_is_finished_by_the_next_through_the_subflows(folder: Path, tmp_path: Path) -> None:
    log = tmp_path / "killed.log"
    assert run_killed_midway(["run", "--profile", str(folder)], log) == 137, log.read_text(errors="replace")[-2000:]
    with session_scope(_db()) as session:
        assert "running" in session.scalars(select(Run.status)).all()

    mended, subflows, _ = _night(folder)

    assert subflows  # the killed source's cursor stayed put: its posts came back, so its school had work
    assert not any(s.failed for s in _summaries(mended).values())
    recovered = _finding_keys()
    os.environ["CLAUSEWATCH_HOME"] = str(tmp_path / "clean")  # the autouse fixture puts it back
    _night(folder)
    assert recovered == _finding_keys()


def test_one_quiet_school_failing_to_finish_stops_no_other_and_its_contact_hears(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _night(folder)
    real = flows.quiet.report_night

    def disk_full_at_st_brynach(ctx, results, rows):
        if ctx.school == BRYNACH:
            raise OSError("disk full")
        return real(ctx, results, rows)

    monkeypatch.setattr(flows.quiet, "report_night", disk_full_at_st_brynach)

    outcomes, subflows, artifact = _night(folder)

    [failure] = [o for o in outcomes if isinstance(o, SchoolFailure)]
    [summary] = [o for o in outcomes if isinstance(o, RunSummary)]
    assert Path(failure.profile_path).name == "st-brynach.toml" and "OSError: disk full" in failure.error
    assert summary.school == "Llandough Primary School" and subflows == []
    assert "st\\-brynach.toml: failed \\(OSError\\)" in artifact and "disk full" not in artifact
    with session_scope(_db()) as session:
        last = session.scalars(select(Run).where(Run.school == BRYNACH).order_by(Run.id.desc())).first()
        assert last is not None and last.status == "failed"
        notice = session.scalars(select(Delivery).where(Delivery.kind == "run-failure")).one()
        assert notice.school == BRYNACH and notice.run_id == last.id
