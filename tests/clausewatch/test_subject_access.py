"""clausewatch/subject_access.py (through ``clausewatch subject-access``): everything held about one person,
and nobody else's, from the sample feed as the nightly run stores it."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from clausewatch.cli import app
from clausewatch.matching import Matcher
from clausewatch.profile import EXAMPLE_PROFILE, load_profile
from clausewatch.pseudonyms import Pseudonymiser
from clausewatch.records import Assessment, Post
from clausewatch.settings import get_settings
from clausewatch.storage import repository
from clausewatch.storage.db import open_database, session_scope
from clausewatch.storage.models import AuditEntry, Finding, StoredPost
from clausewatch.subject_access import _block, subject_for, to_markdown
from connectors.file import read_posts

SCHOOL = "llandough-primary-school"
AUTHOR = ("reddit", "welshcakes4tea")
ASSESSMENT = Assessment(clauses=["4"], categories={"derogatory": 0.8}, fired=["derogatory"], severity="high",
                        rationale="Derogatory. A person decides.")


def _kept() -> list[tuple[Post, Any]]:
    matcher = Matcher(load_profile())
    posts = read_posts(EXAMPLE_PROFILE.parent / "llandough-posts.jsonl")
    return [(post, match) for post in posts if (match := matcher.match(post)) is not None]


@pytest.fixture
def stored(database_url: str) -> list[tuple[Post, Any]]:
    """The sample feed stored as a night stores it (on SQLite and on PostgreSQL); every kept post a finding,
    each with a decision."""
    kept = _kept()
    with session_scope(open_database(get_settings().resolved_database_url)) as session:
        run_id = repository.start_run(session, school=SCHOOL, profile_sha256="0" * 64, settings={},
                                      scorers="t 1", report="plain-html 1")
        ids, _ = repository.upsert_posts(session, school=SCHOOL, source="file:llandough-posts.jsonl",
                                         run_id=run_id, items=kept)
        repository.save_scores(session, scorer="t", version="1", scores=[(i, {"derogatory": 0.8}) for i in ids])
        for post_id in ids:
            repository.create_finding(session, school=SCHOOL, post_id=post_id, run_id=run_id,
                                      assessment=ASSESSMENT, model="t 1")
        session.flush()
        for finding in session.scalars(select(Finding)):
            repository.record_decision(session, finding_id=finding.id, status="confirmed", reviewer="Ms Head",
                                       note=f"checked finding {finding.id}")
    return kept


def _export(tmp_path: Path, *args: str) -> tuple[dict[str, Any], str]:
    result = CliRunner().invoke(app, ["subject-access", *args, "--out", str(tmp_path / "export"),
                                      "--requested-by", "The DPO"])
    assert result.exit_code == 0, result.output
    return (json.loads((tmp_path / "export.json").read_text(encoding="utf-8")),
            (tmp_path / "export.md").read_text(encoding="utf-8"))


def _others_leak(export_text: str, mine: list[Post], others: list[Post]) -> list[str]:
    """Other people's handles and post texts found in the export (skipping any that the subject's own posts
    quote, which are the subject's words)."""
    own = " ".join(f"{p.title} {p.text} {p.url}" for p in mine)
    handles = {p.author for p in others if p.author and p.author not in own}
    texts = {p.text[:30] for p in others if p.text[:30] not in own}
    return [s for s in handles | texts if s in export_text]


def test_an_authors_export_holds_exactly_their_posts_and_nobody_elses(stored, tmp_path) -> None:
    data, markdown = _export(tmp_path, "reddit:welshcakes4tea")
    mine = [p for p, _ in stored if (p.platform, p.author) == AUTHOR]
    others = [p for p, _ in stored if (p.platform, p.author) != AUTHOR]
    assert len(mine) == 7
    assert sorted(p["post_id"] for p in data["posts"]) == sorted(p.id for p in mine)
    assert all(p["subject_is_author"] and p["author"] == AUTHOR[1] for p in data["posts"])
    assert sorted(p["text"] for p in data["posts"]) == sorted(p.text for p in mine)
    assert not _others_leak(json.dumps(data, ensure_ascii=False), mine, others)
    assert not _others_leak(markdown, mine, others)
    assert all(p.text.splitlines()[0] in markdown for p in mine)


def test_an_export_carries_scores_findings_decisions_notes_and_their_audit_entries(stored, tmp_path) -> None:
    data, markdown = _export(tmp_path, "welshcakes4tea")  # a bare handle matches on every platform
    assert len(data["posts"]) == 7
    for post in data["posts"]:
        assert post["scores"] == [{"scorer": "t", "version": "1", "categories": {"derogatory": 0.8}}]
        finding = post["finding"]
        assert finding["status"] == "confirmed" and finding["clauses"] == ["4"]
        [decision] = finding["decisions"]
        assert decision["reviewer"] == "Ms Head" and decision["note"] == f"checked finding {finding['finding_id']}"
    marked = {e["object_id"] for e in data["audit_entries"] if e["action"] == "finding.mark"}
    assert marked == {str(p["finding"]["finding_id"]) for p in data["posts"]}
    assert "marked finding" in markdown and "## Audit log entries (7)" in markdown


def test_a_person_named_in_posts_gets_those_posts_with_other_authors_pseudonymised(stored, tmp_path) -> None:
    data, _ = _export(tmp_path, "Tomos Rees")
    about = [(p, m) for p, m in stored if any(t.name == "Tomos Rees" for t in m.targets)]
    assert sorted(p["post_id"] for p in data["posts"]) == sorted(p.id for p, _ in about)
    pseudonym = Pseudonymiser(get_settings(), SCHOOL)
    for item, (post, match) in zip(sorted(data["posts"], key=lambda p: p["post_id"]),
                                   sorted(about, key=lambda pm: pm[0].id), strict=True):
        assert not item["subject_is_author"] and item["about_subject"] == [{"name": "Tomos Rees", "role": "staff"}]
        expected = post.author if match.author_is_staff else pseudonym(post.platform, post.author)
        assert item["author"] == expected
        assert item["other_people_named"] == len(match.targets) - 1


def test_with_the_profile_an_alias_finds_the_person_and_their_declared_handles(stored, tmp_path) -> None:
    by_name, _ = _export(tmp_path, "Gareth Llewellyn")
    by_alias, _ = _export(tmp_path, "Mr Llewellyn", "--profile", str(EXAMPLE_PROFILE))
    handles = {"mastodon:gllewellyn@mastodon.cymru", "bluesky:garethllew.bsky.social"}
    authored = {p.id for p, _ in stored if f"{p.platform}:{p.author}" in handles}
    assert authored and not authored & {p["post_id"] for p in by_name["posts"]}
    assert {p["post_id"] for p in by_alias["posts"]} == {p["post_id"] for p in by_name["posts"]} | authored


def test_a_reviewers_export_lists_the_decisions_they_made_and_their_account(stored, tmp_path) -> None:
    from review.accounts import add_user

    with session_scope(open_database(get_settings().resolved_database_url)) as session:
        add_user(session, name="Ms Head", role="head", password="a long enough password", actor="admin")
    data, markdown = _export(tmp_path, "Ms Head")
    assert data["posts"] == [] and len(data["decisions_made"]) == len(stored)
    assert {e["action"] for e in data["audit_entries"]} >= {"finding.mark"}
    [account] = data["accounts"]
    assert account["name"] == "Ms Head" and account["role"] == "head" and "password_hash" not in account
    assert "argon2" not in markdown and "argon2" not in json.dumps(data)


def test_the_export_is_audited_by_reference_not_by_name_and_readable_only_by_its_owner(stored, tmp_path) -> None:
    _export(tmp_path, "reddit:welshcakes4tea")
    with session_scope(open_database(get_settings().resolved_database_url)) as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "subject-access.export")).one()
    assert entry.actor == "The DPO" and entry.object_type == "subject"
    assert entry.object_id.startswith("request-") and "welshcakes" not in f"{entry.object_id}{entry.detail}"
    assert entry.detail == {"posts": 7, "findings": 7, "decisions_made": 0, "accounts": 0, "audit_entries": 7}
    for name in ("export.md", "export.json"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600


def test_purged_posts_are_not_held_and_so_not_exported(stored, tmp_path) -> None:
    with session_scope(open_database(get_settings().resolved_database_url)) as session:
        for post in session.scalars(select(StoredPost).where(StoredPost.author == AUTHOR[1])):
            post.author, post.text = "", ""
    data, _ = _export(tmp_path, "reddit:welshcakes4tea")
    assert data["posts"] == []


def test_the_default_file_goes_under_the_data_folder(stored) -> None:
    result = CliRunner().invoke(app, ["subject-access", "penarth_mam", "--requested-by", "dpo"])
    assert result.exit_code == 0, result.output
    assert "5 posts, 5 findings" in result.output
    written = list((get_settings().home_dir / "subject-access").glob("*-request-*.md"))
    assert len(written) == 1 and written[0].with_suffix(".json").is_file()


def test_hostile_text_stays_literal_in_the_markdown() -> None:
    text = "~~~~\n<script>alert(1)</script>\n# not a heading"
    block = _block(text)
    assert block.startswith("~~~~~text\n") and block.endswith("\n~~~~~")
    export = {"subject": "[x](javascript:alert(1)) <b>", "posts": [], "decisions_made": [], "accounts": [],
              "audit_entries": []}
    title = to_markdown(export, generated_at="now").splitlines()[0]
    assert r"\[x\](" in title and r"\<b\>" in title  # escaped: no link, no HTML


def test_a_handle_is_matched_with_or_without_its_at_sign_and_platform_prefix() -> None:
    subject = subject_for("@Ceri_Ann")
    post = StoredPost(platform="youtube", author="@Ceri_Ann", targets=[])
    assert subject.wrote(post) and subject_for("youtube:ceri_ann").wrote(post)
    assert not subject_for("reddit:Ceri_Ann").wrote(post)


def test_a_re_review_after_representations_is_recorded_audited_and_exported(stored, tmp_path) -> None:
    with session_scope(open_database(get_settings().resolved_database_url)) as session:
        finding_id = session.scalar(select(Finding.id).join(StoredPost, Finding.post_id == StoredPost.id)
                                    .where(StoredPost.author == AUTHOR[1]).limit(1))
    result = CliRunner().invoke(app, ["review", str(finding_id), "--mark", "no-action", "--representations",
                                      "--note", "heard the employee", "--reviewer", "Mr Governor"])
    assert result.exit_code == 0, result.output
    with session_scope(open_database(get_settings().resolved_database_url)) as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "finding.mark")
                                .order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.detail["representations"] is True and entry.actor == "Mr Governor"
    data, markdown = _export(tmp_path, "reddit:welshcakes4tea")
    [post] = [p for p in data["posts"] if p["finding"]["finding_id"] == finding_id]
    first, second = post["finding"]["decisions"]
    assert (first["representations"], second["representations"], second["status"]) == (False, True, "no-action")
    assert "no-action (re-review after the employee's representations): heard the employee" in markdown
