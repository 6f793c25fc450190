"""Clause 12 evidence: one record per finding in a per-school SHA-256 hash chain, checked on demand.

A record holds the post as fetched (minimal fields), when and where it was retrieved, the collector's
version and the SHA-256 of its normalised text. ``record_sha256`` is the SHA-256 of the record's canonical
JSON; ``chain_sha256`` is SHA-256(previous chain hash + record_sha256). The chain runs over hashes, so
retention may empty a record's content without breaking it; changing any content or hash breaks it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from clausewatch import __version__
from clausewatch.records import utc_now
from clausewatch.storage.models import EvidenceRecord, Finding, StoredPost
from clausewatch.text import text_hash

__all__ = ["COLLECTOR", "GENESIS", "Verification", "any_missing", "append_missing", "canonical", "evidence_record",
           "sha256", "count", "head", "verify"]

COLLECTOR = f"clausewatch {__version__}"
GENESIS = "0" * 64


def sha256(text: str) -> str:
    """Hex SHA-256 of UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical(record: dict[str, Any]) -> str:
    """The one byte-stable spelling of a record that its hash is taken over."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _utc(moment: datetime) -> str:
    # SQLite hands back naive datetimes; everything clausewatch stores is UTC.
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.isoformat()


def evidence_record(finding: Finding, post: StoredPost) -> dict[str, Any]:
    """The record for one finding: the post as fetched, retrieval, source, collector, normalised-text hash."""
    return {
        "finding_id": finding.id, "school": finding.school, "clauses": finding.clauses,
        "post": {"platform": post.platform, "id": post.post_id, "url": post.url, "author": post.author,
                 "author_is_staff": post.author_is_staff, "created_at": _utc(post.created_at),
                 "title": post.title, "text": post.text, "parent_id": post.parent_id},
        "retrieved_at": _utc(post.fetched_at),
        "source": post.source,
        # What the collector searched for is built from the profile's terms; these are the ones this post matched.
        "query": {"matched_terms": post.matched_terms},
        "collector": COLLECTOR,
        "text_sha256": text_hash(post.full_text),
        "text_normalisation": "clausewatch.text.for_matching (NFKC, no format characters, look-alikes folded, "
                              "accents stripped, case-folded, punctuation to spaces)",
    }


def head(session: Session, school: str) -> tuple[int, str]:
    """The school's last position and chain hash (0 and the genesis hash when empty)."""
    last = session.scalars(select(EvidenceRecord).where(EvidenceRecord.school == school)
                           .order_by(EvidenceRecord.seq.desc()).limit(1)).first()
    return (last.seq, last.chain_sha256) if last else (0, GENESIS)


def _unrecorded(school: str) -> Select[tuple[Finding, StoredPost]]:
    """The school's findings with no record yet (and content to record: a purged post has none)."""
    return (select(Finding, StoredPost).join(StoredPost, Finding.post_id == StoredPost.id)
            .where(Finding.school == school, Finding.id.not_in(select(EvidenceRecord.finding_id)),
                   StoredPost.purged_at.is_(None)))


def any_missing(session: Session, *, school: str) -> bool:
    """Whether a finding of the school still waits for its record (a run stopped before recording it)."""
    return session.execute(_unrecorded(school).limit(1)).first() is not None


def append_missing(session: Session, *, school: str) -> int:
    """Append a record for every finding of the school that has none yet; returns how many."""
    rows = session.execute(_unrecorded(school).order_by(Finding.id))
    seq, previous = head(session, school)
    added = 0
    for finding, post in rows:
        record = evidence_record(finding, post)
        text = canonical(record)
        record_hash = sha256(text)
        seq, chain = seq + 1, sha256(previous + record_hash)
        session.add(EvidenceRecord(school=school, seq=seq, finding_id=finding.id, post_row_id=post.id,
                                   created_at=utc_now(), record=text, record_sha256=record_hash,
                                   text_sha256=record["text_sha256"], prev_sha256=previous, chain_sha256=chain))
        previous, added = chain, added + 1
    session.flush()
    return added


@dataclass
class Verification:
    """What ``evidence verify`` found: how many records, the problems by record, each school's chain head."""

    checked: int = 0
    redacted: int = 0
    problems: list[str] = field(default_factory=list)
    heads: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every record and link checks out."""
        return not self.problems


def _check(row: EvidenceRecord, expected_seq: int, previous: str) -> list[str]:
    """What is wrong with one record, given where it sits in the chain."""
    problems = []
    if row.seq != expected_seq:
        problems.append(f"expected position {expected_seq} (a record is missing before it)")
    if row.prev_sha256 != previous:
        problems.append("its link to the previous record does not match")
    if row.chain_sha256 != sha256(row.prev_sha256 + row.record_sha256):
        problems.append("its chain hash does not match")
    if row.record is not None:
        if sha256(row.record) != row.record_sha256:
            problems.append("its content does not match its hash")
        else:
            record = json.loads(row.record)
            post = record["post"]
            full = f"{post['title']}\n{post['text']}" if post["title"] else post["text"]
            if record["text_sha256"] != row.text_sha256 or text_hash(full) != row.text_sha256:
                problems.append("its text hash does not match its text")
            if record["finding_id"] != row.finding_id:
                problems.append("it names another finding")
    return problems


def verify(session: Session, *, school: str | None = None) -> Verification:
    """Walk every school's chain in order and name each record that does not check out."""
    result = Verification()
    schools = [school] if school else list(session.scalars(select(EvidenceRecord.school).distinct()))
    for name in sorted(schools):
        previous, expected = GENESIS, 1
        for row in session.scalars(select(EvidenceRecord).where(EvidenceRecord.school == name)
                                   .order_by(EvidenceRecord.seq)):
            result.checked += 1
            result.redacted += row.record is None
            for problem in _check(row, expected, previous):
                result.problems.append(f"evidence record {row.id} (finding {row.finding_id}, {name} "
                                       f"#{row.seq}): {problem}")
            previous, expected = row.chain_sha256, row.seq + 1
        result.heads[name] = previous
    return result


def count(session: Session, *, school: str) -> int:
    """How many evidence records a school has."""
    return session.scalar(select(func.count()).where(EvidenceRecord.school == school)) or 0
