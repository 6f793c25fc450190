"""The nightly run's tasks after fetching: match → store → score → map to clauses → report.

Each task takes and returns ids and counts, so nothing Prefect records or logs carries post text.
"""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from clausewatch.clauses import assess
from clausewatch.findings import finding_view, sort_views
from clausewatch.pseudonyms import Pseudonymiser
from clausewatch.records import Batch, Post, SourceResult, utc_now
from clausewatch.storage import repository
from clausewatch.storage.db import session_scope
from connectors import SourceSpec
from flows.context import RunContext
from reports import write_report

__all__ = ["advance_cursor", "raise_findings", "score_posts", "store_matching", "write_run_report"]

# Scores are committed every batch, so a run killed while scoring keeps what it had done.
SCORE_BATCH = 64
_task = task(cache_policy=NO_CACHE, persist_result=False)


@_task
def store_matching(ctx: RunContext, spec: SourceSpec, batch: Batch) -> tuple[list[int], int, int]:
    """Keep the posts about the school, drop the rest unseen, store the kept ones once.

    Returns the stored row ids, how many posts were kept and how many of those are new.
    """
    kept: list[tuple[Post, object]] = []
    for post in batch.posts:
        if (match := ctx.matcher.match(post)) is not None:
            kept.append((post, match))
    with session_scope(ctx.db) as session:
        ids, new = repository.upsert_posts(session, school=ctx.school, source=spec.name,
                                           run_id=ctx.run_id, items=kept)  # type: ignore[arg-type]
    return ids, len(kept), new


@_task
def score_posts(ctx: RunContext, post_ids: list[int]) -> None:
    """Score every stored post that this run's scorers have not scored before."""
    for scorer in ctx.scorers:
        with session_scope(ctx.db) as session:
            todo = repository.unscored(session, post_ids=post_ids, scorer=scorer.name,
                                       version=scorer.version)
        for start in range(0, len(todo), SCORE_BATCH):
            chunk = todo[start:start + SCORE_BATCH]
            scores = scorer.score([text for _, text in chunk])
            with session_scope(ctx.db) as session:
                repository.save_scores(session, scorer=scorer.name, version=scorer.version,
                                       scores=zip([i for i, _ in chunk], scores, strict=True))


@_task
def raise_findings(ctx: RunContext, post_ids: list[int]) -> int:
    """Create a finding, once, for each post whose scores reach a clause; returns how many are new."""
    pairs = [(s.name, s.version) for s in ctx.scorers]
    created = 0
    with session_scope(ctx.db) as session:
        scores = repository.scores_for(session, post_ids=post_ids, scorers=pairs)
        suppressed = repository.suppressed_hashes(session, school=ctx.school)
        for post in repository.posts_by_id(session, post_ids=post_ids):
            if post.text_hash in suppressed:
                continue
            targets = repository.targets_of(post)
            assessment = assess(scores.get(post.id, {}), targets, ctx.profile, post.author_is_staff)
            if assessment and repository.create_finding(
                session, school=ctx.school, post_id=post.id, run_id=ctx.run_id,
                assessment=assessment, model=ctx.model_label,
            ):
                created += 1
    return created


@_task
def advance_cursor(ctx: RunContext, spec: SourceSpec, batch: Batch) -> None:
    """Move the source's cursor on, now that its posts are stored and scored."""
    if batch.next_cursor is None:
        return
    with session_scope(ctx.db) as session:
        repository.set_cursor(session, school=ctx.school, source=spec.name, value=batch.next_cursor)


@_task
def write_run_report(ctx: RunContext, results: list[SourceResult]) -> str:
    """Record each source's outcome, write the report and close the run; returns the report's path."""
    pseudonym = Pseudonymiser(ctx.settings, ctx.school)
    with session_scope(ctx.db) as session:
        for result in results:
            repository.record_source(session, run_id=ctx.run_id, result=result)
        views = sort_views([finding_view(f, p, pseudonym)
                            for f, p in repository.list_findings(session, school=ctx.school)])
    path = write_report(
        ctx.settings.reports_dir, school_slug=ctx.school, run_id=ctx.run_id, generated_at=utc_now(),
        school=ctx.profile.school.name, sources=results, scorers=[s.label for s in ctx.scorers],
        findings=views,
    )
    status = "completed" if all(r.ok for r in results) else "completed-with-failures"
    with session_scope(ctx.db) as session:
        repository.finish_run(session, run_id=ctx.run_id, status=status, report_path=str(path))
    return str(path)
