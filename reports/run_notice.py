"""Telling the profile's run contact when a night goes wrong: the run failed, a source failed, or no run had
finished by the deadline. Notices name steps, sources and error classes and link the report: never post text.

Every notice goes through the outbox (``deliveries``), so the late-run check can see it already told someone
today and a failed send is kept like any other.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from clausewatch.profile import Profile
from clausewatch.records import SourceResult, utc_now
from clausewatch.settings import Settings
from clausewatch.storage import repository
from clausewatch.storage.db import session_scope
from clausewatch.storage.models import Delivery, Run
from reports.digest import report_link
from reports.outbox import deliver
from reports.templating import render

__all__ = ["LATE_RUN", "RUN_FAILURE", "check_deadline", "describe_notice", "failed_step", "notify_failed_sources",
           "notify_run_failure", "run_contact"]

RUN_FAILURE, LATE_RUN = "run-failure", "late-run"
FINISHED = ("completed", "completed-with-failures")
_MAX_ERROR = 300  # an error message is for recognising the problem; a long one belongs in the logs


def run_contact(profile: Profile) -> list[str]:
    """Who hears about a failed or late run: the profile's run contact, else the digest's recipients."""
    return list(profile.report.run_contact or profile.report.recipients)


def failed_step(exc: BaseException | None, flows_dir: Path) -> str:
    """The innermost function in ``flows_dir`` the exception passed through: the step that failed."""
    step, tb = "the run", exc.__traceback__ if exc else None
    while tb is not None:
        code = tb.tb_frame.f_code
        if Path(code.co_filename).resolve().parent == flows_dir.resolve():
            step = code.co_name
        tb = tb.tb_next
    return step


def _error(text: str) -> str:
    return text if len(text) <= _MAX_ERROR else text[: _MAX_ERROR - 1] + "…"


def _message(settings: Settings, profile: Profile, subject: str, template: str, context: dict[str, Any]
             ) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = ", ".join(run_contact(profile))
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="clausewatch.invalid")
    message["Auto-Submitted"] = "auto-generated"
    context = {"school": profile.school.name, "subject": subject, **context}
    message.set_content(render(f"{template}.txt", context))
    message.add_alternative(render(f"{template}.html", context), subtype="html")
    return message


def _link(profile: Profile, report_path: str | None) -> str | None:
    return report_link(profile, Path(report_path)) if report_path and Path(report_path).exists() else None


def _send_failure(settings: Settings, profile: Profile, db: sessionmaker[Session], *, run_id: int | None,
                  problems: list[str], report_path: str | None, whole_run: bool) -> Delivery:
    what = "failed" if whole_run else "finished with failed sources"
    subject = f"clausewatch: the nightly run for {profile.school.name} {what}" + (f" (run {run_id})" if run_id else "")
    message = _message(settings, profile, subject, "run_failed", {
        "run_id": run_id, "what": what, "problems": [_error(p) for p in problems],
        "report": _link(profile, report_path)})
    return deliver(settings, db, message, school=profile.school.slug, run_id=run_id, kind=RUN_FAILURE)


def notify_failed_sources(settings: Settings, profile: Profile, db: sessionmaker[Session], *, run_id: int,
                          results: list[SourceResult], report_path: str | None) -> Delivery | None:
    """One notice naming the sources that failed and why; nothing when every source worked."""
    problems = [f"source {r.source}: {r.error}" for r in results if not r.ok]
    if not problems:
        return None
    return _send_failure(settings, profile, db, run_id=run_id, problems=problems, report_path=report_path,
                         whole_run=False)


def notify_run_failure(settings: Settings, profile: Profile, db: sessionmaker[Session], *, step: str,
                       error: str) -> Delivery:
    """The run stopped with an error: close its open run record as failed and tell the run contact."""
    with session_scope(db) as session:
        run = session.scalars(select(Run).where(Run.school == profile.school.slug, Run.status == "running")
                              .order_by(Run.id.desc()).limit(1)).first()
        run_id, report_path = (run.id, run.report_path) if run else (None, None)
        if run_id is not None:
            repository.finish_run(session, run_id=run_id, status="failed", report_path=report_path)
    return _send_failure(settings, profile, db, run_id=run_id, problems=[f"step {step}: {error}"],
                         report_path=report_path, whole_run=True)


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def check_deadline(settings: Settings, profile: Profile, db: sessionmaker[Session],
                   now: datetime | None = None) -> Delivery | None:
    """Past today's ``finish_by``, with no run started in the day before it finished by it: tell the
    run contact, once a day. Returns the notice tried, or None when nothing was due."""
    zone = ZoneInfo(profile.school.timezone)
    local = (now or utc_now()).astimezone(zone)
    deadline = datetime.combine(local.date(), profile.schedule.deadline, tzinfo=zone)
    if local < deadline:
        return None  # too early to say the run is late
    window = (deadline - timedelta(days=1)).astimezone(UTC), deadline.astimezone(UTC)
    with session_scope(db) as session:
        runs = list(session.scalars(select(Run).where(Run.school == profile.school.slug,
                                                      Run.started_at >= window[0], Run.started_at < window[1])
                                    .order_by(Run.id)))
        if any(r.status in FINISHED and r.finished_at and _as_utc(r.finished_at) <= window[1] for r in runs):
            return None
        told = session.scalars(select(Delivery.id).where(Delivery.school == profile.school.slug,
                                                         Delivery.kind == LATE_RUN,
                                                         Delivery.created_at >= window[1],
                                                         Delivery.created_at < window[1] + timedelta(days=1))).first()
        latest = (runs[-1].id, runs[-1].status) if runs else None
    if told is not None:
        return None  # already told today
    return _send_late(settings, profile, db, deadline=deadline, latest=latest)


def _send_late(settings: Settings, profile: Profile, db: sessionmaker[Session], *, deadline: datetime,
               latest: tuple[int, str] | None) -> Delivery:
    when = deadline.strftime("%H:%M on %A %d %B %Y")
    subject = f"clausewatch: no finished nightly run for {profile.school.name} by {deadline:%H:%M}"
    message = _message(settings, profile, subject, "run_late", {
        "deadline": when, "run_id": latest[0] if latest else None, "status": latest[1] if latest else None})
    return deliver(settings, db, message, school=profile.school.slug, run_id=latest[0] if latest else None,
                   kind=LATE_RUN)


def describe_notice(delivery: Delivery | None) -> str:
    """One line on what a notice did, for the command line."""
    if delivery is None:
        return "nothing due"
    what = "late-run notice" if delivery.kind == LATE_RUN else "run-failure notice"
    if delivery.status == "sent":
        return f"{what} sent to {len(delivery.recipients)} recipient{'' if len(delivery.recipients) == 1 else 's'}"
    if delivery.status == "skipped":
        return f"{what} not sent ({delivery.error})"
    return f"{what} FAILED after {delivery.attempts} tries ({delivery.error})"
