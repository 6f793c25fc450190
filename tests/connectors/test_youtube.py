"""connectors/youtube.py: the real googleapiclient (shipped discovery document) over HttpMockSequence."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
from replay import RECORDINGS, SECRETS, SINCE, connect, youtube_http

from clausewatch.errors import AuthFailed, RateLimited, SourceUnavailable
from connectors import youtube
from connectors.base import SourceSpec, load_cursor

SPEC = SourceSpec("youtube", terms=("Llandough Primary", "#LlandoughPrimary"))
KEY = SECRETS["YOUTUBE_API_KEY"]


def _http(name: str):
    return youtube_http(RECORDINGS / "youtube" / f"{name}.json")


def _fetch(http, cursor: str | None = None):
    return youtube.fetch(SPEC, cursor, SINCE, connect("youtube", http=http))


def test_two_search_pages_comments_with_replies_and_a_video_with_comments_off() -> None:
    http = _http("two_pages")
    batch = _fetch(http)
    assert [p.id for p in batch.posts] == ["vidNativity1", "vidFair00002", "vidClosed003", "UgzFair1",
                                           "UgzFair1.reply1"]
    comment, reply = batch.posts[3:]
    assert comment.title == "Llandough Primary School Christmas fair" and comment.parent_id == "vidFair00002"
    assert reply.parent_id == "UgzFair1" and reply.url == "https://www.youtube.com/watch?v=vidFair00002&lc=UgzFair1.reply1"
    query = parse_qs(urlsplit(http.sent[0]).query)
    assert query["q"] == ['"Llandough Primary"|#LlandoughPrimary'] and query["order"] == ["date"]
    assert query["publishedAfter"] == ["2026-11-15T00:00:00Z"] and query["key"] == [KEY]
    assert list(load_cursor(batch.next_cursor)["watched"]) == ["vidFair00002", "vidNativity1"]


def test_next_night_resumes_videos_and_each_videos_comments() -> None:
    first = _fetch(_http("two_pages"))
    http = _http("next_night")
    second = _fetch(http, first.next_cursor)
    assert [p.id for p in second.posts] == ["vidConcert04", "UgzFair2", "UgzConcert1"]
    assert parse_qs(urlsplit(http.sent[0]).query)["publishedAfter"] == ["2026-11-22T15:00:00Z"]


def test_empty_results() -> None:
    batch = _fetch(_http("empty"))
    assert batch.posts == [] and load_cursor(batch.next_cursor)["watched"] == {}


def test_429_is_rate_limited_then_the_retry_succeeds() -> None:
    http = _http("rate_limited_then_ok")
    with pytest.raises(RateLimited, match="rateLimitExceeded"):
        _fetch(http)
    assert len(_fetch(http).posts) == 5


def test_500_three_times_is_source_unavailable_each_time() -> None:
    http = _http("server_error")
    for _ in range(3):
        with pytest.raises(SourceUnavailable, match="500"):
            _fetch(http)
    assert len(http.sent) == 3


def test_bad_key_is_auth_failed_and_the_key_is_nowhere(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(AuthFailed, match="keyInvalid") as info:
        _fetch(_http("bad_key"))
    cause = info.value.__cause__
    assert KEY not in f"{info.value} {cause} {cause!r}"
    assert "URL being requested" in caplog.text and KEY not in caplog.text
