"""The typed records that cross stage boundaries: connectors → matching → classifiers → clauses → storage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "CATEGORIES",
    "STATUSES",
    "Assessment",
    "Batch",
    "Category",
    "Post",
    "Role",
    "SourceResult",
    "Status",
    "Target",
    "utc_now",
]

Category = Literal["derogatory", "defamatory", "threatening", "discriminatory", "offensive", "confidential"]
CATEGORIES: tuple[Category, ...] = (
    "derogatory", "defamatory", "threatening", "discriminatory", "offensive", "confidential",
)
Role = Literal["staff", "governor", "pupil", "parent"]
Status = Literal["needs-review", "confirmed", "false-positive", "no-action", "escalated"]
STATUSES: tuple[Status, ...] = ("needs-review", "confirmed", "false-positive", "no-action", "escalated")

# Hostile or runaway input is cut here; the evidence record keeps what was stored.
MAX_TEXT_CHARS = 20_000


class Post(BaseModel):
    """One public post as every connector returns it (the post-file contract of SPEC §4)."""

    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    platform: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_-]+$")
    id: str = Field(min_length=1, max_length=500)
    url: str = Field(default="", max_length=2_000)
    author: str = Field(default="", max_length=300)
    created_at: AwareDatetime
    text: str = Field(max_length=10 * MAX_TEXT_CHARS)
    title: str | None = Field(default=None, max_length=2_000)
    parent_id: str | None = Field(default=None, max_length=500)

    @field_validator("text")
    @classmethod
    def _cap_text(cls, value: str) -> str:
        return value[:MAX_TEXT_CHARS]

    @property
    def full_text(self) -> str:
        """Title and body together: what matching and scoring read."""
        return f"{self.title}\n{self.text}" if self.title else self.text


@dataclass(frozen=True)
class Batch:
    """What one source gave in one run, and where to resume next time."""

    posts: list[Post]
    next_cursor: str | None = None


@dataclass(frozen=True)
class Target:
    """Who or what a post is about: a profile person, the school itself or its council."""

    name: str
    role: str  # staff | governor | pupil | parent | school | council


@dataclass(frozen=True)
class Assessment:
    """What the clause rules made of one post's scores: the clauses it may breach and why."""

    clauses: list[str]
    categories: dict[str, float]
    fired: list[str]
    severity: Literal["urgent", "high", "medium", "low"]
    rationale: str
    # Fired categories whose scores came only from scorers that do not read the post's language, and that
    # language: the report says "a guess" beside those scores.
    guessed: list[str] = field(default_factory=list)
    language: str | None = None


@dataclass
class SourceResult:
    """One source's part of a run, for the run record and the report."""

    source: str
    fetched: int = 0
    kept: int = 0
    new: int = 0
    cursor: str | None = None
    cursor_reached: str | None = None  # the newest post time the cursor holds, for people to read
    error: str | None = None
    skipped: str | None = None
    findings: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the source ran without error (skipped counts as ok)."""
        return self.error is None

    def summary_line(self) -> str:
        """One line a person can read: how the source went."""
        if self.skipped:
            return f"{self.source}: skipped ({self.skipped})"
        if self.error:
            return f"{self.source}: FAILED ({self.error})"
        reached = f", cursor at {self.cursor_reached}" if self.cursor_reached else ""
        return (
            f"{self.source}: {self.fetched} fetched, {self.kept} kept, {self.new} new, "
            f"{self.findings} new findings{reached}"
        )


def utc_now() -> datetime:
    """Aware current time in UTC (one place, so tests can move the clock)."""
    return datetime.now(UTC)
