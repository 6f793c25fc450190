"""A school's night with nothing new, finished in the all-schools flow without a flow run of its own.

The school's task has fetched every source already (flows/handover.py). When none brought a post or failed, and
no finding of an earlier run still waits for its evidence record, there is nothing to store, score or raise:
the task finishes the night itself with the nightly flow's own steps, called as plain functions. Each source's
cursor and outcome are recorded, the "Nothing new since run N" report is written, threats not yet alerted are
tried, the digest is sent and retention applied; the night's summary goes in the all-schools flow's artifact.

Why: a flow run costs about ten requests to the Prefect server (the run, its states, its tracking task, the
step tasks, the artifact), about 0.2 s a school, which made a quiet re-run of 10 or 100 schools 16-24% of the
first night. Anything else (a post, a failed source, a missing evidence record) runs the school's subflow.
"""

from __future__ import annotations

from clausewatch.records import SourceResult
from clausewatch.storage.db import session_scope
from connectors import SourceSpec
from connectors.base import cursor_reached, not_built_reason
from flows.context import RunContext
from flows.handover import Fetched, Night
from flows.nightly import RunSummary
from flows.steps import (
    advance_cursor,
    alert_threats,
    apply_retention,
    digest_night,
    night_summary,
    report_night,
    school_findings,
)
from reports import REPORT_NAME
from reports.evidence import any_missing

__all__ = ["finish_quietly", "is_quiet"]


def is_quiet(night: Night) -> bool:
    """No source brought a post or failed, and no finding of an earlier run waits for its evidence record."""
    if any(f.batch is None or f.batch.posts for f in night.fetched.values()):
        return False
    with session_scope(night.ctx.db) as session:
        return not any_missing(session, school=night.ctx.school)


def _settle(ctx: RunContext, spec: SourceSpec, fetched: Fetched | None) -> SourceResult:
    """A source that brought nothing: its cursor moved on if the platform moved it, and its outcome."""
    result = SourceResult(spec.name)
    if fetched is None:  # not built: fetch_ahead skipped it
        result.skipped = not_built_reason(spec)
        return result
    cursor, batch = fetched.take()
    if batch.next_cursor != cursor:
        advance_cursor.fn(ctx, spec, batch)
    result.cursor, result.cursor_reached = batch.next_cursor, cursor_reached(batch.next_cursor)
    return result


def finish_quietly(night: Night) -> RunSummary:
    """The nightly flow's steps after fetching, for a quiet night, as plain calls in this task."""
    ctx = night.ctx
    results = [_settle(ctx, spec, night.fetched.get(spec.name)) for spec in ctx.specs]
    alert_threats.fn(ctx)  # as every night: an urgent finding no alert was tried for yet
    rows = school_findings(ctx)  # nothing was raised tonight: the report, digest and summary read the same rows
    report_path = report_night(ctx, results, rows)
    emails = digest_night(ctx, report_path, results, rows)
    artifact = night_summary(ctx, report_path, results, emails, rows)
    apply_retention.fn(ctx)
    return RunSummary(ctx.run_id, ctx.profile.school.name, report_path, ctx.scorer_lines, REPORT_NAME, results,
                      emails, artifact)
