"""One night's outputs from the stored findings: the report file, the digest email, the Prefect summary.

The flow's tasks call these; each takes what storage gave and prepares plain data for its output.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from clausewatch.findings import finding_view, sort_views
from clausewatch.profile import Profile
from clausewatch.pseudonyms import Pseudonymiser
from clausewatch.records import SourceResult
from clausewatch.settings import Settings
from clausewatch.storage.models import Finding, StoredPost
from reports.artifacts import summary_markdown
from reports.chart import cached_trend_png, trend_counts
from reports.digest import digest_message, report_link
from reports.html import Links, at_a_glance, write_report
from reports.outbox import deliver

__all__ = ["Rows", "glance_of_run", "night_views", "nothing_new", "run_markdown", "send_digest",
           "write_night_report"]

Rows = list[tuple[Finding, StoredPost]]  # findings with their posts, as storage lists them


def night_views(rows: Rows, *, run_id: int, pseudonym: Pseudonymiser) -> tuple[list[dict[str, Any]],
                                                                            list[dict[str, Any]]]:
    """Tonight's findings and the earlier ones still needing review, as report views, most serious first."""
    views = []
    for finding, post in rows:
        view = finding_view(finding, post, pseudonym)
        view["fired"], view["run_id"] = list(finding.fired), finding.run_id
        views.append(view)
    new = [v for v in views if v["run_id"] == run_id]
    earlier = [v for v in views if v["run_id"] != run_id and v["status"] == "needs-review"]
    return sort_views(new), sort_views(earlier)


def glance_of_run(rows: Rows, run_id: int) -> dict[str, Any]:
    """Counts by severity and clause of tonight's findings still needing review."""
    return at_a_glance([{"severity": f.severity, "clauses": f.clauses} for f, _ in rows
                        if f.run_id == run_id and f.status == "needs-review"])


def nothing_new(sources: list[SourceResult], last_news_run: int | None) -> dict[str, Any] | None:
    """What the report says when every source ran and none gave a new post or finding; None otherwise."""
    if any(s.error or s.new or s.findings for s in sources):
        return None
    return {"since": last_news_run}


def write_night_report(settings: Settings, profile: Profile, *, rows: Rows, run_id: int, generated_at: datetime,
                       sources: list[SourceResult], scorers: list[str], emails: list[str],
                       last_news_run: int | None = None) -> Path:
    """The night's triage report, with the 30-night trend chart; returns its path.

    ``last_news_run`` is the latest earlier run that stored a new post or raised a finding: a night with
    nothing new says so and names it. The chart is drawn only when its data changed (``cached_trend_png``).
    """
    new, earlier = night_views(rows, run_id=run_id, pseudonym=Pseudonymiser(settings, profile.school.slug))
    nights, counts = trend_counts([(f.created_at, list(f.fired)) for f, _ in rows],
                                  last_night=generated_at.date(), timezone=profile.school.timezone)
    links = Links(profile.report.review_url, profile.report.safeguarding, profile.school.timezone)
    chart = cached_trend_png(nights, counts, settings.reports_dir / profile.school.slug)
    return write_report(settings.reports_dir, school_slug=profile.school.slug, run_id=run_id,
                        generated_at=generated_at, school=profile.school.name, sources=sources, scorers=scorers,
                        findings=new, earlier=earlier, chart=chart, links=links, emails=emails,
                        unchanged=nothing_new(sources, last_news_run))


def send_digest(settings: Settings, profile: Profile, db: sessionmaker[Session], *, rows: Rows, run_id: int,
                generated_at: datetime, sources: list[SourceResult], report_path: Path) -> None:
    """Send (or record why not) the morning digest: counts, failed source names and links only."""
    tonight = [f for f, _ in rows if f.run_id == run_id and f.status == "needs-review"]
    serious = [{"id": f.id, "severity": f.severity} for f in tonight if f.severity in ("urgent", "high")]
    earlier = sum(1 for f, _ in rows if f.run_id != run_id and f.status == "needs-review")
    message = digest_message(settings, profile, generated_at=generated_at, glance=glance_of_run(rows, run_id),
                             earlier=earlier, failed=[s.source for s in sources if s.error],
                             report_path=report_path,
                             links=sorted(serious, key=lambda link: (link["severity"] != "urgent", link["id"])))
    deliver(settings, db, message, school=profile.school.slug, run_id=run_id, kind="digest")


def run_markdown(profile: Profile, *, rows: Rows, run_id: int, sources: list[SourceResult], scorers: list[str],
                 emails: list[str], report_path: Path, evidence_head: str | None) -> str:
    """The run's summary for its Prefect artifact: counts, sources, scorers, emails and the report link."""
    return summary_markdown(school=profile.school.name, run_id=run_id, glance=glance_of_run(rows, run_id),
                            sources=sources, scorers=scorers, emails=emails, evidence_head=evidence_head,
                            report_link=report_link(profile, report_path))
