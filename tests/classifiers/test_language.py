"""Telling a post's language apart among the profile's, and which scorers' scores count for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.language import Languages, Unread, read_by
from classifiers.minilm import MiniLMScorer
from classifiers.profanity import ProfanityScorer
from clausewatch.errors import ProfileError
from clausewatch.profile import load_profile

WELSH = "Oes rhywun yn gwybod pryd mae'r cyngerdd Nadolig yn Ysgol Gynradd Llandochau? Mae'r plant wedi colli'r llythyr"
SCHOOL_NAMES = ["Ysgol Maesglowyr", "Maesglowyr", "Strathbeldie", "Pitcaithly"]


@pytest.fixture(scope="module")
def both() -> Languages:
    return Languages(["en", "cy"], SCHOOL_NAMES)


def test_a_welsh_post_is_welsh(both: Languages) -> None:
    assert both.of(WELSH) == "cy"
    assert both.of("Mae Mrs Vaughan yn mynd i gael beth mae hi'n ei haeddu. Dw i'n gwybod lle mae hi'n byw.") == "cy"


@pytest.mark.parametrize("text", [
    "burn maesglowyr down tbh",  # read as Welsh while the school's name was left in
    "Fuck you Pitcaithly. Strathbeldie's gonnae burn and you'll be in it.",
    "Mrs Vaughan is a brilliant teacher and the nativity was lovely.",
    "Ysgol Maesglowyr, tidy school!",
])
def test_english_posts_about_welsh_named_places_are_not_welsh(both: Languages, text: str) -> None:
    assert both.of(text) in (None, "en")


def test_with_one_language_nothing_is_told_apart() -> None:
    assert Languages(["en"]).of(WELSH) is None


def test_the_example_school_names_its_people_and_places_before_telling() -> None:
    languages = Languages.of_school(load_profile())
    assert languages.of(WELSH) == "cy"
    assert languages.of("Eleri Vaughan from Llandough Primary is going through IVF. Just so people know.") != "cy"


def test_an_unknown_language_code_is_a_clear_profile_error(tmp_path: Path) -> None:
    path = tmp_path / "school.toml"
    path.write_text('[school]\nname = "Ysgol Test"\n[scoring]\nlanguages = ["en", "welsh"]\n', encoding="utf-8")
    with pytest.raises(ProfileError, match="unknown language code 'welsh'"):
        load_profile(path)


def test_only_scorers_that_read_the_language_count_for_its_priority() -> None:
    scorers = [MiniLMScorer(), ProfanityScorer()]
    per_scorer = {"minilm": {"threatening": 0.9}, "alt-profanity-check": {"offensive": 0.4}}
    assert read_by(per_scorer, scorers, None) == ({"threatening": 0.9, "offensive": 0.4}, None)
    assert read_by(per_scorer, scorers, "en") == ({"threatening": 0.9, "offensive": 0.4}, None)
    assert read_by(per_scorer, scorers, "cy") == ({"threatening": 0.9, "offensive": 0.4}, Unread("Welsh", {}))
