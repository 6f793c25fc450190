"""RSS and Atom feeds (Google Alerts, Google News searches, local papers, the council's news) via feedparser.

Each feed listed in [sources.rss] ``feeds`` is fetched with httpx, sending the ETag and Last-Modified of
the previous run so an unchanged feed costs a 304 and nothing else. feedparser reads the bytes; a malformed
feed (``bozo``) still gives every entry it could parse. An entry is new when its id is not among the ids
this feed gave before (feeds are not in date order); an article linked from two feeds is kept once, by its
URL, with Google's redirect links unwrapped. Only this module names httpx's exceptions.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import feedparser
import httpx
from pydantic import ValidationError

from clausewatch.errors import AuthFailed, RateLimited, SourceChanged, SourceUnavailable
from clausewatch.records import Batch, Post, utc_now
from clausewatch.text import html_to_text
from connectors.base import SourceSpec, dump_cursor, load_cursor, unique

__all__ = ["fetch", "to_post"]

log = logging.getLogger(__name__)
SEEN_KEPT = 1000  # ids remembered per feed; a feed holds far fewer entries than this
_REDIRECTORS = {"www.google.com", "google.com", "news.google.com"}


def _canonical(link: str) -> str:
    """The article's own URL: Google Alerts and News wrap it in a redirect (…/url?url=<article>)."""
    parts = urlsplit(link)
    if parts.hostname in _REDIRECTORS and parts.path == "/url":
        target = parse_qs(parts.query).get("url") or parse_qs(parts.query).get("q")
        if target and target[0].startswith(("http://", "https://")):
            return target[0]
    return link


def _when(raw: Mapping[str, Any]) -> datetime:
    parsed = raw.get("published_parsed") or raw.get("updated_parsed")
    if parsed:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    return raw["fetched_at"]  # an undated entry counts from when we first saw it


def _entry_id(raw: Mapping[str, Any]) -> str:
    return str(raw.get("id") or raw.get("link") or raw.get("title") or "")


def to_post(raw: Mapping[str, Any]) -> Post:
    """A feedparser entry (plus ``feed_title`` and ``fetched_at``) as a Post; title and summary as plain text."""
    link = _canonical(str(raw.get("link") or ""))
    content = raw.get("content") or [{}]
    body = raw.get("summary") or content[0].get("value") or ""
    return Post(
        platform="rss",
        id=link or _entry_id(raw),
        url=link,
        author=str(raw.get("author") or raw.get("feed_title") or ""),
        created_at=_when(raw),
        text=html_to_text(body),
        title=html_to_text(str(raw.get("title") or "")) or None,
    )


def _failed(response: httpx.Response, feed: str) -> None:
    """Raise the clausewatch error for a feed's failed answer (feeds are named by host only)."""
    status, host = response.status_code, urlsplit(feed).hostname
    if status == 429:
        after = response.headers.get("Retry-After", "")
        raise RateLimited(f"feed at {host} answered 429", retry_after=float(after) if after.isdigit() else None)
    if status in (401, 403):
        raise AuthFailed(f"feed at {host} refused access ({status})")
    if status >= 500:
        raise SourceUnavailable(f"feed at {host} answered {status}")
    raise SourceChanged(f"feed at {host} answered {status}: check the URL in [sources.rss] feeds")


@contextmanager
def _translated() -> Iterator[None]:
    """httpx's exceptions as clausewatch's; an entry feedparser could not make sense of is a SourceChanged."""
    try:
        yield
    except httpx.TransportError as exc:
        raise SourceUnavailable(f"a feed could not be reached ({type(exc).__name__})") from exc
    except (KeyError, TypeError, ValueError, ValidationError) as exc:
        raise SourceChanged(f"a feed entry has an unexpected shape ({type(exc).__name__})") from exc


def _read(client: httpx.Client, feed: str, state: dict[str, Any], since: datetime) -> tuple[list[Post], dict]:
    """One feed's new entries and its next state (validators and the ids seen)."""
    headers = {"If-None-Match": state.get("etag"), "If-Modified-Since": state.get("modified")}
    response = client.get(feed, headers={k: v for k, v in headers.items() if v})
    if response.status_code == 304:
        return [], state
    if response.status_code != 200:
        _failed(response, feed)
    parsed = feedparser.parse(response.content, response_headers=dict(response.headers))
    if parsed.bozo:  # say that it happened, not what the feed says
        log.warning("feed at %s is malformed (%s); kept %d entries", urlsplit(feed).hostname,
                    type(parsed.bozo_exception).__name__, len(parsed.entries))
    seen = state.get("seen", [])
    first = "seen" not in state
    now, title = utc_now(), parsed.feed.get("title", "")
    fresh = [e for e in parsed.entries if _entry_id(e) and _entry_id(e) not in seen]
    posts = [p for p in (to_post({**e, "feed_title": title, "fetched_at": now}) for e in fresh)
             if not first or p.created_at >= since]
    validators = {"etag": response.headers.get("ETag"), "modified": response.headers.get("Last-Modified")}
    ids = list(dict.fromkeys([*(_entry_id(e) for e in parsed.entries), *seen]))[:SEEN_KEPT]
    return posts, {**{k: v for k, v in validators.items() if v}, "seen": ids}


def fetch(spec: SourceSpec, cursor: str | None, since: datetime, connect: Callable[[], httpx.Client]) -> Batch:
    """New entries of every listed feed since the cursor; a feed's first read looks back to ``since``."""
    state = load_cursor(cursor)
    found: list[Post] = []
    with _translated(), connect() as client:
        for feed in spec.strings("feeds"):
            posts, state[feed] = _read(client, feed, state.get(feed, {}), since)
            found += posts
    return Batch(posts=unique(found), next_cursor=dump_cursor(state))
