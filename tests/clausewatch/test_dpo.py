"""clausewatch/dpo.py: the DPO's pseudonym reveal (audited, found or not) and the subject reference."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from clausewatch.cli import app
from clausewatch.dpo import school_slug, subject_reference
from clausewatch.matching import Match
from clausewatch.pseudonyms import Pseudonymiser
from clausewatch.records import Post, Target
from clausewatch.settings import get_settings
from clausewatch.storage import repository
from clausewatch.storage.db import open_database, session_scope
from clausewatch.storage.models import AuditEntry

SCHOOL = "llandough-primary-school"


def _store(author: str, *, staff: bool = False, school: str = SCHOOL) -> None:
    match = Match(targets=[Target("Llandough Primary School", "school")], terms=["llandough primary"],
                  author_is_staff=staff)
    post = Post(platform="reddit", id=f"t3_{author}", author=author, created_at=datetime(2026, 11, 20, tzinfo=UTC),
                text="Llandough Primary")
    with session_scope(open_database(get_settings().resolved_database_url)) as session:
        run_id = repository.start_run(session, school=school, profile_sha256="0" * 64, settings={}, scorers="",
                                      report="")
        repository.upsert_posts(session, school=school, source="file:x", run_id=run_id, items=[(post, match)])


def _reveals() -> list[AuditEntry]:
    with session_scope(open_database(get_settings().resolved_database_url)) as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == "pseudonym.reveal")))


def test_a_dpo_reveals_the_stored_handle_behind_a_pseudonym_and_it_is_audited() -> None:
    _store("penarth_mam")
    _store("someone_else")
    pseudonym = Pseudonymiser(get_settings(), SCHOOL)("reddit", "penarth_mam")
    result = CliRunner().invoke(app, ["pseudonym", "reveal", pseudonym, "--school", "Llandough Primary School",
                                      "--requested-by", "The DPO"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "reddit:penarth_mam"
    [entry] = _reveals()
    assert (entry.actor, entry.object_type, entry.object_id) == ("The DPO", "pseudonym", pseudonym)
    assert entry.detail == {"school": SCHOOL, "found": 1}


@pytest.mark.parametrize("case", ["unknown", "staff", "other-school"])
def test_a_pseudonym_that_matches_no_stored_author_reveals_nothing_and_is_still_audited(case: str) -> None:
    author = "jane_example"
    _store(author, staff=case == "staff", school="st-brynach" if case == "other-school" else SCHOOL)
    pseudonym = Pseudonymiser(get_settings(), SCHOOL)("reddit", "nobody" if case == "unknown" else author)
    result = CliRunner().invoke(app, ["pseudonym", "reveal", pseudonym, "--school", SCHOOL])
    assert result.exit_code == 1 and "no stored author" in result.output
    assert [e.detail["found"] for e in _reveals()] == [0]


def test_school_names_and_keys_give_the_same_slug_and_references_are_keyed_and_stable(monkeypatch) -> None:
    assert school_slug("Llandough Primary School") == school_slug(SCHOOL) == SCHOOL
    first = subject_reference(get_settings(), "Jane  Example")
    assert first == subject_reference(get_settings(), "jane example") and first.startswith("request-")
    monkeypatch.setenv("CLAUSEWATCH_PSEUDONYM_KEY", "another key")
    assert subject_reference(get_settings(), "Jane Example") != first
