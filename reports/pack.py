"""The evidence pack for a confirmed finding: one printable page with the record, its hashes, the chain's
state and the review history (clause 12: copies of postings are the evidence)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clausewatch.clauses import CLAUSES, scores_in_words
from clausewatch.errors import InputError
from clausewatch.pseudonyms import Pseudonymiser
from clausewatch.records import utc_now
from clausewatch.storage.models import Decision, EvidenceRecord, Finding
from clausewatch.storage.repository import audit
from reports.evidence import verify
from reports.templating import render, safe_link

__all__ = ["PACKABLE", "build_pack", "write_pack"]

# Only a finding a named person has confirmed (or escalated after confirming) is evidence of anything.
PACKABLE = ("confirmed", "escalated")


def _when(moment: datetime) -> str:
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.strftime("%d %B %Y, %H:%M:%S UTC")


def _post(record: dict[str, Any] | None, pseudonym: Pseudonymiser) -> dict[str, Any] | None:
    if record is None:
        return None
    post = dict(record["post"])
    post["shown_author"] = post["author"] if post["author_is_staff"] else pseudonym(post["platform"], post["author"])
    post["link"] = safe_link(post["url"])
    return post


def _context(finding: Finding, row: EvidenceRecord, decisions: list[Decision], pseudonym: Pseudonymiser,
             problems: list[str], exported_by: str) -> dict[str, Any]:
    record = json.loads(row.record) if row.record is not None else None
    return {
        "finding": {"id": finding.id, "status": finding.status, "severity": finding.severity,
                    "clauses": [CLAUSES[c] for c in finding.clauses if c in CLAUSES], "rationale": finding.rationale,
                    "model": finding.model, "raised": _when(finding.created_at),
                    "scores": scores_in_words(finding.categories, finding.guessed or [], finding.language)},
        "record": record, "post": _post(record, pseudonym), "row": row,
        "hashes": {"seq": row.seq, "record_sha256": row.record_sha256, "text_sha256": row.text_sha256,
                   "prev_sha256": row.prev_sha256, "chain_sha256": row.chain_sha256,
                   "recorded": _when(row.created_at), "redacted": _when(row.redacted_at) if row.redacted_at else None},
        "canonical": row.record, "problems": problems,
        "decisions": [{"status": d.status, "reviewer": d.reviewer, "note": d.note, "when": _when(d.decided_at)}
                      for d in decisions],
        "exported_by": exported_by, "exported_at": _when(utc_now()),
    }


def build_pack(session: Session, *, finding_id: int, pseudonym_for: Any, exported_by: str) -> tuple[str, str]:
    """The pack's HTML and the finding's school; InputError when there is nothing to pack. Audited."""
    finding = session.get(Finding, finding_id)
    if finding is None:
        raise InputError(f"no finding {finding_id}; see `clausewatch findings`")
    if finding.status not in PACKABLE:
        raise InputError(f"finding {finding_id} is {finding.status}; an evidence pack is made only for a "
                         f"finding a reviewer has confirmed")
    row = session.scalars(select(EvidenceRecord).where(EvidenceRecord.finding_id == finding_id)).first()
    if row is None:
        raise InputError(f"finding {finding_id} has no evidence record yet; the next run writes it")
    decisions = list(session.scalars(select(Decision).where(Decision.finding_id == finding_id)
                                     .order_by(Decision.decided_at, Decision.id)))
    check = verify(session, school=finding.school)
    mine = [p for p in check.problems if p.startswith(f"evidence record {row.id} ")]
    others = len(check.problems) - len(mine)
    problems = mine + ([f"{others} other record(s) in this school's chain fail the check"] if others else [])
    context = _context(finding, row, decisions, pseudonym_for(finding.school), problems, exported_by)
    context["chain_head"] = check.heads.get(finding.school, "")
    audit(session, actor=exported_by, action="evidence.export", object_type="finding", object_id=finding_id,
          detail={"evidence_record": row.id, "chain_ok": not problems})
    return render("evidence.html", context), finding.school


def write_pack(html: str, folder: Path, *, school: str, finding_id: int) -> Path:
    """Write the pack under the data folder's evidence/<school>/; returns its path."""
    target = folder / "evidence" / school
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"finding-{finding_id}.html"
    path.write_text(html, encoding="utf-8")
    return path
