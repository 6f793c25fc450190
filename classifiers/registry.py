"""Scorers by name; a school profile switches them on in ``[scoring] scorers = [...]``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from classifiers.base import Scorer, ScorerUnavailable
from classifiers.confidential import ConfidentialScorer
from classifiers.detoxify_scorer import DetoxifyScorer
from classifiers.embedding import MiniLMScorer
from classifiers.profanity import ProfanityScorer
from clausewatch.errors import InputError

if TYPE_CHECKING:
    from clausewatch.profile import Profile

__all__ = ["SCORERS", "load_available", "load_scorers"]

SCORERS: dict[str, type[Scorer]] = {
    "profanity": ProfanityScorer,
    "minilm": MiniLMScorer,
    "confidential": ConfidentialScorer,
    "detoxify": DetoxifyScorer,
}


def _check(names: Sequence[str]) -> None:
    unknown = [n for n in names if n not in SCORERS]
    if unknown:
        raise InputError(f"unknown scorer {unknown[0]!r}; known: {', '.join(SCORERS)}")


def load_scorers(names: Sequence[str], profile: Profile | None = None) -> list[Scorer]:
    """Instantiate, configure from the profile and load the named scorers, once per run."""
    _check(names)
    scorers = [SCORERS[name]() for name in names]
    for scorer in scorers:
        scorer.configure(profile)
        scorer.load()
    return scorers


def load_available(names: Sequence[str], profile: Profile | None = None) -> tuple[list[Scorer], list[str]]:
    """Like ``load_scorers``, but a scorer whose model files are missing is left out with a one-line reason."""
    _check(names)
    loaded, skipped = [], []
    for name in names:
        scorer = SCORERS[name]()
        scorer.configure(profile)
        try:
            scorer.load()
        except ScorerUnavailable as exc:
            skipped.append(f"{scorer.name} skipped ({exc})")
            continue
        loaded.append(scorer)
    return loaded, skipped
