"""alt-profanity-check: a linear SVM over word n-grams that ships inside its package (no download).

It was trained on insults and obscene comments, so its one probability stands for "offensive" and
"derogatory". It cannot see threats, discrimination without slurs, defamation or confidential leaks:
other scorers cover those.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib.metadata import version as package_version
from typing import Any

from classifiers.base import CategoryScores, Scorer

__all__ = ["ProfanityScorer"]


@cache
def _installed_version() -> str:
    """Read once per process: reading it scans the installed packages, and a run asks for it often (every
    finding's model label, every school's night)."""
    return package_version("alt-profanity-check")


class ProfanityScorer(Scorer):
    """Offensive-language probability from alt-profanity-check."""

    name = "alt-profanity-check"
    categories = ("offensive", "derogatory")
    languages = frozenset({"en"})

    def __init__(self) -> None:
        self._predict: Any = None

    @property
    def version(self) -> str:
        """The installed package's version."""
        return _installed_version()

    def load(self) -> None:
        """Import the packaged model (it unpickles on import)."""
        from profanity_check import predict_prob

        self._predict = predict_prob

    def score(self, texts: Sequence[str]) -> list[CategoryScores]:
        """The same probability for both categories it stands for."""
        if not texts:
            return []
        if self._predict is None:
            self.load()
        probabilities = self._predict(list(texts))
        return [{category: float(p) for category in self.categories} for p in probabilities]
