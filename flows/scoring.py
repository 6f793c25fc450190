"""Scoring fanned out in batches through the flow's task runner.

``score_batch`` is the only task that sees post text, and it never touches the database: it takes a batch of
(text hash, text) pairs and returns scores keyed by text hash. The flow stores each batch as it comes back, so
workers on other machines (a Dask cluster) need no database, and a run that dies midway keeps every batch
already stored. Which runner the flow uses comes from settings (``CLAUSEWATCH_TASK_RUNNER``), applied where
flows are started with ``flow.with_options(task_runner=...)``: threads here, Dask for a local authority.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from prefect import Flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture, as_completed
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from classifiers import SCORERS, Scorer, load_available
from classifiers.base import CategoryScores
from clausewatch.errors import InputError
from clausewatch.settings import Settings
from clausewatch.storage import repository
from clausewatch.storage.db import session_scope

if TYPE_CHECKING:
    from clausewatch.profile import Profile
    from flows.context import RunContext

__all__ = ["ScoredBatch", "ScoringError", "ScoringWork", "pending_work", "run_batches", "score_batch",
           "task_runner", "with_task_runner"]


class ScoringError(RuntimeError):
    """A worker could not score a batch the way the run expects (a scorer missing or at another version)."""


@dataclass(frozen=True)
class ScoredBatch:
    """What one batch task returns: per scorer name, its version and {text hash: scores}. Never text."""

    versions: dict[str, str]
    scores: dict[str, dict[str, CategoryScores]]


# The task's inputs are post text: Prefect must neither cache them (no cache key is computed from them) nor
# persist the task's result, and its run record holds no parameters, only the task's name and state.
@task(name="score-batch", cache_policy=NO_CACHE, persist_result=False, log_prints=False)
def score_batch(profile: Profile, scorers: list[str], items: list[tuple[str, str]]) -> ScoredBatch:
    """Score one batch of (text hash, text) with the named scorers, loaded once per worker process."""
    loaded, skipped = load_available(scorers, profile)  # the registry keeps loaded models per process
    if skipped:
        raise ScoringError(f"scorer not available on this worker: {'; '.join(skipped)}")
    hashes, texts = [h for h, _ in items], [t for _, t in items]
    return ScoredBatch({s.name: s.version for s in loaded},
                       {s.name: dict(zip(hashes, s.score(texts), strict=True)) for s in loaded})


@dataclass
class ScoringWork:
    """What a source's posts still need: texts by hash, which scorers each hash needs, and the posts waiting."""

    texts: dict[str, str] = field(default_factory=dict)  # text hash -> text as the scorers read it
    needs: dict[str, set[str]] = field(default_factory=dict)  # text hash -> registry keys of scorers
    waiting: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (scorer name, hash) -> post ids

    def batches(self, size: int) -> Iterator[tuple[list[str], list[tuple[str, str]]]]:
        """(scorer keys, [(hash, text)]) batches of at most ``size`` texts, each text once."""
        groups: dict[tuple[str, ...], list[str]] = {}
        for digest, keys in self.needs.items():
            groups.setdefault(tuple(sorted(keys)), []).append(digest)
        for keys, digests in groups.items():
            for start in range(0, len(digests), size):
                yield list(keys), [(h, self.texts[h]) for h in digests[start:start + size]]


def _key(scorer: Scorer) -> str:
    """The registry name a worker loads this scorer by."""
    return next(key for key, cls in SCORERS.items() if type(scorer) is cls)


def pending_work(ctx: RunContext, post_ids: list[int]) -> ScoringWork:
    """What this run's scorers have not scored yet; words scored before (by text hash) are copied, not sent."""
    work = ScoringWork()
    for scorer in ctx.scorers:
        with session_scope(ctx.db) as session:
            todo = repository.unscored(session, post_ids=post_ids, scorer=scorer.name, version=scorer.version)
            known = repository.cached_scores(session, text_hashes={h for _, _, h in todo},
                                             scorer=scorer.name, version=scorer.version)
            repository.save_scores(session, scorer=scorer.name, version=scorer.version,
                                   scores=[(i, known[h]) for i, _, h in todo if h in known])
        for i, text, digest in todo:
            if digest not in known:
                work.texts[digest] = ctx.matcher.scrub(text)  # allow-listed phrases blanked
                work.needs.setdefault(digest, set()).add(_key(scorer))
                work.waiting.setdefault((scorer.name, digest), []).append(i)
    return work


def _store(ctx: RunContext, work: ScoringWork, batch: ScoredBatch) -> None:
    expected = {s.name: s.version for s in ctx.scorers}
    drifted = [name for name, version in batch.versions.items() if expected.get(name) != version]
    if drifted:
        raise ScoringError(f"a worker scored with another version of {', '.join(drifted)} than this run loaded")
    with session_scope(ctx.db) as session:
        for name, scores in batch.scores.items():
            rows = [(i, categories) for digest, categories in scores.items()
                    for i in work.waiting.get((name, digest), [])]
            repository.save_scores(session, scorer=name, version=batch.versions[name], scores=rows)


def _settle(ctx: RunContext, work: ScoringWork, pending: set[PrefectFuture[ScoredBatch]]) -> Exception | None:
    """Store the next batch to finish; a batch that failed is returned, so the others are still stored."""
    future = next(as_completed(list(pending)))
    pending.discard(future)
    try:
        _store(ctx, work, future.result())
    except Exception as exc:  # recorded as the source's failure once every other batch is in
        return exc
    return None


def run_batches(ctx: RunContext, work: ScoringWork) -> None:
    """Submit every batch through the flow's task runner, at most ``task_runner_workers`` at once, and store
    each as it finishes; raises the first failure after the rest are stored."""
    pending: set[PrefectFuture[ScoredBatch]] = set()
    failures: list[Exception] = []
    for keys, items in work.batches(ctx.settings.score_batch_size):
        pending.add(score_batch.submit(ctx.profile, keys, items))
        # A bounded window: text is not queued up ahead of the workers, and finished batches are stored early.
        while len(pending) >= ctx.settings.task_runner_workers:
            failures += filter(None, [_settle(ctx, work, pending)])
    while pending:
        failures += filter(None, [_settle(ctx, work, pending)])
    if failures:
        raise failures[0]


def task_runner(settings: Settings) -> TaskRunner[Any]:
    """The task runner that settings ask for: threads in this process, or a Dask cluster."""
    if settings.task_runner == "threads":
        return ThreadPoolTaskRunner(max_workers=settings.task_runner_workers)
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError:
        raise InputError("CLAUSEWATCH_TASK_RUNNER=dask needs the dask extra: pip install 'clausewatch[dask]'") from None
    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address)
    # A cluster on this machine, for this run: every port on loopback (the status page too: None would take a
    # fixed port), and no memory limit, so that no worker spills its data (post text among it) to disk.
    return DaskTaskRunner(cluster_kwargs={
        "n_workers": settings.task_runner_workers, "threads_per_worker": 1, "processes": True,
        "host": "127.0.0.1", "dashboard_address": "127.0.0.1:0", "memory_limit": 0,
    })


def with_task_runner(flow: Flow[Any, Any], settings: Settings) -> Flow[Any, Any]:
    """The flow, scoring through the task runner that settings ask for."""
    return flow.with_options(task_runner=task_runner(settings))
