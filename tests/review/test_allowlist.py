"""The allow-list: validated in the profile, honoured by matching and scoring, written to the file safely."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clausewatch.errors import ProfileError
from clausewatch.matching import Matcher
from clausewatch.profile import EXAMPLE_PROFILE, load_profile
from clausewatch.records import Post
from review.allowlist import add_allow_phrase


@pytest.fixture
def profile_file(tmp_path: Path) -> Path:
    path = tmp_path / "school.toml"
    shutil.copy(EXAMPLE_PROFILE, path)
    return path


def _post(text: str) -> Post:
    return Post(platform="reddit", id="t1", created_at=datetime(2026, 11, 20, tzinfo=UTC), text=text)


def test_a_phrase_is_added_once_and_the_file_keeps_its_comments(profile_file: Path) -> None:
    assert add_allow_phrase(profile_file, "  Head  of the\tValleys ")
    assert not add_allow_phrase(profile_file, "head of the valleys")
    text = profile_file.read_text(encoding="utf-8")
    assert "# Every person below is invented." in text and text.count("Head of the Valleys") == 1
    assert load_profile(profile_file).school.allow_phrases == ["Head of the Valleys"]


@pytest.mark.parametrize("phrase", ["Llandough Primary", "Rees", "Mrs Pritchard is lovely", "x", "a" * 101])
def test_a_phrase_that_would_hide_a_name_or_is_not_a_phrase_is_refused_and_nothing_changes(
        profile_file: Path, phrase: str) -> None:
    before = profile_file.read_bytes()
    with pytest.raises(ProfileError) as caught:
        add_allow_phrase(profile_file, phrase)
    assert str(profile_file) in str(caught.value) and ".toml." not in str(caught.value)
    assert profile_file.read_bytes() == before
    assert sorted(p.name for p in profile_file.parent.iterdir()) == ["school.toml"]


def test_matching_blanks_allow_listed_phrases_like_exclusion_terms(profile_file: Path) -> None:
    text = "Mr Rees spotted near the Head of the Valleys road"  # "head" is a school cue: kept without the list
    assert Matcher(load_profile(profile_file)).match(_post(text)) is not None
    add_allow_phrase(profile_file, "Head of the Valleys")
    matcher = Matcher(load_profile(profile_file))
    assert matcher.match(_post(text)) is None
    assert matcher.match(_post("Mr Rees the head teacher, Head of the Valleys")) is not None


def test_scoring_reads_the_text_with_allow_listed_phrases_blanked(profile_file: Path) -> None:
    add_allow_phrase(profile_file, "Cocks Moors Woods")
    matcher = Matcher(load_profile(profile_file))
    assert matcher.scrub("Llandough Primary trip to COCKS  moors-woods today") == "Llandough Primary trip to   today"
    assert Matcher(load_profile()).scrub("cocks moors woods") == "cocks moors woods"
