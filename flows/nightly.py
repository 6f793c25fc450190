"""The nightly flow: for one school, each source is fetched, matched, stored, scored and mapped to
clauses, then the report is written. One failing source never stops the others."""

# No `from __future__ import annotations` here: Prefect builds a pydantic model from the flow's
# signature when a served deployment starts it, and string annotations such as "datetime" fail there.

from dataclasses import dataclass, field
from datetime import datetime

from prefect import flow

from clausewatch.records import SourceResult
from clausewatch.settings import get_settings
from connectors import SourceSpec
from connectors.base import cursor_reached, not_built_reason
from flows.context import RunContext, prepare
from flows.handover import Fetched, Night, fetch_one, take_over
from flows.steps import (
    advance_cursor,
    alert_threats,
    apply_retention,
    email_digest,
    notify_run_failed,
    notify_source_failures,
    publish_artifacts,
    raise_findings,
    record_evidence,
    score_posts,
    store_matching,
    write_run_report,
)
from reports import REPORT_NAME

__all__ = ["RunSummary", "collect", "nightly_flow"]


@dataclass
class RunSummary:
    """What a run did, in counts and names: safe to print, log and keep as a Prefect result."""

    run_id: int
    school: str
    report_path: str
    scorers: list[str]
    report: str = REPORT_NAME
    sources: list[SourceResult] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)  # one line per email tried; failures say why
    # The Prefect summary (markdown, counts only) of a night with no flow run of its own to publish it
    # (flows/quiet.py): the all-schools flow's artifact carries it.
    artifact: str | None = None

    @property
    def failed(self) -> list[SourceResult]:
        """The sources that failed this run."""
        return [s for s in self.sources if not s.ok]


def collect(ctx: RunContext, spec: SourceSpec, fetched: Fetched | None = None) -> SourceResult:
    """Fetch (unless ``fetched`` already was) → match and store → score → findings → cursor, for one source;
    failures are recorded."""
    result = SourceResult(spec.name)
    if reason := not_built_reason(spec):
        result.skipped = reason
        return result
    try:
        cursor, batch = (fetched if fetched is not None else fetch_one(ctx, spec)).take()
        if batch.posts:  # nothing fetched: nothing to match, store, score or raise
            ids, result.kept, result.new = store_matching(ctx, spec, batch)
            result.fetched = len(batch.posts)
            if ids:  # models load only when there is something to score
                ctx.load_scorers()
            score_posts(ctx, ids)
            result.findings = raise_findings(ctx, ids)
        alert_threats(ctx)  # a threat is emailed now, not with the morning digest
        if batch.next_cursor != cursor:
            advance_cursor(ctx, spec, batch)
        result.cursor, result.cursor_reached = batch.next_cursor, cursor_reached(batch.next_cursor)
    except Exception as exc:  # one source's failure must not stop the others: record it, go on
        result.error = f"{type(exc).__name__}: {exc}"
    return result


@flow(name="clausewatch-nightly", log_prints=False, persist_result=False,
      on_failure=[notify_run_failed], on_crashed=[notify_run_failed])
def nightly_flow(profile_path: str | None = None, sources: list[str] | None = None,
                 since: datetime | None = None) -> RunSummary:
    """One night for one school: collect every source, then write the triage report.

    Inside the all-schools flow, the school's task has already opened the run and fetched (flows/handover.py).
    """
    night = take_over(profile_path, sources, since) or Night(profile_path,
                                                             prepare(get_settings(), profile_path, sources, since))
    ctx = night.ctx
    results = [collect(ctx, spec, night.fetched.pop(spec.name, None)) for spec in ctx.specs]
    record_evidence(ctx)
    report_path = write_run_report(ctx, results)
    emails = email_digest(ctx, report_path, results)
    notify_source_failures(ctx, report_path, results)
    publish_artifacts(ctx, report_path, results, emails)
    apply_retention(ctx)
    return RunSummary(ctx.run_id, ctx.profile.school.name, report_path,
                      ctx.scorer_lines, REPORT_NAME, results, emails)
