"""What the ``findings --format xlsx`` and ``evidence`` commands do, behind the command line."""

from __future__ import annotations

from pathlib import Path

from clausewatch.pseudonyms import Pseudonymiser
from clausewatch.settings import get_settings
from clausewatch.storage.db import open_database, session_scope
from reports.evidence import Verification, verify
from reports.pack import build_pack, write_pack

__all__ = ["export_evidence", "verify_evidence"]


def verify_evidence(school: str | None = None) -> Verification:
    """Check every school's evidence chain (or one school's)."""
    settings = get_settings()
    with session_scope(open_database(settings.resolved_database_url)) as session:
        return verify(session, school=school)


def export_evidence(finding_id: int, *, exported_by: str, output: Path | None = None) -> Path:
    """Write the evidence pack of a confirmed finding; returns its path (InputError when refused)."""
    settings = get_settings()
    with session_scope(open_database(settings.resolved_database_url)) as session:
        html, school = build_pack(session, finding_id=finding_id, exported_by=exported_by,
                                  pseudonym_for=lambda slug: Pseudonymiser(settings, slug))
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(html, encoding="utf-8")
        return output
    return write_pack(html, settings.home_dir, school=school, finding_id=finding_id)
