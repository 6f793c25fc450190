"""connectors/base.py: ``plan`` turns a profile and the command line into the sources of one run."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from clausewatch.errors import InputError, SourceChanged
from clausewatch.profile import Profile, load_profile
from clausewatch.records import Post
from connectors.base import (
    Mark,
    SourceSpec,
    dump_cursor,
    fetch,
    load_cursor,
    not_built_reason,
    plan,
    unique,
)


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


def test_a_platform_spec_carries_the_school_names_and_its_profile_table(profile: Profile) -> None:
    profile = profile.model_copy(update={"sources": {"reddit": {"subreddits": ["cardiff", "wales"]}}})
    [spec] = plan(profile, ["reddit"])
    assert spec.kind == spec.name == "reddit" and hash(spec)
    assert spec.terms[:2] == ("Llandough Primary School", "Llandough Primary")
    assert "LlandoughPrimary" in spec.hashtags and "#LlandoughPrimary" not in spec.phrases
    assert spec.strings("subreddits") == tuple(profile.sources["reddit"]["subreddits"])
    assert spec.option("missing", 5) == 5


@pytest.mark.parametrize(("kind", "reason"), [
    ("reddit", "no praw_client_id/praw_client_secret/praw_user_agent in the environment"),
    ("bluesky", "no BLUESKY_HANDLE/BLUESKY_APP_PASSWORD in the environment"),
    ("mastodon", "no MASTODON_API_BASE_URL in the environment"),
    ("youtube", "no YOUTUBE_API_KEY in the environment"),
])
def test_a_platform_without_credentials_is_skipped_with_a_reason(
        profile: Profile, monkeypatch: pytest.MonkeyPatch, kind: str, reason: str) -> None:
    [spec] = plan(profile, [kind])
    assert not_built_reason(spec) is None  # the connector tests' environment has every credential
    for name in ("praw_client_id", "praw_client_secret", "praw_user_agent", "BLUESKY_HANDLE",
                 "BLUESKY_APP_PASSWORD", "MASTODON_API_BASE_URL", "YOUTUBE_API_KEY"):
        monkeypatch.delenv(name)
    assert not_built_reason(spec) == reason


def test_rss_needs_feeds_not_credentials() -> None:
    assert not_built_reason(SourceSpec("rss")) == "no feeds listed in [sources.rss] feeds"
    assert not_built_reason(SourceSpec("rss", options=(("feeds", ("https://x.example/rss",)),))) is None


def test_fetch_hands_the_platform_the_client_from_clausewatch_clients(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[object] = []
    monkeypatch.setattr("clausewatch.clients.rss", lambda settings: built.append(settings) or _NoFeeds())
    batch = fetch(SourceSpec("rss", options=(("feeds", ()),)), None, None)
    assert batch.posts == [] and len(built) == 1


class _NoFeeds:
    def __enter__(self) -> _NoFeeds:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _post(ident: str, minute: int, url: str = "") -> Post:
    return Post(platform="x", id=ident, url=url, created_at=datetime(2026, 11, 20, 9, minute, tzinfo=UTC), text="")


def test_mark_misses_nothing_at_the_same_instant_and_repeats_nothing() -> None:
    mark = Mark(datetime(2026, 11, 20, 9, 0, tzinfo=UTC)).advance([_post("a", 5), _post("b", 5), _post("c", 1)])
    assert mark.at.minute == 5 and mark.ids == {"a", "b"}
    assert [p.id for p in [_post("a", 5), _post("d", 5), _post("e", 6), _post("f", 4)] if mark.is_new(p)] == ["d", "e"]
    assert Mark.load(mark.dump(), datetime(2000, 1, 1, tzinfo=UTC)) == mark


def test_cursor_from_an_older_version_is_source_changed() -> None:
    assert load_cursor(None) == {} and load_cursor(dump_cursor({"a": 1})) == {"a": 1}
    with pytest.raises(SourceChanged):
        load_cursor("t3_newest")


def test_unique_keeps_the_first_of_the_same_id_or_url() -> None:
    posts = [_post("a", 1, "https://u/1"), _post("a", 2), _post("b", 3, "https://u/1"), _post("c", 4)]
    assert [p.id for p in unique(posts)] == ["a", "c"]


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


@pytest.mark.parametrize(("cursor", "reached"), [
    (None, None),
    ("not json", None),
    ('{"posts": {"at": "2026-11-20T18:00:00+00:00", "ids": ["a"]}}', "2026-11-20T18:00:00+00:00"),
    ('{"tags": {"x": {"at": "2026-11-19T08:00:00+00:00"}, "y": {"at": "2026-11-21T09:30:00+00:00"}}}',
     "2026-11-21T09:30:00+00:00"),
    ('{"feeds": [{"etag": "abc", "at": "not a time"}]}', None),
])
def test_cursor_reached_is_the_newest_time_in_a_cursor(cursor: str | None, reached: str | None) -> None:
    from connectors.base import cursor_reached

    assert cursor_reached(cursor) == reached
