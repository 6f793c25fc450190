"""clausewatch/storage/repository.py (with db.py): idempotent storage, decisions, append-only audit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from clausewatch.matching import Match
from clausewatch.records import Assessment, Post, SourceResult, Target
from clausewatch.storage import repository
from clausewatch.storage.db import alembic_config, open_database, session_scope
from clausewatch.storage.models import AuditEntry, Base, Decision, Finding, ScoreRow, StoredPost
from clausewatch.text import text_hash

SCHOOL = "llandough-primary-school"
MATCH = Match(targets=[Target("Llandough Primary School", "school")], terms=["llandough primary"],
              author_is_staff=False)
ASSESSMENT = Assessment(clauses=["4", "11"], categories={"derogatory": 0.7}, fired=["derogatory"],
                        severity="medium", rationale="About Llandough Primary School (school). a person decides.")


def _post(post_id: str, text: str = "Llandough Primary is awful", platform: str = "reddit") -> Post:
    return Post(platform=platform, id=post_id, url=f"https://example.test/{post_id}", author="dad123",
                created_at=datetime(2026, 11, 20, 18, tzinfo=UTC), text=text)


@pytest.fixture
def url(database_url: str) -> str:
    """Every storage test runs on SQLite and on a real PostgreSQL server."""
    return database_url


@pytest.fixture
def factory(url: str) -> sessionmaker[Session]:
    return open_database(url)


@pytest.fixture
def session(factory: sessionmaker[Session]) -> Iterator[Session]:
    with session_scope(factory) as session:
        yield session


@pytest.fixture
def run_id(session: Session) -> int:
    return repository.start_run(session, school=SCHOOL, profile_sha256="0" * 64, settings={}, scorers="t 1",
                                report="plain-html 1")


def _stored(session: Session, run_id: int, *posts: Post, school: str = SCHOOL) -> list[int]:
    ids, _ = repository.upsert_posts(session, school=school, source="file:t.jsonl", run_id=run_id,
                                     items=[(p, MATCH) for p in posts])
    return ids


def _finding(session: Session, run_id: int, post_id: int, school: str = SCHOOL) -> int:
    assert repository.create_finding(session, school=school, post_id=post_id, run_id=run_id,
                                     assessment=ASSESSMENT, model="t 1")
    return session.scalars(select(Finding.id).where(Finding.post_id == post_id)).one()


def test_migrations_create_every_table_at_head(factory: sessionmaker[Session], url: str) -> None:
    engine = factory.kw["bind"]
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head


def test_opening_twice_is_harmless(url: str) -> None:
    open_database(url)
    factory = open_database(url)
    with session_scope(factory) as session:
        assert repository.count_rows(session, StoredPost) == 0


def test_upsert_stores_each_post_once_and_counts_new(session: Session, run_id: int) -> None:
    first_ids, first_new = repository.upsert_posts(
        session, school=SCHOOL, source="file:t.jsonl", run_id=run_id,
        items=[(_post("a"), MATCH), (_post("b"), MATCH)])
    again_ids, again_new = repository.upsert_posts(
        session, school=SCHOOL, source="file:t.jsonl", run_id=run_id,
        items=[(_post("a", text="edited later"), MATCH), (_post("b"), MATCH), (_post("c"), MATCH)])
    assert first_new == 2
    assert again_new == 1
    assert again_ids[:2] == first_ids
    assert repository.count_rows(session, StoredPost) == 3
    # The first copy is the evidence: a later edit does not overwrite it.
    assert session.get_one(StoredPost, first_ids[0]).text == "Llandough Primary is awful"


@pytest.mark.parametrize(
    ("second", "school", "new"),
    [
        pytest.param(("reddit", "a"), SCHOOL, 0, id="same-school-platform-id-not-new"),
        pytest.param(("bluesky", "a"), SCHOOL, 1, id="same-id-other-platform-new"),
        pytest.param(("reddit", "a"), "st-brynach", 1, id="same-post-other-school-new"),
    ],
)
def test_upsert_key_is_school_platform_id(session: Session, run_id: int, second: tuple[str, str], school: str,
                                          new: int) -> None:
    _stored(session, run_id, _post("a"))
    _, counted = repository.upsert_posts(session, school=school, source="s", run_id=run_id,
                                         items=[(_post(second[1], platform=second[0]), MATCH)])
    assert counted == new


def test_upsert_same_post_twice_in_one_batch_stores_once(session: Session, run_id: int) -> None:
    ids, new = repository.upsert_posts(session, school=SCHOOL, source="s", run_id=run_id,
                                       items=[(_post("a"), MATCH), (_post("a"), MATCH)])
    assert new == 1
    assert len(ids) == 1


def test_stored_post_keeps_match_and_hash(session: Session, run_id: int) -> None:
    [post_id] = _stored(session, run_id, _post("a"))
    row = session.get_one(StoredPost, post_id)
    assert row.targets == [{"name": "Llandough Primary School", "role": "school"}]
    assert row.matched_terms == ["llandough primary"]
    assert row.text_hash == text_hash("Llandough Primary is awful")
    assert repository.targets_of(row) == MATCH.targets


def test_unscored_then_save_scores(session: Session, run_id: int) -> None:
    ids = _stored(session, run_id, _post("a"), _post("b", text="Llandough Primary is great"))
    todo = repository.unscored(session, post_ids=ids, scorer="t", version="1")
    assert todo == [(ids[0], "Llandough Primary is awful", text_hash("Llandough Primary is awful")),
                    (ids[1], "Llandough Primary is great", text_hash("Llandough Primary is great"))]
    repository.save_scores(session, scorer="t", version="1", scores=[(ids[0], {"derogatory": 0.7})])
    assert repository.unscored(session, post_ids=ids, scorer="t", version="1") == [todo[1]]
    # A new scorer version has scored nothing yet.
    assert len(repository.unscored(session, post_ids=ids, scorer="t", version="2")) == 2
    assert repository.count_rows(session, ScoreRow) == 1


def test_scores_for_gives_each_asked_scorers_scores(session: Session, run_id: int) -> None:
    [post_id] = _stored(session, run_id, _post("a"))
    repository.save_scores(session, scorer="a", version="1", scores=[(post_id, {"derogatory": 0.3})])
    repository.save_scores(session, scorer="b", version="1", scores=[(post_id, {"derogatory": 0.8})])
    repository.save_scores(session, scorer="c", version="1", scores=[(post_id, {"derogatory": 0.99})])
    found = repository.scores_for(session, post_ids=[post_id], scorers=[("a", "1"), ("b", "1")])
    assert found == {post_id: {"a": {"derogatory": 0.3}, "b": {"derogatory": 0.8}}}


def test_create_finding_only_once(session: Session, run_id: int) -> None:
    [post_id] = _stored(session, run_id, _post("a"))
    kwargs = {"school": SCHOOL, "post_id": post_id, "run_id": run_id, "assessment": ASSESSMENT, "model": "t 1"}
    assert repository.create_finding(session, **kwargs) is True
    session.flush()
    assert repository.create_finding(session, **kwargs) is False
    assert repository.count_rows(session, Finding) == 1
    finding = session.scalars(select(Finding)).one()
    assert (finding.status, finding.clauses, finding.severity) == ("needs-review", ["4", "11"], "medium")


def test_record_decision_appends_sets_status_and_audits(session: Session, run_id: int) -> None:
    [post_id] = _stored(session, run_id, _post("a"))
    finding_id = _finding(session, run_id, post_id)
    first = repository.record_decision(session, finding_id=finding_id, status="escalated", reviewer="head",
                                       note="to the DPO")
    second = repository.record_decision(session, finding_id=finding_id, status="confirmed", reviewer="dpo")
    session.flush()
    assert first is not None and second is not None
    assert session.get_one(Finding, finding_id).status == "confirmed"
    decisions = session.scalars(select(Decision).order_by(Decision.id)).all()
    assert [(d.status, d.reviewer, d.note) for d in decisions] == [
        ("escalated", "head", "to the DPO"), ("confirmed", "dpo", ""),
    ]
    marks = session.scalars(select(AuditEntry).where(AuditEntry.action == "finding.mark")
                            .order_by(AuditEntry.id)).all()
    assert [(m.actor, m.object_type, m.object_id, m.detail) for m in marks] == [
        ("head", "finding", str(finding_id),
         {"from": "needs-review", "to": "escalated", "note_given": True, "representations": False}),
        ("dpo", "finding", str(finding_id),
         {"from": "escalated", "to": "confirmed", "note_given": False, "representations": False}),
    ]


def test_record_decision_on_missing_finding_returns_none_and_writes_nothing(session: Session) -> None:
    assert repository.record_decision(session, finding_id=999, status="confirmed", reviewer="head") is None
    assert repository.count_rows(session, Decision) == 0
    assert repository.count_rows(session, AuditEntry) == 0


def test_get_finding_present_and_missing(session: Session, run_id: int) -> None:
    [post_id] = _stored(session, run_id, _post("a"))
    finding_id = _finding(session, run_id, post_id)
    found = repository.get_finding(session, finding_id=finding_id)
    assert found is not None and found[1].id == post_id
    assert repository.get_finding(session, finding_id=finding_id + 1) is None


@pytest.mark.parametrize(
    "statement",
    [
        pytest.param("UPDATE audit_log SET actor = 'someone else'", id="update-audit-log"),
        pytest.param("DELETE FROM audit_log", id="delete-audit-log"),
        pytest.param("UPDATE decisions SET status = 'no-action'", id="update-decisions"),
        pytest.param("DELETE FROM decisions", id="delete-decisions"),
    ],
)
def test_audit_log_and_decisions_are_append_only(factory: sessionmaker[Session], statement: str) -> None:
    with session_scope(factory) as session:
        run_id = repository.start_run(session, school=SCHOOL, profile_sha256="0" * 64, settings={},
                                      scorers="t 1", report="r")
        [post_id] = _stored(session, run_id, _post("a"))
        finding_id = _finding(session, run_id, post_id)
        repository.record_decision(session, finding_id=finding_id, status="confirmed", reviewer="head")
    with factory() as session:
        with pytest.raises(DBAPIError, match="append-only"):
            session.execute(text(statement))
        session.rollback()
        assert repository.count_rows(session, Decision) == 1
        assert repository.count_rows(session, AuditEntry) == 2  # run.start, finding.mark


def test_append_only_tables_still_accept_inserts(session: Session) -> None:
    repository.audit(session, actor="dpo", action="export", object_type="finding", object_id=1)
    repository.audit(session, actor="dpo", action="export", object_type="finding", object_id=2)
    session.flush()
    assert repository.count_rows(session, AuditEntry) == 2


@pytest.mark.parametrize(
    ("status", "suppressed"),
    [
        pytest.param("false-positive", True, id="false-positive-suppressed"),
        pytest.param("confirmed", False, id="confirmed-not-suppressed"),
        pytest.param(None, False, id="needs-review-not-suppressed"),
    ],
)
def test_suppressed_hashes(session: Session, run_id: int, status: str | None, suppressed: bool) -> None:
    [post_id] = _stored(session, run_id, _post("a", text="Llandough Primary is a joke"))
    finding_id = _finding(session, run_id, post_id)
    if status:
        repository.record_decision(session, finding_id=finding_id, status=status, reviewer="head")
    session.flush()
    expected = {text_hash("Llandough Primary is a joke")} if suppressed else set()
    assert repository.suppressed_hashes(session, school=SCHOOL) == expected
    assert repository.suppressed_hashes(session, school="another-school") == set()


def test_cursor_absent_then_set_then_advanced(session: Session) -> None:
    assert repository.get_cursor(session, school=SCHOOL, source="reddit") is None
    repository.set_cursor(session, school=SCHOOL, source="reddit", value="t3_a")
    repository.set_cursor(session, school=SCHOOL, source="reddit", value="t3_b")
    assert repository.get_cursor(session, school=SCHOOL, source="reddit") == "t3_b"
    assert repository.get_cursor(session, school="another-school", source="reddit") is None


def test_the_last_run_with_news_is_the_latest_earlier_run_that_stored_or_raised_something(session: Session) -> None:
    def run(school: str = SCHOOL, **counts: int) -> int:
        ran = repository.start_run(session, school=school, profile_sha256="0" * 64, settings={}, scorers="t 1",
                                   report="plain-html 1")
        repository.record_source(session, run_id=ran, result=SourceResult("file:t.jsonl", **counts))
        return ran

    assert repository.last_run_with_news(session, school=SCHOOL, before=10**6) is None
    stored, raised = run(fetched=5, kept=2, new=2), run(findings=1)
    run(fetched=3, kept=1)  # old posts again: no news
    run(school="another-school", new=4)
    assert repository.last_run_with_news(session, school=SCHOOL, before=10**6) == raised
    assert repository.last_run_with_news(session, school=SCHOOL, before=raised) == stored
