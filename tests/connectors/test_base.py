"""connectors/base.py: ``plan`` turns a profile and the command line into the sources of one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausewatch.errors import InputError
from clausewatch.profile import Profile, load_profile
from connectors.base import SourceSpec, fetch, not_built_reason, plan


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile()


def test_default_is_the_profiles_file_path(profile: Profile) -> None:
    assert plan(profile) == [SourceSpec("file", profile.file_paths()[0])]
    assert plan(profile)[0].path.is_file()  # type: ignore[union-attr]


def test_empty_request_means_the_profile(profile: Profile) -> None:
    assert plan(profile, []) == plan(profile)


def test_bare_file_means_the_profiles_files(profile: Profile) -> None:
    assert plan(profile, ["file"]) == plan(profile)


def test_file_path_resolves(profile: Profile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    [spec] = plan(profile, ["file:posts.jsonl"])
    assert spec == SourceSpec("file", tmp_path.resolve() / "posts.jsonl")
    assert spec.name == "file:posts.jsonl"
    assert not_built_reason(spec) is None


def test_reddit_is_planned_but_not_built(profile: Profile) -> None:
    [spec] = plan(profile, ["reddit"])
    assert spec == SourceSpec("reddit")
    assert spec.name == "reddit"
    assert not_built_reason(spec)
    with pytest.raises(NotImplementedError):
        fetch(spec, None, None)


@pytest.mark.parametrize(
    "requested",
    [
        pytest.param("myspace", id="unknown-source"),
        pytest.param("reddit:x", id="platform-with-argument"),
        pytest.param("Reddit", id="wrong-case"),
        pytest.param("", id="empty-name"),
    ],
)
def test_unknown_source_raises_input_error(profile: Profile, requested: str) -> None:
    with pytest.raises(InputError, match="unknown source"):
        plan(profile, [requested])


@pytest.mark.parametrize(
    ("requested", "kinds"),
    [
        pytest.param(["reddit", "reddit"], ["reddit"], id="same-platform-twice"),
        pytest.param(["file", "file"], ["file"], id="profile-files-twice"),
        pytest.param(["reddit", "bluesky", "reddit"], ["reddit", "bluesky"], id="order-of-first-kept"),
    ],
)
def test_duplicates_removed(profile: Profile, requested: list[str], kinds: list[str]) -> None:
    assert [s.kind for s in plan(profile, requested)] == kinds


def test_same_file_by_two_spellings_planned_once(profile: Profile, tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    specs = plan(profile, [f"file:{path}", f"file:{tmp_path}/./posts.jsonl"])
    assert specs == [SourceSpec("file", path.resolve())]


def test_file_source_fetches_through_base(profile: Profile) -> None:
    [spec] = plan(profile)
    assert len(fetch(spec, None, None).posts) > 0
