"""The Scorer interface every backend implements (alt-profanity-check now; detoxify and our own later)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from clausewatch.profile import Profile

__all__ = ["CategoryScores", "Scorer", "ScorerUnavailable"]

CategoryScores = dict[str, float]


class ScorerUnavailable(Exception):
    """Raised by ``load()`` when a scorer's model files are not on this machine: the run goes on without it."""


class Scorer(ABC):
    """Scores texts for some of the policy categories.

    Subclasses set ``name`` and ``categories``, load their model once in ``load()`` and rename the
    model's own labels to clausewatch's category words inside ``score()``.
    """

    name: ClassVar[str]
    categories: ClassVar[tuple[str, ...]]
    # The languages (ISO 639-1) its model was trained to read; None for rules that read names and patterns in
    # any language. Its scores on other languages are guesses (classifiers/language.py).
    languages: ClassVar[frozenset[str] | None] = None

    @property
    @abstractmethod
    def version(self) -> str:
        """The model's version: part of every finding's record and of the score cache key."""

    def configure(self, profile: Profile | None) -> None:  # noqa: B027 - an optional hook, empty by design
        """Take what this scorer needs from the school's profile (a roster, a model choice); called before
        ``load()``. Most scorers need nothing."""

    @abstractmethod
    def load(self) -> None:
        """Load the model; called once per run, before the first ``score``."""

    @abstractmethod
    def score(self, texts: Sequence[str]) -> list[CategoryScores]:
        """One {category: score} per text, in order."""

    @property
    def reads(self) -> frozenset[str] | None:
        """The languages this scorer reads, as loaded (a model choice may change them)."""
        return self.languages

    @property
    def label(self) -> str:
        """Name and version, as findings record them."""
        return f"{self.name} {self.version}"
