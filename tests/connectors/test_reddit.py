"""connectors/reddit.py: praw replayed from vcrpy cassettes (praw's own recordings and ours), never the network."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import prawcore
import pytest
from replay import FIXTURES, RECORDINGS, SECRETS, SINCE, cassette, connect, spec_for

from clausewatch.errors import AuthFailed, RateLimited, SourceUnavailable
from connectors import reddit
from connectors.base import load_cursor

SPEC = spec_for("reddit", subreddits=["cardiff", "wales"])


@pytest.fixture(autouse=True)
def _no_praw_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    # prawcore waits up to 4 s between its own retries of a 5xx; the wait is not what these tests check.
    monkeypatch.setattr(prawcore.sessions.FiniteRetryStrategy, "sleep", lambda self: None)


def _fetch(name: str, cursor: str | None = None, spec=SPEC):
    with cassette(RECORDINGS / "reddit" / f"{name}.json") as tape:
        batch = reddit.fetch(spec, cursor, SINCE, connect("reddit"))
    return batch, tape


def test_praws_recorded_search_gives_submissions() -> None:
    with cassette(FIXTURES / "praw" / "TestSubreddit.test_search.json"):
        batch = reddit.fetch(spec_for("reddit"), None, datetime(2010, 1, 1, tzinfo=UTC), connect("reddit"))
    assert len(batch.posts) == 6
    first = batch.posts[0]
    assert first.id == "t3_3gpbiu" and first.platform == "reddit" and first.title.startswith("[PRAW]")
    assert first.url == "https://www.reddit.com/r/redditdev/comments/3gpbiu/prawoauth2util_problem_using_get_banned_raise/"
    assert first.created_at == datetime.fromtimestamp(1439370514, UTC)


def test_praws_recorded_comment_tree_parses_with_to_post() -> None:
    data = json.loads(json.loads((FIXTURES / "praw" / "TestSubmission.test_comments.json").read_text())
                      ["interactions"][1]["response"]["body"]["string"])
    comments = [child["data"] for child in data[1]["data"]["children"] if child["kind"] == "t1"]
    posts = [reddit.to_post(c) for c in comments]
    assert posts and all(p.id.startswith("t1_") and p.parent_id == "t3_2gmzqe" for p in posts)
    assert all(p.text for p in posts)


def test_praws_recorded_403_is_auth_failed() -> None:
    with cassette(FIXTURES / "praw" / "TestSubredditQuarantine.test_opt_out.json", match_on=("method",)), \
            pytest.raises(AuthFailed, match="403"):
        reddit.fetch(SPEC, None, SINCE, connect("reddit"))


def test_two_search_pages_and_comments_with_titles() -> None:
    batch, tape = _fetch("two_pages")
    assert tape.all_played
    assert [p.id for p in batch.posts] == ["t3_sub003", "t3_sub002", "t3_sub001", "t1_com002"]
    comment = batch.posts[-1]
    assert comment.title == "Llandough Primary nativity tickets" and comment.parent_id == "t3_sub003"
    assert batch.posts[1].text == "Open evening at Ysgol Gynradd Llandochau was lovely & well run."
    cursor = load_cursor(batch.next_cursor)
    assert cursor["submissions"] == {"at": "2026-11-22T09:00:00+00:00", "ids": ["t3_sub003"]}
    assert cursor["comments"]["ids"] == ["t1_com002"]


def test_next_night_resumes_from_the_cursor_with_nothing_missed_or_repeated() -> None:
    first, _ = _fetch("two_pages")
    second, _ = _fetch("next_night", first.next_cursor)
    assert [p.id for p in second.posts] == ["t3_sub004", "t1_com003"]


def test_search_asks_for_newest_first_with_the_names_as_phrases() -> None:
    sent: list = []
    with cassette(RECORDINGS / "reddit" / "two_pages.json", sent=sent):
        reddit.fetch(SPEC, None, SINCE, connect("reddit"))
    query = next(r for r in sent if r.path.endswith("/search/")).query
    assert ("sort", "new") in query and ("time_filter", "week") not in query
    assert dict(query)["q"].startswith('"Llandough Primary School" OR "Llandough Primary"')
    assert '"#LlandoughPrimary"' not in dict(query)["q"]


def test_empty_results_keep_the_cursor_where_it_was() -> None:
    batch, tape = _fetch("empty")
    assert batch.posts == [] and tape.all_played
    assert load_cursor(batch.next_cursor)["submissions"]["at"] == SINCE.isoformat()


def test_429_is_rate_limited_with_its_wait_then_the_retry_succeeds() -> None:
    with cassette(RECORDINGS / "reddit" / "rate_limited_then_ok.json") as tape:
        with pytest.raises(RateLimited) as info:
            reddit.fetch(SPEC, None, SINCE, connect("reddit"))
        assert info.value.retry_after == 7.0
        batch = reddit.fetch(SPEC, None, SINCE, connect("reddit"))
    assert [p.id for p in batch.posts] == ["t3_sub003"] and tape.all_played


def test_500_three_times_is_source_unavailable() -> None:
    with pytest.raises(SourceUnavailable) as info:
        _fetch("server_error")
    assert isinstance(info.value.__cause__, prawcore.ServerError)


def test_whole_site_is_searched_but_its_comment_stream_is_not() -> None:
    sent: list = []
    with cassette(RECORDINGS / "reddit" / "empty.json", match_on=("method",), sent=sent):
        reddit.fetch(spec_for("reddit"), None, SINCE, connect("reddit"))
    assert list(dict.fromkeys(r.path for r in sent)) == ["/api/v1/access_token", "/r/all/search/"]


def test_errors_never_carry_credentials() -> None:
    with pytest.raises(AuthFailed) as info, \
            cassette(FIXTURES / "praw" / "TestSubredditQuarantine.test_opt_out.json", match_on=("method",)):
        reddit.fetch(SPEC, None, SINCE, connect("reddit"))
    text = f"{info.value} {info.value.__cause__!r} {info.value.__cause__}"
    assert not any(secret in text for secret in SECRETS.values() if secret.startswith("SECRET"))
