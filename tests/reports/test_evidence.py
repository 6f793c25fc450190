"""reports/evidence.py: one record per finding, hash-chained, append-only in the database, tamper named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from clausewatch.settings import get_settings
from clausewatch.storage.db import open_database, session_scope
from clausewatch.storage.models import EvidenceRecord, Finding
from clausewatch.text import text_hash
from flows.nightly import nightly_flow
from reports.evidence import COLLECTOR, GENESIS, append_missing, canonical, sha256, verify

pytestmark = pytest.mark.usefixtures("prefect_harness")
SCHOOL = "llandough-primary-school"


@pytest.fixture
def db(night_profile: Path) -> sessionmaker[Session]:
    nightly_flow(str(night_profile))
    return open_database(get_settings().resolved_database_url)


def _rows(db: sessionmaker[Session]) -> list[EvidenceRecord]:
    with session_scope(db) as session:
        return list(session.scalars(select(EvidenceRecord).order_by(EvidenceRecord.seq)))


def _unguarded(db: sessionmaker[Session], statement: str) -> None:
    """What someone with the database file could do: drop the guard and edit."""
    with session_scope(db) as session:
        session.execute(text("DROP TRIGGER IF EXISTS evidence_log_no_update"))
        session.execute(text("DROP TRIGGER IF EXISTS evidence_log_no_delete"))
        session.execute(text(statement))


def test_each_finding_has_one_chained_record_of_the_post_as_fetched(db: sessionmaker[Session]) -> None:
    rows = _rows(db)
    with session_scope(db) as session:
        findings = sorted(session.scalars(select(Finding.id)))
    assert [r.finding_id for r in rows] == findings and [r.seq for r in rows] == [1, 2]
    assert rows[0].prev_sha256 == GENESIS and rows[1].prev_sha256 == rows[0].chain_sha256
    record = json.loads(rows[1].record or "")
    assert set(record["post"]) == {"platform", "id", "url", "author", "author_is_staff", "created_at", "title",
                                   "text", "parent_id"}
    assert record["retrieved_at"].endswith("+00:00") and record["source"] == "file:night.jsonl"
    assert record["collector"] == COLLECTOR and record["query"]["matched_terms"]
    post = record["post"]
    assert record["text_sha256"] == text_hash(f"{post['title']}\n{post['text']}" if post["title"] else post["text"])
    assert rows[1].record_sha256 == sha256(canonical(record)) == sha256(rows[1].record or "")
    assert rows[1].chain_sha256 == sha256(rows[1].prev_sha256 + rows[1].record_sha256)
    with session_scope(db) as session:
        assert verify(session).ok and append_missing(session, school=SCHOOL) == 0


def test_a_rerun_adds_no_record(db: sessionmaker[Session], night_profile: Path) -> None:
    nightly_flow(str(night_profile))
    assert len(_rows(db)) == 2


def test_the_database_refuses_edits_and_deletes(db: sessionmaker[Session]) -> None:
    for statement in (update(EvidenceRecord).values(record="{}"), update(EvidenceRecord).values(seq=9),
                      update(EvidenceRecord).values(record=None, record_sha256="0" * 64),
                      delete(EvidenceRecord)):
        with pytest.raises(DatabaseError, match="append-only"), session_scope(db) as session:
            session.execute(statement)
    assert len(_rows(db)) == 2


def test_retention_may_empty_the_content_and_the_chain_still_verifies(db: sessionmaker[Session]) -> None:
    with session_scope(db) as session:
        session.execute(update(EvidenceRecord).where(EvidenceRecord.seq == 1).values(record=None))
    with session_scope(db) as session:
        result = verify(session)
    assert result.ok and (result.checked, result.redacted) == (2, 1)


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        pytest.param("UPDATE evidence_log SET record = replace(record, 'Llewellyn', 'Lewis') WHERE seq = 2",
                     "its content does not match its hash", id="content-edited"),
        pytest.param("UPDATE evidence_log SET chain_sha256 = '" + "1" * 64 + "' WHERE seq = 1",
                     "its chain hash does not match", id="chain-hash-edited"),
        pytest.param("DELETE FROM evidence_log WHERE seq = 1", "a record is missing before it", id="record-deleted"),
    ],
)
def test_tampering_is_found_and_the_record_named(db: sessionmaker[Session], statement: str, problem: str) -> None:
    _unguarded(db, statement)
    with session_scope(db) as session:
        result = verify(session)
    assert not result.ok
    assert any(p.startswith("evidence record ") and problem in p for p in result.problems), result.problems
