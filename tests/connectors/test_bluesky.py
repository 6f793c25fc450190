"""connectors/bluesky.py: the real atproto client over recorded XRPC exchanges (httpx.MockTransport)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from atproto import models
from atproto_client.models.utils import get_model_as_dict, get_or_create
from replay import FIXTURES, RECORDINGS, SECRETS, SINCE, Exchanges, connect

from clausewatch.errors import AuthFailed, RateLimited, SourceUnavailable
from connectors import bluesky
from connectors.base import SourceSpec, load_cursor

SPEC = SourceSpec("bluesky", terms=("Llandough Primary School", "Llandough Primary", "#LlandoughPrimary"))


def _fetch(tape: Exchanges, cursor: str | None = None):
    return bluesky.fetch(SPEC, cursor, SINCE, connect("bluesky", transport=tape.transport()))


def _tape(name: str) -> Exchanges:
    return Exchanges(RECORDINGS / "bluesky" / f"{name}.json")


def test_recorded_media_only_post_has_empty_text() -> None:
    thread = json.loads((FIXTURES / "atproto" / "thread_view_post_with_embed_media.json").read_text())
    view = get_or_create(thread["thread"]["post"], models.AppBskyFeedDefs.PostView)
    post = bluesky.to_post(get_model_as_dict(view))
    assert post.text == "" and post.author == "test.marshal.dev"
    assert post.url == "https://bsky.app/profile/test.marshal.dev/post/3kaheyt6vpc22"
    assert post.created_at == datetime(2023, 9, 28, 12, 49, 36, 735000, tzinfo=UTC)


@pytest.mark.parametrize("name", ["post_record.json", "extended_post_record.json"])
def test_recorded_records_with_unknown_fields_and_naive_times(name: str) -> None:
    record = json.loads((FIXTURES / "atproto" / name).read_text())
    view = {"uri": record["uri"], "cid": record["cid"], "record": record["value"],
            "author": {"did": "did:plc:kvwvcn5iqfooopmyzvb4qzba", "handle": "test.marshal.dev"},
            "indexedAt": "2024-02-22T19:58:14.000Z"}
    post = bluesky.to_post(get_model_as_dict(get_or_create(view, models.AppBskyFeedDefs.PostView)))
    assert post.text == record["value"]["text"] and post.created_at.tzinfo is not None


def test_two_pages_one_login_and_the_same_post_from_two_searches_kept_once() -> None:
    tape = _tape("two_pages")
    batch = _fetch(tape)
    assert tape.all_played
    assert [p.author for p in batch.posts] == ["cardiffmum.bsky.social", "photos.bsky.social",
                                               "valeparent.bsky.social"]
    assert batch.posts[1].text == ""
    logins = [r for r in tape.sent if r.url.path.endswith("createSession")]
    assert len(logins) == 1
    search = tape.sent[1]
    assert search.url.params["sort"] == "latest" and search.url.params["since"] == SINCE.isoformat()
    assert SECRETS["BLUESKY_APP_PASSWORD"] not in str(search.headers)
    assert load_cursor(batch.next_cursor)["posts"]["at"] == "2026-11-22T19:30:00+00:00"


def test_next_night_resumes_from_the_cursor_with_nothing_missed_or_repeated() -> None:
    first = _fetch(_tape("two_pages"))
    tape = _tape("next_night")
    second = _fetch(tape, first.next_cursor)
    assert [p.text for p in second.posts] == ["Llandough Primary parents evening moved to Thursday."]
    assert second.posts[0].parent_id == first.posts[0].id
    assert tape.sent[1].url.params["since"] == "2026-11-22T19:30:00+00:00"


def test_empty_results() -> None:
    tape = _tape("empty")
    batch = _fetch(tape)
    assert batch.posts == [] and tape.all_played
    assert load_cursor(batch.next_cursor)["posts"]["at"] == SINCE.isoformat()


def test_429_is_rate_limited_then_the_retry_succeeds() -> None:
    tape = _tape("rate_limited_then_ok")
    with pytest.raises(RateLimited) as info:
        _fetch(tape)
    assert info.value.retry_after is not None and info.value.retry_after >= 0
    assert len(_fetch(tape).posts) == 3 and tape.all_played


def test_500_three_times_is_source_unavailable_each_time() -> None:
    tape = _tape("server_error")
    for _ in range(3):
        with pytest.raises(SourceUnavailable, match="500"):
            _fetch(tape)
    assert tape.all_played


def test_refused_login_is_auth_failed_without_the_password() -> None:
    with pytest.raises(AuthFailed) as info:
        _fetch(_tape("unauthorized"))
    text = f"{info.value} {info.value.__cause__}"
    assert "BLUESKY_APP_PASSWORD" in text and SECRETS["BLUESKY_APP_PASSWORD"] not in text
