"""A re-run with nothing new is cheap and still honest: every source checked, the run recorded, the report right."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from clausewatch.profile import EXAMPLE_PROFILE
from clausewatch.settings import get_settings
from clausewatch.storage import repository
from clausewatch.storage.db import open_database, session_scope
from clausewatch.storage.models import Finding, Run, RunSource, StoredPost
from flows.nightly import RunSummary
from flows.nightly import nightly_flow as nightly
from flows.schools import with_parallelism

pytestmark = pytest.mark.usefixtures("prefect_harness")

EXAMPLE_FEED = EXAMPLE_PROFILE.parent / "llandough-posts.jsonl"
NEW_POST = {"platform": "mastodon", "id": "appended-1", "url": "https://example.social/@parent/1",
            "author": "a_parent", "created_at": "2026-11-24T20:00:00+00:00",
            "text": "Llandough Primary School is a disgrace and the staff are useless liars"}


def _db():
    return open_database(get_settings().resolved_database_url)


def _feed(tmp_path: Path) -> Path:
    return Path(shutil.copy(EXAMPLE_FEED, tmp_path / "posts.jsonl"))


def _report(summary: RunSummary) -> str:
    return Path(summary.report_path).read_text(encoding="utf-8")


def _run_sources(run_id: int) -> list[tuple[int, int, int, str | None]]:
    with session_scope(_db()) as session:
        rows = session.scalars(select(RunSource).where(RunSource.run_id == run_id)).all()
        return [(r.fetched, r.kept, r.new, r.error) for r in rows]


def test_a_rerun_over_an_unchanged_file_fetches_nothing_records_the_run_and_says_nothing_new(tmp_path: Path) -> None:
    feed = _feed(tmp_path)
    first = nightly(sources=[f"file:{feed}"])
    with session_scope(_db()) as session:
        stored = len(session.scalars(select(StoredPost.id)).all())

    again = nightly(sources=[f"file:{feed}"])

    [source] = again.sources
    assert (source.fetched, source.kept, source.new, source.findings, source.error) == (0, 0, 0, 0, None)
    assert _run_sources(again.run_id) == [(0, 0, 0, None)]
    with session_scope(_db()) as session:
        assert session.get(Run, again.run_id).status == "completed"  # type: ignore[union-attr]
        assert len(session.scalars(select(StoredPost.id)).all()) == stored
    assert "Nothing new" not in _report(first)
    assert f"Nothing new since run {first.run_id}." in _report(again)
    assert again.report_path != first.report_path


def test_a_line_appended_to_the_file_is_picked_up_on_the_next_run(tmp_path: Path) -> None:
    feed = _feed(tmp_path)
    nightly(sources=[f"file:{feed}"])
    with feed.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(NEW_POST) + "\n")

    grown = nightly(sources=[f"file:{feed}"])

    [source] = grown.sources
    assert (source.fetched, source.kept, source.new) == (1, 1, 1)
    assert "Nothing new" not in _report(grown)
    with session_scope(_db()) as session:
        assert repository.post_by_key(session, school="llandough-primary-school", platform="mastodon",
                                      post_id="appended-1") is not None
    assert nightly(sources=[f"file:{feed}"]).sources[0].fetched == 0


def test_a_decision_made_between_runs_shows_in_the_next_report(tmp_path: Path) -> None:
    feed = _feed(tmp_path)
    first = nightly(sources=[f"file:{feed}"])
    with session_scope(_db()) as session:
        ids = sorted(session.scalars(select(Finding.id)).all())
        repository.record_decision(session, finding_id=ids[0], status="false-positive", reviewer="Ms Head")
    link = "/findings/{}\""

    again = nightly(sources=[f"file:{feed}"])

    report = _report(again)
    assert link.format(ids[0]) in _report(first)
    assert link.format(ids[0]) not in report and link.format(ids[1]) in report  # the rest still await review
    assert f"Nothing new since run {first.run_id}." in report


def test_a_changed_profile_matches_the_unchanged_file_again(tmp_path: Path) -> None:
    feed = _feed(tmp_path)
    profile = Path(shutil.copy(EXAMPLE_PROFILE, tmp_path / "profile.toml"))
    first = nightly(profile_path=str(profile), sources=[f"file:{feed}"])
    profile.write_text(profile.read_text(encoding="utf-8") + "\n# a governor joined\n", encoding="utf-8")

    again = nightly(profile_path=str(profile), sources=[f"file:{feed}"])

    assert again.sources[0].fetched == first.sources[0].fetched > 0 and again.sources[0].new == 0


def test_every_school_rerun_with_nothing_new_checks_each_source_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "schools"
    folder.mkdir()
    shutil.copy(EXAMPLE_PROFILE, folder / "llandough.toml")
    shutil.copy(EXAMPLE_FEED, folder)
    flow = with_parallelism(get_settings())
    flow(str(folder))

    [again] = flow(str(folder))

    assert isinstance(again, RunSummary)
    assert [(s.fetched, s.new, s.error) for s in again.sources] == [(0, 0, None)]
    assert "Nothing new since run" in _report(again)
