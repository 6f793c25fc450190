"""``clausewatch evaluate``: precision and recall per category on a labelled post file, no database.

A labelled file is a post file (SPEC §4) whose rows also carry labels, in either of two shapes:
``"expected": {"kept": bool, "categories": [...], "kind": "praise"}`` (our sample feeds) or top-level
``"category"`` (a word, a list, or "none") and ``"clauses"``. Each post goes through the same steps as a night:
matching, the profile's scorers (highest score per category across them) and the clause rules. A category
counts as flagged when the clause rules raise a finding with it among the fired categories; a clause, when the
finding names it. Where a row carries no ``clauses``, the expected ones come from its categories and the targets
matching found, by the same rule the night uses. A finding on a post with no category is a false alarm.

Recall in context (``in_context``) reads each labelled post again after one of the file's neutral posts: a clear
threat after a line about the PTA quiz is still a threat, and a model whose recall falls there lets a friendly
neighbour (a long post, a thread read as one text) talk abuse down.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from classifiers.base import Scorer
from classifiers.explain import ToAssess, assess_all
from classifiers.language import Languages
from clausewatch.clauses import CLAUSES, SEVERITIES, clauses_for
from clausewatch.errors import PostFileError
from clausewatch.matching import Matcher
from clausewatch.profile import Profile
from clausewatch.records import CATEGORIES, Assessment, Post

__all__ = ["HARD_NEGATIVE_KINDS", "Evaluation", "Labelled", "evaluate", "in_context", "read_labelled", "render"]

# Posts that look like abuse to a careless model but are not (SPEC §5): the share flagged must stay low.
HARD_NEGATIVE_KINDS = {
    "praise", "legitimate_criticism", "counter_speech", "quotation", "self_deprecation", "reclaimed",
    "homonym", "hospital", "rugby_club", "football_club", "church", "other_place",
}


@dataclass(frozen=True)
class Labelled:
    """One labelled post: what it should be kept as and which categories it carries."""

    line: int
    post: Post
    categories: frozenset[str]
    kind: str | None
    kept: bool | None
    clauses: frozenset[str] | None = None  # None when the row does not say


@dataclass
class Outcome:
    """What the pipeline made of one labelled post."""

    item: Labelled
    kept: bool
    flagged: frozenset[str]
    scores: dict[str, float]
    reasons: list[str] = field(default_factory=list)
    assessment: Assessment | None = None
    expected_clauses: frozenset[str] = frozenset()

    @property
    def clauses(self) -> frozenset[str]:
        """The clauses the finding names (none without a finding)."""
        return frozenset(self.assessment.clauses) if self.assessment else frozenset()


@dataclass
class Evaluation:
    """Every outcome, with the numbers derived from them."""

    outcomes: list[Outcome]
    scorers: list[str]

    def counts(self, category: str) -> tuple[int, int, int]:
        """(labelled, flagged, both) for one category."""
        labelled = sum(category in o.item.categories for o in self.outcomes)
        flagged = sum(category in o.flagged for o in self.outcomes)
        both = sum(category in o.item.categories and category in o.flagged for o in self.outcomes)
        return labelled, flagged, both

    def clause_counts(self, clause: str) -> tuple[int, int, int]:
        """(expected, flagged, both) for one clause."""
        expected = sum(clause in o.expected_clauses for o in self.outcomes)
        flagged = sum(clause in o.clauses for o in self.outcomes)
        both = sum(clause in o.expected_clauses and clause in o.clauses for o in self.outcomes)
        return expected, flagged, both

    def severities(self) -> dict[str, tuple[int, int]]:
        """Per severity, (findings on labelled posts, false alarms: findings on posts with no category)."""
        found: dict[str, tuple[int, int]] = {s: (0, 0) for s in SEVERITIES}
        for outcome in self.outcomes:
            if outcome.assessment:
                right, wrong = found[outcome.assessment.severity]
                labelled = bool(outcome.item.categories)
                found[outcome.assessment.severity] = (right + labelled, wrong + (not labelled))
        return found

    @property
    def hard_negatives(self) -> tuple[int, int]:
        """(flagged, total) over the hard negatives."""
        per_kind = self.hard_negatives_by_kind().values()
        return sum(flagged for flagged, _ in per_kind), sum(total for _, total in per_kind)

    def hard_negatives_by_kind(self) -> dict[str, tuple[int, int]]:
        """Per kind of hard negative present, (flagged, total): which kind of innocent post the models trip on."""
        found: dict[str, tuple[int, int]] = {}
        for o in self.outcomes:
            if not o.item.categories and o.item.kind in HARD_NEGATIVE_KINDS:
                flagged, total = found.get(o.item.kind, (0, 0))
                found[o.item.kind] = (flagged + bool(o.flagged), total + 1)
        return dict(sorted(found.items()))


def _labels(row: dict[str, Any]) -> tuple[list[str], str | None, bool | None, frozenset[str] | None]:
    expected = row.get("expected")
    if isinstance(expected, dict):
        clauses = expected.get("clauses")
        return (list(expected.get("categories") or []), expected.get("kind"), expected.get("kept"),
                None if clauses is None else frozenset(map(str, clauses)))
    raw = row.get("category") or []
    categories = [raw] if isinstance(raw, str) else list(raw)
    clauses = row.get("clauses")
    return ([c for c in categories if c != "none"], row.get("kind"), row.get("kept"),
            None if clauses is None else frozenset(map(str, clauses)))


def read_labelled(path: Path) -> list[Labelled]:
    """The labelled rows, or a PostFileError naming the first bad line and field."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise PostFileError(path, None, None, f"cannot be read: {exc.strerror or exc}") from None
    items = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            post = Post.model_validate(row)
        except json.JSONDecodeError as exc:
            raise PostFileError(path, number, None, f"not valid JSON ({exc.msg})") from None
        except ValidationError as exc:
            error = exc.errors()[0]
            raise PostFileError(path, number, ".".join(map(str, error["loc"])) or None, error["msg"]) from None
        categories, kind, kept, clauses = _labels(row)
        if unknown := [c for c in categories if c not in CATEGORIES]:
            raise PostFileError(path, number, "category", f"unknown category {unknown[0]!r}; known: "
                                + ", ".join(CATEGORIES))
        if clauses and (odd := sorted(clauses - set(CLAUSES))):
            raise PostFileError(path, number, "clauses", f"unknown clause {odd[0]!r}; known: " + ", ".join(CLAUSES))
        items.append(Labelled(number, post, frozenset(categories), kind, kept, clauses))
    return items


def in_context(items: Sequence[Labelled]) -> list[Labelled]:
    """Each labelled post again, its text after one of the file's neutral posts (seeded: the same every run)."""
    neutral = [item.post.full_text for item in items if not item.categories and item.kind == "neutral"]
    if not neutral:
        return []
    rng = random.Random(len(items))
    return [replace(item, post=item.post.model_copy(update={"text": f"{rng.choice(neutral)}\n\n{item.post.text}"}))
            for item in items if item.categories]


def evaluate(items: Sequence[Labelled], profile: Profile, scorers: Sequence[Scorer]) -> Evaluation:
    """Match, score and assess every labelled post as a night would (the same assessment path as the flow)."""
    matcher = Matcher(profile)
    matches = [matcher.match(item.post) for item in items]
    kept = {i: match for i, match in enumerate(matches) if match is not None}
    texts = [matcher.scrub(items[i].post.full_text) for i in kept]
    per_scorer: dict[int, dict[str, dict[str, float]]] = {i: {} for i in kept}
    for scorer in scorers:
        for i, row in zip(kept, scorer.score(texts), strict=True):
            per_scorer[i][scorer.name] = row
    languages = Languages.of_school(profile)
    todo = [ToAssess.read(text, per_scorer[i], match.targets, match.author_is_staff, scorers, languages)
            for (i, match), text in zip(kept.items(), texts, strict=True)]
    merged = {i: item.scores for i, item in zip(kept, todo, strict=True)}
    assessed = dict(zip(kept, assess_all(todo, profile, scorers), strict=True))
    outcomes = []
    for i, item in enumerate(items):
        targets = kept[i].targets if i in kept else []
        expected = item.clauses if item.clauses is not None else frozenset(clauses_for(sorted(item.categories),
                                                                                         targets))
        if i not in kept:
            outcomes.append(Outcome(item, False, frozenset(), {}, expected_clauses=expected))
            continue
        assessment = assessed[i]
        flagged = frozenset(assessment.fired) if assessment else frozenset()
        outcomes.append(Outcome(item, True, flagged, merged[i], _reasons(item, flagged, scorers), assessment,
                                expected))
    return Evaluation(outcomes, [s.label for s in scorers])


def _reasons(item: Labelled, flagged: frozenset[str], scorers: Sequence[Scorer]) -> list[str]:
    """The confidential detector's rule labels, when it took part in a miss or false alarm."""
    if "confidential" not in item.categories ^ flagged:
        return []
    explain = next((s.explain for s in scorers if hasattr(s, "explain")), None)
    return explain(item.post.full_text)[1][:2] if explain else []


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "  - "


def _describe(outcome: Outcome, categories: frozenset[str], profile: Profile, show_text: bool) -> str:
    post = outcome.item.post
    if not outcome.kept:
        detail = "not kept by matching"
    else:
        detail = ", ".join(f"{c} {outcome.scores.get(c, 0.0):.2f} (review {profile.threshold(c).review})"
                           for c in sorted(categories))
    reasons = f" [{'; '.join(outcome.reasons)}]" if outcome.reasons else ""
    text = f"  “{post.full_text[:70]}…”" if show_text else ""
    where = f"line {outcome.item.line} {post.platform}:{post.id[-24:]} ({outcome.item.kind or '-'})"
    return f"  {where}: {detail}{reasons}{text}"


def _context_table(result: Evaluation, context: Evaluation) -> list[str]:
    lines = ["", "recall in context (each labelled post after one of the file's neutral posts):",
             f"{'category':<15}{'labelled':>9}{'alone':>9}{'in context':>12}"]
    for category in CATEGORIES:
        labelled, _, alone = result.counts(category)
        _, _, beside = context.counts(category)
        if labelled:
            lines.append(f"{category:<15}{labelled:>9}{_ratio(alone, labelled):>9}{_ratio(beside, labelled):>12}")
    return lines if context.outcomes else [*lines[:2], "  not measured: the file has no neutral posts"]


def render(result: Evaluation, profile: Profile, show_text: bool = False, summary: bool = False,
           context: Evaluation | None = None) -> str:
    """The evaluation as plain text: a table per category, the hard-negative share, recall in context when
    given, misses and false alarms (with ``summary``, only how many of each)."""
    kept_wrong = sum(o.item.kept is not None and o.item.kept != o.kept for o in result.outcomes)
    lines = [f"{profile.school.name}: {len(result.outcomes)} labelled posts, "
             f"{sum(o.kept for o in result.outcomes)} kept ({kept_wrong} against their label)",
             f"scorers: {', '.join(result.scorers)}", "",
             f"{'category':<15}{'labelled':>9}{'flagged':>9}{'correct':>9}{'precision':>11}{'recall':>8}"]
    for category in CATEGORIES:
        labelled, flagged, both = result.counts(category)
        lines.append(f"{category:<15}{labelled:>9}{flagged:>9}{both:>9}{_ratio(both, flagged):>11}"
                     f"{_ratio(both, labelled):>8}")
    lines += ["", f"{'clause':<15}{'expected':>9}{'flagged':>9}{'correct':>9}{'precision':>11}{'recall':>8}"]
    for clause in CLAUSES:
        expected, flagged, both = result.clause_counts(clause)
        lines.append(f"{'clause ' + clause:<15}{expected:>9}{flagged:>9}{both:>9}{_ratio(both, flagged):>11}"
                     f"{_ratio(both, expected):>8}")
    lines += ["", f"{'severity':<15}{'findings':>9}{'labelled':>9}{'false alarms':>14}"]
    lines += [f"{severity:<15}{right + wrong:>9}{right:>9}{wrong:>14}" for severity, (right, wrong)
              in result.severities().items()]
    hard_flagged, hard = result.hard_negatives
    lines += ["", f"hard negatives flagged: {hard_flagged} of {hard} ({_ratio(hard_flagged, hard)})"]
    lines += [f"  {kind:<22}{flagged:>4} of {total}" for kind, (flagged, total)
              in result.hard_negatives_by_kind().items()]
    if context is not None:
        lines += _context_table(result, context)
    misses = [o for o in result.outcomes if o.item.categories - o.flagged]
    alarms = [o for o in result.outcomes if o.flagged - o.item.categories]
    if summary:
        return "\n".join([*lines, "", f"misses: {len(misses)} posts", f"false alarms: {len(alarms)} posts"])
    lines += ["", "misses:"]
    lines += [_describe(o, o.item.categories - o.flagged, profile, show_text) for o in misses] or ["  none"]
    lines += ["", "false alarms:"]
    lines += [_describe(o, o.flagged - o.item.categories, profile, show_text) for o in alarms] or ["  none"]
    return "\n".join(lines)
