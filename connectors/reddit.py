"""Reddit through praw: submissions found by searching the school's names, comments from the listed subreddits.

Reddit's search covers submissions only, so comments come from the subreddits' newest-comment listings
(never r/all's: that is the whole site); the flow's matcher keeps the ones about the school, and each
comment carries its submission's title as context. Both listings are newest first, so paging stops at the
cursor's high-water mark. praw paces requests by Reddit's rate-limit headers and retries a 5xx twice itself.
Only this module names praw's and prawcore's exceptions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import praw
import prawcore
from pydantic import ValidationError

from clausewatch.errors import AuthFailed, RateLimited, SourceChanged, SourceUnavailable
from clausewatch.records import Batch, Post, utc_now
from connectors.base import Mark, SourceSpec, dump_cursor, load_cursor, unique

__all__ = ["fetch", "to_post"]

SITE = "https://www.reddit.com"
MAX_ITEMS = 1000  # Reddit's listings end at about 1,000 items; 100 a request
_WHOLE_SITE = {"all", "popular"}
# praw's time_filter values, smallest first, with the age each one covers.
_WINDOWS = (("hour", timedelta(hours=1)), ("day", timedelta(days=1)), ("week", timedelta(days=7)),
            ("month", timedelta(days=31)), ("year", timedelta(days=365)))


def to_post(raw: Mapping[str, Any]) -> Post:
    """A submission (t3_) or comment (t1_) as a Post, from its listing data or a praw object's ``vars()``."""
    name = str(raw["name"])
    author = raw.get("author")
    common = {
        "platform": "reddit",
        "id": name,
        "url": SITE + str(raw.get("permalink", "")).split("?")[0],
        "author": str(author) if author else "[deleted]",
        "created_at": datetime.fromtimestamp(float(raw["created_utc"]), UTC),
    }
    if name.startswith("t1_"):
        return Post(**common, text=raw.get("body") or "", title=raw.get("link_title"), parent_id=raw.get("link_id"))
    if name.startswith("t3_"):
        return Post(**common, text=raw.get("selftext") or "", title=raw.get("title"))
    raise ValueError(f"not a submission or comment: {name[:3]}")


def _retry_after(value: object) -> float | None:
    try:
        return float(value) if value is not None else None  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


@contextmanager
def _translated() -> Iterator[None]:
    """praw's and prawcore's exceptions as clausewatch's (messages carry statuses, never credentials)."""
    try:
        yield
    except prawcore.TooManyRequests as exc:
        raise RateLimited("Reddit answered 429 Too Many Requests",
                          retry_after=_retry_after(exc.retry_after)) from exc
    except (prawcore.ServerError, prawcore.RequestException) as exc:
        raise SourceUnavailable(f"Reddit could not be reached or failed ({type(exc).__name__})") from exc
    except prawcore.OAuthException as exc:
        raise AuthFailed(f"Reddit refused the app's credentials ({exc.error})") from exc
    except prawcore.ResponseException as exc:
        status = exc.response.status_code
        if status in (401, 403):
            raise AuthFailed(f"Reddit answered {status}: check praw_client_id/praw_client_secret and that "
                             "the listed subreddits are public") from exc
        if status >= 500:
            raise SourceUnavailable(f"Reddit answered {status}") from exc
        raise SourceChanged(f"Reddit answered {status} to a listing request") from exc
    except praw.exceptions.PRAWException as exc:
        raise SourceChanged(f"praw could not use Reddit's answer ({type(exc).__name__})") from exc
    except (KeyError, TypeError, ValueError, ValidationError) as exc:
        raise SourceChanged(f"Reddit's answer has an unexpected shape ({type(exc).__name__})") from exc


def _time_filter(mark: Mark) -> str:
    """The narrowest search window that still reaches back to the mark."""
    age = utc_now() - mark.at
    return next((name for name, span in _WINDOWS if age <= span), "all")


def _newer(listing: Iterable[Any], mark: Mark) -> list[Post]:
    """Posts of a newest-first listing down to the mark (praw fetches the next page as we go)."""
    posts: list[Post] = []
    for thing in listing:
        post = to_post(vars(thing))  # vars(): praw objects fetch lazily on a missing attribute
        if mark.is_older(post.created_at):
            break
        if mark.is_new(post):
            posts.append(post)
    return posts


def _query(spec: SourceSpec) -> str:
    """Reddit search syntax: any of the school's names, each as a phrase."""
    return " OR ".join(f'"{phrase}"' for phrase in spec.phrases)


def fetch(spec: SourceSpec, cursor: str | None, since: datetime, connect: Callable[[], praw.Reddit]) -> Batch:
    """New submissions naming the school and new comments in the listed subreddits, since the cursor."""
    state = load_cursor(cursor)
    subs = spec.strings("subreddits") or ("all",)
    limit = int(spec.option("max_items", MAX_ITEMS))
    marks = {key: Mark.load(state.get(key), since) for key in ("submissions", "comments")}
    with _translated():
        reddit = connect()
        found = {"submissions": _newer(reddit.subreddit("+".join(subs)).search(
            _query(spec), sort="new", time_filter=_time_filter(marks["submissions"]), limit=limit,
        ), marks["submissions"])}
        local = [s for s in subs if s.casefold() not in _WHOLE_SITE]
        found["comments"] = _newer(reddit.subreddit("+".join(local)).comments(limit=limit),
                                   marks["comments"]) if local else []
    next_state = {key: marks[key].advance(found[key]).dump() for key in marks}
    return Batch(posts=unique(found["submissions"] + found["comments"]), next_cursor=dump_cursor(next_state))
