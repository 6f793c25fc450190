"""Calibration: precision per category from reviewer marks, and proposed review thresholds."""

from __future__ import annotations

from clausewatch.profile import load_profile
from clausewatch.storage.models import Finding
from review.calibration import calibrate, render, toml_snippet


def _finding(status: str, **scores: float) -> Finding:
    return Finding(status=status, fired=list(scores), categories=scores)


def test_precision_counts_confirmed_and_escalated_as_right_and_leaves_no_action_out() -> None:
    marks = [_finding("confirmed", derogatory=0.9), _finding("escalated", derogatory=0.8),
             _finding("false-positive", derogatory=0.6), _finding("no-action", derogatory=0.7),
             _finding("needs-review", derogatory=0.99)]
    [row] = [r for r in calibrate(marks, load_profile(), min_marks=1) if r.category == "derogatory"]
    assert (row.confirmed, row.false_positive, row.marked) == (2, 1, 3)
    assert abs((row.precision or 0) - 2 / 3) < 1e-9


def test_proposes_the_lowest_threshold_that_reaches_the_target() -> None:
    marks = [_finding("false-positive", threatening=s) for s in (0.41, 0.45, 0.5)]
    marks += [_finding("confirmed", threatening=s) for s in (0.62, 0.7, 0.8, 0.95)]
    profile = load_profile()
    rows = calibrate(marks, profile, target=0.9, min_marks=5)
    [row] = [r for r in rows if r.category == "threatening"]
    assert row.review == 0.4 and row.proposed == 0.62 and "raise review to 0.62" in row.advice
    assert "threatening = { review = 0.62, priority = 0.70 }" in toml_snippet(rows, profile)
    assert "threatening" in render(rows, 0.9)


def test_too_few_marks_or_a_hopeless_scorer_propose_nothing() -> None:
    profile = load_profile()
    few = calibrate([_finding("false-positive", offensive=0.9)], profile, min_marks=5)
    hopeless = calibrate([_finding("false-positive", offensive=0.9 + i / 100) for i in range(6)], profile)
    assert [r.proposed for r in few if r.category == "offensive"] == [None]
    assert "needs work" in next(r.advice for r in hopeless if r.category == "offensive")
    assert toml_snippet(few, profile) == "" and toml_snippet(hopeless, profile) == ""
