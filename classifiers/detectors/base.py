"""What every detector reports: a ``Hit`` (kind, where, whether a context word was near), never the text."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from clausewatch.text import for_scoring

__all__ = ["AFTER", "BEFORE", "Hit", "find", "fold", "near"]

# How far, in characters, a context word may sit from a hit (presidio's own enhancer uses five words before).
BEFORE = 60
AFTER = 40


@dataclass(frozen=True)
class Hit:
    """One detector's match in one text: offsets and labels only, so it is safe to log and show."""

    kind: str  # "nhs-number", "home-address", "name:pupil", "topic:health", ...
    start: int
    end: int
    context: bool = False  # one of the detector's CONTEXT words is near
    strength: str = "full"  # "full" (a whole name, a validated number) or "partial" (one part of a name)

    def distance(self, other: Hit) -> int:
        """Characters between two hits; 0 when they overlap."""
        return max(0, max(self.start, other.start) - min(self.end, other.end))


def fold(text: str) -> str:
    """Text as detectors read it: look-alikes and invisible characters folded, accents dropped, case kept."""
    decomposed = unicodedata.normalize("NFKD", for_scoring(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def near(lowered: str, start: int, end: int, words: list[str]) -> bool:
    """True when any of ``words`` occurs just before or after ``[start, end)`` in the lower-cased text."""
    window = lowered[max(0, start - BEFORE):start] + " " + lowered[end:end + AFTER]
    return any(word in window for word in words)


def find(kind: str, recognizer: Any, text: str) -> list[Hit]:
    """Run one presidio recognizer offline (no NLP artifacts, so no spaCy model) and keep its valid hits."""
    results = recognizer.analyze(text, entities=recognizer.supported_entities, nlp_artifacts=None)
    lowered = text.casefold()
    context = [word.casefold() for word in recognizer.context]
    return [Hit(kind, r.start, r.end, near(lowered, r.start, r.end, context)) for r in results if r.score > 0]
