"""The morning digest and the immediate threat alert: counts and links only, never post text or names."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from clausewatch.profile import Profile
from clausewatch.settings import Settings
from reports.html import SEVERITIES
from reports.templating import finding_link, render

__all__ = ["alert_message", "alert_recipients", "digest_message", "report_link"]


def report_link(profile: Profile, report_path: Path) -> str:
    """Where the report opens: the published copy when the profile says where, else the file itself."""
    if profile.report.report_url:
        return f"{profile.report.report_url.rstrip('/')}/{profile.school.slug}/{report_path.name}"
    return report_path.resolve().as_uri()


def alert_recipients(profile: Profile) -> list[str]:
    """Who is told about a threat at once: the alert list, else the digest's recipients."""
    return list(profile.report.alert_recipients or profile.report.recipients)


def _message(settings: Settings, recipients: list[str], subject: str, text: str, html: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="clausewatch.invalid")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def digest_message(settings: Settings, profile: Profile, *, generated_at: datetime, glance: dict[str, Any],
                   earlier: int, failed: list[str], report_path: Path, links: list[dict[str, Any]]
                   ) -> EmailMessage:
    """The morning email: counts by severity and clause, failed sources by name, links."""
    night = generated_at.astimezone(ZoneInfo(profile.school.timezone)).strftime("%A %d %B %Y")
    urgent = glance["by_severity"]["urgent"]
    subject = (f"clausewatch: {profile.school.name}, {night}: {glance['total']} new finding"
               f"{'' if glance['total'] == 1 else 's'}" + (f" ({urgent} urgent)" if urgent else ""))
    context = {
        "school": profile.school.name, "night": night, "glance": glance, "earlier": earlier, "failed": failed,
        "report_link": report_link(profile, report_path), "queue": profile.report.review_url,
        "subject": subject,
        "finding_links": [{"id": link["id"], "severity": link["severity"],
                           "url": finding_link(profile.report.review_url, link["id"])} for link in links],
    }
    return _message(settings, list(profile.report.recipients), subject, render("digest.txt", context),
                    render("digest.html", context))


def alert_message(settings: Settings, profile: Profile, *, finding_id: int, severity: str, clauses: list[str],
                  platform: str, posted: datetime) -> EmailMessage:
    """The immediate email for a threat at priority level: no text, no names, the link and the route."""
    assert severity in SEVERITIES
    subject = f"URGENT clausewatch alert: possible threat about {profile.school.name} (finding #{finding_id})"
    context = {
        "school": profile.school.name, "severity": severity, "finding_id": finding_id, "platform": platform,
        "clauses": clauses, "subject": subject, "safeguarding": profile.report.safeguarding,
        "posted": posted.astimezone(ZoneInfo(profile.school.timezone)).strftime("%a %d %b %Y, %H:%M"),
        "review": finding_link(profile.report.review_url, finding_id),
    }
    message = _message(settings, alert_recipients(profile), subject, render("alert.txt", context),
                       render("alert.html", context))
    message["Importance"] = "high"
    return message
