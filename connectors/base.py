"""Which sources a run collects from, the one entry point that fetches any of them, and what connectors share.

Every platform module exposes ``fetch(spec, cursor, since, connect) -> Batch`` and a pure ``to_post(raw)``.
``connect`` builds the platform client (``clausewatch.clients``) and is called inside the connector, so that a
failed login is translated into clausewatch's errors like any other failed request.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from importlib import import_module
from pathlib import Path
from typing import Any

from clausewatch import clients
from clausewatch.errors import InputError, SourceChanged
from clausewatch.profile import KNOWN_SOURCES, Profile
from clausewatch.records import Batch, Post, utc_now
from clausewatch.settings import get_settings
from connectors import file

__all__ = [
    "cursor_reached",
    "Mark", "SourceSpec", "dump_cursor", "fetch", "load_cursor", "not_built_reason", "plan",
    "unique",
]

PLATFORMS = KNOWN_SOURCES[1:]  # reddit, bluesky, mastodon, rss, youtube: one module each under connectors/


def _freeze(value: Any) -> Any:
    """Profile tables as nested tuples, so a SourceSpec stays hashable."""
    if isinstance(value, dict):
        return tuple((str(k), _freeze(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


@dataclass(frozen=True)
class SourceSpec:
    """One source for one run: its kind, a file's path, or a platform's query terms and profile table."""

    kind: str
    path: Path | None = None
    terms: tuple[str, ...] = ()
    options: tuple[tuple[str, Any], ...] = ()

    @property
    def name(self) -> str:
        """The name shown in summaries and used for the cursor: 'reddit' or 'file:posts.jsonl'."""
        return f"file:{self.path.name}" if self.path else self.kind

    def option(self, key: str, default: Any = None) -> Any:
        """One value of the source's profile table ([sources.<kind>])."""
        return dict(self.options).get(key, default)

    def strings(self, key: str) -> tuple[str, ...]:
        """A list option of the profile table as strings (a single string counts as a list of one)."""
        value = self.option(key, ())
        return (value,) if isinstance(value, str) else tuple(str(v) for v in value)

    @property
    def hashtags(self) -> tuple[str, ...]:
        """The school's hashtags, without '#'."""
        return tuple(t[1:] for t in self.terms if t.startswith("#") and len(t) > 1)

    @property
    def phrases(self) -> tuple[str, ...]:
        """The school's names that are not hashtags: what a platform's text search looks for."""
        return tuple(t for t in self.terms if not t.startswith("#"))


def _parse(requested: str, profile: Profile) -> list[SourceSpec]:
    kind, _, rest = requested.partition(":")
    if kind == "file":
        if rest:
            return [SourceSpec("file", Path(rest).expanduser().resolve())]
        return [SourceSpec("file", path) for path in profile.file_paths()]
    if kind not in KNOWN_SOURCES or rest:
        raise InputError(f"unknown source {requested!r}: use one of {', '.join(KNOWN_SOURCES[1:])} "
                         "or file:PATH")
    terms = tuple(dict.fromkeys([profile.school.name, *profile.school.aliases]))
    return [SourceSpec(kind, terms=terms, options=_freeze(profile.sources.get(kind, {})))]


def plan(profile: Profile, requested: list[str] | None = None) -> list[SourceSpec]:
    """The sources to collect from: those named on the command line, else every one in the profile."""
    names = requested or list(profile.sources)
    specs = [spec for name in names for spec in _parse(name, profile)]
    return list(dict.fromkeys(specs))


def fetch(spec: SourceSpec, cursor: str | None, since: datetime | None) -> Batch:
    """Collect one source's posts since its cursor (or ``since`` on a first run)."""
    if spec.kind == "file" and spec.path is not None:
        return file.fetch(spec.path, cursor, since)
    settings = get_settings()
    # A stream the cursor does not know yet (a hashtag added to the profile) starts at the look-back window.
    floor = since or utc_now() - timedelta(days=settings.lookback_days)
    connect: Callable[[], Any] = partial(getattr(clients, spec.kind), settings)
    batch: Batch = import_module(f"connectors.{spec.kind}").fetch(spec, cursor, floor, connect)
    return batch


def not_built_reason(spec: SourceSpec) -> str | None:
    """Why a source is skipped this run (no credentials, nothing to look for), or None when it can run."""
    if spec.kind == "file":
        return None
    if spec.kind == "rss" and not spec.strings("feeds"):
        return "no feeds listed in [sources.rss] feeds"
    if spec.kind != "rss" and not spec.terms:
        return "the profile gives no school names to search for"
    return clients.missing_credentials(spec.kind, get_settings())


# --- what the platform connectors share -------------------------------------------------------------------


def load_cursor(cursor: str | None) -> dict[str, Any]:
    """A platform cursor (JSON text) as a dict; a cursor from an older version is a SourceChanged."""
    if not cursor:
        return {}
    try:
        data = json.loads(cursor)
    except json.JSONDecodeError as exc:
        raise SourceChanged("stored cursor is not one this version wrote; clear it to start again") from exc
    if not isinstance(data, dict):
        raise SourceChanged("stored cursor is not one this version wrote; clear it to start again")
    return data


def cursor_reached(cursor: str | None) -> str | None:
    """The newest time a platform cursor holds, for people to read ("up to 2026-11-22T18:04:00+00:00")."""
    if not cursor:
        return None
    try:
        data = json.loads(cursor)
    except json.JSONDecodeError:
        return None
    marks: list[datetime] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("at"), str):
                with contextlib.suppress(ValueError):
                    marks.append(datetime.fromisoformat(node["at"]))
            children: Iterable[Any] = node.values()
        elif isinstance(node, list):
            children = node
        else:
            return
        for child in children:
            walk(child)

    walk(data)
    return max(marks).isoformat() if marks else None


def dump_cursor(data: dict[str, Any]) -> str:
    """A platform cursor as compact, stable JSON text."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class Mark:
    """A high-water mark: the newest creation time seen and the ids seen at that very instant.

    Resuming from it misses nothing created at the same second as the last post seen, and repeats nothing.
    """

    at: datetime
    ids: frozenset[str] = frozenset()

    @classmethod
    def load(cls, data: Any, floor: datetime) -> Mark:
        """The mark stored in a cursor, or ``floor`` for a stream with none yet."""
        if not isinstance(data, dict) or "at" not in data:
            return cls(floor)
        try:
            return cls(datetime.fromisoformat(data["at"]), frozenset(map(str, data.get("ids", []))))
        except (TypeError, ValueError) as exc:
            raise SourceChanged("stored cursor has a bad time; clear it to start again") from exc

    def dump(self) -> dict[str, Any]:
        """The mark as cursor JSON."""
        return {"at": self.at.isoformat(), "ids": sorted(self.ids)}

    def is_new(self, post: Post) -> bool:
        """True for a post after the mark (or at it, and not seen)."""
        return post.created_at > self.at or (post.created_at == self.at and post.id not in self.ids)

    def is_older(self, created_at: datetime) -> bool:
        """True once a newest-first listing has gone past the mark: nothing further can be new."""
        return created_at < self.at

    def advance(self, posts: Iterable[Post]) -> Mark:
        """The mark after these posts have been stored."""
        mark = self
        for post in posts:
            if post.created_at > mark.at:
                mark = Mark(post.created_at, frozenset({post.id}))
            elif post.created_at == mark.at:
                mark = Mark(mark.at, mark.ids | {post.id})
        return mark


def unique(posts: Iterable[Post]) -> list[Post]:
    """Each post once: the same post reached twice (two searches, a share, the same URL) is kept once."""
    seen: set[str] = set()
    kept: list[Post] = []
    for post in posts:
        keys = {f"id:{post.platform}:{post.id}"} | ({f"url:{post.url}"} if post.url else set())
        if keys & seen:
            continue
        seen |= keys
        kept.append(post)
    return kept


