"""What the ``findings`` and ``review`` commands read and write, shared with every other front end."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from clausewatch.errors import InputError
from clausewatch.findings import finding_view, post_view, sort_views
from clausewatch.profile import load_profile
from clausewatch.pseudonyms import PerSchool
from clausewatch.settings import get_settings
from clausewatch.storage import repository
from clausewatch.storage.db import open_database, session_scope

__all__ = ["ESCALATION_TARGETS", "FALSE_POSITIVE_REASONS", "MARKS", "collect_views", "decide", "mark_finding",
           "render_table"]

MARKS = ("confirmed", "false-positive", "no-action", "escalated")
# Why a flag was wrong, in the words reviewers pick from; calibration counts them per category.
FALSE_POSITIVE_REASONS = {
    "not-about-school": "not about the school",
    "not-derogatory": "not derogatory",
    "quoting-to-condemn": "quoting to condemn",
    "other": "other",
}
ESCALATION_TARGETS = {"head": "the headteacher", "dsl": "the Designated Safeguarding Lead", "hr": "HR"}


def collect_views(profile: Path | None, *, status: str | None, include_all: bool) -> list[dict[str, Any]]:
    """Findings (and with ``include_all`` every other kept post) as SPEC §4 views, most serious first."""
    settings = get_settings()
    school = load_profile(profile).school.slug if profile else None
    pseudonyms = PerSchool(settings)
    with session_scope(open_database(settings.resolved_database_url)) as session:
        views = [finding_view(f, p, pseudonyms[p.school])
                 for f, p in repository.list_findings(session, school=school, status=status)]
        if include_all and status is None:
            views += [post_view(p, scored, pseudonyms[p.school])
                      for p, scored in repository.list_unflagged_posts(session, school=school)]
    return sort_views(views)


def _check_decision(status: str, note: str, reason: str | None, escalated_to: str | None) -> None:
    """Refuse a decision that does not hang together, before anything is written."""
    if status not in MARKS:
        raise InputError(f"mark must be one of {', '.join(MARKS)}")
    if reason is not None and (status != "false-positive" or reason not in FALSE_POSITIVE_REASONS):
        raise InputError(f"a reason goes only with false-positive and is one of {', '.join(FALSE_POSITIVE_REASONS)}")
    if reason == "other" and not note.strip():
        raise InputError("reason 'other' needs a note saying why")
    if escalated_to is not None and (status != "escalated" or escalated_to not in ESCALATION_TARGETS):
        raise InputError(f"escalate to goes only with escalated and is one of {', '.join(ESCALATION_TARGETS)}")


def decide(session: Session, *, finding_id: int, status: str, reviewer: str, note: str = "",
           reason: str | None = None, escalated_to: str | None = None, representations: bool = False) -> bool:
    """The one decision path for the CLI and the review pages: checked, recorded, audited.

    Raises InputError for a decision that does not hang together; False when there is no such finding.
    """
    _check_decision(status, note, reason, escalated_to)
    return repository.record_decision(session, finding_id=finding_id, status=status, reviewer=reviewer,
                                      note=note, representations=representations, reason=reason,
                                      escalated_to=escalated_to) is not None


def mark_finding(finding_id: int, status: str, reviewer: str, note: str, *, representations: bool = False,
                 reason: str | None = None, escalated_to: str | None = None) -> bool:
    """Record a decision (``representations``: the re-review after the employee's); False when no such finding."""
    settings = get_settings()
    with session_scope(open_database(settings.resolved_database_url)) as session:
        return decide(session, finding_id=finding_id, status=status, reviewer=reviewer, note=note,
                      reason=reason, escalated_to=escalated_to, representations=representations)


def _one_line(text: str, width: int) -> str:
    # Control and format characters could move a terminal's cursor or hide words: drop them.
    visible = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))
    flat = " ".join(visible.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def render_table(views: list[dict[str, Any]]) -> str:
    """A plain text table for a terminal."""
    if not views:
        return "No findings."
    lines = [f"{'ID':>5}  {'SEVERITY':8}  {'STATUS':14}  {'CLAUSES':7}  {'PLATFORM':8}  {'TOP SCORE':22}  TEXT"]
    for v in views:
        top = max(v["categories"].items(), key=lambda kv: kv[1], default=("", 0.0))
        top_text = f"{top[0]} {top[1]:.2f}" if top[0] else ""
        lines.append(
            f"{v['finding_id'] or '-':>5}  {v['severity'] or '-':8}  {v['status']:14}  "
            f"{','.join(v['clauses']) or '-':7}  {v['platform']:8}  {top_text:22}  {_one_line(v['text'], 60)}"
        )
    return "\n".join(lines)
