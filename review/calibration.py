"""Thresholds from reviewer marks: per category, how often a flag was right, and where to set the bar.

Confirmed and escalated findings count as right, false positives as wrong; "no action" says nothing about
the model and is left out. A proposal is only a proposal: a person copies it into the profile.

Priority bands come the same way from a labelled post file (``clausewatch calibrate --labels FILE``): a post's
labels stand in for a reviewer's marks, and the band is the lowest score whose flags reach a higher precision,
so what sits above it is what a headteacher should read first.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from clausewatch.profile import Profile
from clausewatch.records import CATEGORIES
from clausewatch.storage.models import Finding

__all__ = ["CategoryCalibration", "PriorityBand", "bands_snippet", "calibrate", "label_marks", "priority_bands",
           "render", "render_bands", "toml_snippet"]

_RIGHT = {"confirmed", "escalated"}
_WRONG = {"false-positive"}


@dataclass(frozen=True)
class CategoryCalibration:
    """One category's marks, precision and proposed review threshold."""

    category: str
    confirmed: int
    false_positive: int
    review: float
    proposed: float | None
    advice: str

    @property
    def marked(self) -> int:
        """Findings of this category a person marked right or wrong."""
        return self.confirmed + self.false_positive

    @property
    def precision(self) -> float | None:
        """Share of this category's flags that people confirmed."""
        return self.confirmed / self.marked if self.marked else None


def _floor2(value: float) -> float:
    return math.floor(value * 100) / 100


def _propose(marks: list[tuple[float, bool]], review: float, target: float) -> float | None:
    """The lowest threshold at or above today's whose flags reach the target precision."""
    for cut in sorted({score for score, _ in marks if score >= review}):
        kept = [right for score, right in marks if score >= cut]
        if kept and sum(kept) / len(kept) >= target:
            return max(review, _floor2(cut))
    return None


def _one(category: str, marks: list[tuple[float, bool]], review: float, target: float,
         min_marks: int) -> CategoryCalibration:
    right = sum(1 for _, ok in marks if ok)
    wrong = len(marks) - right
    if len(marks) < min_marks:
        return CategoryCalibration(category, right, wrong, review, None,
                                   f"too few marks (need {min_marks}); keep {review:.2f}")
    if right / len(marks) >= target:
        return CategoryCalibration(category, right, wrong, review, review, f"meets the target; keep {review:.2f}")
    proposed = _propose(marks, review, target)
    if proposed is None:
        return CategoryCalibration(category, right, wrong, review, None,
                                   "no threshold reaches the target; the scorer needs work, not a new bar")
    return CategoryCalibration(category, right, wrong, review, proposed, f"raise review to {proposed:.2f}")


def calibrate(findings: Iterable[Finding], profile: Profile, *, target: float = 0.8,
              min_marks: int = 5) -> list[CategoryCalibration]:
    """Per category, the marks on findings where it fired, and a proposed review threshold."""
    marks: dict[str, list[tuple[float, bool]]] = {c: [] for c in CATEGORIES}
    for finding in findings:
        if finding.status not in _RIGHT | _WRONG:
            continue
        for category in finding.fired:
            score = float(finding.categories.get(category, 0.0))
            marks.setdefault(category, []).append((score, finding.status in _RIGHT))
    return [_one(c, m, profile.threshold(c).review, target, min_marks) for c, m in marks.items()]


def render(rows: list[CategoryCalibration], target: float) -> str:
    """A plain table for a terminal."""
    lines = [f"Target precision {target:.2f}. Confirmed and escalated count as right; no-action is left out.",
             f"{'CATEGORY':15}  {'MARKED':>6}  {'RIGHT':>5}  {'FALSE+':>6}  {'PRECISION':>9}  {'REVIEW':>6}  ADVICE"]
    for row in rows:
        precision = f"{row.precision:.2f}" if row.precision is not None else "-"
        lines.append(f"{row.category:15}  {row.marked:>6}  {row.confirmed:>5}  {row.false_positive:>6}  "
                     f"{precision:>9}  {row.review:>6.2f}  {row.advice}")
    return "\n".join(lines)


def toml_snippet(rows: list[CategoryCalibration], profile: Profile) -> str:
    """The ``[thresholds]`` lines to paste into the profile for the categories that should change."""
    changed = [r for r in rows if r.proposed is not None and r.proposed != r.review]
    if not changed:
        return ""
    lines = ["[thresholds]"]
    for row in changed:
        priority = max(row.proposed or 0.0, profile.threshold(row.category).priority)
        lines.append(f"{row.category} = {{ review = {row.proposed:.2f}, priority = {priority:.2f} }}")
    return "\n".join(lines)


@dataclass(frozen=True)
class PriorityBand:
    """One category's priority band from a labelled post file: where the top of the report should start."""

    category: str
    review: float
    priority: float
    proposed: float | None
    right_above: int  # labelled with the category, flagged, scoring at or above the proposed band
    wrong_above: int  # flagged with the category but not labelled with it, at or above the proposed band
    right_flagged: int  # labelled and flagged at all (at or above review)
    advice: str


def label_marks(outcomes: Iterable[tuple[dict[str, float], frozenset[str], frozenset[str]]]
                ) -> dict[str, list[tuple[float, bool]]]:
    """Per category, (score, labelled with it) for each post flagged with it: labels stand in for reviewer marks.

    ``outcomes`` are (scores, labelled categories, flagged categories) per post, as ``clausewatch evaluate`` has them.
    """
    marks: dict[str, list[tuple[float, bool]]] = {c: [] for c in CATEGORIES}
    for scores, labelled, flagged in outcomes:
        for category in flagged:
            marks.setdefault(category, []).append((float(scores.get(category, 0.0)), category in labelled))
    return marks


def _band(category: str, marks: list[tuple[float, bool]], profile: Profile, target: float,
          min_marks: int) -> PriorityBand:
    current = profile.threshold(category)
    right = sum(ok for _, ok in marks)
    if right < min_marks:
        return PriorityBand(category, current.review, current.priority, None, 0, 0, right,
                            f"too few labelled posts flagged (need {min_marks}); keep {current.priority:.2f}")
    proposed = _lowest_band(marks, current.review, target)
    # No band reaches the target: this category alone never puts a post at the top.
    cut = 1.0 if proposed is None else proposed
    above = [ok for score, ok in marks if score >= cut]
    advice = (f"no band reaches {target:.2f} precision: set 1.00" if proposed is None
              else f"{sum(above)} of {right} right flags and {len(above) - sum(above)} false alarms at or above")
    return PriorityBand(category, current.review, current.priority, cut, sum(above), len(above) - sum(above),
                        right, advice)


def _lowest_band(marks: list[tuple[float, bool]], review: float, target: float) -> float | None:
    """The lowest two-decimal cut at or above review whose flags at or above it reach the target precision."""
    for cut in sorted({max(review, _floor2(score)) for score, _ in marks if score >= review}):
        above = [right for score, right in marks if score >= cut]
        if sum(above) / len(above) >= target:
            return cut
    return None


def priority_bands(marks: dict[str, list[tuple[float, bool]]], profile: Profile, *, target: float = 0.8,
                   min_marks: int = 5) -> list[PriorityBand]:
    """Per category, the lowest priority band at or above review whose flags reach ``target`` precision."""
    return [_band(category, found, profile, target, min_marks) for category, found in marks.items()]


def render_bands(rows: list[PriorityBand], target: float) -> str:
    """A plain table: each band with the right flags and false alarms above it."""
    lines = [f"Priority bands from labels: the lowest score at or above review whose flags reach {target:.2f} "
             "precision.",
             f"{'CATEGORY':15}  {'REVIEW':>6}  {'NOW':>5}  {'PROPOSED':>8}  {'RIGHT≥':>6}  {'FALSE≥':>6}  "
             f"{'FLAGGED':>7}  ADVICE"]
    for row in rows:
        proposed = f"{row.proposed:.2f}" if row.proposed is not None else "-"
        lines.append(f"{row.category:15}  {row.review:>6.2f}  {row.priority:>5.2f}  {proposed:>8}  "
                     f"{row.right_above:>6}  {row.wrong_above:>6}  {row.right_flagged:>7}  {row.advice}")
    return "\n".join(lines)


def bands_snippet(rows: list[PriorityBand]) -> str:
    """The ``[thresholds]`` lines to paste into the profile for the priority bands that should change."""
    changed = [r for r in rows if r.proposed is not None and r.proposed != r.priority]
    if not changed:
        return ""
    return "\n".join(["[thresholds]", *(f"{r.category} = {{ review = {r.review:.2f}, priority = {r.proposed:.2f} }}"
                                        for r in changed)])
