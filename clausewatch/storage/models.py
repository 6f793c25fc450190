"""The database tables. Alembic migrations under ``migrations/`` create and upgrade them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "AuditEntry", "Base", "Cursor", "Decision", "Finding", "Run", "RunSource", "ScoreRow", "StoredPost",
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
    text_hash: Mapped[str] = mapped_column(String(64))
    targets: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    matched_terms: Mapped[list[str]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(500))
    first_run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    fetched_at: Mapped[datetime]


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
