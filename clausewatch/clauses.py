"""The policy's clauses and the rules that map category scores and targets to them (SPEC §5).

The rules only choose what a person reads; every clause here is "may apply", never a finding of fact.
"""

from __future__ import annotations

from dataclasses import dataclass

from clausewatch.profile import Profile
from clausewatch.records import Assessment, Target

__all__ = ["CLAUSES", "Clause", "assess", "describe_score", "severity_rank"]


@dataclass(frozen=True)
class Clause:
    """One clause of the Internet and Social Networking Policy."""

    id: str
    title: str
    summary: str


CLAUSES: dict[str, Clause] = {
    "3": Clause(
        "3", "Confidential information",
        "Employees must not post information which is confidential to the Council, School, staff, "
        "pupils, governors, parents, or anyone connected with the school.",
    ),
    "4": Clause(
        "4", "Derogatory, defamatory, discriminatory, threatening or offensive postings",
        "Employees must not post entries which are derogatory, defamatory, discriminatory, threatening "
        "or offensive about the School, staff or pupils, or which could bring the School or Council "
        "into disrepute.",
    ),
    "11": Clause(
        "11", "Gross misconduct",
        "Postings that are defamatory, derogatory, threatening or discriminatory about the council, "
        "school, its employees, pupils, governors, parents or anyone connected with the school will be "
        "investigated as gross misconduct.",
    ),
}

# Clause 4 names the School, staff and pupils (and disrepute); clause 11 anyone connected with the school.
_CLAUSE_4_ROLES = {"school", "staff", "pupil"}
_CLAUSE_11_CATEGORIES = {"derogatory", "defamatory", "threatening", "discriminatory"}
_CLAUSE_4_CATEGORIES = _CLAUSE_11_CATEGORIES | {"offensive"}
_ORDER = ("urgent", "high", "medium", "low")


def describe_score(category: str, score: float) -> str:
    """A score in plain words, for people who should not have to read decimals."""
    if score >= 0.9:
        return f"very likely {category}"
    if score >= 0.7:
        return f"likely {category}"
    if score >= 0.5:
        return f"possibly {category}"
    return f"unlikely to be {category}"


def _clauses(fired: list[str], targets: list[Target]) -> list[str]:
    roles = {t.role for t in targets}
    clauses = []
    if "confidential" in fired:
        clauses.append("3")
    if any(c in _CLAUSE_4_CATEGORIES for c in fired) and (roles & _CLAUSE_4_ROLES or "offensive" in fired):
        clauses.append("4")
    if any(c in _CLAUSE_11_CATEGORIES for c in fired):
        clauses.append("11")
    return clauses


def _severity(fired: list[str], priority: list[str], targets: list[Target]) -> str:
    if "threatening" in priority:
        return "urgent"
    pupil_named = any(t.role == "pupil" for t in targets)
    if priority or "threatening" in fired or (pupil_named and fired):
        return "high"
    if any(c in _CLAUSE_11_CATEGORIES or c == "confidential" for c in fired):
        return "medium"
    return "low"


def _rationale(fired: list[str], scores: dict[str, float], targets: list[Target], clauses: list[str],
               author_is_staff: bool) -> str:
    about = ", ".join(f"{t.name} ({t.role})" for t in targets)
    words = "; ".join(f"{describe_score(c, scores[c])} ({scores[c]:.2f})" for c in fired)
    author = "a declared staff account" if author_is_staff else "an author who is not a declared staff account"
    return (f"About {about}. Scores: {words}. Posted by {author}. Clause "
            + " and ".join(clauses) + " may apply; a person decides.")


def assess(scores: dict[str, float], targets: list[Target], profile: Profile,
           author_is_staff: bool = False) -> Assessment | None:
    """Map one post's category scores to clauses, or None when no category reaches its review band."""
    fired = [c for c, s in scores.items() if s >= profile.threshold(c).review]
    clauses = _clauses(fired, targets)
    if not clauses:
        return None
    priority = [c for c in fired if scores[c] >= profile.threshold(c).priority]
    return Assessment(
        clauses=clauses,
        categories=dict(scores),
        fired=fired,
        severity=_severity(fired, priority, targets),  # type: ignore[arg-type]
        rationale=_rationale(fired, scores, targets, clauses, author_is_staff),
    )


def severity_rank(severity: str) -> int:
    """Sort key: urgent first."""
    return _ORDER.index(severity) if severity in _ORDER else len(_ORDER)
