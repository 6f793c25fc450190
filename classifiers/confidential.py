"""The confidential-content detector (policy clause 3) as a Scorer: {"confidential": p, "threatening": q} per text.

Rules, strongest first (the score is the strongest that fired; 0.5 is the default review band):

- a validated NHS or National Insurance number: 0.95;
- a home address with "lives at" or a named person beside it: 0.9;
- a profile person named beside a sensitive topic (safeguarding, health, SEN, exclusion, a staff matter,
  family circumstances): 0.9 for a full name or alias, 0.75 for one part of a name or a role ("the deputy
  head");
- a phone number, e-mail, postcode, date of birth, number plate or bank details beside a person (named, or by
  role) or its context words: 0.85;
- an unpublished-matter marker ("not announced yet", "draft", "keep it quiet") about an internal matter
  (Estyn, governors, redundancies, results): 0.85;
- any of these patterns or topics alone: 0.3 or less, kept as a score but below every review band.

A post that condemns what it quotes ("whoever posted that should be ashamed") is capped at 0.45.

Doxxing: when a person's home address or contact details fire (0.85 or more) beside a push to use them ("pay
him a visit", "ring them day and night", "you know what to do"), the post is also threatening (0.85): the
leak is the means of the intimidation, and only these rules see the data. Counter-speech is not.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from classifiers.base import CategoryScores, Scorer
from classifiers.detectors import (
    Hit,
    Roster,
    counter_speech,
    find,
    invitations,
    personal_data_detectors,
    topics,
    unpublished,
)
from classifiers.detectors.base import fold

if TYPE_CHECKING:
    from clausewatch.profile import Profile

__all__ = ["CONTEXT_ONLY", "DOXXING", "NEAR", "ConfidentialScorer", "Reading", "doxxing"]

NEAR = 160  # characters between a person and a topic: about one or two sentences
COUNTER_CAP = 0.45
DOXXING = 0.85  # threatening: someone's address or number published with a push to use it
_IDENTIFIERS = {"nhs-number", "ni-number"}
_CONTACT = {"phone", "email", "postcode", "date-of-birth", "car-registration", "sort-code", "bank-card", "iban"}
CONTEXT_ONLY = {"date-of-birth", "sort-code"}  # a date alone is a term date; six digits alone are a reference
# A role noun identifies someone only beside matters that concern one person: not "the teacher's ADHD talk".
_ROLE_TOPICS = {"role:staff": {"topic:staff-matter"}, "role:pupil": {"topic:safeguarding", "topic:exclusion"}}


class ConfidentialScorer(Scorer):
    """Roster names near sensitive topics, and personal-data patterns (presidio, offline)."""

    name = "confidential"
    categories = ("confidential", "threatening")

    def __init__(self) -> None:
        self._roster = Roster(None)
        self._detectors: list[tuple[str, Any]] = []
        self._version: str | None = None

    def configure(self, profile: Profile | None) -> None:
        """Take the school's roster from its profile."""
        self._roster = Roster(profile)
        self._version = None  # the roster is part of the version

    @property
    def version(self) -> str:
        """presidio's version, this module's and the detectors' rules, and the roster: any change rescores."""
        # Read once: the flow asks for the version on every batch, and the rule files do not change mid-run.
        if self._version is None:
            rules = b"".join(p.read_bytes() for p in sorted(Path(__file__).parent.glob("detectors/*.py")))
            rules += Path(__file__).read_bytes() + self._roster.fingerprint.encode("utf-8")
            digest = hashlib.sha256(rules).hexdigest()[:8]
            self._version = f"{package_version('presidio-analyzer')}+rules-{digest}"
        return self._version

    def load(self) -> None:
        """Build the pattern recognizers once per run."""
        self._detectors = personal_data_detectors()

    def score(self, texts: Sequence[str]) -> list[CategoryScores]:
        """One {"confidential": p, "threatening": q} per text."""
        scores = []
        for text in texts:
            reading = self.read(text)
            threat = DOXXING if doxxing(reading) else 0.0
            scores.append({"confidential": _confidential(reading)[0], "threatening": threat})
        return scores

    def explain(self, text: str) -> tuple[float, list[str]]:
        """The confidential score and the rules that gave it, as labels (never the matched words)."""
        return _confidential(self.read(text))

    def read(self, text: str) -> Reading:
        """The post folded as detectors read it, with the people, roles and personal data found in it."""
        if not self._detectors:
            self.load()
        text = fold(text)
        data = [hit for kind, recognizer in self._detectors for hit in find(kind, recognizer, text)]
        return Reading(text, self._roster.people(text), self._roster.role_nouns(text), data)


@dataclass(frozen=True)
class Reading:
    """One folded post and what the detectors found in it: read once, judged by each rule (offsets into text)."""

    text: str
    people: list[Hit]
    roles: list[Hit]
    data: list[Hit]


def _confidential(reading: Reading) -> tuple[float, list[str]]:
    """The strongest confidential rule that fired (capped for counter-speech), and every rule's label."""
    people, roles, data, text = reading.people, reading.roles, reading.data, reading.text
    fired = [
        *_identifiers(data), *_addresses(data, people), *_people_near_topics(people, roles, topics(text)),
        *_contact_details(data, people + roles), *_unpublished(unpublished(text)),
    ]
    best = max(fired, default=(0.0, "nothing"))
    if best[0] > COUNTER_CAP and counter_speech(text):
        return COUNTER_CAP, [best[1], "capped: condemns what it quotes"]
    return best[0], [label for _, label in sorted(fired, reverse=True)]


def doxxing(reading: Reading) -> Hit | None:
    """The push to use someone's published address or number ("pay him a visit"), if the post has both."""
    people = reading.people + reading.roles
    published = [*_addresses(reading.data, reading.people), *_contact_details(reading.data, people)]
    if not any(score >= DOXXING for score, _ in published) or counter_speech(reading.text):
        return None
    return next(iter(invitations(reading.text)), None)


def _close(a: Hit, others: list[Hit], within: int = NEAR) -> bool:
    return any(a.distance(b) <= within for b in others)


def _identifiers(data: list[Hit]) -> list[tuple[float, str]]:
    return [(0.95, hit.kind) for hit in data if hit.kind in _IDENTIFIERS]


def _addresses(data: list[Hit], people: list[Hit]) -> list[tuple[float, str]]:
    fired = []
    for hit in (h for h in data if h.kind == "home-address"):
        if hit.context or _close(hit, people):
            fired.append((0.9, "home-address" + (" (lives at)" if hit.context else " + named person")))
        else:
            fired.append((0.3, "address-like words"))
    return fired


def _people_near_topics(people: list[Hit], roles: list[Hit], found: list[Hit]) -> list[tuple[float, str]]:
    fired = []
    for person in people:
        for topic in found:
            if person.distance(topic) <= NEAR:
                score = 0.9 if person.strength == "full" else 0.75
                fired.append((score, f"{person.kind} ({person.strength}) + {topic.kind}"))
    for role in roles:
        for topic in found:
            if topic.kind in _ROLE_TOPICS[role.kind] and role.distance(topic) <= NEAR // 2:
                fired.append((0.75, f"{role.kind} + {topic.kind}"))
    fired += [(0.25, f"{topic.kind} alone") for topic in found]
    return fired


def _contact_details(data: list[Hit], people: list[Hit]) -> list[tuple[float, str]]:
    fired = []
    for hit in (h for h in data if h.kind in _CONTACT):
        if hit.kind in CONTEXT_ONLY and not hit.context:
            continue
        personal = hit.context or _close(hit, people)
        fired.append((0.85 if personal and (people or hit.kind == "date-of-birth") else 0.3, hit.kind))
    return fired


def _unpublished(markers: list[Hit]) -> list[tuple[float, str]]:
    return [(0.85 if hit.context else 0.3, "unpublished" + (" internal matter" if hit.context else ""))
            for hit in markers]
