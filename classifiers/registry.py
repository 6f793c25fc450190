"""Scorers by name; a school profile switches them on in ``[scoring] scorers = [...]``."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from classifiers.base import Scorer, ScorerUnavailable
from classifiers.confidential import ConfidentialScorer
from classifiers.detoxify_scorer import DetoxifyScorer
from classifiers.minilm import MiniLMScorer
from classifiers.profanity import ProfanityScorer
from clausewatch.errors import InputError

if TYPE_CHECKING:
    from clausewatch.profile import Profile

__all__ = ["SCORERS", "configure_available", "load_available", "load_scorers"]

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


# Loaded models, shared by every school's run in this process: a model loads once, not once per school
# or per night (a re-run with nothing new then costs almost nothing). The version names the model and
# everything configured into it (the confidential detector's roster), so it keys the cache safely.
_LOADED: dict[tuple[str, str], Scorer] = {}
_LOADING = threading.Lock()


def configure_available(names: Sequence[str], profile: Profile | None = None) -> tuple[list[Scorer], list[str]]:
    """The named scorers, configured from the profile but not loaded (a night with nothing to score loads no
    model); a scorer whose model files are missing is left out with a one-line reason (its version names them).
    """
    _check(names)
    configured, skipped = [], []
    for name in names:
        scorer = SCORERS[name]()
        scorer.configure(profile)
        try:
            scorer.version  # noqa: B018 - reads the model files' fingerprint: ScorerUnavailable when there are none
        except ScorerUnavailable as exc:
            skipped.append(f"{scorer.name} skipped ({exc})")
            continue
        configured.append(scorer)
    return configured, skipped


def load_available(names: Sequence[str], profile: Profile | None = None) -> tuple[list[Scorer], list[str]]:
    """Like ``load_scorers``, but a scorer whose model files are missing is left out with a one-line reason."""
    configured, skipped = configure_available(names, profile)
    loaded = []
    for scorer in configured:
        try:
            loaded.append(_loaded_once(scorer))
        except ScorerUnavailable as exc:
            skipped.append(f"{scorer.name} skipped ({exc})")
    return loaded, skipped


def _loaded_once(scorer: Scorer) -> Scorer:
    key = (scorer.name, scorer.version)
    with _LOADING:
        if key not in _LOADED:
            scorer.load()
            _LOADED[key] = scorer
        return _LOADED[key]
