"""connectors/rss.py: feeds served from recorded bytes through httpx.MockTransport, parsed by feedparser."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from replay import FIXTURES, RECORDINGS, SINCE, Exchanges, connect

from clausewatch.errors import AuthFailed, RateLimited, SourceUnavailable
from connectors import rss
from connectors.base import SourceSpec, load_cursor

ALERTS = "https://www.google.com/alerts/feeds/00000000000000000000/1111111111111111111"
PAPER = "https://www.penarthtimes.example/news/rss/"
ARTICLE = "https://www.penarthtimes.example/news/2411-llandough-primary-inspection/"
BOTH = SourceSpec("rss", options=(("feeds", (ALERTS, PAPER)),))
PAPER_ONLY = SourceSpec("rss", options=(("feeds", (PAPER,)),))


def _tape(name: str) -> Exchanges:
    return Exchanges(RECORDINGS / "rss" / f"{name}.json")


def _fetch(tape: Exchanges, spec: SourceSpec = PAPER_ONLY, cursor: str | None = None):
    return rss.fetch(spec, cursor, SINCE, connect("rss", transport=tape.transport()))


def test_two_feeds_the_shared_article_kept_once_and_google_links_unwrapped() -> None:
    tape = _tape("two_feeds")
    batch = _fetch(tape, BOTH)
    assert tape.all_played
    [article] = batch.posts  # the October entry is older than the look-back window
    assert article.id == article.url == ARTICLE
    assert article.title == "Llandough Primary praised by inspectors"
    assert article.text == 'Estyn said Llandough Primary pupils "feel safe" ...'
    assert article.author == 'Google Alert - "Llandough Primary"'
    state = load_cursor(batch.next_cursor)
    assert state[ALERTS]["etag"] == '"alerts-v1"' and len(state[ALERTS]["seen"]) == 2


def test_next_night_sends_validators_and_gives_only_new_entries() -> None:
    first = _fetch(_tape("two_feeds"), BOTH)
    tape = _tape("next_night")
    second = _fetch(tape, BOTH, first.next_cursor)
    assert tape.sent[0].headers["If-None-Match"] == '"alerts-v1"'
    assert tape.sent[0].headers["If-Modified-Since"] == "Sun, 22 Nov 2026 10:00:00 GMT"
    assert [p.title for p in second.posts] == ["Ysgol Gynradd Llandochau wins eco award"]
    assert load_cursor(second.next_cursor)[ALERTS] == load_cursor(first.next_cursor)[ALERTS]


def test_malformed_feed_still_gives_what_it_can(caplog: pytest.LogCaptureFixture) -> None:
    batch = _fetch(_tape("malformed"))
    assert len(batch.posts) >= 2
    assert "malformed" in caplog.text and "Llandough" not in caplog.text  # the log never quotes the feed


@pytest.mark.parametrize("name", [
    "illformed/aaa_illformed.xml", "illformed/rss_incomplete_cdata.xml", "illformed/undeclared_namespace.xml",
    "illformed/rss_item_link_corrupted_ampersands.xml", "illformed/http_high_bit_date.xml",
    "illformed/rss_empty_document.xml", "encoding/bozo_linenoise.xml", "encoding/bozo_bogus_encoding.xml",
    "encoding/demoronize-1.xml", "wellformed/sanitize/entry_content_script.xml",
    "wellformed/atom10/entry_content_escaped_markup.xml",
])
def test_feedparsers_recorded_feeds_never_fail_the_source(name: str) -> None:
    raw = (FIXTURES / "feedparser" / name).read_bytes()
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=raw))
    batch = rss.fetch(PAPER_ONLY, None, SINCE, connect("rss", transport=transport))
    assert all("<script" not in p.text and "alert(" not in p.text for p in batch.posts)
    assert load_cursor(batch.next_cursor)[PAPER]["seen"] is not None


def test_corrupted_ampersands_link_is_repaired() -> None:
    raw = (FIXTURES / "feedparser" / "illformed" / "rss_item_link_corrupted_ampersands.xml").read_bytes()
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=raw))
    [post] = rss.fetch(PAPER_ONLY, None, SINCE, connect("rss", transport=transport)).posts
    assert post.url == "http://link/get?a=1&b=2"


def test_empty_feed() -> None:
    batch = _fetch(_tape("empty"))
    assert batch.posts == [] and load_cursor(batch.next_cursor)[PAPER]["seen"] == []


def test_429_is_rate_limited_with_retry_after_then_the_retry_succeeds() -> None:
    tape = _tape("rate_limited_then_ok")
    with pytest.raises(RateLimited) as info:
        _fetch(tape)
    assert info.value.retry_after == 30
    assert len(_fetch(tape).posts) == 1 and tape.all_played


def test_500_three_times_is_source_unavailable_each_time() -> None:
    tape = _tape("server_error")
    for _ in range(3):
        with pytest.raises(SourceUnavailable, match="500"):
            _fetch(tape)
    assert tape.all_played


def test_403_is_auth_failed() -> None:
    with pytest.raises(AuthFailed, match="403"):
        _fetch(_tape("forbidden"))


def test_network_failure_is_source_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(SourceUnavailable) as info:
        rss.fetch(PAPER_ONLY, None, SINCE, connect("rss", transport=httpx.MockTransport(refuse)))
    assert isinstance(info.value.__cause__, httpx.ConnectError)


def test_fixture_folder_is_beside_the_clone() -> None:
    assert Path(FIXTURES, "README.md").is_file()
