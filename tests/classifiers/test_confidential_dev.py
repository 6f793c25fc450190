"""tests/data/confidential-dev: a dev set for clause 3 alone, and the confidential detector measured on it.

Wychborough Park Academy's 173 posts were written apart from the detector's rules (their author never saw
classifiers/): 76 leaks in the words people use ("14 weeks gone", "on a CP plan", "sectioned", a number plate),
82 innocent posts on the same topics (a parent's own story, published news, counter-speech) and 15 other breaches.
The rules' vocabulary was widened against it, so it is a dev set: these figures guard against a rule change that
loses what it taught, and the blind schools stay the measure of generalisation.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.confidential import ConfidentialScorer
from classifiers.evaluation import Labelled, read_labelled
from clausewatch.matching import Matcher
from clausewatch.profile import Profile, load_profile

FOLDER = Path(__file__).parents[1] / "data" / "confidential-dev"


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile(FOLDER / "profile.toml")


@pytest.fixture(scope="module")
def items() -> list[Labelled]:
    return read_labelled(FOLDER / "posts.jsonl")


def test_every_post_is_kept_and_leaks_and_near_misses_are_balanced(profile: Profile, items: list[Labelled]) -> None:
    matcher = Matcher(profile)
    assert all(item.kept and matcher.match(item.post) is not None for item in items)
    leaks = sum("confidential" in item.categories for item in items)
    assert leaks >= 70 and len(items) - leaks >= 90


def test_the_detector_finds_the_leaks_and_leaves_the_near_misses(profile: Profile, items: list[Labelled]) -> None:
    scorer = ConfidentialScorer()
    scorer.configure(profile)
    review = profile.threshold("confidential").review
    flagged = [row["confidential"] >= review for row in scorer.score([item.post.full_text for item in items])]
    truth = ["confidential" in item.categories for item in items]
    hits = sum(f and t for f, t in zip(flagged, truth, strict=True))
    assert hits / sum(truth) >= 0.9  # 71 of 76 when the vocabulary was widened (32 before)
    assert hits / sum(flagged) >= 0.9  # 71 of 74
