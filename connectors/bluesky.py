"""Bluesky through atproto: ``app.bsky.feed.searchPosts`` for each of the school's names, newest first.

One search per name (the search has no OR), each paged with the server's ``cursor`` and bounded below by
``since`` = the stored high-water mark. One login serves the whole run. A run makes at most
names x ``max_pages`` requests, far inside Bluesky's 3,000 per 5 minutes. Only this module names atproto's
exceptions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from atproto import Client
from atproto import exceptions as at
from atproto_client.models.utils import get_model_as_dict
from pydantic import ValidationError

from clausewatch.errors import AuthFailed, RateLimited, SourceChanged, SourceUnavailable
from clausewatch.records import Batch, Post, utc_now
from connectors.base import Mark, SourceSpec, dump_cursor, load_cursor, unique

__all__ = ["fetch", "to_post"]

PAGE_SIZE = 100  # the most searchPosts gives per page
MAX_PAGES = 5


def _time(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # some clients write naive UTC times


def to_post(raw: Mapping[str, Any]) -> Post:
    """A postView (the JSON of searchPosts' ``posts``) as a Post; media-only posts have empty text."""
    record, author = raw["record"], raw["author"]
    handle = author.get("handle") or author["did"]
    rkey = str(raw["uri"]).rsplit("/", 1)[-1]
    reply = record.get("reply") or {}
    return Post(
        platform="bluesky",
        id=raw["uri"],
        url=f"https://bsky.app/profile/{handle}/post/{rkey}",
        author=handle,
        created_at=_time(record.get("createdAt") or raw["indexedAt"]),
        text=record.get("text") or "",
        parent_id=(reply.get("parent") or {}).get("uri"),
    )


def _wait(exc: at.RateLimitExceededError) -> float | None:
    reset = exc.reset_at
    return max(0.0, (reset - utc_now()).total_seconds()) if reset else None


def _status(exc: at.RequestErrorBase) -> int | None:
    return exc.response.status_code if exc.response is not None else None


@contextmanager
def _translated() -> Iterator[None]:
    """atproto's exceptions as clausewatch's (messages carry statuses, never the handle's password)."""
    try:
        yield
    except at.RateLimitExceededError as exc:
        raise RateLimited("Bluesky answered 429 Too Many Requests", retry_after=_wait(exc)) from exc
    except (at.UnauthorizedError, at.LoginRequiredError) as exc:
        raise AuthFailed("Bluesky refused the login: check BLUESKY_HANDLE/BLUESKY_APP_PASSWORD") from exc
    except at.NetworkError as exc:
        raise SourceUnavailable(f"Bluesky could not be reached ({type(exc).__name__})") from exc
    except at.RequestErrorBase as exc:
        status = _status(exc)
        if status is not None and status >= 500:
            raise SourceUnavailable(f"Bluesky answered {status}") from exc
        raise SourceChanged(f"Bluesky answered {status} to a search") from exc
    except (at.ModelError, KeyError, TypeError, ValueError, ValidationError) as exc:
        raise SourceChanged(f"Bluesky's answer has an unexpected shape ({type(exc).__name__})") from exc


def _query(term: str) -> str:
    return f'"{term}"' if " " in term else term


def _search(client: Client, term: str, mark: Mark, max_pages: int) -> list[Post]:
    """New posts for one name, page after page until the server has no more or the page budget is spent."""
    posts: list[Post] = []
    page: str | None = None
    for _ in range(max_pages):
        params = {"q": _query(term), "sort": "latest", "since": mark.at.isoformat(), "limit": PAGE_SIZE}
        answer = client.app.bsky.feed.search_posts(params={**params, "cursor": page} if page else params)
        posts += [p for p in map(to_post, map(get_model_as_dict, answer.posts)) if mark.is_new(p)]
        page = answer.cursor
        if not page or not answer.posts:
            break
    return posts


def fetch(spec: SourceSpec, cursor: str | None, since: datetime, connect: Callable[[], Client]) -> Batch:
    """New posts naming the school (names and hashtags) since the cursor's mark."""
    mark = Mark.load(load_cursor(cursor).get("posts"), since)
    max_pages = int(spec.option("max_pages", MAX_PAGES))
    with _translated():
        client = connect()
        found = [post for term in spec.terms for post in _search(client, term, mark, max_pages)]
    posts = unique(found)
    return Batch(posts=posts, next_cursor=dump_cursor({"posts": mark.advance(posts).dump()}))
