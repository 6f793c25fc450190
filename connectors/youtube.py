"""YouTube through google-api-python-client: videos naming the school, and the comments under them.

``search().list`` finds new videos (newest first, ``publishedAfter`` the cursor's mark, paged by
``pageToken``); the latest ``WATCHED`` of them stay watched, and ``commentThreads().list`` reads each one's
new comments (and the replies that come with them), newest first, down to that video's own mark. Every
comment on a video about the school is in scope; its video's title goes with it as context, and the flow's
matcher decides. A search costs 100 of the 10,000 daily quota units and a comment page 1, so pages are
capped. Only this module names googleapiclient's and httplib2's exceptions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import httplib2
from googleapiclient.errors import HttpError
from pydantic import ValidationError

from clausewatch.errors import AuthFailed, RateLimited, SourceChanged, SourceUnavailable
from clausewatch.records import Batch, Post
from connectors.base import Mark, SourceSpec, dump_cursor, load_cursor, unique

__all__ = ["fetch", "to_post"]

WATCH = "https://www.youtube.com/watch?v="
WATCHED = 25  # videos whose comments are read each night
MAX_PAGES = 3
_QUOTA = {"quotaExceeded", "rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded"}
_GONE = {"commentsDisabled", "videoNotFound", "forbidden"}  # a video that no longer gives comments
_BEGINNING = datetime(2005, 1, 1, tzinfo=UTC)  # before YouTube: a new video's comments are all new


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def to_post(raw: Mapping[str, Any]) -> Post:
    """A search result (a video) or a comment (with ``video_title`` added) as a Post."""
    snippet = raw["snippet"]
    if raw["kind"] == "youtube#searchResult":
        video = raw["id"]["videoId"]
        return Post(platform="youtube", id=video, url=WATCH + video, author=snippet.get("channelTitle", ""),
                    created_at=_time(snippet["publishedAt"]), text=snippet.get("description") or "",
                    title=snippet.get("title"))
    if raw["kind"] == "youtube#comment":
        video = snippet["videoId"]
        return Post(platform="youtube", id=raw["id"], url=f"{WATCH}{video}&lc={raw['id']}",
                    author=snippet.get("authorDisplayName", ""), created_at=_time(snippet["publishedAt"]),
                    text=snippet.get("textOriginal") or "", title=raw.get("video_title"),
                    parent_id=snippet.get("parentId") or video)
    raise ValueError(f"not a video or comment: {raw['kind']}")


def _reason(exc: HttpError) -> str:
    details = exc.error_details if isinstance(exc.error_details, list) else []
    return next((str(d.get("reason")) for d in details if isinstance(d, dict) and d.get("reason")), "")


@contextmanager
def _translated() -> Iterator[None]:
    """googleapiclient's exceptions as clausewatch's; the API key in the failed URL is blanked first."""
    try:
        yield
    except HttpError as exc:
        exc.uri = "(url withheld: it carries the API key)"  # the chained error is logged with its URL
        status, reason = exc.resp.status, _reason(exc)
        if status == 429 or reason in _QUOTA:
            raise RateLimited(f"YouTube answered {status} {reason}: daily quota or rate limit") from exc
        if status in (400, 401, 403):
            raise AuthFailed(f"YouTube answered {status} {reason}: check YOUTUBE_API_KEY") from exc
        if status >= 500:
            raise SourceUnavailable(f"YouTube answered {status}") from exc
        raise SourceChanged(f"YouTube answered {status} {reason}") from exc
    except (httplib2.HttpLib2Error, OSError) as exc:
        raise SourceUnavailable(f"YouTube could not be reached ({type(exc).__name__})") from exc
    except (KeyError, TypeError, ValueError, ValidationError) as exc:
        raise SourceChanged(f"YouTube's answer has an unexpected shape ({type(exc).__name__})") from exc


def _videos(yt: Any, query: str, mark: Mark, max_pages: int) -> list[Post]:
    posts: list[Post] = []
    page: str | None = None
    for _ in range(max_pages):
        answer = yt.search().list(part="snippet", q=query, type="video", order="date", maxResults=50,
                                  publishedAfter=mark.at.isoformat().replace("+00:00", "Z"),
                                  pageToken=page).execute()
        posts += [p for p in map(to_post, answer.get("items", [])) if mark.is_new(p)]
        page = answer.get("nextPageToken")
        if not page:
            break
    return posts


def _comments(yt: Any, video: str, title: str, mark: Mark, max_pages: int) -> list[Post] | None:
    """A video's new comments, newest first down to the mark; None when the video gives no comments now."""
    posts: list[Post] = []
    page: str | None = None
    for _ in range(max_pages):
        try:
            answer = yt.commentThreads().list(part="snippet,replies", videoId=video, order="time",
                                              maxResults=100, textFormat="plainText", pageToken=page).execute()
        except HttpError as exc:
            if _reason(exc) in _GONE:
                return None
            raise
        threads = answer.get("items", [])
        for thread in threads:
            replies = thread.get("replies", {}).get("comments", [])
            raws = [thread["snippet"]["topLevelComment"], *replies]
            posts += [p for p in (to_post({**raw, "video_title": title}) for raw in raws) if mark.is_new(p)]
        page = answer.get("nextPageToken")
        tops = [_time(t["snippet"]["topLevelComment"]["snippet"]["publishedAt"]) for t in threads]
        if not page or any(mark.is_older(moment) for moment in tops):
            break
    return posts


def _query(spec: SourceSpec) -> str:
    """YouTube search syntax: any of the names (| is OR), multi-word names quoted."""
    return "|".join(f'"{t}"' if " " in t else t for t in spec.terms)


def fetch(spec: SourceSpec, cursor: str | None, since: datetime, connect: Callable[[], Any]) -> Batch:
    """New videos naming the school and new comments on the videos being watched, since the cursor."""
    state = load_cursor(cursor)
    mark = Mark.load(state.get("videos"), since)
    watched: dict[str, Any] = state.get("watched", {})
    max_pages = int(spec.option("max_pages", MAX_PAGES))
    found: list[Post] = []
    with _translated():
        yt = connect()
        videos = _videos(yt, _query(spec), mark, max_pages)
        watched = dict(list(watched.items()) + [(v.id, {"title": v.title}) for v in videos][::-1])
        watched = dict(list(watched.items())[-WATCHED:])
        for video, seen in list(watched.items()):
            comment_mark = Mark.load(seen.get("comments"), _BEGINNING)
            comments = _comments(yt, video, str(seen.get("title", "")), comment_mark, max_pages)
            if comments is None:
                del watched[video]
                continue
            seen["comments"] = comment_mark.advance(comments).dump()
            found += comments
    state = {"videos": mark.advance(videos).dump(), "watched": watched}
    return Batch(posts=unique([*videos, *found]), next_cursor=dump_cursor(state))
