"""Findings as people and programs see them: the SPEC §4 findings JSON, one builder for every output."""

from __future__ import annotations

from typing import Any

from clausewatch.clauses import severity_rank
from clausewatch.pseudonyms import Pseudonymiser
from clausewatch.storage.models import Finding, StoredPost

__all__ = ["finding_view", "post_view", "sort_views"]


def _post_fields(post: StoredPost, pseudonym: Pseudonymiser) -> dict[str, Any]:
    return {
        "platform": post.platform,
        "post_id": post.post_id,
        "url": post.url,
        "created_at": post.created_at.isoformat(),
        "author": post.author if post.author_is_staff else pseudonym(post.platform, post.author),
        "author_is_staff": post.author_is_staff,
        "title": post.title,
        "text": post.text,
        "targets": post.targets,
    }


def finding_view(finding: Finding, post: StoredPost, pseudonym: Pseudonymiser) -> dict[str, Any]:
    """One finding with its post, authors pseudonymised unless declared staff."""
    return {
        "finding_id": finding.id,
        **_post_fields(post, pseudonym),
        "clauses": finding.clauses,
        "categories": {k: round(float(v), 4) for k, v in finding.categories.items()},
        "severity": finding.severity,
        "status": finding.status,
        "rationale": finding.rationale,
        "model": finding.model,
        "guessed": finding.guessed or [],
        "language": finding.language,
    }


def post_view(post: StoredPost, scored: dict[str, Any], pseudonym: Pseudonymiser) -> dict[str, Any]:
    """A kept post that raised no clause, with its scores (``findings --all``)."""
    return {
        "finding_id": None,
        **_post_fields(post, pseudonym),
        "clauses": [],
        "categories": {k: round(float(v), 4) for k, v in scored["categories"].items()},
        "severity": None,
        "status": "no-finding",
        "rationale": "No category reached its review threshold.",
        "model": ", ".join(scored["model"]),
        "guessed": [],
        "language": None,
    }


def sort_views(views: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Most serious first, then newest."""
    views = sorted(views, key=lambda v: v["created_at"], reverse=True)
    return sorted(views, key=lambda v: severity_rank(v["severity"] or ""))
