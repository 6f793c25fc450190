"""What the review pages read and write: keyword-only functions over one database session.

Routes parse the request and call these; every query lives here or in ``clausewatch.storage.repository``.
Decisions go through ``clausewatch.listing.decide``, the same path as the ``review`` command.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, String, cast, false, or_, select, true
from sqlalchemy.orm import Session

from clausewatch.clauses import CLAUSES, describe_score, guess_note
from clausewatch.errors import InputError
from clausewatch.findings import finding_view, sort_views
from clausewatch.listing import ESCALATION_TARGETS, FALSE_POSITIVE_REASONS, decide
from clausewatch.pseudonyms import PerSchool
from clausewatch.records import STATUSES, utc_now
from clausewatch.settings import Settings
from clausewatch.storage import repository
from clausewatch.storage.models import Assignment, AuditEntry, Finding, Run, StoredPost, User
from review.accounts import ALL_SCHOOLS, Viewer, can
from review.allowlist import add_allow_phrase

__all__ = [
    "QueueFilter", "add_phrase", "assign", "audit_log", "export_csv", "get_finding", "list_queue", "platforms",
    "record_decision", "reviewers",
]

SEVERITIES = ("urgent", "high", "medium", "low")


@dataclass(frozen=True)
class QueueFilter:
    """The queue's filters, parsed from the query string; unknown values are dropped with a note."""

    status: str = "needs-review"
    severity: str = ""
    clause: str = ""
    platform: str = ""
    since: date | None = None
    until: date | None = None
    problems: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> QueueFilter:
        """Filters from query parameters (status defaults to needs-review; "all" shows every status)."""
        problems: list[str] = []
        status = params.get("status", "needs-review")
        if status not in (*STATUSES, "all"):
            problems.append(f"unknown status {status[:40]!r}")
            status = "needs-review"
        severity = params.get("severity", "") if params.get("severity", "") in SEVERITIES else ""
        clause = params.get("clause", "") if params.get("clause", "") in CLAUSES else ""
        dates = [_date(params.get(k, ""), k, problems) for k in ("since", "until")]
        return cls(status, severity, clause, params.get("platform", "")[:40], dates[0], dates[1], problems)

    def keeps(self, view: dict[str, Any]) -> bool:
        """Whether a finding view passes every filter but status (applied in the query)."""
        day = date.fromisoformat(view["created_at"][:10])
        return ((not self.severity or view["severity"] == self.severity)
                and (not self.clause or self.clause in view["clauses"])
                and (not self.platform or view["platform"] == self.platform)
                and (self.since is None or day >= self.since)
                and (self.until is None or day <= self.until))


def _date(value: str, name: str, problems: list[str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{name} {value[:40]!r} is not a date such as 2026-11-20")
        return None


def _assignees(session: Session, finding_ids: list[int]) -> dict[int, str]:
    rows = session.scalars(select(Assignment).where(Assignment.finding_id.in_(finding_ids))
                           .order_by(Assignment.assigned_at, Assignment.id))
    return {row.finding_id: row.assignee for row in rows}  # the latest wins


def _top(categories: dict[str, float], guessed: list[str]) -> str:
    if not categories:
        return ""
    category, score = max(categories.items(), key=lambda kv: kv[1])
    return describe_score(category, score) + (f" ({guess_note(None)})" if category in guessed else "")


def _scores(finding: Finding) -> list[dict[str, Any]]:
    """The finding page's table rows, strongest first; a score from a model that does not read the post says so."""
    guess = f"{guess_note(finding.language)}, which the models do not read"
    return [{"category": c, "words": describe_score(c, float(s)), "score": float(s),
             "guess": guess if c in (finding.guessed or []) else ""}
            for c, s in sorted(finding.categories.items(), key=lambda kv: kv[1], reverse=True)]


def _visible(session: Session, *, finding_id: int, viewer: Viewer, action: str) -> tuple[Finding, StoredPost] | None:
    """The finding when it is in the viewer's school; another school's is refused (audited) as if absent."""
    found = repository.get_finding(session, finding_id=finding_id)
    if found is not None and not viewer.sees(found[0].school):
        repository.audit(session, actor=viewer.name, action=f"{action}.refused", object_type="finding",
                         object_id=finding_id, detail={"reason": "another school"})
        return None
    return found


def list_queue(*, session: Session, settings: Settings, filters: QueueFilter, viewer: Viewer) -> list[dict[str, Any]]:
    """The viewer's school's findings that pass the filters, most serious first, with assignee and top score."""
    if viewer.school is None:
        return []  # an account with no school yet sees nothing
    status = None if filters.status == "all" else filters.status
    pseudonyms = PerSchool(settings)
    school = None if viewer.school == ALL_SCHOOLS else viewer.school
    views = [finding_view(f, p, pseudonyms[p.school]) for f, p in repository.list_findings(
        session, school=school, status=status)]
    views = sort_views([v for v in views if filters.keeps(v)])
    assignees = _assignees(session, [v["finding_id"] for v in views])
    for view in views:
        view["assignee"] = assignees.get(view["finding_id"], "")
        view["top"] = _top(view["categories"], view["guessed"])
        view["target_names"] = ", ".join(t["name"] for t in view["targets"])
    return views


def _findings_in_school(viewer: Viewer) -> ColumnElement[bool]:
    """A WHERE clause keeping the viewer's school's findings: all for every school, none for no school."""
    if viewer.school is None:
        return false()
    return true() if viewer.school == ALL_SCHOOLS else Finding.school == viewer.school


def platforms(*, session: Session, viewer: Viewer) -> list[str]:
    """The platforms the viewer's school's findings came from, for the queue's filter."""
    query = (select(StoredPost.platform).distinct().join(Finding, Finding.post_id == StoredPost.id)
             .where(_findings_in_school(viewer)))
    return sorted(session.scalars(query))


def reviewers(*, session: Session, school: str) -> list[str]:
    """Names of the people who may be assigned one of ``school``'s findings."""
    query = select(User).where(User.school.in_((school, ALL_SCHOOLS))).order_by(User.name)
    return [u.name for u in session.scalars(query) if can(u.role, "decide")]


def _history(session: Session, finding_id: int) -> list[dict[str, Any]]:
    events = [{"at": d.decided_at, "who": d.reviewer, "what": f"marked {d.status}", "note": d.note,
               "reason": FALSE_POSITIVE_REASONS.get(d.reason or "", ""),
               "to": ESCALATION_TARGETS.get(d.escalated_to or "", "")}
              for d in repository.decisions_for(session, finding_id=finding_id)]
    events += [{"at": a.assigned_at, "who": a.assigned_by, "what": f"assigned to {a.assignee}", "note": "",
                "reason": "", "to": ""}
               for a in session.scalars(select(Assignment).where(Assignment.finding_id == finding_id))]
    return sorted(events, key=lambda e: e["at"])


def _evidence(finding: Finding, post: StoredPost) -> dict[str, Any]:
    return {"platform": post.platform, "post_id": post.post_id, "url": post.url, "source": post.source,
            "fetched_at": post.fetched_at, "text_hash": post.text_hash, "first_run": post.first_run_id,
            "model": finding.model, "created_at": finding.created_at}


def get_finding(*, session: Session, settings: Settings, finding_id: int, viewer: Viewer) -> dict[str, Any] | None:
    """Everything the finding page shows, or None (also for another school's); the view itself is audited."""
    found = _visible(session, finding_id=finding_id, viewer=viewer, action="finding.view")
    if found is None:
        return None
    finding, post = found
    pseudonyms = PerSchool(settings)
    parent = repository.post_by_key(session, school=post.school, platform=post.platform,
                                    post_id=post.parent_id) if post.parent_id else None
    repository.audit(session, actor=viewer.name, action="finding.view", object_type="finding", object_id=finding_id)
    return {
        "finding": finding_view(finding, post, pseudonyms[post.school]),
        "scores": _scores(finding),
        "clauses": [CLAUSES[c] for c in finding.clauses if c in CLAUSES],
        "parent": finding_view(finding, parent, pseudonyms[post.school]) if parent else None,
        "evidence": _evidence(finding, post),
        "history": _history(session, finding_id),
        "audit": repository.audit_entries(session, object_type="finding", object_id=finding_id)
        if viewer.can("audit") else [],
        "assignee": _assignees(session, [finding_id]).get(finding_id, ""),
        "reviewers": reviewers(session=session, school=finding.school),
    }


def record_decision(*, session: Session, finding_id: int, viewer: Viewer, mark: str, note: str,
                    reason: str, escalate_to: str) -> bool:
    """The page's decision, through the one shared path; False for no such finding in the viewer's school."""
    if _visible(session, finding_id=finding_id, viewer=viewer, action="finding.mark") is None:
        return False
    return decide(session, finding_id=finding_id, status=mark, reviewer=viewer.name, note=note.strip(),
                  reason=reason or None, escalated_to=escalate_to or None)


def assign(*, session: Session, finding_id: int, viewer: Viewer, assignee: str) -> bool:
    """Give a finding to one of its school's reviewers; False when there is no such finding in the viewer's school."""
    found = _visible(session, finding_id=finding_id, viewer=viewer, action="finding.assign")
    if found is None:
        return False
    if assignee not in reviewers(session=session, school=found[0].school):
        raise InputError(f"{assignee[:60]!r} is not a reviewer of this school")
    session.add(Assignment(finding_id=finding_id, assignee=assignee, assigned_by=viewer.name,
                           assigned_at=utc_now()))
    repository.audit(session, actor=viewer.name, action="finding.assign", object_type="finding",
                     object_id=finding_id, detail={"assignee": assignee})
    return True


def add_phrase(*, session: Session, profiles: Mapping[str, Path], finding_id: int, viewer: Viewer,
               phrase: str) -> str | None:
    """Add an allow-list phrase to the finding's school profile; what happened, in words, or None: no such finding."""
    found = _visible(session, finding_id=finding_id, viewer=viewer, action="profile.allow-phrase")
    if found is None:
        return None
    path = profiles.get(found[0].school)
    if path is None:
        raise InputError("this school's profile file was not given to `clausewatch serve --profile`, "
                         "so its allow-list cannot be edited here")
    added = add_allow_phrase(path, phrase)
    repository.audit(session, actor=viewer.name, action="profile.allow-phrase", object_type="profile",
                     object_id=found[0].school, detail={"finding": finding_id, "added": added})
    return "Added to the allow-list." if added else "Already on the allow-list."


def audit_log(*, session: Session, viewer: Viewer, limit: int = 500) -> list[dict[str, Any]]:
    """The newest audit entries about the viewer's school (the DPO's page); reading it is audited too."""
    query = select(AuditEntry).where(_audit_scope(viewer)).order_by(AuditEntry.id.desc()).limit(limit)
    entries = list(session.scalars(query))
    repository.audit(session, actor=viewer.name, action="audit.read", object_type="audit_log", object_id="-")
    return [{"at": e.at, "actor": e.actor, "action": e.action, "object": f"{e.object_type} {e.object_id}",
             "detail": e.detail} for e in entries]


def export_csv(*, session: Session, settings: Settings, viewer: Viewer) -> str:
    """The viewer's school's findings as CSV (formula cells neutralised); audited with its row count."""
    from reports.exports import to_csv

    views = list_queue(session=session, settings=settings, filters=QueueFilter(status="all"), viewer=viewer)
    repository.audit(session, actor=viewer.name, action="export", object_type="findings",
                     object_id=viewer.school or "none", detail={"rows": len(views)})
    return to_csv(views)


def _audit_scope(viewer: Viewer) -> ColumnElement[bool]:
    """Entries tied to the viewer's school: its findings, runs and profile, and its people's own actions.

    An entry tied to no school (a failed sign-in under an unknown name) is shown only to every-school accounts.
    """
    if viewer.school is None:
        return false()
    if viewer.school == ALL_SCHOOLS:
        return true()
    school = viewer.school
    people = select(User.name).where(User.school == school)
    return or_(
        (AuditEntry.object_type == "finding")
        & AuditEntry.object_id.in_(select(cast(Finding.id, String)).where(Finding.school == school)),
        (AuditEntry.object_type == "run") & AuditEntry.object_id.in_(select(cast(Run.id, String))
                                                                     .where(Run.school == school)),
        AuditEntry.object_type.in_(("profile", "school")) & (AuditEntry.object_id == school),
        (AuditEntry.object_type == "user") & AuditEntry.object_id.in_(people),
        AuditEntry.actor.in_(people),
    )
