"""What the data protection officer's commands do: purge, subject access, pseudonym reveal. Each is audited.

Audit entries name who acted and what, in counts and references; never post text, and never the raw name
or handle a subject-access request was about (a keyed reference stands in, which the DPO can recompute).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from clausewatch.profile import load_profile
from clausewatch.pseudonyms import Pseudonymiser
from clausewatch.records import utc_now
from clausewatch.retention import PurgeResult, purge
from clausewatch.settings import Settings, get_settings
from clausewatch.storage import repository
from clausewatch.storage.db import open_database, session_scope
from clausewatch.storage.models import StoredPost
from clausewatch.subject_access import collect, subject_for, to_markdown

__all__ = ["SubjectExport", "export_subject", "purge_school", "reveal_pseudonym", "school_slug",
           "subject_reference"]


def school_slug(name: str) -> str:
    """A school's storage key from its name or key (the same rule as ``School.slug``)."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


def subject_reference(settings: Settings, query: str) -> str:
    """A keyed, stable stand-in for a subject-access query, for the audit log and file names."""
    digest = Pseudonymiser(settings, "subject-access")("subject", " ".join(query.split()))
    return digest.replace("author-", "request-")


def purge_school(profile_path: Path | None, *, dry_run: bool = False) -> PurgeResult:
    """Apply the profile's retention to its school now (``dry_run``: only count what would go)."""
    settings = get_settings()
    profile = load_profile(profile_path)
    with session_scope(open_database(settings.resolved_database_url)) as session:
        return purge(session, school=profile.school.slug, retention=profile.retention,
                     reports_dir=settings.reports_dir, dry_run=dry_run)


@dataclass(frozen=True)
class SubjectExport:
    """Where an export was written and what it holds, in counts."""

    markdown: Path
    json: Path
    reference: str
    counts: dict[str, int]


def _write_private(path: Path, text: str) -> None:
    # Exports hold personal data: readable by their owner only, like the pseudonym key.
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def export_subject(query: str, *, profile_path: Path | None, out: Path | None, requested_by: str
                   ) -> SubjectExport:
    """Write everything held about one person as Markdown and JSON; the export is audited."""
    settings = get_settings()
    profile = load_profile(profile_path) if profile_path else None
    subject = subject_for(query, profile)
    reference = subject_reference(settings, query)
    now = utc_now()
    pseudonyms: dict[str, Pseudonymiser] = {}

    def pseudonym(school: str, platform: str, author: str) -> str:
        return pseudonyms.setdefault(school, Pseudonymiser(settings, school))(platform, author)

    with session_scope(open_database(settings.resolved_database_url)) as session:
        export = collect(session, subject, pseudonym=pseudonym,
                         schools=[profile.school.slug] if profile else None)
        counts = {"posts": len(export["posts"]),
                  "findings": sum(1 for p in export["posts"] if p["finding"]),
                  "decisions_made": len(export["decisions_made"]),
                  "accounts": len(export["accounts"]),
                  "audit_entries": len(export["audit_entries"])}
        base = out or settings.home_dir / "subject-access" / f"{now:%Y%m%dT%H%M%SZ}-{reference}"
        markdown, data = base.with_suffix(".md"), base.with_suffix(".json")
        _write_private(markdown, to_markdown(export, generated_at=now.isoformat(timespec="seconds")))
        _write_private(data, json.dumps(export, indent=2, ensure_ascii=False, default=str))
        # Audited in the same transaction: no entry if the files could not be written.
        repository.audit(session, actor=requested_by, action="subject-access.export", object_type="subject",
                         object_id=reference, detail=counts)
    return SubjectExport(markdown, data, reference, counts)


def _authors(session: Session, school: str) -> list[tuple[str, str]]:
    rows = session.execute(select(StoredPost.platform, StoredPost.author).distinct().where(
        StoredPost.school == school, StoredPost.author != "", StoredPost.author_is_staff.is_(False)))
    return [(platform, author) for platform, author in rows]


def reveal_pseudonym(pseudonym: str, *, school: str, requested_by: str) -> list[str]:
    """The stored ``platform:handle`` behind a pseudonym at one school (empty if none); audited either way."""
    settings = get_settings()
    slug = school_slug(school)
    pseudonymise = Pseudonymiser(settings, slug)
    with session_scope(open_database(settings.resolved_database_url)) as session:
        found = [f"{platform}:{author}" for platform, author in _authors(session, slug)
                 if pseudonymise(platform, author) == pseudonym.strip()]
        repository.audit(session, actor=requested_by, action="pseudonym.reveal", object_type="pseudonym",
                         object_id=pseudonym.strip()[:100], detail={"school": slug, "found": len(found)})
    return found
