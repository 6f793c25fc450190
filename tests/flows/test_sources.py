"""Two real nights with all five platforms configured against recorded responses, one of them failing.

The clients come from clausewatch.clients (the real builders), wired to recordings: praw and Mastodon.py
through one vcrpy cassette, atproto and feeds through httpx.MockTransport, YouTube through HttpMockSequence.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path

import prawcore
import pytest
import yaml
from sqlalchemy import select

import flows.handover
from clausewatch import clients
from clausewatch.settings import get_settings
from clausewatch.storage.db import open_database, session_scope
from clausewatch.storage.models import Base, StoredPost
from flows.fetch import fetch_source
from flows.nightly import nightly_flow as nightly

pytestmark = pytest.mark.usefixtures("prefect_harness")

_spec = importlib.util.spec_from_file_location("replay", Path(__file__).parents[1] / "connectors" / "replay.py")
replay = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules.setdefault("replay", replay)
_spec.loader.exec_module(replay)  # type: ignore[union-attr]

REC = replay.RECORDINGS
SINCE = datetime(2026, 11, 15, tzinfo=UTC)
MOCKED_HOSTS = ("bsky.social", "www.google.com", "www.penarthtimes.example")  # on httpx.MockTransport
PROFILE = """
[school]
name = "Llandough Primary School"
aliases = ["Llandough Primary", "#LlandoughPrimary", "Ysgol Gynradd Llandochau"]
exclude_terms = ["Llandough hospital"]

[sources.reddit]
subreddits = ["cardiff", "wales"]

[sources.bluesky]

[sources.mastodon]
search = false

[sources.rss]
feeds = ["https://www.google.com/alerts/feeds/00000000000000000000/1111111111111111111",
         "https://www.penarthtimes.example/news/rss/"]

[sources.youtube]

[scoring]
scorers = ["profanity"]
"""


def _requests_cassette(tmp_path: Path, night: str) -> Path:
    """praw and Mastodon.py both talk through requests: their recordings, merged into one cassette."""
    reddit = json.loads((REC / "reddit" / f"{night}.json").read_text())["interactions"]
    masto = yaml.safe_load((REC / "mastodon" / f"{night}.yaml").read_text())["interactions"]
    path = tmp_path / f"{night}.json"
    path.write_text(json.dumps({"interactions": reddit + masto, "version": 1}))
    return path


def _wire(monkeypatch: pytest.MonkeyPatch, night: str, youtube: str) -> None:
    bluesky = replay.Exchanges(REC / "bluesky" / f"{night}.json", otherwise={"posts": []})
    feeds = replay.Exchanges(REC / "rss" / f"{'two_feeds' if night == 'two_pages' else night}.json")
    http = replay.youtube_http(REC / "youtube" / f"{youtube}.json")
    real = {kind: getattr(clients, kind) for kind in ("bluesky", "rss", "youtube")}
    monkeypatch.setattr(clients, "bluesky", lambda s: real["bluesky"](s, transport=bluesky.transport()))
    monkeypatch.setattr(clients, "rss", lambda s: real["rss"](s, transport=feeds.transport()))
    monkeypatch.setattr(clients, "youtube", lambda s: real["youtube"](s, http=http))


def _night(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, night: str, youtube: str):
    with monkeypatch.context() as patch:
        _wire(patch, night, youtube)
        with replay.cassette(_requests_cassette(tmp_path, night), match_on=("method", "host", "path"),
                             ignore_hosts=MOCKED_HOSTS, ignore_localhost=True):
            return nightly(profile_path=str(tmp_path / "school.toml"), since=SINCE)


def _stored() -> list[tuple[str, str]]:
    with session_scope(open_database(get_settings().resolved_database_url)) as session:
        return [(row.platform, row.post_id) for row in session.scalars(select(StoredPost))]


def _everything_stored() -> str:
    with session_scope(open_database(get_settings().resolved_database_url)) as session:
        return "\n".join(str(tuple(row)) for table in Base.metadata.sorted_tables
                         for row in session.execute(select(table)))


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    (tmp_path / "school.toml").write_text(PROFILE, encoding="utf-8")
    monkeypatch.setattr(flows.handover, "fetch_source", fetch_source.with_options(retry_delay_seconds=0))
    monkeypatch.setattr(prawcore.sessions.FiniteRetryStrategy, "sleep", lambda self: None)
    return replay.set_secrets(monkeypatch)


def test_one_failing_source_two_nights_nothing_missed_nothing_repeated_no_secret_anywhere(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        school: dict[str, str]) -> None:
    caplog.set_level(logging.DEBUG)
    first = _night(tmp_path, monkeypatch, "two_pages", youtube="bad_key")
    results = {r.source: r for r in first.sources}
    assert "AuthFailed" in results["youtube"].error and "YOUTUBE_API_KEY" in results["youtube"].error
    assert all(results[k].ok and results[k].new > 0 for k in ("reddit", "bluesky", "mastodon", "rss"))
    report = Path(first.report_path).read_text(encoding="utf-8")
    assert "failed: AuthFailed" in report
    reached = results["bluesky"].cursor_reached
    assert reached and reached in report and f"cursor at {reached}" in results["bluesky"].summary_line()
    after_first = _stored()
    assert {p for p, _ in after_first} == {"reddit", "bluesky", "mastodon", "rss"}

    second = _night(tmp_path, monkeypatch, "next_night", youtube="two_pages")
    again = {r.source: r for r in second.sources}
    assert all(r.ok for r in second.sources), [r.summary_line() for r in second.sources]
    assert {k: r.fetched for k, r in again.items()} == {"reddit": 2, "bluesky": 1, "mastodon": 1, "rss": 1,
                                                        "youtube": 5}
    assert all(r.new == r.kept for r in second.sources)  # nothing fetched twice was stored twice
    stored = _stored()
    assert len(stored) == len(set(stored)) == len(after_first) + sum(r.new for r in second.sources)
    assert {("reddit", "t3_sub004"), ("reddit", "t1_com003"), ("rss", "https://www.penarthtimes.example/news/"
            "2311-eco-award/"), ("youtube", "UgzFair1")} <= set(stored)

    seen = "\n".join([report, Path(second.report_path).read_text(encoding="utf-8"), _everything_stored(),
                      caplog.text, *[r.summary_line() for r in first.sources + second.sources]])
    assert not [name for name, value in school.items() if value.startswith("SECRET") and value in seen]


@pytest.mark.parametrize(("recording", "retries", "outcome"), [
    pytest.param("rate_limited_then_ok", 3, None, id="429-then-success"),
    pytest.param("server_error", 2, "SourceUnavailable", id="500-three-times-then-failure"),
    pytest.param("unauthorized", 3, "AuthFailed", id="401-not-retried"),
])
def test_the_fetch_task_retries_rate_limits_and_outages_not_refusals(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, school: dict[str, str],
        recording: str, retries: int, outcome: str | None) -> None:
    tape = replay.Exchanges(REC / "bluesky" / f"{recording}.json", otherwise={"posts": []})
    real = clients.bluesky
    monkeypatch.setattr(clients, "bluesky", lambda s: real(s, transport=tape.transport()))
    monkeypatch.setattr(flows.handover, "fetch_source",
                        fetch_source.with_options(retries=retries, retry_delay_seconds=0))
    [result] = nightly(profile_path=str(tmp_path / "school.toml"), sources=["bluesky"], since=SINCE).sources
    logins = sum(r.url.path.endswith("createSession") for r in tape.sent)
    if outcome is None:
        assert result.ok and result.fetched == 3 and logins == 2
    else:
        assert outcome in result.error and logins == (3 if outcome == "SourceUnavailable" else 1)
    assert tape.all_played
