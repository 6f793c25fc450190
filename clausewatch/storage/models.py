"""The database tables. Alembic migrations under ``migrations/`` create and upgrade them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "AuditEntry", "Base", "Cursor", "Decision", "Finding", "Run", "RunSource", "ScoreRow", "StoredPost",
    "Assignment", "User", "WebSession",
    "Delivery", "EvidenceRecord",
]


class Base(DeclarativeBase):
    """Declarative base; its metadata is what the migrations build."""

    type_annotation_map = {datetime: DateTime(timezone=True), dict[str, Any]: JSON}


class StoredPost(Base):
    """A post that matched the school's profile: only the fields report, review and evidence need."""

    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("school", "platform", "post_id", name="uq_posts_school_platform_id"),
        Index("ix_posts_school_text_hash", "school", "text_hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school: Mapped[str] = mapped_column(String(200))
    platform: Mapped[str] = mapped_column(String(40))
    post_id: Mapped[str] = mapped_column(String(500))
    url: Mapped[str] = mapped_column(String(2000), default="")
    author: Mapped[str] = mapped_column(String(300), default="")
    author_is_staff: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    parent_id: Mapped[str | None] = mapped_column(String(500))
    text_hash: Mapped[str] = mapped_column(String(64))  # of full_text, as matched and scored
    targets: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    matched_terms: Mapped[list[str]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(500))
    first_run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    fetched_at: Mapped[datetime]
    # Set when retention emptied the content: the row stays as a stub so counts and the audit log add up.
    purged_at: Mapped[datetime | None]

    @property
    def full_text(self) -> str:
        """Title and body together, as ``Post.full_text``: what matching, scoring and the evidence read."""
        return f"{self.title}\n{self.text}" if self.title else self.text


class ScoreRow(Base):
    """One scorer's scores for one post, kept so a re-run never scores the same post twice."""

    __tablename__ = "scores"
    __table_args__ = (UniqueConstraint("post_id", "scorer", "version", name="uq_scores_post_scorer"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    scorer: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(100))
    categories: Mapped[dict[str, Any]] = mapped_column(JSON)
    scored_at: Mapped[datetime]


class Finding(Base):
    """A post whose scores reached a clause: created once, its status set only by people."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), unique=True)
    school: Mapped[str] = mapped_column(String(200), index=True)
    clauses: Mapped[list[str]] = mapped_column(JSON)
    categories: Mapped[dict[str, Any]] = mapped_column(JSON)
    fired: Mapped[list[str]] = mapped_column(JSON)
    severity: Mapped[str] = mapped_column(String(20))
    rationale: Mapped[str] = mapped_column(Text)
    # Fired categories scored only by models that do not read the post's language (None before 0007).
    guessed: Mapped[list[str] | None] = mapped_column(JSON)
    language: Mapped[str | None] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="needs-review", index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Decision(Base):
    """A reviewer's mark on a finding; append-only, the latest one is the finding's status."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    reviewer: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime]
    # True when this decision is the re-review that followed the employee's representations.
    representations: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Why a false positive is one (not-about-school, not-derogatory, quoting-to-condemn, other), and
    # who an escalation goes to (head, dsl, hr); None for the other marks.
    reason: Mapped[str | None] = mapped_column(String(40))
    escalated_to: Mapped[str | None] = mapped_column(String(20))


class Run(Base):
    """One nightly run for one school."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school: Mapped[str] = mapped_column(String(200), index=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="running")
    profile_sha256: Mapped[str] = mapped_column(String(64))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    scorers: Mapped[str] = mapped_column(String(300), default="")
    report: Mapped[str] = mapped_column(String(300), default="")
    report_path: Mapped[str | None] = mapped_column(Text)


class RunSource(Base):
    """One source's result within a run."""

    __tablename__ = "run_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(500))
    fetched: Mapped[int] = mapped_column(default=0)
    kept: Mapped[int] = mapped_column(default=0)
    new: Mapped[int] = mapped_column(default=0)
    findings: Mapped[int] = mapped_column(default=0)
    cursor: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    skipped: Mapped[str | None] = mapped_column(Text)


class Cursor(Base):
    """Where each (school, source) resumes; advanced only after its posts are stored and scored."""

    __tablename__ = "cursors"

    school: Mapped[str] = mapped_column(String(200), primary_key=True)
    source: Mapped[str] = mapped_column(String(500), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]


class AuditEntry(Base):
    """Append-only: who did what to which record, and when. Never post text."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    object_type: Mapped[str] = mapped_column(String(50))
    object_id: Mapped[str] = mapped_column(String(100))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class User(Base):
    """A person who signs in to the review pages; the password is stored only as an argon2 hash."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # reviewer | head | dpo
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    password_set_at: Mapped[datetime]
    # The school slug this person reviews, "*" for a local-authority administrator of every school, or NULL
    # for an account made before schools were kept apart: NULL sees nothing until given a school (0006).
    school: Mapped[str | None] = mapped_column(String(200), nullable=True, default=None)


class WebSession(Base):
    """A signed-in browser: only the token's SHA-256 is kept, so a copy of the database cannot sign in."""

    __tablename__ = "web_sessions"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class Assignment(Base):
    """Who is to review a finding; appended, the latest row is the current assignee."""

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"), index=True)
    assignee: Mapped[str] = mapped_column(String(200))
    assigned_by: Mapped[str] = mapped_column(String(200))
    assigned_at: Mapped[datetime]


class EvidenceRecord(Base):
    """Clause 12 evidence: one record per finding in a per-school hash chain. Append-only (triggers);
    the only change allowed is emptying ``record`` when retention purges content, which keeps the chain."""

    __tablename__ = "evidence_log"
    __table_args__ = (UniqueConstraint("school", "seq", name="uq_evidence_school_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school: Mapped[str] = mapped_column(String(200))
    seq: Mapped[int]
    # No foreign keys: evidence must outlive (and never block) the rows it describes.
    finding_id: Mapped[int] = mapped_column(unique=True)
    post_row_id: Mapped[int]
    created_at: Mapped[datetime]
    record: Mapped[str | None] = mapped_column(Text)
    record_sha256: Mapped[str] = mapped_column(String(64))
    text_sha256: Mapped[str] = mapped_column(String(64))
    prev_sha256: Mapped[str] = mapped_column(String(64))
    chain_sha256: Mapped[str] = mapped_column(String(64))
    redacted_at: Mapped[datetime | None]


class Delivery(Base):
    """One email (digest or alert) and how sending it went: failures are kept, never silent."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school: Mapped[str] = mapped_column(String(200), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    finding_id: Mapped[int | None]
    recipients: Mapped[list[str]] = mapped_column(JSON)
    subject: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
