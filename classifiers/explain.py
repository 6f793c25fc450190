"""Which words of a post carried each category that fired: the evidence a finding's rationale quotes.

Model scorers are explained by occlusion, which needs nothing of a model but ``score()`` and runs only for posts
that became findings: each sentence of the post is scored alone, then every 4-word window of the strongest
sentence. The best window stands for the category when alone it scores nearly as high as its sentence; else the
sentence is quoted, cut to 8 words around that window. Two batched rounds in all: every variant of every finding
goes to each scorer in one ``score()`` call per round. The confidential rules need no occlusion: they say which
name sat beside which topic, or which kind of personal data was found (the kind is named, never the number or
address itself), and for doxxing, the kind of data and the words that pushed readers to use it.

Evidence holds post words, so like post text it goes into the database and the report, never into logs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from classifiers.base import CategoryScores, Scorer
from classifiers.confidential import CONTEXT_ONLY, DOXXING, NEAR, ConfidentialScorer, Reading, doxxing
from classifiers.detectors import Hit, topics, unpublished
from classifiers.language import Languages, Unread, highest, read_by
from clausewatch.clauses import assess
from clausewatch.records import Assessment, Target

if TYPE_CHECKING:
    from clausewatch.profile import Profile

__all__ = ["MAX_WORDS", "Carried", "Explainer", "ToAssess", "assess_all"]

MAX_WORDS = 8  # a rationale quotes a phrase, not the post
_WINDOW = 4  # words in the windows tried inside the strongest sentence
_MARGIN = 0.05  # a window stands for its sentence when it scores within this of it alone
_WORD = re.compile(r"\S+")
_PUNCT = " \t\"'“”‘’()[]{}<>_,.;:!?-–—"
_KIND_WORDS = {
    "nhs-number": "an NHS number", "ni-number": "a National Insurance number", "home-address": "a home address",
    "phone": "a phone number", "email": "an e-mail address", "postcode": "a postcode",
    "date-of-birth": "a date of birth", "car-registration": "a number plate", "sort-code": "bank details",
    "bank-card": "a bank card number", "iban": "bank details",
}


@dataclass(frozen=True)
class Carried:
    """What carried one category of one post: a short phrase of the post, or the rule that fired."""

    category: str
    words: str  # the post's own words (at most MAX_WORDS), or a description such as "a phone number"
    quoted: bool  # True when ``words`` are the post's own words
    method: str  # "occlusion" or "rule"
    score: float  # the phrase's own score (occlusion) or the rule's score

    @property
    def display(self) -> str:
        """As a rationale shows it: quoted words in quotation marks, a description as it is."""
        return f"“{self.words}”" if self.quoted else self.words


@dataclass(frozen=True)
class ToAssess:
    """One post's scores and targets, and the text its scorers read (allow-list already blanked)."""

    text: str
    scores: dict[str, float]
    targets: list[Target]
    author_is_staff: bool = False
    unread: Unread | None = None  # written in a language some scorers do not read

    @classmethod
    def read(cls, text: str, per_scorer: Mapping[str, CategoryScores], targets: list[Target], author_is_staff: bool,
             scorers: Sequence[Scorer], languages: Languages) -> ToAssess:
        """From each scorer's scores: their highest, and which of them read the post's language."""
        scores, unread = read_by(per_scorer, scorers, languages.of(text))
        return cls(text, scores, targets, author_is_staff, unread)


def assess_all(items: Sequence[ToAssess], profile: Profile, scorers: Sequence[Scorer]) -> list[Assessment | None]:
    """The clause rules for every post, with the words that carried each finding in its rationale.

    The one path the nightly flow and ``clausewatch evaluate`` share, so both write the same rationale.
    """
    first = [assess(i.scores, i.targets, profile, i.author_is_staff, unread=i.unread) for i in items]
    found = [(n, a) for n, a in enumerate(first) if a is not None]
    carried = Explainer(scorers, profile).explain([(items[n].text, a.fired) for n, a in found])
    results: list[Assessment | None] = list(first)
    for (n, _), evidence in zip(found, carried, strict=True):
        item = items[n]
        results[n] = assess(item.scores, item.targets, profile, item.author_is_staff,
                            carried={c: e.display for c, e in evidence.items()}, unread=item.unread)
    return results


class Explainer:
    """Finds the carrying words for the fired categories of many posts at once."""

    def __init__(self, scorers: Sequence[Scorer], profile: Profile | None) -> None:
        self._models = [s for s in scorers if not isinstance(s, ConfidentialScorer)]
        self._rules = _RuleEvidence(profile) if any(isinstance(s, ConfidentialScorer) for s in scorers) else None

    def explain(self, items: Sequence[tuple[str, Sequence[str]]]) -> list[dict[str, Carried]]:
        """Per (text, fired categories): category -> what carried it (a category may be missing)."""
        results: list[dict[str, Carried]] = [{} for _ in items]
        occlude: list[tuple[int, str, str]] = []
        for n, (text, fired) in enumerate(items):
            results[n] = self._rules.explain(text, fired) if self._rules else {}
            occlude += [(n, text, c) for c in fired if c not in results[n] and self._covers(c)]
        for (n, _, category), carried in zip(occlude, self._occlude(occlude), strict=True):
            if carried is not None:
                results[n][category] = carried
        return results

    def _covers(self, category: str) -> bool:
        return any(category in s.categories for s in self._models)

    def _score(self, texts: Sequence[str]) -> dict[str, dict[str, float]]:
        """Each distinct text scored once by every model scorer, merged by highest score as a night merges."""
        unique = list(dict.fromkeys(texts))
        rows = [scorer.score(unique) for scorer in self._models] if unique else []
        return {text: highest(row[n] for row in rows) for n, text in enumerate(unique)}

    def _occlude(self, jobs: list[tuple[int, str, str]]) -> list[Carried | None]:
        """The strongest sentence, then the strongest 4-word window in it: two batched rounds in all.

        Jobs of one post share their variants (each distinct text is scored once), so a post that fired three
        categories costs about as much as one that fired one.
        """
        words = [_WORD.findall(text) for _, text, _ in jobs]
        chunks = [_chunks(w) for w in words]
        scored = self._score([_text(w, c) for w, found in zip(words, chunks, strict=True) for c in found])
        spans = [max(found, key=lambda c: (_value(scored, w, c, job[2]), c[0] - c[1]))
                 for w, found, job in zip(words, chunks, jobs, strict=True)]
        windows = [_windows(span) for span in spans]
        scored |= self._score([_text(w, o) for w, found in zip(words, windows, strict=True) for o in found])
        return [_choose(w, span, found, job[2], scored)
                for w, span, found, job in zip(words, spans, windows, jobs, strict=True)]


def _text(words: list[str], span: tuple[int, int]) -> str:
    return " ".join(words[span[0]:span[1]])


def _value(scored: dict[str, dict[str, float]], words: list[str], span: tuple[int, int], category: str) -> float:
    return scored[_text(words, span)].get(category, 0.0)


def _chunks(words: list[str]) -> list[tuple[int, int]]:
    """Sentences and clauses as word ranges: a chunk ends at a word ending in . ! ? ; or :"""
    spans, start = [], 0
    for n, word in enumerate(words):
        if word.rstrip("\"')”’").endswith((".", "!", "?", ";", ":")) or n == len(words) - 1:
            spans.append((start, n + 1))
            start = n + 1
    return spans


def _windows(span: tuple[int, int]) -> list[tuple[int, int]]:
    """Every window of _WINDOW words inside the span."""
    return [(a, a + _WINDOW) for a in range(span[0], span[1] - _WINDOW + 1)] if span[1] - span[0] > _WINDOW else []


def _choose(words: list[str], span: tuple[int, int], windows: list[tuple[int, int]], category: str,
            scored: dict[str, dict[str, float]]) -> Carried | None:
    """The best window when it carries nearly as much alone as its sentence; else the sentence, cut to 8 words
    around the best window (the words need their context there)."""
    whole = _value(scored, words, span, category)
    if windows:
        best = max(windows, key=lambda o: (_value(scored, words, o, category), -o[0]))
        value = _value(scored, words, best, category)
        if value >= whole - _MARGIN or span[1] - span[0] > MAX_WORDS:
            pad = 0 if value >= whole - _MARGIN else (MAX_WORDS - _WINDOW) // 2
            span, whole = (max(span[0], best[0] - pad), min(span[1], best[1] + pad)), max(value, whole)
    phrase = " ".join(words[span[0]:span[1]][:MAX_WORDS]).strip(_PUNCT)
    return Carried(category, phrase, True, "occlusion", whole) if phrase else None


class _RuleEvidence:
    """The confidential rules' own evidence: the name beside the topic, the kind of personal data found, or for
    doxxing the kind of data and the push to use it. The data itself is never repeated."""

    def __init__(self, profile: Profile | None) -> None:
        self._scorer = ConfidentialScorer()
        self._scorer.configure(profile)

    def explain(self, text: str, fired: Sequence[str]) -> dict[str, Carried]:
        """The rules' evidence for the fired categories they cover (confidential, and threatening for doxxing),
        from one reading of the post; a post that fired neither is not read."""
        wanted = {"confidential": _confidential, "threatening": _doxxing}
        if not wanted.keys() & set(fired):
            return {}
        reading = self._scorer.read(text)
        found = {category: wanted[category](reading) for category in fired if category in wanted}
        return {category: carried for category, carried in found.items() if carried is not None}


def _doxxing(reading: Reading) -> Carried | None:
    push = doxxing(reading)
    if push is None:
        return None
    kinds = [hit.kind for hit in reading.data if hit.kind in _KIND_WORDS]
    kind = "home-address" if "home-address" in kinds else kinds[0]
    return Carried("threatening", f"{_KIND_WORDS[kind]} with “{_span(reading.text, push)}”", False, "rule", DOXXING)


def _confidential(reading: Reading) -> Carried | None:
    """Strongest first: identifiers and addresses, a name by a topic, other personal data, markers."""
    folded, data = reading.text, reading.data
    for hit in data:  # the kind is named, never the number or address: the rationale must not repeat it
        if hit.kind in ("nhs-number", "ni-number", "home-address"):
            return Carried("confidential", _KIND_WORDS[hit.kind], False, "rule", 0.9)
    pairs = [(p.distance(t), p, t) for p in reading.people for t in topics(folded) if p.distance(t) <= NEAR]
    if pairs:
        _, person, topic = min(pairs, key=lambda pair: pair[0])
        words = f"“{_span(folded, person)}” beside “{_span(folded, topic)}”"
        return Carried("confidential", words, False, "rule", 0.9)
    if kinds := [h.kind for h in data if h.kind in _KIND_WORDS and (h.context or h.kind not in CONTEXT_ONLY)]:
        return Carried("confidential", _KIND_WORDS[kinds[0]], False, "rule", 0.85)
    if markers := unpublished(folded):
        return Carried("confidential", _span(folded, markers[0]), True, "rule", 0.85)
    return None


def _span(text: str, hit: Hit) -> str:
    """The words of a hit, cut to MAX_WORDS."""
    return " ".join(text[hit.start:hit.end].split()[:MAX_WORDS]).strip(_PUNCT)
