"""Keyword-only functions that read and write the tables; the only place that builds queries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clausewatch.matching import Match
from clausewatch.records import Assessment, Post, SourceResult, Target, utc_now
from clausewatch.storage.models import (
    AuditEntry,
    Cursor,
    Decision,
    Finding,
    Run,
    RunSource,
    ScoreRow,
    StoredPost,
)
from clausewatch.text import text_hash

__all__ = [
    "audit", "audit_entries", "decisions_for", "marked_findings", "post_by_key",
    "create_finding", "finish_run", "get_cursor", "get_finding", "list_findings",
    "list_unflagged_posts", "posts_by_id", "record_decision", "record_source", "save_scores", "scores_for",
    "posts_with_findings", "set_cursor", "start_run", "suppressed_hashes", "targets_of", "unscored", "upsert_posts",
    "cached_scores", "last_run_with_news",
]


def audit(session: Session, *, actor: str, action: str, object_type: str, object_id: object,
          detail: dict[str, Any] | None = None) -> None:
    """Append one entry to the audit log (ids and counts only, never post text)."""
    session.add(AuditEntry(at=utc_now(), actor=actor, action=action, object_type=object_type,
                           object_id=str(object_id), detail=detail or {}))


def start_run(session: Session, *, school: str, profile_sha256: str, settings: dict[str, Any],
              scorers: str, report: str) -> int:
    """Open a run record; returns its id."""
    run = Run(school=school, started_at=utc_now(), profile_sha256=profile_sha256, settings=settings,
              scorers=scorers, report=report)
    session.add(run)
    session.flush()
    audit(session, actor="nightly-run", action="run.start", object_type="run", object_id=run.id)
    return run.id


def finish_run(session: Session, *, run_id: int, status: str, report_path: str | None) -> None:
    """Close a run record with its outcome and report."""
    run = session.get_one(Run, run_id)
    run.finished_at, run.status, run.report_path = utc_now(), status, report_path
    audit(session, actor="nightly-run", action="run.finish", object_type="run", object_id=run_id,
          detail={"status": status})


def record_source(session: Session, *, run_id: int, result: SourceResult) -> None:
    """Store one source's counts and failure, if any, against the run."""
    session.add(RunSource(run_id=run_id, source=result.source, fetched=result.fetched, kept=result.kept,
                          new=result.new, findings=result.findings, cursor=result.cursor,
                          error=result.error, skipped=result.skipped))


def last_run_with_news(session: Session, *, school: str, before: int) -> int | None:
    """The latest of the school's runs before ``before`` in which a source stored a new post or raised a finding."""
    query = (select(func.max(Run.id)).join(RunSource, RunSource.run_id == Run.id)
             .where(Run.school == school, Run.id < before, (RunSource.new > 0) | (RunSource.findings > 0)))
    return session.scalar(query)


def get_cursor(session: Session, *, school: str, source: str) -> str | None:
    """Where this school's source resumes, or None on its first run."""
    row = session.get(Cursor, (school, source))
    return row.value if row else None


def set_cursor(session: Session, *, school: str, source: str, value: str) -> None:
    """Advance a source's cursor (call only after its posts are stored and scored)."""
    row = session.get(Cursor, (school, source))
    if row is None:
        session.add(Cursor(school=school, source=source, value=value, updated_at=utc_now()))
    else:
        row.value, row.updated_at = value, utc_now()


def upsert_posts(session: Session, *, school: str, source: str, run_id: int,
                 items: Sequence[tuple[Post, Match]]) -> tuple[list[int], int]:
    """Store matched posts once per (school, platform, id); returns their row ids and how many were new.

    A post already stored is left as first fetched: that copy is the evidence.
    """
    keys = {(p.platform, p.id) for p, _ in items}
    existing = {
        (row.platform, row.post_id): row.id
        for row in session.scalars(select(StoredPost).where(
            StoredPost.school == school,
            StoredPost.post_id.in_([key[1] for key in keys]),
        ))
    }
    ids, new = [], 0
    for post, match in items:
        key = (post.platform, post.id)
        if key not in existing:
            row = _stored(post, match, school=school, source=source, run_id=run_id)
            session.add(row)
            session.flush()
            existing[key] = row.id
            new += 1
        ids.append(existing[key])
    return list(dict.fromkeys(ids)), new


def _stored(post: Post, match: Match, *, school: str, source: str, run_id: int) -> StoredPost:
    return StoredPost(
        school=school, platform=post.platform, post_id=post.id, url=post.url, author=post.author,
        author_is_staff=match.author_is_staff, created_at=post.created_at, title=post.title,
        text=post.text, parent_id=post.parent_id, text_hash=text_hash(post.full_text),
        targets=[{"name": t.name, "role": t.role} for t in match.targets],
        matched_terms=match.terms, source=source, first_run_id=run_id, fetched_at=utc_now(),
    )


def unscored(session: Session, *, post_ids: Iterable[int], scorer: str, version: str
             ) -> list[tuple[int, str, str]]:
    """(row id, full text, its stored hash) of the posts this scorer version has not scored yet."""
    done = select(ScoreRow.post_id).where(ScoreRow.scorer == scorer, ScoreRow.version == version)
    rows = session.scalars(
        select(StoredPost).where(StoredPost.id.in_(list(post_ids)), StoredPost.id.not_in(done))
        .order_by(StoredPost.id)
    )
    return [(row.id, row.full_text, row.text_hash) for row in rows]


def cached_scores(session: Session, *, text_hashes: Iterable[str], scorer: str, version: str
                  ) -> dict[str, dict[str, float]]:
    """Scores this scorer version already gave the same words (by text hash), under any post id."""
    rows = session.execute(
        select(StoredPost.text_hash, ScoreRow.categories).join(ScoreRow, ScoreRow.post_id == StoredPost.id)
        .where(StoredPost.text_hash.in_(list(text_hashes)), ScoreRow.scorer == scorer, ScoreRow.version == version)
    )
    return {row.text_hash: dict(row.categories) for row in rows}


def save_scores(session: Session, *, scorer: str, version: str,
                scores: Iterable[tuple[int, dict[str, float]]]) -> None:
    """Keep each post's scores from one scorer version."""
    now = utc_now()
    session.add_all(ScoreRow(post_id=post_id, scorer=scorer, version=version, categories=categories,
                             scored_at=now) for post_id, categories in scores)


def scores_for(session: Session, *, post_ids: Iterable[int], scorers: Sequence[tuple[str, str]]
               ) -> dict[int, dict[str, dict[str, float]]]:
    """Per post, per scorer name, its scores at the given (scorer, version) pairs (classifiers.language.read_by
    merges them, knowing which scorers read the post's language)."""
    found: dict[int, dict[str, dict[str, float]]] = {}
    rows = session.scalars(select(ScoreRow).where(ScoreRow.post_id.in_(list(post_ids))))
    for row in rows:
        if (row.scorer, row.version) in scorers:
            found.setdefault(row.post_id, {})[row.scorer] = {c: float(v) for c, v in row.categories.items()}
    return found


def suppressed_hashes(session: Session, *, school: str) -> set[str]:
    """Text hashes a reviewer marked false positive: the same words are never flagged again."""
    rows = session.scalars(
        select(StoredPost.text_hash).join(Finding, Finding.post_id == StoredPost.id)
        .where(Finding.school == school, Finding.status == "false-positive")
    )
    return set(rows)


def create_finding(session: Session, *, school: str, post_id: int, run_id: int, assessment: Assessment,
                   model: str) -> bool:
    """Create the post's finding unless it already has one; True when created."""
    if session.scalar(select(Finding.id).where(Finding.post_id == post_id)) is not None:
        return False
    now = utc_now()
    session.add(Finding(
        post_id=post_id, school=school, clauses=assessment.clauses, categories=assessment.categories,
        fired=assessment.fired, severity=assessment.severity, rationale=assessment.rationale, model=model,
        guessed=assessment.guessed, language=assessment.language,
        status="needs-review", run_id=run_id, created_at=now, updated_at=now,
    ))
    return True


def posts_with_findings(session: Session, *, post_ids: Iterable[int]) -> set[int]:
    """Which of these posts already have their (one) finding."""
    return set(session.scalars(select(Finding.post_id).where(Finding.post_id.in_(list(post_ids)))))


def list_findings(session: Session, *, school: str | None, status: str | None = None
                  ) -> list[tuple[Finding, StoredPost]]:
    """Findings with their posts, newest first (callers sort by severity)."""
    query = select(Finding, StoredPost).join(StoredPost, Finding.post_id == StoredPost.id)
    if school:
        query = query.where(Finding.school == school)
    if status:
        query = query.where(Finding.status == status)
    return [(f, p) for f, p in session.execute(query.order_by(Finding.id.desc()))]


def list_unflagged_posts(session: Session, *, school: str | None) -> list[tuple[StoredPost, dict[str, Any]]]:
    """Stored posts with no finding, with their latest scores from every scorer."""
    flagged = select(Finding.post_id)
    query = select(StoredPost).where(StoredPost.id.not_in(flagged))
    if school:
        query = query.where(StoredPost.school == school)
    posts = list(session.scalars(query.order_by(StoredPost.id.desc())))
    rows = session.scalars(select(ScoreRow).where(ScoreRow.post_id.in_([p.id for p in posts])))
    scored: dict[int, dict[str, Any]] = {}
    for row in rows:
        entry = scored.setdefault(row.post_id, {"categories": {}, "model": []})
        for category, value in row.categories.items():
            entry["categories"][category] = max(entry["categories"].get(category, 0.0), float(value))
        entry["model"].append(f"{row.scorer} {row.version}")
    return [(p, scored.get(p.id, {"categories": {}, "model": []})) for p in posts]


def get_finding(session: Session, *, finding_id: int) -> tuple[Finding, StoredPost] | None:
    """One finding and its post, or None."""
    row = session.execute(
        select(Finding, StoredPost).join(StoredPost, Finding.post_id == StoredPost.id)
        .where(Finding.id == finding_id)
    ).first()
    return (row[0], row[1]) if row else None


def record_decision(session: Session, *, finding_id: int, status: str, reviewer: str, note: str = "",
                    representations: bool = False, reason: str | None = None,
                    escalated_to: str | None = None) -> Finding | None:
    """A named person's decision: appended to the history, set as the status, audited.

    ``representations`` records that this is the re-review after the employee made representations;
    ``reason`` why a false positive is one, ``escalated_to`` who an escalation goes to.
    """
    finding = session.get(Finding, finding_id)
    if finding is None:
        return None
    previous = finding.status
    session.add(Decision(finding_id=finding_id, status=status, reviewer=reviewer, note=note,
                         decided_at=utc_now(), representations=representations, reason=reason,
                         escalated_to=escalated_to))
    finding.status, finding.updated_at = status, utc_now()
    audit(session, actor=reviewer, action="finding.mark", object_type="finding", object_id=finding_id,
          detail={"from": previous, "to": status, "note_given": bool(note), "representations": representations,
                  **{k: v for k, v in (("reason", reason), ("escalated_to", escalated_to)) if v}})
    return finding


def count_rows(session: Session, model: type) -> int:
    """Row count of one table (for summaries and tests)."""
    return session.scalar(select(func.count()).select_from(model)) or 0


def posts_by_id(session: Session, *, post_ids: Iterable[int]) -> list[StoredPost]:
    """Stored posts by row id, in id order."""
    return list(session.scalars(select(StoredPost).where(StoredPost.id.in_(list(post_ids)))
                                .order_by(StoredPost.id)))


def targets_of(post: StoredPost) -> list[Target]:
    """The targets stored with a post, as records."""
    return [Target(t["name"], t["role"]) for t in post.targets]


def decisions_for(session: Session, *, finding_id: int) -> list[Decision]:
    """A finding's decision history, oldest first."""
    return list(session.scalars(select(Decision).where(Decision.finding_id == finding_id)
                                .order_by(Decision.decided_at, Decision.id)))


def audit_entries(session: Session, *, object_type: str | None = None, object_id: object = None,
                  limit: int = 500) -> list[AuditEntry]:
    """Audit entries, newest first, optionally for one record."""
    query = select(AuditEntry)
    if object_type is not None:
        query = query.where(AuditEntry.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditEntry.object_id == str(object_id))
    return list(session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit)))


def marked_findings(session: Session, *, school: str | None) -> list[Finding]:
    """Findings a person has marked (any status but needs-review): what calibration learns from."""
    query = select(Finding).where(Finding.status != "needs-review")
    if school:
        query = query.where(Finding.school == school)
    return list(session.scalars(query.order_by(Finding.id)))


def post_by_key(session: Session, *, school: str, platform: str, post_id: str) -> StoredPost | None:
    """A stored post by its platform id (a reply's parent, when that was fetched too)."""
    return session.scalar(select(StoredPost).where(StoredPost.school == school, StoredPost.platform == platform,
                                                   StoredPost.post_id == post_id))
