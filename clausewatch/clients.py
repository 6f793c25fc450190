"""The one place real platform clients are built, from ``Settings`` (and so from the environment).

Connectors never build clients: ``connectors.base.fetch`` hands each one a ``connect`` callable that calls the
function named for its platform here, so tests swap these functions for clients wired to recorded responses.
Each library is imported inside its function: a run that does not use a platform does not pay for it.
Credentials are read from ``Settings`` only here, and never put into a message.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from clausewatch.settings import Settings

if TYPE_CHECKING:
    import httpx
    import praw
    from atproto import Client as BlueskyClient
    from googleapiclient.discovery import Resource
    from mastodon import Mastodon

__all__ = ["USER_AGENT", "bluesky", "mastodon", "missing_credentials", "reddit", "rss", "youtube"]

USER_AGENT = "clausewatch/0.1 (school social-media policy monitor)"

# What each platform needs, by the environment names an operator sets.
_NEEDS: dict[str, tuple[str, ...]] = {
    "reddit": ("praw_client_id", "praw_client_secret", "praw_user_agent"),
    "bluesky": ("BLUESKY_HANDLE", "BLUESKY_APP_PASSWORD"),
    "mastodon": ("MASTODON_API_BASE_URL",),
    "youtube": ("YOUTUBE_API_KEY",),
    "rss": (),
}


def missing_credentials(kind: str, settings: Settings) -> str | None:
    """A one-line reason when the environment lacks what a platform needs, else None."""
    missing = [name for name in _NEEDS.get(kind, ()) if not getattr(settings, name.lower())]
    return f"no {'/'.join(missing)} in the environment" if missing else None


def _secret(settings: Settings, name: str) -> str:
    value = getattr(settings, name)
    return value.get_secret_value() if value is not None else ""


def reddit(settings: Settings) -> praw.Reddit:
    """A read-only praw client for a script app (no username: application-only OAuth)."""
    import praw

    return praw.Reddit(
        client_id=_secret(settings, "praw_client_id"),
        client_secret=_secret(settings, "praw_client_secret"),
        user_agent=settings.praw_user_agent or USER_AGENT,
        check_for_updates=False,
        check_for_async=False,
        timeout=int(settings.source_timeout),
    )


def bluesky(settings: Settings, transport: httpx.BaseTransport | None = None) -> BlueskyClient:
    """An atproto client logged in once with the app password; the session serves every request of a run."""
    from atproto import Client
    from atproto_client.request import Request

    options = {"transport": transport} if transport else {}
    client = Client(request=Request(timeout=settings.source_timeout, **options))
    client.login(settings.bluesky_handle, _secret(settings, "bluesky_app_password"), fetch_bsky_profile=False)
    return client


def mastodon(settings: Settings) -> Mastodon:
    """A Mastodon.py client; the token is optional (public timelines need none)."""
    from mastodon import Mastodon

    # "throw": a 429 becomes RateLimited and the fetch task's retry waits, rather than a hidden sleep here.
    return Mastodon(
        api_base_url=settings.mastodon_api_base_url,
        access_token=_secret(settings, "mastodon_access_token") or None,
        ratelimit_method="throw",
        request_timeout=settings.source_timeout,
        version_check_mode="none",
        user_agent=USER_AGENT,
    )


class _RedactKey(logging.Filter):
    """googleapiclient logs each request URL at DEBUG, and the API key travels in that URL."""

    _KEY = re.compile(r"([?&]key=)[^&\s]+")

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = self._KEY.sub(r"\1REDACTED", record.getMessage()), None
        return True


def youtube(settings: Settings, http: object | None = None) -> Resource:
    """A YouTube Data API v3 client from the discovery document shipped in the package (no network)."""
    from googleapiclient.discovery import build

    logger = logging.getLogger("googleapiclient.discovery")
    if not any(isinstance(f, _RedactKey) for f in logger.filters):
        logger.addFilter(_RedactKey())
    return build("youtube", "v3", developerKey=_secret(settings, "youtube_api_key"), static_discovery=True,
                 cache_discovery=False, http=http)


def rss(settings: Settings, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """An httpx client for feeds: redirects followed, a timeout, our user agent."""
    import httpx

    return httpx.Client(follow_redirects=True, timeout=settings.source_timeout,
                        headers={"User-Agent": USER_AGENT}, transport=transport)
