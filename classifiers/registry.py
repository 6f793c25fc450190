"""Scorers by name; a school profile switches them on in ``[scoring] scorers = [...]``."""

from __future__ import annotations

from collections.abc import Sequence

from classifiers.base import Scorer
from classifiers.embedding import MiniLMScorer
from classifiers.profanity import ProfanityScorer
from clausewatch.errors import InputError

__all__ = ["SCORERS", "load_scorers"]

SCORERS: dict[str, type[Scorer]] = {
    "profanity": ProfanityScorer,
    "minilm": MiniLMScorer,
}


def load_scorers(names: Sequence[str]) -> list[Scorer]:
    """Instantiate and load the named scorers, once per run."""
    unknown = [n for n in names if n not in SCORERS]
    if unknown:
        raise InputError(f"unknown scorer {unknown[0]!r}; known: {', '.join(SCORERS)}")
    scorers = [SCORERS[name]() for name in names]
    for scorer in scorers:
        scorer.load()
    return scorers
