"""The real nightly flow, end to end, inside a temporary Prefect server (prefect_test_harness)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from kill_support import run_killed_midway
from sqlalchemy import select

import flows.handover
import flows.nightly
from classifiers.profanity import ProfanityScorer
from clausewatch.errors import AuthFailed, RateLimited
from clausewatch.profile import EXAMPLE_PROFILE, load_profile
from clausewatch.records import Batch
from clausewatch.settings import get_settings
from clausewatch.storage import repository
from clausewatch.storage.db import open_database, session_scope
from clausewatch.storage.models import Decision, Finding, Run, RunSource, ScoreRow, StoredPost
from flows.fetch import fetch_source
from flows.nightly import nightly_flow as nightly

pytestmark = pytest.mark.usefixtures("prefect_harness")

EXAMPLE_FEED = EXAMPLE_PROFILE.parent / "llandough-posts.jsonl"
ST_BRYNACH = Path(__file__).parents[1] / "data" / "st-brynach"
SCORERS = len(load_profile().scoring.scorers)  # one score row per post per scorer once complete


def _db():
    return open_database(get_settings().resolved_database_url)


def _counts() -> dict[str, int]:
    with session_scope(_db()) as session:
        return {model.__tablename__: repository.count_rows(session, model)
                for model in (StoredPost, ScoreRow, Finding, Decision)}


def _finding_keys() -> set[tuple[str, str, str]]:
    with session_scope(_db()) as session:
        rows = repository.list_findings(session, school=None)
        return {(p.platform, p.post_id, f.status) for f, p in rows}


def _expected(feed: Path) -> list[dict]:
    return [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_example_night_collects_matches_scores_and_reports() -> None:
    summary = nightly()
    [source] = summary.sources
    expected_kept = sum(1 for post in _expected(EXAMPLE_FEED) if post["expected"]["kept"])
    assert (source.fetched, source.kept, source.new) == (170, expected_kept, expected_kept)
    assert source.error is None and source.findings > 0
    assert f"alt-profanity-check {ProfanityScorer().version}" in summary.scorers
    assert any(label.startswith("minilm ") for label in summary.scorers)
    report = Path(summary.report_path).read_text(encoding="utf-8")
    assert "A person decides." in report and "<script>alert(1)" not in report
    assert _counts()["posts"] == expected_kept


def test_a_post_in_welsh_is_brought_to_a_person_but_no_guess_makes_it_urgent() -> None:
    # The sample feed's Welsh question about the Christmas concert scores as a threat: MiniLM reads English.
    nightly()
    with session_scope(_db()) as session:
        welsh = [(f, p) for f, p in repository.list_findings(session, school=None) if "cyngerdd Nadolig" in p.text]
    [(finding, _)] = welsh
    assert finding.severity == "high"
    assert "written in Welsh, which the models do not read: the threatening score is a guess" in finding.rationale
    assert (finding.guessed, finding.language) == (["threatening"], "Welsh")


def test_posts_about_other_things_are_never_stored() -> None:
    nightly()
    dropped = {p["id"] for p in _expected(EXAMPLE_FEED) if not p["expected"]["kept"]}
    with session_scope(_db()) as session:
        stored = set(session.scalars(select(StoredPost.post_id)))
    assert dropped and not dropped & stored


def test_running_the_same_night_twice_stores_nothing_twice_and_keeps_decisions() -> None:
    nightly()
    with session_scope(_db()) as session:
        first, second = [f.id for f, _ in repository.list_findings(session, school=None)][:2]
        repository.record_decision(session, finding_id=first, status="false-positive", reviewer="Ms Head")
        repository.record_decision(session, finding_id=second, status="confirmed", reviewer="Ms Head")
    before, keys = _counts(), _finding_keys()

    again = nightly()

    assert _counts() == before and _finding_keys() == keys
    assert (again.sources[0].new, again.sources[0].findings) == (0, 0)


def test_a_run_that_fails_while_scoring_loses_nothing_and_the_rerun_completes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real_score = ProfanityScorer.score
    calls = {"n": 0}

    def fail_on_second_batch(self, texts):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("scorer crashed")
        return real_score(self, texts)

    monkeypatch.setattr(ProfanityScorer, "score", fail_on_second_batch)
    broken = nightly()
    assert "scorer crashed" in broken.sources[0].error
    partial = _counts()
    assert partial["posts"] > 0 and 0 < partial["scores"] < partial["posts"] * SCORERS

    monkeypatch.setattr(ProfanityScorer, "score", real_score)
    nightly()
    recovered = _finding_keys()

    monkeypatch.setenv("CLAUSEWATCH_HOME", str(tmp_path / "clean"))
    nightly()
    assert recovered == _finding_keys()


def test_a_run_killed_midway_and_run_again_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    log = tmp_path / "killed.log"
    returncode = run_killed_midway(["run"], log)
    assert returncode == 137, log.read_text(errors="replace")[-2000:]
    with session_scope(_db()) as session:
        assert session.scalars(select(Run.status)).all() == ["running"]
    assert 0 < _counts()["scores"] < _counts()["posts"] * SCORERS

    nightly()
    recovered, counts = _finding_keys(), _counts()

    os.environ["CLAUSEWATCH_HOME"] = str(tmp_path / "clean")
    nightly()
    assert recovered == _finding_keys() and counts == _counts()


def test_one_failing_source_does_not_stop_the_others(tmp_path: Path) -> None:
    missing = tmp_path / "missing.jsonl"
    summary = nightly(sources=[f"file:{missing}", f"file:{EXAMPLE_FEED}", "reddit"])
    failed, ran, skipped = summary.sources
    assert "file not found" in failed.error and ran.error is None and ran.kept > 0
    assert skipped.skipped and skipped.error is None
    with session_scope(_db()) as session:
        rows = session.scalars(select(RunSource).order_by(RunSource.id)).all()
        assert [r.error is not None for r in rows] == [True, False, False]
        assert session.scalars(select(Run.status)).one() == "completed-with-failures"


def test_a_second_school_works_and_shares_nothing_with_the_example() -> None:
    feed = ST_BRYNACH / "posts.jsonl"
    summary = nightly(profile_path=str(ST_BRYNACH / "profile.toml"), sources=[f"file:{feed}"])
    labels = {p["id"]: p["expected"] for p in _expected(feed)}
    with session_scope(_db()) as session:
        stored = set(session.scalars(select(StoredPost.post_id)))
        schools = set(session.scalars(select(StoredPost.school)))
    assert stored == {pid for pid, label in labels.items() if label["kept"]}
    assert schools == {"st-brynach-s-church-in-wales-primary-school"}
    assert summary.school == "St Brynach's Church in Wales Primary School"


def test_a_false_positive_is_not_flagged_again_when_the_same_text_comes_back(tmp_path: Path) -> None:
    nightly()
    with session_scope(_db()) as session:
        finding, post = repository.list_findings(session, school=None)[0]
        repository.record_decision(session, finding_id=finding.id, status="false-positive", reviewer="DSL")
        repost = {"platform": "mastodon", "id": "repost-1", "url": "https://example.social/@x/1",
                  "author": "someone_else", "created_at": "2026-11-23T09:00:00+00:00",
                  "text": post.text.upper(), "title": post.title}
    repost_file = tmp_path / "repost.jsonl"
    repost_file.write_text(json.dumps(repost) + "\n", encoding="utf-8")

    summary = nightly(sources=[f"file:{repost_file}"])

    assert summary.sources[0].new == 1 and summary.sources[0].findings == 0


def test_rate_limits_are_retried_and_bad_credentials_are_not(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[str] = []

    def flaky_fetch(spec, cursor, since):
        attempts.append(spec.kind)
        if spec.kind == "reddit" and attempts.count("reddit") == 1:
            raise RateLimited("slow down", retry_after=0)
        if spec.kind == "bluesky":
            raise AuthFailed("BLUESKY_APP_PASSWORD was refused")
        return Batch(posts=[], next_cursor="t3_newest")

    monkeypatch.setattr("flows.fetch.fetch", flaky_fetch)
    monkeypatch.setattr(flows.nightly, "not_built_reason", lambda spec: None)
    monkeypatch.setattr(flows.handover, "fetch_source", fetch_source.with_options(retry_delay_seconds=0))

    summary = nightly(sources=["reddit", "bluesky"])

    reddit, bluesky = summary.sources
    assert attempts.count("reddit") == 2 and reddit.error is None and reddit.cursor == "t3_newest"
    assert attempts.count("bluesky") == 1 and "AuthFailed" in bluesky.error
    with session_scope(_db()) as session:
        assert repository.get_cursor(session, school="llandough-primary-school", source="reddit") == "t3_newest"
        assert repository.get_cursor(session, school="llandough-primary-school", source="bluesky") is None


def test_the_nightly_flow_runs_on_postgresql_and_a_rerun_stores_nothing_twice(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAUSEWATCH_DATABASE_URL", postgres_url)
    first = nightly()
    before = _counts()
    again = nightly()
    assert first.sources[0].new == before["posts"] > 0 and before["findings"] > 0
    assert again.sources[0].new == 0 and _counts() == before
