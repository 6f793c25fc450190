"""Is a post about the school community? Decided before anything is stored (data minimisation).

A post is kept when, after removing the profile's exclusion terms (the same place name used for a
hospital or a rugby club), it names the school by an alias or hashtag, or names a profile person
together with a school cue. Everything is compared in the normalised form of ``clausewatch.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clausewatch.profile import Profile
from clausewatch.records import Post, Target
from clausewatch.text import for_matching

__all__ = ["Match", "Matcher", "terms_pattern"]


@dataclass(frozen=True)
class Match:
    """Why a post was kept: who it is about and the profile terms that matched."""

    targets: list[Target]
    terms: list[str]
    author_is_staff: bool


def terms_pattern(terms: list[str]) -> re.Pattern[str] | None:
    """One regex for whole-word matches of any term, allowing a possessive 's after it."""
    forms = sorted({for_matching(t) for t in terms if for_matching(t)}, key=len, reverse=True)
    if not forms:
        return None
    alternatives = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"(?<![a-z0-9#@])({alternatives})s?(?![a-z0-9])")


class Matcher:
    """Compiled profile terms; ``match(post)`` returns a Match or None (drop the post)."""

    def __init__(self, profile: Profile) -> None:
        school = profile.school
        self._school_name = school.name
        # School names and exclusion terms share one pattern so that, where they overlap, the longer
        # wins: "St Brynach's Church in Wales Primary School" is the school, "St Brynach's Church" is not.
        self._names = terms_pattern([school.name, *school.aliases, *school.exclude_terms])
        self._excluded = {for_matching(t) for t in school.exclude_terms}
        self._cues = terms_pattern(school.school_cues)
        self._council = terms_pattern([school.local_authority]) if school.local_authority else None
        self._council_name = school.local_authority
        self._people = [(p, terms_pattern([p.name, *p.aliases])) for p in profile.people]
        self._staff_handles = profile.staff_handles()
        self._allowed = terms_pattern(school.allow_phrases)
        # The raw-text form for scoring: the phrase's words in order, any case, any gap between them.
        raw = ["\\W+".join(re.escape(w) for w in for_matching(a).split()) for a in school.allow_phrases]
        self._allowed_raw = re.compile(rf"\b({'|'.join(r for r in raw if r)})\b", re.I) if any(raw) else None

    def scrub(self, text: str) -> str:
        """The text with allow-listed phrases blanked out, as the scorers should read it."""
        return self._allowed_raw.sub(" ", text) if self._allowed_raw else text

    def match(self, post: Post) -> Match | None:
        """Keep the post only if it is about the school community."""
        normalised = for_matching(post.full_text)
        if self._allowed:  # allow-listed phrases count for nothing, like exclusion terms
            normalised = self._allowed.sub(" ", normalised)
        text, terms = self._school_names(normalised)
        targets = [Target(self._school_name, "school")] if terms else []
        about_school = bool(targets) or bool(self._cues and self._cues.search(text))
        for person, pattern in self._people:
            if about_school and pattern and (found := pattern.findall(text)):
                terms += found
                targets.append(Target(person.name, person.role))
        if not targets:
            return None
        if self._council and self._council.search(text):
            targets.append(Target(self._council_name or "", "council"))
        author = f"{post.platform}:{post.author}".casefold()
        return Match(targets, sorted(set(terms)), author in self._staff_handles)

    def _school_names(self, text: str) -> tuple[str, list[str]]:
        """The school names found, and the text with exclusion terms blanked out."""
        if not self._names:
            return text, []
        found: list[str] = []

        def keep_or_blank(match: re.Match[str]) -> str:
            if match.group(1) in self._excluded:
                return " "
            found.append(match.group(1))
            return match.group(0)

        return self._names.sub(keep_or_blank, text), found
