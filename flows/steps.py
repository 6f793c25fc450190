"""The nightly run's tasks after fetching: match → store → score → map to clauses → report.

Each task takes and returns ids and counts, so nothing Prefect records or logs carries post text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

from classifiers.explain import ToAssess, assess_all
from classifiers.language import Languages
from clausewatch.profile import load_profile
from clausewatch.records import Batch, Post, SourceResult, utc_now
from clausewatch.settings import get_settings
from clausewatch.storage import repository
from clausewatch.storage.db import session_scope
from connectors import SourceSpec
from flows.context import RunContext, database
from flows.scoring import pending_work, run_batches
from reports.artifacts import publish
from reports.evidence import append_missing, head
from reports.night import Rows, run_markdown, send_digest, write_night_report
from reports.outbox import for_run, send_alerts, summarise
from reports.run_notice import failed_step, notify_failed_sources, notify_run_failure

__all__ = ["advance_cursor", "alert_threats", "apply_retention", "digest_night", "email_digest", "night_summary",
           "notify_night_failed", "notify_run_failed", "notify_source_failures", "publish_artifacts",
           "raise_findings", "record_evidence", "report_night", "school_findings", "score_posts", "store_matching",
           "write_run_report"]

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


# Not a task itself: the batch tasks are submitted from the flow, because Prefect sends the submitting task's
# parameters (here the run context, with its loaded models) along with every batch to a Dask worker.
def score_posts(ctx: RunContext, post_ids: list[int]) -> None:
    """Score every stored post that this run's scorers have not scored before, in batches fanned out through
    the flow's task runner (flows/scoring.py); each batch is stored as it finishes.

    Scores are cached by (text hash, scorer version): the same words under another post id, or twice in
    one batch, are scored once and the scores copied.
    """
    run_batches(ctx, pending_work(ctx, post_ids))


@_task
def raise_findings(ctx: RunContext, post_ids: list[int]) -> int:
    """Create a finding, once, for each post whose scores reach a clause; returns how many are new.

    Only posts with no finding yet are assessed: finding the words that carried a finding re-scores parts of
    the post (classifiers/explain.py), so it happens once per post, never again on a re-run.
    """
    pairs = [(s.name, s.version) for s in ctx.scorers]
    languages = Languages.of_school(ctx.profile)
    with session_scope(ctx.db) as session:
        scores = repository.scores_for(session, post_ids=post_ids, scorers=pairs)
        skip = repository.posts_with_findings(session, post_ids=post_ids)
        suppressed = repository.suppressed_hashes(session, school=ctx.school)
        posts = [(post.id, ToAssess.read(ctx.matcher.scrub(post.full_text), scores.get(post.id, {}),
                                         repository.targets_of(post), post.author_is_staff, ctx.scorers, languages))
                 for post in repository.posts_by_id(session, post_ids=post_ids)
                 if post.text_hash not in suppressed and post.id not in skip]
    assessed = assess_all([item for _, item in posts], ctx.profile, ctx.scorers)  # outside the transaction
    created = 0
    with session_scope(ctx.db) as session:
        for (post_id, _), assessment in zip(posts, assessed, strict=True):
            if assessment and repository.create_finding(
                session, school=ctx.school, post_id=post_id, run_id=ctx.run_id,
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
        repository.set_cursor(session, school=ctx.school, source=ctx.cursor_key(spec), value=batch.next_cursor)


def school_findings(ctx: RunContext) -> Rows:
    """The school's findings with their posts, as the report, the digest and the summary read them."""
    with session_scope(ctx.db) as session:
        return repository.list_findings(session, school=ctx.school)


def report_night(ctx: RunContext, results: list[SourceResult], rows: Rows) -> str:
    """Record each source's outcome, write the report from ``rows`` and close the run; returns the report's path."""
    with session_scope(ctx.db) as session:
        for result in results:
            repository.record_source(session, run_id=ctx.run_id, result=result)
        last_news = repository.last_run_with_news(session, school=ctx.school, before=ctx.run_id)
    path = write_night_report(ctx.settings, ctx.profile, rows=rows, run_id=ctx.run_id, generated_at=utc_now(),
                              sources=results, scorers=ctx.scorer_lines,
                              emails=summarise(for_run(ctx.db, ctx.run_id)), last_news_run=last_news)
    status = "completed" if all(r.ok for r in results) else "completed-with-failures"
    with session_scope(ctx.db) as session:
        repository.finish_run(session, run_id=ctx.run_id, status=status, report_path=str(path))
    return str(path)


@_task
def write_run_report(ctx: RunContext, results: list[SourceResult]) -> str:
    """Record each source's outcome, write the report and close the run; returns the report's path."""
    return report_night(ctx, results, school_findings(ctx))


@_task
def apply_retention(ctx: RunContext) -> int:
    """Empty this school's content past its retention period (stubs stay, audited); returns posts emptied."""
    from clausewatch.retention import purge

    with session_scope(ctx.db) as session:
        return purge(session, school=ctx.school, retention=ctx.profile.retention,
                     reports_dir=ctx.settings.reports_dir).total


@_task
def alert_threats(ctx: RunContext) -> int:
    """At once, not next morning: an email per new threat at priority level (outcomes recorded)."""
    return len(send_alerts(ctx.settings, ctx.profile, ctx.db, ctx.run_id))


@_task
def record_evidence(ctx: RunContext) -> int:
    """Append a clause 12 evidence record, in the school's hash chain, for each finding that has none."""
    with session_scope(ctx.db) as session:
        return append_missing(session, school=ctx.school)


def digest_night(ctx: RunContext, report_path: str, results: list[SourceResult], rows: Rows) -> list[str]:
    """Send the morning digest from ``rows``; returns one line per email this run tried (alerts and digest)."""
    send_digest(ctx.settings, ctx.profile, ctx.db, rows=rows, run_id=ctx.run_id, generated_at=utc_now(),
                sources=results, report_path=Path(report_path))
    return summarise(for_run(ctx.db, ctx.run_id))


@_task
def email_digest(ctx: RunContext, report_path: str, results: list[SourceResult]) -> list[str]:
    """Send the morning digest; returns one line per email this run tried (alerts and digest)."""
    return digest_night(ctx, report_path, results, school_findings(ctx))


def night_summary(ctx: RunContext, report_path: str, results: list[SourceResult], emails: list[str],
                  rows: Rows) -> str:
    """The run's summary in markdown, for a Prefect artifact: counts, sources, emails, the report link."""
    with session_scope(ctx.db) as session:
        _, chain_head = head(session, ctx.school)
    return run_markdown(ctx.profile, rows=rows, run_id=ctx.run_id, sources=results, scorers=ctx.scorer_lines,
                        emails=emails, report_path=Path(report_path), evidence_head=chain_head)


@_task
def publish_artifacts(ctx: RunContext, report_path: str, results: list[SourceResult], emails: list[str]) -> None:
    """The run's Prefect artifact for this school: its summary, with the counts table and the report link."""
    publish(school_slug=ctx.school, markdown=night_summary(ctx, report_path, results, emails, school_findings(ctx)))


@_task
def notify_source_failures(ctx: RunContext, report_path: str, results: list[SourceResult]) -> None:
    """Tell the run contact which sources failed tonight and why (nothing when all worked)."""
    notify_failed_sources(ctx.settings, ctx.profile, ctx.db, run_id=ctx.run_id, results=results,
                          report_path=report_path)


def notify_night_failed(ctx: RunContext, exc: Exception) -> None:
    """A night that stopped outside any flow run (a quiet school's, flows/quiet.py): close its run as failed and
    tell the run contact which step stopped it, as ``notify_run_failed`` does for a flow run."""
    notify_run_failure(ctx.settings, ctx.profile, ctx.db, step=failed_step(exc, Path(__file__).parent),
                       error=f"{type(exc).__name__}: {exc}")


def notify_run_failed(flow: Any, flow_run: Any, state: Any) -> None:
    """Prefect state hook (failed or crashed, served runs too): tell the run contact which step stopped the run."""
    settings = get_settings()
    profile = load_profile(flow_run.parameters.get("profile_path"))
    # A failed state carries the exception in memory; a crashed one (process killed) only its message.
    result = state.result(raise_on_failure=False) if state.is_failed() else None
    exc = result if isinstance(result, BaseException) else None
    error = f"{type(exc).__name__}: {exc}" if exc else str(state.message or state.name)
    notify_run_failure(settings, profile, database(settings.resolved_database_url),
                       step=failed_step(exc, Path(__file__).parent), error=error)
