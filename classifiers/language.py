"""Which language a post is written in, where the school's community writes in more than one.

Our models read English. On a Welsh-language school the tuned MiniLM scored a question about the Christmas
concert as urgent and most of its threat flags on Welsh posts were wrong (tests/data/model-comparison/cs.jsonl):
its scores on Welsh are guesses. So a post's language is told apart among the profile's ``[scoring]
languages`` with lingua, whose models ship inside its wheel (nothing is downloaded), and a scorer that does not
read it (``Scorer.reads``) can still bring the post to a person but cannot make it urgent: a possible threat it
guesses is high (read first thing, no alert), its other categories at most medium (clausewatch/clauses.py).

Names are removed first, and a post counts as written in a language only when lingua is 90% sure of the whole
text and most of its words (at least three) fall in that language's sections: with either test alone, short
English posts about a Welsh-named school ("burn [its name] down tbh") read as Welsh.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from lingua import Language, LanguageDetectorBuilder

from clausewatch.matching import terms_pattern
from clausewatch.text import for_matching

if TYPE_CHECKING:
    from classifiers.base import CategoryScores, Scorer
    from clausewatch.profile import Profile

__all__ = ["KNOWN", "Languages", "Unread", "highest", "read_by"]

_BY_CODE = {language.iso_code_639_1.name.lower(): language for language in Language.all()}
KNOWN = frozenset(_BY_CODE)
_SURE = 0.9  # lingua's confidence in the whole text
_MIN_WORDS = 3
_HANDLE = re.compile(r"[#@]\w+")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Unread:
    """A post written in a language some scorers do not read, and the scores of those that do."""

    language: str  # its name, as a rationale says it: "Welsh"
    scores: CategoryScores


@cache
def _detector(codes: tuple[str, ...]):  # noqa: ANN202 - lingua's LanguageDetector
    return LanguageDetectorBuilder.from_languages(*(_BY_CODE[c] for c in codes)).build()


class Languages:
    """Tells apart the profile's languages; with only one configured it answers without reading anything."""

    def __init__(self, codes: Sequence[str], names: Collection[str] = ()) -> None:
        self._codes = tuple(sorted({c.lower() for c in codes}))
        self._names = terms_pattern(list(names))  # whole words, as matching finds them

    @classmethod
    def of_school(cls, profile: Profile) -> Languages:
        """The profile's languages, told apart with its school's and people's names left out."""
        school = profile.school
        names = [school.name, *school.aliases, *school.exclude_terms,
                 *(n for person in profile.people for n in (person.name, *person.aliases))]
        return cls(profile.scoring.languages, names)

    def of(self, text: str) -> str | None:
        """The ISO 639-1 code of the language the text is written in; None with one language or when unsure."""
        if len(self._codes) < 2:
            return None
        plain = for_matching(text)
        if self._names:
            plain = self._names.sub(" ", plain)
        plain = _HANDLE.sub(" ", plain)
        if len(_WORD.findall(plain)) < _MIN_WORDS:
            return None
        detector = _detector(self._codes)
        best = detector.compute_language_confidence_values(plain)[0]
        if best.value < _SURE:
            return None
        words: dict[Language, int] = {}
        for section in detector.detect_multiple_languages_of(plain):
            words[section.language] = words.get(section.language, 0) + section.word_count
        mine = words.get(best.language, 0)
        if mine < _MIN_WORDS or mine * 2 <= sum(words.values()):
            return None
        return best.language.iso_code_639_1.name.lower()


def read_by(per_scorer: Mapping[str, CategoryScores], scorers: Sequence[Scorer],
            language: str | None) -> tuple[CategoryScores, Unread | None]:
    """Each category's highest score over the scorers, and, for a post in a language some scorer does not
    read, the same over the scorers that read it (rule scorers, ``reads`` None, read every language)."""
    merged = highest(per_scorer.values())
    if language is None:
        return merged, None
    reading = [s.name for s in scorers if s.reads is None or language in s.reads]
    if len(reading) == len(scorers):
        return merged, None
    return merged, Unread(_BY_CODE[language].name.title(), highest(per_scorer[n] for n in reading if n in per_scorer))


def highest(rows: Iterable[CategoryScores]) -> CategoryScores:
    """Each category's highest score over several scorers' rows."""
    merged: CategoryScores = {}
    for row in rows:
        for category, value in row.items():
            merged[category] = max(merged.get(category, 0.0), float(value))
    return merged
