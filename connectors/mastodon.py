"""Mastodon through Mastodon.py: the school's hashtag timelines, and full-text status search where allowed.

Each stream (a hashtag, a searched name) pages forward with ``min_id`` from the newest status id it has
seen; a first run starts ``min_id`` at the look-back time (Mastodon ids encode their creation time).
Status search needs a token (MASTODON_ACCESS_TOKEN) and a server with full-text search; without a token only
hashtags are read. A boost is taken as the status it boosts, so both arrive as one post. Content is HTML,
kept as plain text with its links. Only this module names Mastodon.py's exceptions.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from mastodon import Mastodon
from mastodon import errors as md
from pydantic import ValidationError

from clausewatch.errors import AuthFailed, RateLimited, SourceChanged, SourceUnavailable
from clausewatch.records import Batch, Post
from clausewatch.text import html_to_text
from connectors.base import SourceSpec, dump_cursor, load_cursor, unique

__all__ = ["fetch", "to_post"]

PAGE_SIZE = 40  # the most a timeline or search page gives
MAX_PAGES = 5


def _time(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _acct(account: Mapping[str, Any]) -> str:
    """user@server, also for accounts local to the server we read from (whose acct has no @server)."""
    acct = str(account["acct"])
    return acct if "@" in acct else f"{acct}@{urlsplit(str(account.get('url', ''))).hostname or ''}".rstrip("@")


def to_post(raw: Mapping[str, Any]) -> Post:
    """A status (JSON or Mastodon.py's dict) as a Post; a boost becomes the status it boosts."""
    status = raw.get("reblog") or raw
    parent = status.get("in_reply_to_id")
    return Post(
        platform="mastodon",
        id=status["uri"],  # the ActivityPub id: the same on every server, unlike the local numeric id
        url=status.get("url") or status["uri"],
        author=_acct(status["account"]),
        created_at=_time(status["created_at"]),
        text=html_to_text(status.get("content") or ""),
        title=status.get("spoiler_text") or None,  # a content warning is the post's own heading
        parent_id=str(parent) if parent else None,
    )


def _status_code(exc: md.MastodonAPIError) -> int | None:
    return next((a for a in exc.args if isinstance(a, int)), None)


@contextmanager
def _translated(api: list[Mastodon]) -> Iterator[None]:
    """Mastodon.py's exceptions as clausewatch's (messages carry statuses, never the token)."""
    try:
        yield
    except md.MastodonRatelimitError as exc:
        reset = getattr(api[0], "ratelimit_reset", None) if api else None
        wait = max(0.0, reset - time.time()) if isinstance(reset, int | float) else None
        raise RateLimited("Mastodon answered 429 Too Many Requests", retry_after=wait) from exc
    except (md.MastodonServerError, md.MastodonNetworkError) as exc:
        raise SourceUnavailable(f"Mastodon could not be reached or failed ({type(exc).__name__})") from exc
    except md.MastodonUnauthorizedError as exc:
        raise AuthFailed("Mastodon refused the token: check MASTODON_ACCESS_TOKEN") from exc
    except md.MastodonAPIError as exc:
        status = _status_code(exc)
        if status == 403:
            raise AuthFailed("Mastodon answered 403: check MASTODON_ACCESS_TOKEN and its scopes") from exc
        raise SourceChanged(f"Mastodon answered {status} to a timeline or search") from exc
    except (md.MastodonError, KeyError, TypeError, ValueError, ValidationError) as exc:
        raise SourceChanged(f"Mastodon's answer has an unexpected shape ({type(exc).__name__})") from exc


def _pages(read: Callable[[Any], list[Any]], start: Any, max_pages: int) -> tuple[list[Post], Any]:
    """Page forward with min_id until a page is empty; returns the posts and the newest id seen."""
    posts: list[Post] = []
    newest = start
    for _ in range(max_pages):
        page = read(newest)
        ids = [int(s["id"]) for s in page if isinstance(newest, datetime) or int(s["id"]) > int(newest)]
        if not ids:
            break
        posts += [to_post(s) for s in page if isinstance(newest, datetime) or int(s["id"]) > int(newest)]
        newest = str(max(ids))
    return posts, newest


def _streams(api: Mastodon, spec: SourceSpec) -> dict[str, Callable[[Any], list[Any]]]:
    """Each stream by its cursor key: a reader from a min_id to one page of statuses."""
    tags = dict.fromkeys(t.casefold() for t in (*spec.hashtags, *spec.strings("hashtags")))
    streams: dict[str, Callable[[Any], list[Any]]] = {
        f"tag:{tag}": lambda min_id, tag=tag: list(api.timeline_hashtag(tag, min_id=min_id, limit=PAGE_SIZE))
        for tag in tags
    }
    if api.access_token and spec.option("search", True):
        for phrase in spec.phrases:
            streams[f"q:{phrase.casefold()}"] = lambda min_id, q=phrase: list(api.search_v2(
                q, resolve=False, result_type="statuses", min_id=min_id, limit=PAGE_SIZE)["statuses"])
    return streams


def fetch(spec: SourceSpec, cursor: str | None, since: datetime, connect: Callable[[], Mastodon]) -> Batch:
    """New statuses on the school's hashtags (and, with a token, naming the school) since the cursor."""
    state = load_cursor(cursor)
    max_pages = int(spec.option("max_pages", MAX_PAGES))
    api: list[Mastodon] = []
    found: list[Post] = []
    with _translated(api):
        api.append(connect())
        for key, read in _streams(api[0], spec).items():
            posts, state[key] = _pages(read, state.get(key) or since, max_pages)
            found += posts
    next_state = {k: v for k, v in state.items() if not isinstance(v, datetime)}
    return Batch(posts=unique(found), next_cursor=dump_cursor(next_state))
