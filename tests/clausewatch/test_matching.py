"""clausewatch/matching.py: which posts are about the school community, and who they are about."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clausewatch.matching import Matcher
from clausewatch.profile import EXAMPLE_PROFILE, load_profile
from clausewatch.records import Post
from connectors.file import read_posts

ST_BRYNACH = Path(__file__).parents[1] / "data" / "st-brynach"
CYRILLIC_A, CYRILLIC_O = "\u0430", "\u043e"


@pytest.fixture(scope="module")
def llandough() -> Matcher:
    return Matcher(load_profile())


@pytest.fixture(scope="module")
def st_brynach() -> Matcher:
    return Matcher(load_profile(ST_BRYNACH / "profile.toml"))


def _post(text: str, *, author: str = "someone", platform: str = "reddit", title: str | None = None) -> Post:
    return Post(platform=platform, id="t3_test", created_at=datetime(2026, 11, 20, 18, tzinfo=UTC),
                text=text, author=author, title=title)


@pytest.mark.parametrize(
    ("text", "kept", "roles"),
    [
        pytest.param("Great sports day at Llandough Primary today", True, ["school"], id="alias-kept"),
        pytest.param("Llandough Primary School nativity tickets", True, ["school"], id="full-name-kept"),
        pytest.param("Diolch i Ysgol Gynradd Llandochau am y cyngerdd", True, ["school"], id="welsh-name-kept"),
        pytest.param("So proud of everyone #LlandoughPrimary", True, ["school"], id="hashtag-kept"),
        pytest.param("Llandough Primary's nativity was lovely", True, ["school"], id="possessive-kept"),
        pytest.param("Llandough Primary\u2019s nativity was lovely", True, ["school"], id="curly-possessive-kept"),
        pytest.param("Waited 4 hours at University Hospital Llandough A&E", False, [], id="hospital-only-dropped"),
        pytest.param("Parked at Llandough hospital for the school run to Llandough Primary", True, ["school"],
                     id="hospital-plus-school-kept"),
        pytest.param("Llandough RFC won 20-3 on Saturday", False, [], id="rugby-club-only-dropped"),
        pytest.param("Llandough rugby club fundraiser at the clubhouse", False, [], id="rugby-club-long-dropped"),
        pytest.param("Llandough is lovely in the spring", False, [], id="place-name-alone-dropped"),
        pytest.param("Llandough Primaryschool", False, [], id="alias-not-whole-word-dropped"),
        pytest.param("Mrs Pritchard is the best teacher in the school", True, ["staff"],
                     id="person-alias-with-school-cue-kept"),
        pytest.param("Mrs Pritchard was at the shops on Saturday", False, [], id="person-alone-without-cue-dropped"),
        pytest.param("Huw Jenkins the governor is useless", True, ["governor"], id="governor-with-cue-kept"),
        pytest.param("Dylan Hughes in year 6 at Llandough Primary", True, ["school", "pupil"],
                     id="pupil-named-beside-school-kept"),
        pytest.param("Llan\u200bdough Pri\u200dmary is rubbish", True, ["school"], id="zero-width-inside-alias-kept"),
        pytest.param(f"Ll{CYRILLIC_A}nd{CYRILLIC_O}ugh Primary is rubbish", True, ["school"],
                     id="cyrillic-lookalikes-inside-alias-kept"),
        pytest.param("Vale of Glamorgan Council should close Llandough Primary", True, ["school", "council"],
                     id="local-authority-beside-school-adds-council"),
        pytest.param("Vale of Glamorgan Council never collects the bins", False, [],
                     id="local-authority-alone-dropped"),
    ],
)
def test_match_keeps_and_targets(llandough: Matcher, text: str, kept: bool, roles: list[str]) -> None:
    match = llandough.match(_post(text))
    assert (match is not None) is kept
    assert ([t.role for t in match.targets] if match else []) == roles


def test_school_name_in_title_only_is_kept(llandough: Matcher) -> None:
    match = llandough.match(_post("Anyone else going tonight?", title="Llandough Primary winter fair"))
    assert match is not None
    assert match.terms == ["llandough primary"]


def test_target_names_come_from_the_profile(llandough: Matcher) -> None:
    match = llandough.match(_post("Mr Llewellyn runs the best assembly at Llandough Primary"))
    assert match is not None
    assert [(t.name, t.role) for t in match.targets] == [
        ("Llandough Primary School", "school"), ("Gareth Llewellyn", "staff"),
    ]


@pytest.mark.parametrize(
    ("platform", "author", "is_staff"),
    [
        pytest.param("reddit", "sian_pritchard_teaches", True, id="declared-handle-is-staff"),
        pytest.param("reddit", "Sian_Pritchard_TEACHES", True, id="declared-handle-case-insensitive"),
        pytest.param("bluesky", "GarethLlew.bsky.social", True, id="declared-bluesky-handle-case-insensitive"),
        pytest.param("bluesky", "sian_pritchard_teaches", False, id="declared-name-on-other-platform-not-staff"),
        pytest.param("reddit", "sian_pritchard", False, id="undeclared-similar-handle-not-staff"),
        pytest.param("reddit", "valeofglam_dad", False, id="undeclared-handle-not-staff"),
        pytest.param("reddit", "", False, id="no-author-not-staff"),
    ],
)
def test_author_is_staff_only_for_declared_handles(llandough: Matcher, platform: str, author: str,
                                                   is_staff: bool) -> None:
    match = llandough.match(_post("Llandough Primary winter fair", platform=platform, author=author))
    assert match is not None
    assert match.author_is_staff is is_staff


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        pytest.param("Lovely nativity at St Brynach's Church in Wales Primary School", True,
                     id="full-name-containing-exclusion-term-kept"),
        pytest.param("St Brynach\u2019s Church in Wales Primary School nativity", True,
                     id="full-name-curly-apostrophe-kept"),
        pytest.param("Lovely evensong at St Brynach's Church last night", False, id="church-alone-dropped"),
        pytest.param("St Brynach AFC lost again", False, id="football-club-alone-dropped"),
        pytest.param("Concert at St Brynach's Church by St Brynach's Primary pupils", True,
                     id="church-plus-school-alias-kept"),
    ],
)
def test_st_brynach_exclusion_terms_inside_the_school_name(st_brynach: Matcher, text: str, kept: bool) -> None:
    match = st_brynach.match(_post(text))
    assert (match is not None) is kept
    if match:
        assert [t.role for t in match.targets] == ["school"]


def _labelled(posts_path: Path) -> list[tuple[Post, bool]]:
    labels = [json.loads(line)["expected"]["kept"] for line in posts_path.read_text("utf-8").splitlines()
              if line.strip()]
    posts = read_posts(posts_path)
    assert len(posts) == len(labels)
    return list(zip(posts, labels, strict=True))


@pytest.mark.parametrize(
    ("profile_path", "posts_path"),
    [
        pytest.param(EXAMPLE_PROFILE, EXAMPLE_PROFILE.parent / "llandough-posts.jsonl", id="llandough"),
        pytest.param(ST_BRYNACH / "profile.toml", ST_BRYNACH / "posts.jsonl", id="st-brynach"),
    ],
)
def test_labelled_feed_kept_matches_expected(profile_path: Path, posts_path: Path) -> None:
    matcher = Matcher(load_profile(profile_path))
    labelled = _labelled(posts_path)
    wrong = [(post.id, expected) for post, expected in labelled if (matcher.match(post) is not None) != expected]
    assert wrong == []
    assert any(expected for _, expected in labelled)
    assert not all(expected for _, expected in labelled)
