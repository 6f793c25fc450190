"""Retention with automatic purge (SPEC §7; the profile's ``[retention]`` table).

Each stored post's content is kept for the days its finding's status allows, counted from the finding's
last decision, or from when the post was fetched if nobody has decided yet (or it raised no finding).
Past that, the content is emptied and a stub stays: row id, platform and post id, dates, status, clauses
and severity, so counts, the decision history and the audit log still add up. The platform's post id and
the text hash stay on purpose: they stop a purged post being collected and flagged again.

Emptied: text, title, url, author, parent id, targets, matched terms; the finding's scores, fired and guessed
categories, language and rationale; every score row; the content copy in the clause 12 evidence record (its
hashes stay, so the chain still verifies). Report files older than the shortest period are deleted too, since
they hold post text. Each purge appends one audit entry with counts only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from clausewatch.profile import Retention
from clausewatch.records import utc_now
from clausewatch.storage import repository
from clausewatch.storage.models import Decision, EvidenceRecord, Finding, Run, ScoreRow, StoredPost

__all__ = ["PurgeResult", "due_for_purge", "prefect_vacuum_settings", "purge"]

RETENTION_ACTOR = "retention"


@dataclass
class PurgeResult:
    """What one purge emptied, in counts (safe to print, log and audit)."""

    school: str
    posts: dict[str, int] = field(default_factory=dict)  # status (or "no-finding") -> posts emptied
    scores: int = 0
    reports: int = 0

    @property
    def total(self) -> int:
        """Posts emptied, all statuses together."""
        return sum(self.posts.values())

    def summary_line(self) -> str:
        """One line a person can read."""
        parts = ", ".join(f"{n} {status}" for status, n in sorted(self.posts.items())) or "none"
        return (f"{self.school}: {self.total} posts emptied ({parts}); {self.scores} score rows and "
                f"{self.reports} report files deleted")


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def due_for_purge(session: Session, *, school: str, retention: Retention, now: datetime
                  ) -> list[tuple[int, str]]:
    """(post row id, status) of every post of ``school`` whose content is past its time."""
    last = (select(Decision.finding_id, func.max(Decision.decided_at).label("at"))
            .group_by(Decision.finding_id).subquery())
    rows = session.execute(
        select(StoredPost.id, StoredPost.fetched_at, Finding.status, last.c.at)
        .outerjoin(Finding, Finding.post_id == StoredPost.id)
        .outerjoin(last, last.c.finding_id == Finding.id)
        .where(StoredPost.school == school, StoredPost.purged_at.is_(None))
        .order_by(StoredPost.id)
    )
    due = []
    for post_id, fetched_at, status, decided_at in rows:
        start = _aware(decided_at) if decided_at else _aware(fetched_at)
        if now - start >= timedelta(days=retention.days(status or "needs-review")):
            due.append((post_id, status or "no-finding"))
    return due


def _empty(session: Session, post_ids: list[int], now: datetime) -> int:
    """Empty the posts' content and their findings' scores; returns how many score rows went."""
    for post in session.scalars(select(StoredPost).where(StoredPost.id.in_(post_ids))):
        post.text, post.title, post.url, post.author, post.parent_id = "", None, "", "", None
        post.targets, post.matched_terms, post.purged_at = [], [], now
    for finding in session.scalars(select(Finding).where(Finding.post_id.in_(post_ids))):
        finding.categories, finding.fired, finding.rationale = {}, [], ""
        finding.guessed, finding.language = None, None
    # Evidence keeps its hashes (the chain still verifies); only the copy of the content goes.
    session.execute(update(EvidenceRecord).where(EvidenceRecord.post_row_id.in_(post_ids),
                                                 EvidenceRecord.record.is_not(None))
                    .values(record=None, redacted_at=now))
    removed = session.execute(delete(ScoreRow).where(ScoreRow.post_id.in_(post_ids)))
    return int(getattr(removed, "rowcount", 0) or 0)


def _old_reports(session: Session, *, school: str, before: datetime, reports_dir: Path) -> int:
    """Delete this school's report files written before ``before``; only files under ``reports_dir``."""
    root = reports_dir.resolve()
    deleted = 0
    paths = session.scalars(select(Run.report_path).where(
        Run.school == school, Run.started_at < before, Run.report_path.is_not(None)))
    for name in paths:
        path = Path(name).resolve()
        if path.is_relative_to(root) and path.is_file():
            path.unlink()
            deleted += 1
    return deleted


def purge(session: Session, *, school: str, retention: Retention, now: datetime | None = None,
          reports_dir: Path | None = None, dry_run: bool = False) -> PurgeResult:
    """Empty every post of ``school`` past its time, delete old report files, audit the counts."""
    now = now or utc_now()
    due = due_for_purge(session, school=school, retention=retention, now=now)
    result = PurgeResult(school, posts=dict(Counter(status for _, status in due)))
    if dry_run:
        return result
    for start in range(0, len(due), 500):  # bounded IN lists for large backlogs
        result.scores += _empty(session, [post_id for post_id, _ in due[start:start + 500]], now)
    if reports_dir is not None:
        result.reports = _old_reports(session, school=school, before=now - timedelta(days=retention.shortest),
                                      reports_dir=reports_dir)
    repository.audit(session, actor=RETENTION_ACTOR, action="retention.purge", object_type="school",
                     object_id=school, detail={"posts": result.posts, "scores": result.scores,
                                               "reports": result.reports})
    return result


def prefect_vacuum_settings(retention: Retention) -> dict[str, str]:
    """Prefect server settings that delete this flow's run data (runs, logs, events) on the shortest period.

    Names verified against Prefect 3.9's ``ServerServicesDBVacuumSettings`` and ``ServerEventsSettings``.
    The vacuum is server-wide: it applies to every flow on that Prefect server.
    """
    period = f"P{retention.shortest}D"  # ISO 8601: both settings parse it (events' does not take seconds)
    return {
        "PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED": "events,flow_runs",
        "PREFECT_SERVER_SERVICES_DB_VACUUM_RETENTION_PERIOD": period,
        "PREFECT_SERVER_EVENTS_RETENTION_PERIOD": period,
    }
