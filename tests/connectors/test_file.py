"""connectors/file.py: JSONL and CSV post files; a broken line names file, line and field."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from clausewatch.errors import InputError, PostFileError
from clausewatch.records import MAX_TEXT_CHARS
from connectors.file import fetch, read_posts

COLUMNS = ["platform", "id", "url", "author", "created_at", "text", "title", "parent_id"]
ROWS: list[dict[str, Any]] = [
    {"platform": "reddit", "id": "t3_a", "url": "https://www.reddit.com/r/Penarth/comments/a/", "author": "dad",
     "created_at": "2026-11-20T18:00:00+00:00", "text": "Llandough Primary, \"great\" day", "title": "Sports day",
     "parent_id": ""},
    {"platform": "reddit", "id": "t1_b", "url": "https://www.reddit.com/r/Penarth/comments/a/b/", "author": "mam",
     "created_at": "2026-11-21T09:30:00+01:00", "text": "Agreed,\nlovely day", "title": "", "parent_id": "t3_a"},
]


def _jsonl(path: Path, *rows: Any) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def _csv(path: Path, rows: list[dict[str, Any]], columns: list[str] = COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _good(**changes: Any) -> dict[str, Any]:
    row = {k: v for k, v in ROWS[0].items() if k not in ("title", "parent_id")}
    return {**row, **changes}


def test_jsonl_and_csv_with_same_rows_give_equal_posts(tmp_path: Path) -> None:
    from_jsonl = read_posts(_jsonl(tmp_path / "posts.jsonl", *ROWS))
    from_csv = read_posts(_csv(tmp_path / "posts.csv", ROWS))
    assert from_jsonl == from_csv
    assert len(from_csv) == 2


@pytest.mark.parametrize(
    ("index", "title", "parent_id"),
    [
        pytest.param(0, "Sports day", None, id="empty-parent-id-is-none"),
        pytest.param(1, None, "t3_a", id="empty-title-is-none"),
    ],
)
def test_csv_empty_optional_columns_are_none(tmp_path: Path, index: int, title: str | None,
                                            parent_id: str | None) -> None:
    post = read_posts(_csv(tmp_path / "posts.csv", ROWS))[index]
    assert (post.title, post.parent_id) == (title, parent_id)


def test_csv_keeps_quoted_commas_and_newlines(tmp_path: Path) -> None:
    posts = read_posts(_csv(tmp_path / "posts.csv", ROWS))
    assert posts[0].text == 'Llandough Primary, "great" day'
    assert posts[1].text == "Agreed,\nlovely day"


def test_created_at_keeps_its_offset(tmp_path: Path) -> None:
    posts = read_posts(_jsonl(tmp_path / "posts.jsonl", *ROWS))
    assert posts[1].created_at == datetime(2026, 11, 21, 8, 30, tzinfo=UTC)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(_good()).encode() + b"\n")
    assert [p.id for p in read_posts(path)] == ["t3_a"]


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    posts = read_posts(_jsonl(tmp_path / "posts.jsonl", _good(), "", "   ", _good(id="t3_b")))
    assert [p.id for p in posts] == ["t3_a", "t3_b"]


@pytest.mark.parametrize(
    ("rows", "line", "field", "problem"),
    [
        pytest.param([_good(), _good(id="2"), "{not json"], 3, None, "not valid JSON", id="bad-json-line-3"),
        pytest.param([{k: v for k, v in _good().items() if k != "text"}], 1, "text", "required",
                     id="missing-text"),
        pytest.param([_good(), {k: v for k, v in _good().items() if k != "created_at"}], 2, "created_at",
                     "required", id="missing-created-at-line-2"),
        pytest.param([_good(created_at="yesterday")], 1, "created_at", "datetime", id="created-at-yesterday"),
        pytest.param([_good(created_at="2026-11-20T18:00:00")], 1, "created_at", "timezone",
                     id="created-at-without-timezone"),
        pytest.param([_good(platform="Not A Platform")], 1, "platform", "pattern", id="bad-platform-name"),
        pytest.param([_good(id="")], 1, "id", "at least 1", id="empty-id"),
        pytest.param([_good(), "[1, 2]"], 2, None, "JSON object", id="line-is-a-json-list"),
        pytest.param(['"just a string"'], 1, None, "JSON object", id="line-is-a-json-string"),
    ],
)
def test_bad_jsonl_line_names_file_line_and_field(tmp_path: Path, rows: list[Any], line: int, field: str | None,
                                                   problem: str) -> None:
    path = _jsonl(tmp_path / "posts.jsonl", *rows)
    with pytest.raises(PostFileError) as caught:
        read_posts(path)
    error = caught.value
    assert (error.path, error.line, error.field) == (str(path), line, field)
    assert f"{path} line {line}" in str(error)
    if field:
        assert f": {field}:" in str(error)
    assert problem in str(error)


def test_bad_csv_row_names_its_line_and_field(tmp_path: Path) -> None:
    one_line = {**ROWS[1], "text": "Agreed, lovely day"}
    path = _csv(tmp_path / "posts.csv", [ROWS[0], {**one_line, "created_at": "yesterday"}])
    with pytest.raises(PostFileError) as caught:
        read_posts(path)
    # Header is line 1, the first row line 2; the second row is line 3.
    assert (caught.value.line, caught.value.field) == (3, "created_at")


def test_invalid_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_bytes(json.dumps(_good()).encode() + b"\n" + b'{"text": "caf\xe9"}\n')
    with pytest.raises(PostFileError, match="UTF-8") as caught:
        read_posts(path)
    assert (caught.value.line, caught.value.field) == (2, None)
    assert str(path) in str(caught.value)


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.jsonl"
    with pytest.raises(PostFileError, match="file not found") as caught:
        read_posts(path)
    assert caught.value.path == str(path)
    assert caught.value.line is None


def test_post_file_error_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_posts(tmp_path / "nowhere.jsonl")


@pytest.mark.parametrize(
    ("length", "stored"),
    [
        pytest.param(MAX_TEXT_CHARS - 1, MAX_TEXT_CHARS - 1, id="under-cap-unchanged"),
        pytest.param(MAX_TEXT_CHARS, MAX_TEXT_CHARS, id="at-cap-unchanged"),
        pytest.param(MAX_TEXT_CHARS + 5_000, MAX_TEXT_CHARS, id="over-cap-cut"),
    ],
)
def test_long_text_is_cut_to_the_cap(tmp_path: Path, length: int, stored: int) -> None:
    [post] = read_posts(_jsonl(tmp_path / "posts.jsonl", _good(text="x" * length)))
    assert MAX_TEXT_CHARS == 20_000
    assert len(post.text) == stored


def test_unknown_extra_keys_are_ignored(tmp_path: Path) -> None:
    extra = _good(expected={"kept": True, "categories": []}, score=0.9)
    assert read_posts(_jsonl(tmp_path / "a.jsonl", extra)) == read_posts(_jsonl(tmp_path / "b.jsonl", _good()))


@pytest.mark.parametrize(
    ("since", "ids"),
    [
        pytest.param(None, ["t3_a", "t1_b"], id="no-since-all"),
        pytest.param(datetime(2026, 11, 20, 18, tzinfo=UTC), ["t3_a", "t1_b"], id="since-equal-included"),
        pytest.param(datetime(2026, 11, 20, 18, 1, tzinfo=UTC), ["t1_b"], id="since-after-first-excludes-it"),
        pytest.param(datetime(2026, 12, 1, tzinfo=UTC), [], id="since-after-all-none"),
    ],
)
def test_fetch_filters_by_since(tmp_path: Path, since: datetime | None, ids: list[str]) -> None:
    batch = fetch(_jsonl(tmp_path / "posts.jsonl", *ROWS), None, since)
    assert [p.id for p in batch.posts] == ids
    assert json.loads(batch.next_cursor or "")["since"] == (since.isoformat() if since else None)


# --- the fingerprint cursor: an unchanged file is not parsed again, an appended one gives only its new lines ---


def test_an_unchanged_file_gives_no_posts_and_keeps_its_cursor(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "posts.jsonl", *ROWS)
    first = fetch(path, None, None)
    again = fetch(path, first.next_cursor, None)
    assert len(first.posts) == 2 and again.posts == [] and again.next_cursor == first.next_cursor


def test_an_unchanged_file_is_not_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _jsonl(tmp_path / "posts.jsonl", *ROWS)
    cursor = fetch(path, None, None).next_cursor
    monkeypatch.setattr("connectors.file.to_post", lambda raw: pytest.fail("parsed an unchanged file"))
    assert fetch(path, cursor, None).posts == []


def test_an_appended_line_is_the_only_post_given(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "posts.jsonl", *ROWS)
    cursor = fetch(path, None, None).next_cursor
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(_good(id="t3_new")) + "\n")
    grown = fetch(path, cursor, None)
    assert [p.id for p in grown.posts] == ["t3_new"] and grown.next_cursor != cursor
    assert fetch(path, grown.next_cursor, None).posts == []


def test_a_bad_appended_line_is_named_by_its_line_in_the_whole_file(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "posts.jsonl", *ROWS)
    cursor = fetch(path, None, None).next_cursor
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(_good(id="t3_new")) + "\n" + json.dumps(_good(created_at="soon")) + "\n")
    with pytest.raises(PostFileError) as caught:
        fetch(path, cursor, None)
    assert (caught.value.line, caught.value.field) == (4, "created_at")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda path: _jsonl(path, ROWS[1], ROWS[0]), id="edited-jsonl"),
        pytest.param(lambda path: _jsonl(path, ROWS[0]), id="shortened-jsonl"),
        pytest.param(lambda path: path.write_text(path.read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8"),
                     id="last-newline-removed"),
    ],
)
def test_a_changed_file_is_read_in_full_again(tmp_path: Path, change: Any) -> None:
    path = _jsonl(tmp_path / "posts.jsonl", *ROWS)
    cursor = fetch(path, None, None).next_cursor
    change(path)
    assert {p.id for p in fetch(path, cursor, None).posts} == {p.id for p in read_posts(path)}


def test_an_appended_csv_row_reads_the_whole_file_again(tmp_path: Path) -> None:
    path = _csv(tmp_path / "posts.csv", ROWS[:1])
    cursor = fetch(path, None, None).next_cursor
    _csv(path, ROWS)
    assert [p.id for p in fetch(path, cursor, None).posts] == ["t3_a", "t1_b"]


@pytest.mark.parametrize("cursor", [pytest.param("not json", id="not-json"), pytest.param("[1]", id="not-object"),
                                    pytest.param('{"size": "x"}', id="bad-size")])
def test_a_cursor_that_is_not_a_fingerprint_reads_the_whole_file(tmp_path: Path, cursor: str) -> None:
    path = _jsonl(tmp_path / "posts.jsonl", *ROWS)
    assert len(fetch(path, cursor, None).posts) == 2


def test_the_same_file_under_another_since_is_read_again(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "posts.jsonl", *ROWS)
    cursor = fetch(path, None, datetime(2026, 11, 21, tzinfo=UTC)).next_cursor
    assert [p.id for p in fetch(path, cursor, None).posts] == ["t3_a", "t1_b"]
