"""Every email clausewatch sends, recorded with its outcome: a failed send is kept and reported, never lost."""

from __future__ import annotations

from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from clausewatch.profile import Profile
from clausewatch.records import utc_now
from clausewatch.settings import Settings
from clausewatch.storage.db import session_scope
from clausewatch.storage.models import Delivery, Finding, StoredPost
from clausewatch.storage.repository import audit
from reports.digest import alert_message
from reports.mail import Outcome, send

__all__ = ["deliver", "describe", "for_run", "send_alerts", "summarise"]


def deliver(settings: Settings, db: sessionmaker[Session], message: EmailMessage, *, school: str,
            run_id: int | None, kind: str, finding_id: int | None = None) -> Delivery:
    """Send one email (unless it has no recipients) and record the outcome; returns the record."""
    recipients = [a.strip() for a in str(message.get("To", "")).split(",") if a.strip()]
    outcome = send(settings, message) if recipients else Outcome("skipped", 0, "no recipients in the profile")
    row = Delivery(school=school, run_id=run_id, kind=kind, finding_id=finding_id, recipients=recipients,
                   subject=str(message["Subject"]), status=outcome.status, attempts=outcome.attempts,
                   error=outcome.error, created_at=utc_now())
    with session_scope(db) as session:
        session.add(row)
        if outcome.status != "sent":
            audit(session, actor="nightly-run", action=f"email.{outcome.status}", object_type=kind,
                  object_id=finding_id or run_id or "", detail={"attempts": outcome.attempts})
    return row


def _alert_candidates(session: Session, school: str) -> list[tuple[Finding, StoredPost]]:
    """Urgent findings still needing review that no alert was tried for (so a re-run never alerts twice)."""
    tried = select(Delivery.finding_id).where(Delivery.kind == "alert", Delivery.finding_id.is_not(None))
    query = (select(Finding, StoredPost).join(StoredPost, Finding.post_id == StoredPost.id)
             .where(Finding.school == school, Finding.severity == "urgent", Finding.status == "needs-review",
                    Finding.id.not_in(tried))
             .order_by(Finding.id))
    return [(f, p) for f, p in session.execute(query)]


def send_alerts(settings: Settings, profile: Profile, db: sessionmaker[Session], run_id: int) -> list[Delivery]:
    """An immediate email per new threat at priority level; returns what was tried."""
    with session_scope(db) as session:
        due = [(f.id, f.severity, list(f.clauses), p.platform, p.created_at)
               for f, p in _alert_candidates(session, profile.school.slug)]
    tried = []
    for finding_id, severity, clauses, platform, posted in due:
        message = alert_message(settings, profile, finding_id=finding_id, severity=severity, clauses=clauses,
                                platform=platform, posted=posted)
        tried.append(deliver(settings, db, message, school=profile.school.slug, run_id=run_id, kind="alert",
                             finding_id=finding_id))
    return tried


def for_run(db: sessionmaker[Session], run_id: int) -> list[Delivery]:
    """The emails a run tried, in order."""
    with session_scope(db) as session:
        return list(session.scalars(select(Delivery).where(Delivery.run_id == run_id).order_by(Delivery.id)))


def describe(delivery: Delivery) -> str:
    """One line for the run summary, the report and the artifacts (never post text)."""
    what = {"digest": "digest", "run-failure": "run failure notice", "late-run": "late run notice"}.get(
        delivery.kind, f"alert for finding #{delivery.finding_id}")
    if delivery.status == "sent":
        count = len(delivery.recipients)
        return f"{what}: sent to {count} recipient{'' if count == 1 else 's'}"
    if delivery.status == "skipped":
        return f"{what}: not sent ({delivery.error})"
    return f"{what}: FAILED after {delivery.attempts} tries ({delivery.error})"


def summarise(deliveries: list[Delivery]) -> list[str]:
    """Lines for people: alerts with the same outcome share one line, the digest has its own."""
    groups: dict[tuple[str, str, str | None], list[Delivery]] = {}
    for delivery in deliveries:
        groups.setdefault((delivery.kind, delivery.status, delivery.error), []).append(delivery)
    lines = []
    for (kind, _, _), members in groups.items():
        line = describe(members[0])
        if kind == "alert" and len(members) > 1:
            ids = ", ".join(f"#{m.finding_id}" for m in members)
            line = line.replace(f"alert for finding #{members[0].finding_id}", f"alerts for findings {ids}", 1)
            line = line.replace("sent to ", "each sent to ", 1) if members[0].status == "sent" else line
        lines.append(line)
    return lines
