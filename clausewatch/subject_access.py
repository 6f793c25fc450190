"""Subject access (UK GDPR article 15): everything clausewatch holds about one person, for a DPO.

A person can be in the database as the author of stored posts (their handle, as stored: ``platform:handle``
or a bare handle on any platform), as someone a post is about (a profile person's name in the post's
targets), and as a reviewer (decisions and audit entries under their name). ``collect`` gathers all of it
as plain dicts; ``to_markdown`` lays it out for a person to read. Other people in the same records are
kept to a minimum: authors who are not the subject and not declared staff appear as their pseudonym, and
only the subject's own entry of a post's targets is listed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from clausewatch.profile import KNOWN_SOURCES, Profile
from clausewatch.storage.models import Assignment, AuditEntry, Decision, Finding, ScoreRow, StoredPost, User

__all__ = ["Subject", "collect", "subject_for", "to_markdown"]

Pseudonym = Callable[[str, str, str], str]  # (school, platform, author) -> pseudonym


def _handle(value: str) -> str:
    return value.strip().removeprefix("@").casefold()


@dataclass(frozen=True)
class Subject:
    """Who the request is about: the handles they post under and the names posts call them by."""

    query: str
    handles: frozenset[tuple[str | None, str]] = field(default_factory=frozenset)  # (platform or any, handle)
    names: frozenset[str] = field(default_factory=frozenset)  # casefolded

    def wrote(self, post: StoredPost) -> bool:
        """True when the subject is the post's author."""
        author = _handle(post.author)
        return bool(author) and any(h == author and p in (None, post.platform) for p, h in self.handles)

    def named_in(self, post: StoredPost) -> bool:
        """True when the post is about the subject (they are one of its targets)."""
        return any(t.get("name", "").casefold() in self.names for t in post.targets)


def subject_for(query: str, profile: Profile | None = None) -> Subject:
    """Read NAME-OR-HANDLE; with a profile, a person's name, alias or handle brings in all of theirs."""
    handles: set[tuple[str | None, str]] = {(None, _handle(query))}
    platform, _, name = query.partition(":")
    if name and platform in KNOWN_SOURCES:
        handles = {(platform, _handle(name))}
    names = {query.strip().casefold()}
    for person in profile.people if profile else []:
        known = {person.name.casefold(), *(a.casefold() for a in person.aliases),
                 *(h.casefold() for h in person.handles)}
        if query.strip().casefold() in known:
            names |= {person.name.casefold(), *(a.casefold() for a in person.aliases)}
            handles |= {(h.partition(":")[0], _handle(h.partition(":")[2])) for h in person.handles}
    return Subject(query, frozenset(handles), frozenset(names))


def _decision(d: Decision) -> dict[str, Any]:
    return {"finding_id": d.finding_id, "status": d.status, "reviewer": d.reviewer, "note": d.note,
            "decided_at": d.decided_at.isoformat(), "representations": d.representations}


def _finding(f: Finding, decisions: list[Decision]) -> dict[str, Any]:
    return {"finding_id": f.id, "clauses": f.clauses, "categories": f.categories, "severity": f.severity,
            "status": f.status, "rationale": f.rationale, "model": f.model, "created_at": f.created_at.isoformat(),
            "decisions": [_decision(d) for d in decisions]}


def _post(post: StoredPost, subject: Subject, pseudonym: Pseudonym) -> dict[str, Any]:
    wrote = subject.wrote(post)
    author = post.author if wrote or post.author_is_staff else pseudonym(post.school, post.platform, post.author)
    mine = [t for t in post.targets if t.get("name", "").casefold() in subject.names]
    return {
        "school": post.school, "platform": post.platform, "post_id": post.post_id, "url": post.url,
        "author": author, "author_is_staff": post.author_is_staff, "subject_is_author": wrote,
        "created_at": post.created_at.isoformat(), "fetched_at": post.fetched_at.isoformat(),
        "title": post.title, "text": post.text, "about_subject": mine,
        "other_people_named": len(post.targets) - len(mine),
    }


def _audit(entry: AuditEntry) -> dict[str, Any]:
    return {"at": entry.at.isoformat(), "actor": entry.actor, "action": entry.action,
            "object_type": entry.object_type, "object_id": entry.object_id, "detail": entry.detail}


def _posts(session: Session, subject: Subject, schools: Iterable[str] | None) -> list[StoredPost]:
    query = select(StoredPost).where(StoredPost.purged_at.is_(None)).order_by(StoredPost.id)
    if schools is not None:
        query = query.where(StoredPost.school.in_(list(schools)))
    return [p for p in session.scalars(query) if subject.wrote(p) or subject.named_in(p)]


def collect(session: Session, subject: Subject, *, pseudonym: Pseudonym,
            schools: Iterable[str] | None = None) -> dict[str, Any]:
    """Everything held about the subject: posts (with scores, findings, decisions), their own decisions
    as a reviewer, and the audit entries about those records or by them."""
    posts = _posts(session, subject, schools)
    ids = [p.id for p in posts]
    findings = {f.post_id: f for f in session.scalars(select(Finding).where(Finding.post_id.in_(ids)))}
    finding_ids = [f.id for f in findings.values()]
    decisions: dict[int, list[Decision]] = {}
    for d in session.scalars(select(Decision).where(Decision.finding_id.in_(finding_ids)).order_by(Decision.id)):
        decisions.setdefault(d.finding_id, []).append(d)
    scores: dict[int, list[dict[str, Any]]] = {}
    for s in session.scalars(select(ScoreRow).where(ScoreRow.post_id.in_(ids)).order_by(ScoreRow.id)):
        scores.setdefault(s.post_id, []).append({"scorer": s.scorer, "version": s.version,
                                                 "categories": s.categories})
    items = []
    for post in posts:
        finding = findings.get(post.id)
        items.append({**_post(post, subject, pseudonym), "scores": scores.get(post.id, []),
                      "finding": _finding(finding, decisions.get(finding.id, [])) if finding else None})
    return {
        "subject": subject.query,
        "posts": items,
        "decisions_made": _decisions_by(session, subject),
        "accounts": _accounts(session, subject),
        "audit_entries": _audit_entries(session, subject, [str(i) for i in ids], [str(i) for i in finding_ids]),
    }


def _reviewer_names(subject: Subject) -> list[str]:
    return sorted(subject.names | {subject.query.strip().casefold()})


def _decisions_by(session: Session, subject: Subject) -> list[dict[str, Any]]:
    """Decisions the subject made as a reviewer (the finding's id, not its post)."""
    rows = session.scalars(select(Decision).where(func.lower(func.trim(Decision.reviewer))
                                                  .in_(_reviewer_names(subject))).order_by(Decision.id))
    return [_decision(d) for d in rows]


def _accounts(session: Session, subject: Subject) -> list[dict[str, Any]]:
    """The subject's review-page accounts and the findings assigned to or by them (never password hashes)."""
    names = _reviewer_names(subject)
    accounts = [{"name": u.name, "role": u.role, "created_at": u.created_at.isoformat(),
                 "password_set_at": u.password_set_at.isoformat()}
                for u in session.scalars(select(User).where(func.lower(func.trim(User.name)).in_(names)))]
    assignments = session.scalars(select(Assignment).where(or_(
        func.lower(func.trim(Assignment.assignee)).in_(names),
        func.lower(func.trim(Assignment.assigned_by)).in_(names))).order_by(Assignment.id))
    return accounts + [{"finding_id": a.finding_id, "assignee": a.assignee, "assigned_by": a.assigned_by,
                        "assigned_at": a.assigned_at.isoformat()} for a in assignments]


def _audit_entries(session: Session, subject: Subject, post_ids: list[str], finding_ids: list[str]
                   ) -> list[dict[str, Any]]:
    rows = session.scalars(select(AuditEntry).where(or_(
        (AuditEntry.object_type == "post") & AuditEntry.object_id.in_(post_ids),
        (AuditEntry.object_type == "finding") & AuditEntry.object_id.in_(finding_ids),
        func.lower(func.trim(AuditEntry.actor)).in_(_reviewer_names(subject)),
    )).order_by(AuditEntry.id))
    return [_audit(e) for e in rows]


def _block(text: str) -> str:
    """Post text as a literal Markdown block: a fence longer than any run of tildes inside it."""
    longest = max((len(run) for run in re.findall(r"~+", text)), default=0)
    fence = "~" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def _inline(value: object) -> str:
    # Handles and titles are hostile input too: no Markdown or HTML from them, one line each.
    flat = " ".join(str(value).split())
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", flat)


def _post_markdown(n: int, post: dict[str, Any]) -> list[str]:
    role = "written by the subject" if post["subject_is_author"] else "about the subject"
    lines = [f"### {n}. {_inline(post['platform'])} post {_inline(post['post_id'])} ({role})", "",
             f"- School: {_inline(post['school'])}", f"- Author: {_inline(post['author'])}",
             f"- Link: {_inline(post['url'])}", f"- Posted: {post['created_at']}; collected: {post['fetched_at']}"]
    if post["other_people_named"]:
        lines.append(f"- Other people named in this post: {post['other_people_named']} (check before sending)")
    if post["title"]:
        lines.append(f"- Title: {_inline(post['title'])}")
    lines += ["", _block(post["text"]), ""]
    for score in post["scores"]:
        values = ", ".join(f"{k} {float(v):.2f}" for k, v in sorted(score["categories"].items()))
        lines.append(f"- Scores from {_inline(score['scorer'])} {_inline(score['version'])}: {values}")
    if finding := post["finding"]:
        lines += [f"- Finding {finding['finding_id']}: status {finding['status']}, severity {finding['severity']}, "
                  f"clauses {', '.join(finding['clauses']) or 'none'}", f"  - Why: {_inline(finding['rationale'])}"]
        lines += [_decision_line(d) for d in finding["decisions"]]
    return [*lines, ""]


def _decision_line(d: dict[str, Any]) -> str:
    after = " (re-review after the employee's representations)" if d["representations"] else ""
    note = f": {_inline(d['note'])}" if d["note"] else ""
    return f"  - {d['decided_at']} {_inline(d['reviewer'])} marked finding {d['finding_id']} {d['status']}{after}{note}"


def to_markdown(export: dict[str, Any], *, generated_at: str) -> str:
    """The export as a Markdown document a DPO can read, check and send."""
    posts = export["posts"]
    lines = [f"# Subject access export: {_inline(export['subject'])}", "",
             f"Generated {generated_at} by clausewatch. It lists every stored post written by or about this "
             "person, the scores and findings on them, reviewers' decisions and notes, decisions this person "
             "made as a reviewer, their review accounts, and the audit log entries about those records or by "
             "this person. Authors other than the subject appear as pseudonyms unless they are declared staff. "
             "Posts whose content retention has already deleted are not held and so are not listed.", "",
             f"## Posts ({len(posts)})", ""]
    for n, post in enumerate(posts, 1):
        lines += _post_markdown(n, post)
    lines += [f"## Decisions made by this person as a reviewer ({len(export['decisions_made'])})", ""]
    lines += [_decision_line(d).strip() for d in export["decisions_made"]] or ["None."]
    lines += ["", f"## Review accounts and assignments ({len(export['accounts'])})", ""]
    lines += ["- " + ", ".join(f"{k}: {_inline(v)}" for k, v in item.items()) for item in export["accounts"]]
    lines += [] if export["accounts"] else ["None."]
    lines += ["", f"## Audit log entries ({len(export['audit_entries'])})", ""]
    lines += [f"- {e['at']} {_inline(e['actor'])} {_inline(e['action'])} {_inline(e['object_type'])} "
              f"{_inline(e['object_id'])}" for e in export["audit_entries"]] or ["None."]
    return "\n".join(lines) + "\n"
