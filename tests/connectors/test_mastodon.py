"""connectors/mastodon.py: Mastodon.py replayed from vcrpy YAML cassettes (its own recordings and ours)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from replay import FIXTURES, RECORDINGS, SECRETS, SINCE, cassette, connect

from clausewatch.errors import AuthFailed, RateLimited, SourceUnavailable
from connectors import mastodon
from connectors.base import SourceSpec, load_cursor

SPEC = SourceSpec("mastodon", terms=("Llandough Primary", "#LlandoughPrimary"))


def _fetch(name: str, cursor: str | None = None, spec: SourceSpec = SPEC, sent: list | None = None):
    with cassette(RECORDINGS / "mastodon" / f"{name}.yaml", serializer="yaml", sent=sent) as tape:
        batch = mastodon.fetch(spec, cursor, SINCE, connect("mastodon"))
    return batch, tape


def test_recorded_hashtag_timeline() -> None:
    spec = SourceSpec("mastodon", terms=("#hoot",), options=(("max_pages", 1), ("search", False)))
    with cassette(FIXTURES / "mastodon" / "test_hashtag_tl.yaml", serializer="yaml"):
        batch = mastodon.fetch(spec, None, datetime(2026, 7, 1, tzinfo=UTC), connect("mastodon"))
    [post] = batch.posts
    assert post.text == "#hoot (hashtag toot)"
    assert post.id == "http://localhost:3000/ap/users/117020566092212359/statuses/117020593741189701"
    assert post.author == "mastodonpy_test_2@localhost"
    assert load_cursor(batch.next_cursor) == {"tag:hoot": "117020593741189701"}


def test_recorded_search_after_the_version_check() -> None:
    spec = SourceSpec("mastodon", terms=("halcy",), options=(("max_pages", 1),))
    with cassette(FIXTURES / "mastodon" / "test_entity_searchv2.yaml", serializer="yaml") as tape:
        batch = mastodon.fetch(spec, None, datetime(2026, 4, 1, tzinfo=UTC), connect("mastodon"))
    assert tape.all_played and len(batch.posts) == 2
    assert batch.posts[0].author == "greg@icosahedron.website"
    assert batch.posts[1].text.startswith("@halcy me when")


def test_two_pages_html_to_text_and_a_boost_kept_once() -> None:
    batch, tape = _fetch("two_pages")
    assert tape.all_played
    fair, governors = batch.posts
    assert fair.text == ("Fantastic Christmas fair at #LlandoughPrimary today & the PTA raised £900! "
                         "Photos here (https://example.org/fair)\n\nDiolch i bawb")
    assert fair.author == "rhiannon@mastodon.cymru" and fair.url == "https://mastodon.cymru/@rhiannon/113500000000000003"
    assert governors.text == "Llandough Primary's governors meet on Tuesday.\nAgenda on the website."
    assert governors.author == "valeparent@mastodon.example"
    assert load_cursor(batch.next_cursor) == {"q:llandough primary": "113500000000000002",
                                              "tag:llandoughprimary": "113500000000000004"}


def test_next_night_resumes_with_min_id_from_the_cursor() -> None:
    first, _ = _fetch("two_pages")
    sent: list = []
    second, _ = _fetch("next_night", first.next_cursor, sent=sent)
    assert [(p.title, p.author) for p in second.posts] == [("school stuff", "rhiannon@mastodon.cymru"),
                                                           (None, "gwen@toot.wales")]
    tag_query = dict(next(r for r in sent if "timelines/tag" in r.path).query)
    assert tag_query["min_id"] == "113500000000000004"


def test_without_a_token_only_hashtags_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MASTODON_ACCESS_TOKEN")
    sent: list = []
    batch, _ = _fetch("empty", sent=sent)
    paths = {r.path for r in sent}
    assert batch.posts == [] and "/api/v1/timelines/tag/llandoughprimary" in paths and "/api/v2/search" not in paths
    assert all("Authorization" not in r.headers for r in sent)


def test_empty_results() -> None:
    batch, tape = _fetch("empty")
    assert batch.posts == [] and tape.all_played and load_cursor(batch.next_cursor) == {}


def test_429_is_rate_limited_then_the_retry_succeeds() -> None:
    with cassette(RECORDINGS / "mastodon" / "rate_limited_then_ok.yaml", serializer="yaml") as tape:
        with pytest.raises(RateLimited):
            mastodon.fetch(SPEC, None, SINCE, connect("mastodon"))
        batch = mastodon.fetch(SPEC, None, SINCE, connect("mastodon"))
    assert len(batch.posts) == 2 and tape.all_played


def test_500_three_times_is_source_unavailable_each_time() -> None:
    with cassette(RECORDINGS / "mastodon" / "server_error.yaml", serializer="yaml") as tape:
        for _ in range(3):
            with pytest.raises(SourceUnavailable):
                mastodon.fetch(SPEC, None, SINCE, connect("mastodon"))
    assert tape.all_played


def test_401_is_auth_failed_without_the_token() -> None:
    with pytest.raises(AuthFailed) as info:
        _fetch("unauthorized")
    text = f"{info.value} {info.value.__cause__}"
    assert SECRETS["MASTODON_ACCESS_TOKEN"] not in text
