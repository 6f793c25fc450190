"""The ``file`` source: posts handed in as JSON Lines or CSV (clause 12: "produced as basis of allegation").

The whole file is checked before any post is returned, so a broken file stores nothing.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from clausewatch.errors import PostFileError
from clausewatch.records import Batch, Post

__all__ = ["fetch", "read_posts", "to_post"]


def to_post(raw: dict[str, Any]) -> Post:
    """One post-file row as a Post (raises pydantic's ValidationError)."""
    cleaned = {k: (None if v == "" and k in ("title", "parent_id") else v) for k, v in raw.items()}
    return Post.model_validate(cleaned)


def _rows(path: Path, content: str) -> list[tuple[int, Any]]:
    if path.suffix.casefold() == ".csv":
        reader = csv.DictReader(io.StringIO(content, newline=""))
        return [(reader.line_num, row) for row in reader]
    rows = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise PostFileError(path, number, None, f"not valid JSON ({exc.msg})") from None
    return rows


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PostFileError(path, None, None, "file not found") from None
    except OSError as exc:
        raise PostFileError(path, None, None, f"cannot be read: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PostFileError(path, line, None, f"not valid UTF-8 (byte {exc.start})") from None


def read_posts(path: Path) -> list[Post]:
    """Every post in the file, or a PostFileError naming the first bad line and field."""
    posts: list[Post] = []
    for number, row in _rows(path, _decode(path)):
        if not isinstance(row, dict):
            raise PostFileError(path, number, None, "each line must be a JSON object")
        try:
            posts.append(to_post(row))
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(part) for part in error["loc"]) or None
            problem = "is required but missing" if error["type"] == "missing" else error["msg"]
            raise PostFileError(path, number, field, problem) from None
    return posts


def fetch(path: Path, cursor: str | None, since: datetime | None) -> Batch:
    """The file's posts created at or after ``since``; a file has no cursor to resume from."""
    posts = [p for p in read_posts(path) if since is None or p.created_at >= since]
    return Batch(posts=posts, next_cursor=None)
