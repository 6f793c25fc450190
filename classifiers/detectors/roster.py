"""The school's roster as a presidio deny list: profile people's names and aliases, with their roles."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from presidio_analyzer import PatternRecognizer

from classifiers.detectors.base import Hit, fold

if TYPE_CHECKING:
    from clausewatch.profile import Profile

__all__ = ["ROLE_NOUNS", "Roster"]

# A person named by role, not by name: enough, beside a staff matter or a safeguarding word, to identify them.
ROLE_NOUNS = {
    "staff": ["headteacher", "head teacher", "deputy head", "the deputy", "the head", "teaching assistant", "caretaker",
              "dinner lady", "teacher", "TA"],
    "pupil": ["a kid", "a pupil", "a child", "a boy", "a girl", "the boy", "the girl"],
}
_TITLES = {"mr", "mrs", "miss", "ms", "dr", "councillor", "reverend", "rev", "sir"}


class _DenyList(PatternRecognizer):
    """presidio's deny-list recognizer over one set of names (longest first, so full names win)."""

    def __init__(self, entity: str, names: list[str], case_sensitive: bool) -> None:
        ordered = sorted(set(names), key=len, reverse=True)
        flags = re.MULTILINE if case_sensitive else re.IGNORECASE | re.MULTILINE
        super().__init__(supported_entity=entity, deny_list=ordered, global_regex_flags=flags)


class Roster:
    """Finds profile people (full names and aliases; first or last name alone, capitalised) and role nouns."""

    def __init__(self, profile: Profile | None) -> None:
        self._roles: dict[str, str] = {}
        self._partial_roles: dict[str, str] = {}
        for person in profile.people if profile else []:
            for name in [person.name, *person.aliases]:
                self._roles[fold(name).casefold()] = person.role
            for part in fold(person.name).split():
                if len(part) > 2 and part.casefold() not in _TITLES:
                    self._partial_roles.setdefault(part, person.role)
        self._full = _DenyList("ROSTER", list(self._roles), case_sensitive=False) if self._roles else None
        self._partial = (_DenyList("ROSTER_PART", list(self._partial_roles), case_sensitive=True)
                         if self._partial_roles else None)
        self._nouns = [(role, _DenyList("ROLE", words, case_sensitive=False)) for role, words in ROLE_NOUNS.items()]

    @property
    def fingerprint(self) -> str:
        """The names and roles, sorted: part of the scorer's version, so a new roster means a new score."""
        return "|".join(sorted(f"{name}={role}" for name, role in self._roles.items()))

    def people(self, text: str) -> list[Hit]:
        """Named profile people: full names first, then single name parts that no full name covers."""
        hits = [Hit(f"name:{self._roles[text[r.start:r.end].casefold()]}", r.start, r.end)
                for r in self._run(self._full, text)]
        for r in self._run(self._partial, text):
            if not any(h.start <= r.start < h.end for h in hits):
                role = self._partial_roles[text[r.start:r.end]]
                hits.append(Hit(f"name:{role}", r.start, r.end, strength="partial"))
        return hits

    def role_nouns(self, text: str) -> list[Hit]:
        """People named by their role ("the deputy head", "a pupil")."""
        return [Hit(f"role:{role}", r.start, r.end, strength="partial")
                for role, recognizer in self._nouns for r in self._run(recognizer, text)]

    @staticmethod
    def _run(recognizer: PatternRecognizer | None, text: str) -> list:  # type: ignore[type-arg]
        if recognizer is None:
            return []
        return recognizer.analyze(text, entities=recognizer.supported_entities, nlp_artifacts=None)
