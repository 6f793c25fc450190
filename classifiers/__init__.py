"""Classifiers: scorers that turn text into category scores (0..1). They know nothing of platforms."""

from __future__ import annotations

from classifiers.base import CategoryScores, Scorer, ScorerUnavailable
from classifiers.registry import SCORERS, load_available, load_scorers

__all__ = ["SCORERS", "CategoryScores", "Scorer", "ScorerUnavailable", "load_available", "load_scorers"]
