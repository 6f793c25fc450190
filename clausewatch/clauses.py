"""The policy's clauses and the rules that map category scores and targets to them (SPEC §5).

The rules only choose what a person reads; every clause here is "may apply", never a finding of fact.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from clausewatch.profile import Profile
from clausewatch.records import Assessment, Target

if TYPE_CHECKING:
    from classifiers.language import Unread

__all__ = ["CLAUSES", "SEVERITIES", "Clause", "assess", "clauses_for", "describe_score", "guess_note",
           "scores_in_words", "severity_rank"]


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
SEVERITIES = ("urgent", "high", "medium", "low")


def describe_score(category: str, score: float) -> str:
    """A score in plain words, for people who should not have to read decimals."""
    if score >= 0.9:
        return f"very likely {category}"
    if score >= 0.7:
        return f"likely {category}"
    if score >= 0.5:
        return f"possibly {category}"
    return f"unlikely to be {category}"


def guess_note(language: str | None) -> str:
    """What every page says beside a score from a model that does not read the post's language."""
    return f"a guess: written in {language}" if language else "a guess"


def scores_in_words(categories: Mapping[str, float], guessed: Collection[str] = (),
                    language: str | None = None) -> list[str]:
    """Each score in words and figures, strongest first; a guess says so, so that nobody reads it as a reading."""
    ordered = sorted(categories.items(), key=lambda kv: float(kv[1]), reverse=True)
    note = f", {guess_note(language)}"
    return [f"{describe_score(c, float(s))} ({float(s):.2f}{note if c in guessed else ''})" for c, s in ordered]


def clauses_for(fired: list[str], targets: list[Target]) -> list[str]:
    """The clauses that categories about these targets may breach (evaluation derives expected clauses here)."""
    roles = {t.role for t in targets}
    clauses = []
    if "confidential" in fired:
        clauses.append("3")
    if any(c in _CLAUSE_4_CATEGORIES for c in fired) and (roles & _CLAUSE_4_ROLES or "offensive" in fired):
        clauses.append("4")
    if any(c in _CLAUSE_11_CATEGORIES for c in fired):
        clauses.append("11")
    return clauses


def _severity(fired: list[str], priority: list[str], targets: list[Target], guessed_priority: list[str]) -> str:
    """What a headteacher should read first, from the review and priority bands.

    urgent: a threat above its priority band (it also goes out at once as an alert); a threat above it only
    by the guess of a model that does not read the post's language (``guessed_priority``) is high: read first thing,
    with no alert, since such guesses were mostly wrong.
    high: a gross-misconduct (clause 11) or confidential (clause 3) category above its priority band, or any
    category about a named pupil (children first: safeguarding).
    medium: any other clause 11 or 3 category above review, or offensive above its priority band.
    low: the rest (offensive only: clause 4, disrepute).
    """
    if "threatening" in priority:
        return "urgent"
    serious = _CLAUSE_11_CATEGORIES | {"confidential"}
    if serious & set(priority) or "threatening" in guessed_priority or any(t.role == "pupil" for t in targets):
        return "high"
    if serious & set(fired) or priority:
        return "medium"
    return "low"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _about(targets: list[Target]) -> str:
    # People before the school itself; three names are enough for one sentence.
    ordered = sorted(targets, key=lambda t: t.role in ("school", "council"))
    names = [f"{t.name} ({t.role})" for t in ordered[:3]]
    if len(ordered) > 3:
        names.append(f"{len(ordered) - 3} more")
    return _join(names) if names else "the school community"


def _carried_by(fired: list[str], carried: Mapping[str, str]) -> str:
    by_words: dict[str, list[str]] = {}
    for category in fired:
        if carried.get(category):
            by_words.setdefault(carried[category], []).append(category)
    if len(by_words) <= 1:
        return "".join(f", carried by {words}" for words in by_words)
    return ", carried by " + _join([f"{words} ({', '.join(cats)})" for words, cats in by_words.items()])


def _rationale(fired: list[str], scores: dict[str, float], targets: list[Target], clauses: list[str],
               author_is_staff: bool, carried: Mapping[str, str], guessed: list[str], language: str | None) -> str:
    """One sentence: how likely, which category, about whom, carried by which words, which clauses."""
    strongest = sorted(fired, key=lambda c: -scores[c])
    # A fired category is at least "possibly", even under a review band set below 0.5 (threatening).
    what = _join([describe_score(c, max(scores[c], 0.5)) for c in strongest])
    staff = "; posted from a declared staff account" if author_is_staff else ""
    guesses = [c for c in strongest if c in guessed]
    unread = (f"; written in {language}, which the models do not read: the {_join(guesses)} "
              f"{'score is a guess' if len(guesses) == 1 else 'scores are guesses'}" if guesses else "")
    which = "clause " if len(clauses) == 1 else "clauses "
    return (f"{what[0].upper()}{what[1:]} about {_about(targets)}{_carried_by(strongest, carried)}{staff}"
            f"{unread}; {which}{' and '.join(clauses)} may apply; a person decides.")


def assess(scores: dict[str, float], targets: list[Target], profile: Profile, author_is_staff: bool = False,
           carried: Mapping[str, str] | None = None, unread: Unread | None = None) -> Assessment | None:
    """Map one post's category scores to clauses, or None when no category reaches its review band.

    ``carried`` maps a fired category to the words that carried it, as the rationale shows them (quoted
    post words or a rule's description; classifiers/explain.py finds them). ``unread``: the post is in a
    language some scorers do not read; only the scores of those that do can put it above medium.
    """
    fired = [c for c, s in scores.items() if s >= profile.threshold(c).review]
    clauses = clauses_for(fired, targets)
    if not clauses:
        return None
    read = unread.scores if unread else scores
    priority = [c for c in fired if read.get(c, 0.0) >= profile.threshold(c).priority]
    guessed_priority = [c for c in fired if c not in priority and scores[c] >= profile.threshold(c).priority]
    guessed = [c for c in fired if unread and unread.scores.get(c, 0.0) < scores[c]]
    language = unread.language if guessed and unread else None
    return Assessment(
        clauses=clauses,
        categories=dict(scores),
        fired=fired,
        severity=_severity(fired, priority, targets, guessed_priority),  # type: ignore[arg-type]
        rationale=_rationale(fired, scores, targets, clauses, author_is_staff, carried or {}, guessed, language),
        guessed=guessed,
        language=language,
    )


def severity_rank(severity: str) -> int:
    """Sort key: urgent first."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)
