"""The ``clausewatch`` command as a person uses it: exit codes, messages, formats, nothing half-stored."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clausewatch.cli import app
from clausewatch.settings import get_settings
from clausewatch.storage import repository
from clausewatch.storage.db import open_database, session_scope
from clausewatch.storage.models import Run, StoredPost

pytestmark = pytest.mark.usefixtures("prefect_harness")

ST_BRYNACH = Path(__file__).parents[1] / "data" / "st-brynach"
FINDING_KEYS = {"finding_id", "platform", "post_id", "url", "created_at", "author", "author_is_staff", "text",
                "clauses", "categories", "targets", "severity", "status", "rationale", "model"}
GOOD_POST = {"platform": "reddit", "id": "t3_zz1", "url": "https://reddit.com/t3_zz1", "author": "a",
             "created_at": "2026-11-20T18:00:00+00:00", "text": "Llandough Primary is great"}


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def _stored() -> tuple[int, int]:
    with session_scope(open_database(get_settings().resolved_database_url)) as session:
        return repository.count_rows(session, StoredPost), repository.count_rows(session, Run)


def test_run_with_no_profile_runs_the_example_night_and_says_where_the_report_is() -> None:
    result = invoke("run")
    assert result.exit_code == 0, result.output
    assert "file:llandough-posts.jsonl: 170 fetched" in result.output
    assert "Scorers: minilm " in result.output and "alt-profanity-check" in result.output
    assert "Report: triage-html 2." in result.output
    report = Path(result.output.rsplit("Report written to ", 1)[1].strip())
    assert report.is_file()


def test_findings_json_for_another_school_lists_every_kept_post_with_the_spec_keys() -> None:
    feed = ST_BRYNACH / "posts.jsonl"
    assert invoke("run", "--profile", str(ST_BRYNACH / "profile.toml"), "--source", f"file:{feed}").exit_code == 0
    result = invoke("findings", "--profile", str(ST_BRYNACH / "profile.toml"), "--all", "--format", "json")
    views = json.loads(result.output)
    labels = [json.loads(line)["expected"] for line in feed.read_text().splitlines()]
    assert len(views) == sum(1 for label in labels if label["kept"])
    assert all(set(view) >= FINDING_KEYS for view in views)
    flagged = [v for v in views if v["finding_id"] is not None]
    assert flagged and all(v["clauses"] and v["status"] == "needs-review" for v in flagged)


def test_authors_who_are_not_declared_staff_are_pseudonymised_in_findings() -> None:
    invoke("run")
    views = json.loads(invoke("findings", "--all", "--format", "json").output)
    staff = [v for v in views if v["author_is_staff"]]
    others = [v for v in views if not v["author_is_staff"]]
    assert staff and all(not v["author"].startswith("author-") for v in staff)
    assert others and all(v["author"].startswith("author-") for v in others if v["author"])


def test_review_marks_a_finding_and_findings_filters_by_status() -> None:
    invoke("run")
    first = json.loads(invoke("findings", "--format", "json").output)[0]["finding_id"]
    result = invoke("review", str(first), "--mark", "false-positive", "--note", "quoting to condemn",
                    "--reviewer", "Mrs Head")
    assert result.exit_code == 0 and "marked false-positive by Mrs Head" in result.output
    marked = json.loads(invoke("findings", "--status", "false-positive", "--format", "json").output)
    assert [v["finding_id"] for v in marked] == [first]


@pytest.mark.parametrize(("args", "message"), [
    (["review", "99999", "--mark", "confirmed", "--reviewer", "R"], "no finding 99999"),
    (["findings", "--status", "maybe"], "--status must be one of"),
])
def test_review_and_findings_refuse_bad_input_with_exit_2(args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2 and message in result.output


def test_findings_csv_neutralises_formula_cells() -> None:
    invoke("run")
    rows = list(csv.DictReader(io.StringIO(invoke("findings", "--all", "--format", "csv").output)))
    hostile = [r for r in rows if "HYPERLINK" in r["text"]]
    assert hostile and all(r["text"].startswith("'=") for r in hostile)
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values() if cell)


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


BROKEN_PROFILES = [
    (b"[school\nname = 'x'", "not valid TOML"),
    (b"[school]\naliases = ['x']\n", "school.name: is required but missing"),
    (b"[school]\nname = 'X School'\n[[people]]\nname = 'A B'\nrole = 'teacher'\n", "people[1].role"),
    (b"[school]\nname = 'X School'\n[thresholds]\nderogatory = { review = 'high' }\n",
     "thresholds.derogatory.review"),
    (b"[school]\nname = '\xff\xfe'\n", "not valid UTF-8"),
]


@pytest.mark.parametrize(("content", "message"), BROKEN_PROFILES)
def test_a_broken_profile_gives_one_error_line_exit_2_and_stores_nothing(
    tmp_path: Path, content: bytes, message: str
) -> None:
    profile = _write(tmp_path / "school.toml", content)
    result = invoke("run", "--profile", str(profile))
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: profile ") and message in lines[0]
    assert str(profile) in lines[0]
    assert _stored() == (0, 0)


BROKEN_POSTS = [
    (json.dumps(GOOD_POST).encode() + b"\n{not json\n", "line 2: not valid JSON"),
    (json.dumps({k: v for k, v in GOOD_POST.items() if k != "text"}).encode(), "line 1: text: is required"),
    (json.dumps({**GOOD_POST, "created_at": "last Tuesday"}).encode(), "line 1: created_at"),
    (json.dumps({**GOOD_POST, "text": 42}).encode(), "line 1: text"),
    (json.dumps(GOOD_POST).encode() + b"\n" + json.dumps({**GOOD_POST, "id": "t3_zz2"}).encode()[:-2]
     + b"\xc3\x28\"}\n", "line 2: not valid UTF-8"),
]


@pytest.mark.parametrize(("content", "message"), BROKEN_POSTS)
def test_a_broken_post_file_gives_one_error_line_exit_2_and_stores_nothing(
    tmp_path: Path, content: bytes, message: str
) -> None:
    posts = _write(tmp_path / "posts.jsonl", content)
    result = invoke("run", "--source", f"file:{posts}")
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and str(posts) in lines[0]
    assert _stored() == (0, 0)


@pytest.mark.parametrize(("args", "message"), [
    (["run", "--since", "yesterday"], "--since 'yesterday' is not an ISO date"),
    (["run", "--source", "myspace"], "unknown source 'myspace'"),
    (["run", "--profile", "/nonexistent/school.toml"], "file not found"),
])
def test_bad_run_options_give_exit_2_and_store_nothing(args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2 and message in result.output
    assert _stored() == (0, 0)


def test_run_exits_1_when_a_source_fails_but_still_writes_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    from clausewatch.errors import SourceUnavailable

    def down(path, cursor, since):
        raise SourceUnavailable("the file share is offline")

    monkeypatch.setattr("connectors.file.fetch", down)
    monkeypatch.setattr("flows.fetch.fetch_source.retries", 0)
    result = invoke("run")
    assert result.exit_code == 1
    assert "FAILED (SourceUnavailable: the file share is offline)" in result.output
    assert "Report written to" in result.output

