"""What the connector tests (and the flow test of all sources) share: recordings, specs, known secrets.

Imported by path from tests/flows/test_sources.py, so it is a plain module, not a conftest.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest

from clausewatch.profile import load_profile
from connectors.base import SourceSpec, plan

RECORDINGS = Path(__file__).parent / "recordings"
# The real recordings from other projects' test suites (../shared/fixtures beside the clone; see its README).
FIXTURES = Path(__file__).parents[2].parent / "shared" / "fixtures"
SINCE = datetime(2026, 11, 15, tzinfo=UTC)


def spec_for(kind: str, **options: Any) -> SourceSpec:
    """The example school's spec for a platform, with these [sources.<kind>] options."""
    [spec] = plan(load_profile(), [kind])
    return SourceSpec(kind, terms=spec.terms, options=tuple(
        (k, tuple(v) if isinstance(v, list) else v) for k, v in options.items()))


SECRETS = {
    "praw_client_id": "SECRET-reddit-id-7f3a", "praw_client_secret": "SECRET-reddit-secret-91bc",
    "praw_user_agent": "clausewatch-tests", "BLUESKY_HANDLE": "monitor.example.bsky.social",
    "BLUESKY_APP_PASSWORD": "SECRET-bsky-pass-5d2e", "MASTODON_API_BASE_URL": "https://mastodon.example",
    "MASTODON_ACCESS_TOKEN": "SECRET-masto-token-aa41", "YOUTUBE_API_KEY": "SECRET-yt-key-c0ff",
}


def set_secrets(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Every platform credential set to a known value, so tests can look for it where it must not be."""
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    return SECRETS


@contextmanager
def cassette(path: Path, *, serializer: str = "json", match_on: tuple[str, ...] = ("method", "path"),
             sent: list[Any] | None = None, ignore_hosts: tuple[str, ...] = (),
             ignore_localhost: bool = False) -> Iterator[Any]:
    """Replay a vcrpy cassette through the real HTTP stack, in order, each answer once; never record.

    ``sent`` collects the requests the client really made (vcrpy's ``requests`` are the recorded ones).
    ``ignore_localhost`` (a Prefect test server; it also drops recorded loopback answers) and ``ignore_hosts``
    (clients on their own mock transports) let those requests pass by.
    """
    import vcr

    def keep(request: Any) -> Any:
        if sent is not None:
            sent.append(request)
        return request

    with vcr.use_cassette(str(path), record_mode="none", serializer=serializer, match_on=list(match_on),
                          allow_playback_repeats=False, before_record_request=keep,
                          ignore_localhost=ignore_localhost, ignore_hosts=list(ignore_hosts)) as tape:
        if sent is not None:
            sent.clear()  # vcrpy passed the recorded requests through the hook while loading them
        yield tape


def connect(kind: str, **wiring: Any) -> Callable[[], Any]:
    """The real client factory of clausewatch.clients, from the test's environment, with test wiring."""
    from clausewatch import clients
    from clausewatch.settings import get_settings

    return partial(getattr(clients, kind), get_settings(), **wiring)


class Exchanges:
    """An httpx transport that answers from recorded exchanges, in order, each once; anything else fails.

    A recorded request names a method, a path and (optionally) query parameters that must all match.
    """

    def __init__(self, path: Path, otherwise: Any = None) -> None:
        self.pending: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["exchanges"]
        self.sent: list[httpx.Request] = []
        self.otherwise = otherwise  # a 200 JSON body for anything not recorded (else the request fails)

    def _matches(self, recorded: dict[str, Any], request: httpx.Request) -> bool:
        params = dict(request.url.params)
        return (recorded["method"] == request.method and recorded.get("url", recorded.get("path")) in
                (request.url.path, str(request.url).split("?")[0])
                and all(params.get(k) == v for k, v in recorded.get("params", {}).items()))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        for index, exchange in enumerate(self.pending):
            if self._matches(exchange["request"], request):
                answer = self.pending.pop(index)["response"]
                body = answer["body"]
                content = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                headers = {"content-type": "application/json", **answer.get("headers", {})}
                return httpx.Response(answer["status"], headers=headers, content=content)
        if self.otherwise is not None:
            return httpx.Response(200, json=self.otherwise)
        raise AssertionError(f"no recorded answer for {request.method} {request.url}")

    @property
    def all_played(self) -> bool:
        """True when every recorded exchange was asked for."""
        return not self.pending

    def transport(self) -> httpx.MockTransport:
        """The transport to hand to the client."""
        return httpx.MockTransport(self)


def youtube_http(path: Path) -> Any:
    """googleapiclient's HttpMockSequence over recorded exchanges, checking each request's path as it goes."""
    from googleapiclient.http import HttpMockSequence

    exchanges = json.loads(path.read_text(encoding="utf-8"))["exchanges"]

    class Recorded(HttpMockSequence):  # type: ignore[misc]
        sent: list[str] = []

        def request(self, uri: str, method: str = "GET", *args: Any, **kwargs: Any) -> Any:
            expected = exchanges[len(self.sent)]["request"]["path"]
            assert httpx.URL(uri).path == expected, f"asked for {uri}, recorded {expected}"
            self.sent.append(uri)
            return super().request(uri, method, *args, **kwargs)

    http = Recorded([({"status": str(e["response"]["status"])}, json.dumps(e["response"]["body"]))
                     for e in exchanges])
    http.sent = []
    return http
