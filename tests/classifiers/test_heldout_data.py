"""The labelled schools beside training: the blind held-out sets and the dev set are well formed, and training
never saw them.

They measure whether the classifiers generalise to a school, people and wording they were not trained on.
``heldout-school-2``, ``heldout-school-3`` and ``heldout-school-4`` are blind: only ever measured. ``dev-school``
and ``dev-school-2`` (blind until its numbers had steered a model: then spent, see its README) choose thresholds
and compare models (scripts/train_minilm.py reads them) but are never trained on. These tests check the data, not the
models: it parses, matching keeps exactly the posts labelled kept (so the evaluation measures scoring, not
matching), every category has enough examples, and nothing under classifiers/ names the school, its town or
its people.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

import classifiers
from classifiers.evaluation import HARD_NEGATIVE_KINDS, Labelled, read_labelled
from clausewatch.matching import Matcher
from clausewatch.profile import Profile, load_profile
from clausewatch.records import CATEGORIES
from clausewatch.text import for_matching
from connectors.file import read_posts

DATA = Path(__file__).parents[1] / "data"
CLASSIFIERS = Path(classifiers.__file__).parent
# Minimum labelled posts per category: enough for a precision/recall figure to mean something.
MINIMUM = {category: 20 for category in CATEGORIES} | {"offensive": 12}
KINDS = HARD_NEGATIVE_KINDS | {"abuse", "staff_breach", "neutral", "unrelated"}
FIRST_DAY, LAST_DAY = datetime(2026, 11, 16, tzinfo=UTC), datetime(2026, 11, 24, tzinfo=UTC)


@dataclass(frozen=True)
class School:
    folder: str
    towns: tuple[str, ...]  # invented places that only the posts name, not the profile
    names: frozenset[str]  # a few of the names the guard must cover (checks the name list is built right)
    blind: bool = True  # a blind set's folder is never even named under classifiers/; the dev set's may be


SCHOOLS = (
    School("dev-school-2", ("Llanwyddan",),
           frozenset({"bryn ceirios", "gwerful", "oduya", "elis brangwyn", "llanwyddan"}), blind=False),
    School("heldout-school-2", ("Maelford", "Rhydfael"),
           frozenset({"fernacre", "erwr rhedyn", "brynallt", "oyelaran", "jac dolben", "maelford"})),
    School("heldout-school-3", ("Wetherclough",),
           frozenset({"fellgarth", "mushonga", "szczepaniak", "tyler jay illingworth", "wetherclough"})),
    School("heldout-school-4", ("Ballindrumie",),
           frozenset({"strathbeldie high school", "pitcaithly", "wojtaszek", "niamh gallogly", "ballindrumie"})),
    School("dev-school", ("Cwmderwydd",),
           frozenset({"maesglowyr", "absalom", "adebanjo price", "deiniol kinsella", "cwmderwydd"}), blind=False),
)


@pytest.fixture(scope="module", params=SCHOOLS, ids=lambda school: school.folder)
def school(request: pytest.FixtureRequest) -> School:
    return request.param


@pytest.fixture(scope="module")
def profile(school: School) -> Profile:
    return load_profile(DATA / school.folder / "profile.toml")


@pytest.fixture(scope="module")
def items(school: School) -> list[Labelled]:
    return read_labelled(DATA / school.folder / "posts.jsonl")


def test_parses_as_a_post_file_and_as_labels(school: School, items: list[Labelled]) -> None:
    posts = read_posts(DATA / school.folder / "posts.jsonl")
    assert len(posts) == len(items) >= 200
    assert len({(p.platform, p.id) for p in posts}) == len(posts)
    assert {p.platform for p in posts} == {"reddit", "bluesky", "mastodon", "rss", "youtube"}
    assert all(FIRST_DAY <= p.created_at < LAST_DAY for p in posts)


def test_every_row_carries_a_full_label(school: School) -> None:
    for line in (DATA / school.folder / "posts.jsonl").read_text("utf-8").splitlines():
        expected = json.loads(line)["expected"]
        assert set(expected) == {"kept", "categories", "kind"}
        assert isinstance(expected["kept"], bool) and expected["kind"] in KINDS
        # A post that is not about the school is never stored, so it cannot carry a category.
        assert expected["kept"] or not expected["categories"]
        assert bool(expected["categories"]) == (expected["kind"] in {"abuse", "staff_breach"})


def test_matching_keeps_exactly_the_posts_labelled_kept(profile: Profile, items: list[Labelled]) -> None:
    matcher = Matcher(profile)
    wrong = [(item.line, item.kept) for item in items if (matcher.match(item.post) is not None) != item.kept]
    assert wrong == []


def test_exclusion_terms_matter(profile: Profile, items: list[Labelled]) -> None:
    """The place name is also a hospital, clubs, a chapel and a park: without exclusions those would be kept."""
    bare = profile.model_copy(update={"school": profile.school.model_copy(update={"exclude_terms": []})})
    matcher = Matcher(bare)
    assert sum(not item.kept and matcher.match(item.post) is not None for item in items) >= 20


def test_declared_staff_posts_are_labelled_staff(profile: Profile, items: list[Labelled]) -> None:
    matcher = Matcher(profile)
    breaches = [item for item in items if item.kind == "staff_breach"]
    assert breaches and all((m := matcher.match(item.post)) and m.author_is_staff for item in breaches)


def test_enough_posts_in_every_category_and_hard_negatives(items: list[Labelled]) -> None:
    counts = Counter(category for item in items for category in item.categories)
    assert {c: counts[c] for c in CATEGORIES if counts[c] < MINIMUM[c]} == {}
    assert sum(len(item.categories) > 1 for item in items) >= 10
    hard = Counter(item.kind for item in items if not item.categories and item.kind in HARD_NEGATIVE_KINDS)
    assert sum(hard.values()) >= 60
    assert set(hard) == HARD_NEGATIVE_KINDS  # every kind of hard negative is represented
    assert sum(item.kind == "unrelated" for item in items) >= 10


def _held_out_names(profile: Profile, towns: tuple[str, ...]) -> set[str]:
    """Every name that would let training have seen this school: people, their surnames, the school, the town."""
    names = {profile.school.name, *profile.school.aliases, *towns}
    for person in profile.people:
        names |= {person.name, person.name.split()[-1], *person.aliases}
    forms = {for_matching(name) for name in names}
    # Honorific aliases ("Mr Penry") are covered by the surname; keep only forms of distinctive words.
    return {form for form in forms if form and not form.startswith(("mr ", "mrs ", "miss ", "cllr ", "councillor "))}


def test_training_never_saw_the_school(school: School, profile: Profile) -> None:
    names = _held_out_names(profile, school.towns)
    assert school.names <= names
    pattern = re.compile(rf"(?<![a-z0-9])({'|'.join(map(re.escape, sorted(names)))})(?![a-z0-9])")
    files = [p for p in CLASSIFIERS.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert files
    found = {}
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="ignore")
        if school.blind and school.folder in text:
            found[str(path.relative_to(CLASSIFIERS))] = school.folder
        elif hit := pattern.search(for_matching(text)):
            found[str(path.relative_to(CLASSIFIERS))] = hit.group(1)
    assert found == {}
