"""No post text and no non-staff author handle anywhere a night leaves them, other than the database and the
report: not in any log line (ours or Prefect's, at DEBUG, captured here and read back from the Prefect API),
not in the flow or task runs, artifacts or events Prefect keeps, and not in any file the run writes."""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterId,
    FlowRunFilterParentFlowRunId,
    LogFilter,
    LogFilterFlowRunId,
)
from prefect.logging.handlers import APILogHandler
from prefect.settings import PREFECT_HOME, PREFECT_LOCAL_STORAGE_PATH, temporary_settings

from clausewatch.profile import EXAMPLE_PROFILE, load_profile
from clausewatch.settings import get_settings
from flows.nightly import nightly_flow
from flows.schools import with_parallelism

pytestmark = pytest.mark.usefixtures("prefect_harness")

FEED = EXAMPLE_PROFILE.parent / "llandough-posts.jsonl"
_UNPROPAGATED = ("prefect._internal", "prefect.extra")  # Prefect loggers that do not reach the root logger


def _secrets() -> dict[str, str]:
    """Distinctive pieces of every sample post (kept or dropped) and every non-staff handle -> what it is."""
    staff = load_profile().staff_handles()
    rows = [json.loads(line) for line in FEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = {row["text"][:30]: f"text of {row['id']}" for row in rows}
    found |= {row["title"][:30]: f"title of {row['id']}" for row in rows if len(row.get("title") or "") >= 20}
    found |= {row["author"]: f"author of {row['id']}" for row in rows
              if f"{row['platform']}:{row['author']}".casefold() not in staff and len(row["author"]) >= 4}
    return found


def _leaks(blob: str, secrets: dict[str, str]) -> list[str]:
    """Each secret found in ``blob`` as written or JSON-escaped (as Prefect stores records)."""
    return [f"{what}: {secret!r}" for secret, what in secrets.items()
            if secret in blob or json.dumps(secret)[1:-1] in blob]


async def _prefect_records(flow_run_id: UUID) -> dict[str, list[Any]]:
    """What the Prefect server keeps about one flow run and its subflows, as JSON-able dumps."""
    async with get_client() as client:
        children = await client.read_flow_runs(flow_run_filter=FlowRunFilter(
            parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[flow_run_id])))
        ids = [flow_run_id, *[child.id for child in children]]
        runs = FlowRunFilter(id=FlowRunFilterId(any_=ids))
        logs = await client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=ids)))
        flow_runs = await client.read_flow_runs(flow_run_filter=runs)
        task_runs = await client.read_task_runs(flow_run_filter=runs)
        artifacts = await client.read_artifacts(flow_run_filter=runs)
        events = [await client.request("POST", "/events/filter", json={
            "filter": {"any_resource": {"id": [f"prefect.flow-run.{i}"]}}, "limit": 50}) for i in ids]
    return {
        "logs": [log.model_dump(mode="json") for log in logs],
        "runs": [run.model_dump(mode="json") for run in (*flow_runs, *task_runs)],
        "artifacts": [artifact.model_dump(mode="json") for artifact in artifacts],
        "events": [event for page in events for event in page.json().get("events", [])],
    }


def _files(roots: list[Path], skip: set[Path]) -> dict[str, str]:
    """Every file under ``roots`` except the database files and ``skip``, read as text."""
    found = {}
    for root in roots:
        for path in root.rglob("*") if root.is_dir() else []:
            if path.is_file() and path not in skip and ".db" not in path.name:
                found[str(path)] = path.read_bytes().decode("utf-8", "replace")
    return found


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture):
    """Every log record at DEBUG, Prefect's included, captured here and sent to the Prefect API."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="prefect")
    for name in _UNPROPAGATED:
        caplog.set_level(logging.DEBUG, logger=name)
        logging.getLogger(name).addHandler(caplog.handler)
    yield caplog
    for name in _UNPROPAGATED:
        logging.getLogger(name).removeHandler(caplog.handler)


def test_a_full_night_leaves_no_post_text_or_author_handle_in_logs_prefect_or_files(debug_logs, tmp_path) -> None:
    prefect_home, storage = tmp_path / "prefect-home", tmp_path / "prefect-results"
    with temporary_settings({PREFECT_HOME: prefect_home, PREFECT_LOCAL_STORAGE_PATH: storage}):
        state = nightly_flow(return_state=True)
        summary = state.result()
        APILogHandler().flush()  # send every queued log line to the API before reading them back
    records = asyncio.run(_prefect_records(state.state_details.flow_run_id))
    secrets = _secrets()

    assert summary.sources[0].kept > 0 and len(secrets) > 200
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''} {r.args!r}" for r in debug_logs.records)
    assert any(r.levelno == logging.DEBUG for r in debug_logs.records) and records["logs"] and records["runs"]
    assert _leaks(logged, secrets) == []
    for kind, items in records.items():
        assert _leaks(json.dumps(items, ensure_ascii=False), secrets) == [], kind
    files = _files([get_settings().home_dir, prefect_home, storage], skip={Path(summary.report_path)})
    assert any(name.endswith("pseudonym.key") for name in files)  # the scan does see the data folder
    assert {name: _leaks(text, secrets) for name, text in files.items() if _leaks(text, secrets)} == {}


def test_every_school_s_nights_with_and_without_a_subflow_leave_no_post_text_in_logs_prefect_or_files(
        debug_logs, tmp_path, tmp_path_factory) -> None:
    # The school's task now fetches and hands the batches to its subflow in memory (flows/handover.py), and
    # finishes a quiet night itself (flows/quiet.py): neither may put post text where Prefect keeps it.
    folder = tmp_path_factory.mktemp("schools")  # outside the data folder the scan reads: it holds the posts
    shutil.copy(EXAMPLE_PROFILE, folder / "llandough.toml")
    shutil.copy(FEED, folder)
    prefect_home, storage = tmp_path / "prefect-home", tmp_path / "prefect-results"
    with temporary_settings({PREFECT_HOME: prefect_home, PREFECT_LOCAL_STORAGE_PATH: storage}):
        states = [with_parallelism(get_settings())(str(folder), return_state=True) for _ in ("news", "quiet")]
        outcomes = [state.result()[0] for state in states]
        APILogHandler().flush()
    secrets = _secrets()

    assert outcomes[0].sources[0].kept > 0 and outcomes[1].artifact  # a subflow's night, then a quiet one
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''} {r.args!r}" for r in debug_logs.records)
    assert _leaks(logged, secrets) == []
    for state in states:
        records = asyncio.run(_prefect_records(state.state_details.flow_run_id))
        assert records["runs"] and records["artifacts"]
        for kind, items in records.items():
            assert _leaks(json.dumps(items, ensure_ascii=False), secrets) == [], kind
    files = _files([get_settings().home_dir, prefect_home, storage],
                   skip={Path(outcome.report_path) for outcome in outcomes})
    assert {name: _leaks(text, secrets) for name, text in files.items() if _leaks(text, secrets)} == {}
