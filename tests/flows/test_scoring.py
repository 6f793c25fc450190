"""flows/scoring.py: scoring batches fan out through the task runner that settings name, and the flow stores
each batch as it finishes; a real Dask cluster on loopback scores a night exactly as threads do."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from prefect.task_runners import ThreadPoolTaskRunner
from prefect_dask import DaskTaskRunner
from sqlalchemy import func, select

from classifiers import SCORERS
from classifiers.base import CategoryScores, Scorer, ScorerUnavailable
from classifiers.profanity import ProfanityScorer
from clausewatch.profile import EXAMPLE_PROFILE, load_profile
from clausewatch.settings import get_settings
from clausewatch.storage import repository
from clausewatch.storage.db import open_database, session_scope
from clausewatch.storage.models import ScoreRow, StoredPost
from flows.nightly import nightly_flow
from flows.scoring import ScoringError, ScoringWork, score_batch, task_runner, with_task_runner

FEED = EXAMPLE_PROFILE.parent / "llandough-posts.jsonl"
SCORERS_PER_POST = len(load_profile().scoring.scorers)


def _findings() -> list[tuple]:
    """Every finding as the report and the reviewers see it, without ids and times."""
    with session_scope(open_database(get_settings().resolved_database_url)) as session:
        rows = repository.list_findings(session, school=None)
        return sorted((p.platform, p.post_id, f.clauses, json.dumps(f.categories, sort_keys=True), f.fired,
                       f.severity, f.rationale, f.model) for f, p in rows)


def _scores_per_post() -> dict[int, int]:
    with session_scope(open_database(get_settings().resolved_database_url)) as session:
        counts = dict(session.execute(select(ScoreRow.post_id, func.count()).group_by(ScoreRow.post_id)).all())
        return {post_id: counts.get(post_id, 0) for post_id in session.scalars(select(StoredPost.id))}


def test_threads_are_the_default_with_a_worker_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUSEWATCH_TASK_RUNNER_WORKERS", "3")
    runner = task_runner(get_settings())
    assert isinstance(runner, ThreadPoolTaskRunner) and runner._max_workers == 3


def test_dask_uses_the_scheduler_address_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUSEWATCH_TASK_RUNNER", "dask")
    monkeypatch.setenv("CLAUSEWATCH_DASK_ADDRESS", "tcp://scheduler.example:8786")
    runner = task_runner(get_settings())
    assert isinstance(runner, DaskTaskRunner) and runner.address == "tcp://scheduler.example:8786"


def test_dask_without_an_address_starts_a_loopback_cluster_that_never_spills(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUSEWATCH_TASK_RUNNER", "dask")
    monkeypatch.setenv("CLAUSEWATCH_TASK_RUNNER_WORKERS", "2")
    runner = task_runner(get_settings())
    assert isinstance(runner, DaskTaskRunner) and runner.address is None
    kwargs = runner.cluster_kwargs
    assert (kwargs["n_workers"], kwargs["host"], kwargs["memory_limit"]) == (2, "127.0.0.1", 0)
    assert kwargs["dashboard_address"].startswith("127.0.0.1:")


def test_with_task_runner_keeps_the_flow_and_its_failure_hooks() -> None:
    configured = with_task_runner(nightly_flow, get_settings())
    assert configured.name == nightly_flow.name and configured.on_failure_hooks == nightly_flow.on_failure_hooks
    assert isinstance(configured.task_runner, ThreadPoolTaskRunner)


def test_the_batch_task_persists_nothing_and_caches_nothing() -> None:
    from prefect.cache_policies import NO_CACHE

    assert score_batch.persist_result is False and score_batch.cache_policy is NO_CACHE
    assert score_batch.result_storage is None and score_batch.log_prints is False


def test_batches_send_each_text_once_to_the_scorers_that_need_it() -> None:
    work = ScoringWork()
    for i, digest in enumerate("abcde"):
        work.texts[digest] = f"text {digest}"
        work.needs[digest] = {"minilm", "profanity"} if i < 4 else {"profanity"}
    batches = list(work.batches(3))
    assert batches == [(["minilm", "profanity"], [("a", "text a"), ("b", "text b"), ("c", "text c")]),
                       (["minilm", "profanity"], [("d", "text d")]),
                       (["profanity"], [("e", "text e")])]


def test_a_batch_is_scored_by_hash_and_carries_no_text() -> None:
    profile = load_profile()
    result = score_batch.fn(profile, ["profanity"], [("h1", "what a lovely nativity"), ("h2", "you absolute shit")])
    assert result.versions == {"alt-profanity-check": ProfanityScorer().version}
    scores = result.scores["alt-profanity-check"]
    assert list(scores) == ["h1", "h2"] and scores["h2"]["offensive"] > scores["h1"]["offensive"]
    assert "lovely" not in repr(result) and "shit" not in repr(result)


class Missing(Scorer):
    """A scorer whose model files are not on this worker."""

    name = "missing"
    categories = ("derogatory",)

    @property
    def version(self) -> str:
        return "1"

    def load(self) -> None:
        raise ScorerUnavailable("no model files here")

    def score(self, texts: Sequence[str]) -> list[CategoryScores]:
        raise AssertionError("never loaded")


def test_a_worker_without_a_scorer_fails_the_batch_rather_than_scoring_without_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(SCORERS, "missing", Missing)
    with pytest.raises(ScoringError, match="no model files here"):
        score_batch.fn(load_profile(), ["profanity", "missing"], [("h1", "text")])


@pytest.mark.usefixtures("prefect_harness")
def test_a_failing_batch_fails_its_source_and_every_other_batch_is_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUSEWATCH_SCORE_BATCH_SIZE", "16")
    monkeypatch.setenv("CLAUSEWATCH_TASK_RUNNER_WORKERS", "3")  # batches in flight beside the failing one
    rows = [json.loads(line) for line in FEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    poison = next(r["text"] for r in rows if r["expected"]["kept"] and not r.get("title"))[:40]
    real_score, failed = ProfanityScorer.score, []

    def score(self: ProfanityScorer, texts: Sequence[str]) -> list[CategoryScores]:
        if any(poison in text for text in texts):
            failed.append(len(texts))
            raise RuntimeError("scorer crashed on one batch")
        return real_score(self, texts)

    monkeypatch.setattr(ProfanityScorer, "score", score)
    summary = with_task_runner(nightly_flow, get_settings())()

    [source] = summary.sources
    assert "RuntimeError: scorer crashed on one batch" in (source.error or ""), source
    assert failed == [16]
    per_post = _scores_per_post()
    assert sorted(set(per_post.values())) == [0, SCORERS_PER_POST]  # a batch is stored whole or not at all
    assert list(per_post.values()).count(0) == 16 and len(per_post) == source.kept > 16 * 3


@pytest.mark.usefixtures("prefect_harness")
def test_a_dask_cluster_on_loopback_finds_exactly_what_threads_find(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    threads = with_task_runner(nightly_flow, get_settings())()
    by_threads = _findings()

    monkeypatch.setenv("CLAUSEWATCH_HOME", str(tmp_path / "dask"))
    monkeypatch.setenv("CLAUSEWATCH_TASK_RUNNER", "dask")  # a LocalCluster: 1 worker process on 127.0.0.1
    configured = with_task_runner(nightly_flow, get_settings())
    assert isinstance(configured.task_runner, DaskTaskRunner)
    dask = configured()

    assert dask.sources[0].error is None and dask.sources[0].kept == threads.sources[0].kept
    assert by_threads and _findings() == by_threads
