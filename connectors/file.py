"""The ``file`` source: posts handed in as JSON Lines or CSV (clause 12: "produced as basis of allegation").

The whole file is checked before any post is returned, so a broken file stores nothing.

Its cursor is a fingerprint of the bytes read (SHA-256 and length) and of the ``since`` they were read with:
a file that has not changed since its cursor gives no posts without being parsed, and a JSON Lines file that
has only grown (posts appended) gives only the appended lines. Anything else is read in full again.
"""

from __future__ import annotations

import csv
import hashlib
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


def _rows(path: Path, content: str, first_line: int = 1) -> list[tuple[int, Any]]:
    if path.suffix.casefold() == ".csv":
        reader = csv.DictReader(io.StringIO(content, newline=""))
        return [(reader.line_num, row) for row in reader]
    rows = []
    for number, line in enumerate(content.splitlines(), start=first_line):
        if not line.strip():
            continue
        try:
            rows.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise PostFileError(path, number, None, f"not valid JSON ({exc.msg})") from None
    return rows


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise PostFileError(path, None, None, "file not found") from None
    except OSError as exc:
        raise PostFileError(path, None, None, f"cannot be read: {exc.strerror}") from None


def _decode(path: Path, data: bytes, first_line: int = 1) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + first_line
        raise PostFileError(path, line, None, f"not valid UTF-8 (byte {exc.start})") from None


def read_posts(path: Path) -> list[Post]:
    """Every post in the file, or a PostFileError naming the first bad line and field."""
    return _posts(path, _read(path))


def _posts(path: Path, data: bytes, first_line: int = 1) -> list[Post]:
    """The posts in ``data`` (the file's bytes from line ``first_line`` on)."""
    posts: list[Post] = []
    for number, row in _rows(path, _decode(path, data, first_line), first_line):
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


def _fingerprint(data: bytes, since: datetime | None) -> dict[str, Any]:
    return {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
            "since": since.isoformat() if since else None}


def _unread(path: Path, data: bytes, cursor: str | None, since: datetime | None) -> tuple[bytes, int] | None:
    """The bytes not yet read under ``cursor`` and the line they start on; None when the whole file must be read."""
    try:
        seen = json.loads(cursor) if cursor else None
    except json.JSONDecodeError:
        return None  # not a fingerprint (an older version wrote no file cursors): read it all
    if not isinstance(seen, dict) or not isinstance(seen.get("size"), int) or not 0 < seen["size"] <= len(data):
        return None
    size = seen["size"]
    head = _fingerprint(data[:size], since)
    if head != {k: seen.get(k) for k in head} or data[size - 1:size] != b"\n":
        return None  # edited, or read with another ``since``: read it all again
    if size < len(data) and path.suffix.casefold() == ".csv":
        return None  # appended CSV rows need the header line: read it all again
    return data[size:], data[:size].count(b"\n") + 1


def fetch(path: Path, cursor: str | None, since: datetime | None) -> Batch:
    """The file's posts created at or after ``since`` that its cursor (a fingerprint) has not seen."""
    data = _read(path)
    unread = _unread(path, data, cursor, since)
    chunk, first_line = unread if unread is not None else (data, 1)
    posts = [p for p in _posts(path, chunk, first_line) if since is None or p.created_at >= since]
    return Batch(posts=posts, next_cursor=json.dumps(_fingerprint(data, since), sort_keys=True))
