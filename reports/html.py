"""The morning triage report: one self-contained, escaped HTML page per school per night.

This module turns findings views into plain display dicts; the template only shows them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from clausewatch.clauses import CLAUSES, scores_in_words
from clausewatch.records import SourceResult
from reports.templating import finding_link, render, safe_link

__all__ = ["REPORT_NAME", "SEVERITIES", "Links", "at_a_glance", "render_report", "write_report"]

REPORT_NAME = "triage-html 2"
SEVERITIES = ("urgent", "high", "medium", "low")
CLAUSE_ORDER = ("3", "4", "11")
_DEFAULT_SAFEGUARDING = "Tell the Designated Safeguarding Lead today; if anyone may be in immediate danger, call 999."


@dataclass(frozen=True)
class Links:
    """Where people go from the report: the review pages and the safeguarding route."""

    review_url: str = "http://127.0.0.1:8000"
    safeguarding: str = _DEFAULT_SAFEGUARDING
    timezone: str = "Europe/London"


def _local(value: datetime | str, zone: ZoneInfo, fmt: str = "%a %d %b %Y, %H:%M") -> str:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(zone).strftime(fmt)


def _card(view: dict[str, Any], links: Links, zone: ZoneInfo) -> dict[str, Any]:
    """One finding as the report shows it."""
    fired = view.get("fired") or [c for c, s in view["categories"].items() if s >= 0.5]
    return {
        "id": view["finding_id"], "severity": view["severity"], "clauses": view["clauses"],
        "platform": view["platform"], "when": _local(view["created_at"], zone), "title": view.get("title"),
        "text": view["text"], "author": view["author"] or "unknown", "author_is_staff": view["author_is_staff"],
        "about": [f"{t['name']} ({t['role']})" for t in view["targets"]],
        "link": safe_link(view["url"]), "url": view["url"],
        "scores": scores_in_words(view["categories"], view["guessed"], view["language"]),
        "rationale": view["rationale"], "model": view.get("model", ""),
        "clause_notes": [CLAUSES[c] for c in view["clauses"] if c in CLAUSES],
        "review": finding_link(links.review_url, view["finding_id"]),
        "threat": "threatening" in fired, "safeguarding": links.safeguarding,
    }


def _groups(cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Findings under the first clause each may breach, in clause order; most serious first within."""
    groups = []
    for clause in CLAUSE_ORDER:
        members = [c for c in cards if c["clauses"] and c["clauses"][0] == clause]
        if members:
            groups.append({"clause": CLAUSES[clause], "cards": members})
    return groups


def at_a_glance(findings: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts by severity and by clause (a finding counts under each clause it may breach)."""
    by_severity = Counter(f["severity"] for f in findings)
    table = [{"severity": s, "total": by_severity[s],
              "clauses": [sum(1 for f in findings if f["severity"] == s and c in f["clauses"]) for c in CLAUSE_ORDER]}
             for s in SEVERITIES]
    by_clause = [sum(1 for f in findings if c in f["clauses"]) for c in CLAUSE_ORDER]
    return {"total": len(findings), "rows": table, "by_clause": by_clause, "clauses": list(CLAUSE_ORDER),
            "by_severity": {s: by_severity[s] for s in SEVERITIES}}


def _earlier(views: list[dict[str, Any]], links: Links, zone: ZoneInfo) -> list[dict[str, Any]]:
    return [{"id": v["finding_id"], "severity": v["severity"], "clauses": v["clauses"], "platform": v["platform"],
             "when": _local(v["created_at"], zone, "%d %b %Y"),
             "review": finding_link(links.review_url, v["finding_id"])}
            for v in views if v["status"] == "needs-review"]


def render_report(*, school: str, run_id: int, generated_at: datetime, sources: list[SourceResult],
                  scorers: list[str], findings: list[dict[str, Any]], earlier: list[dict[str, Any]] | None = None,
                  chart: str | None = None, links: Links | None = None, emails: list[str] | None = None,
                  unchanged: dict[str, Any] | None = None) -> str:
    """The report as an HTML string; ``findings`` are tonight's SPEC §4 views, most serious first.

    ``unchanged`` ({"since": run id or None}) marks a night when no source gave anything new.
    """
    links = links or Links()
    zone = ZoneInfo(links.timezone)
    new = [f for f in findings if f["status"] == "needs-review"]
    cards = [_card(view, links, zone) for view in new]
    context = {
        "school": school, "run_id": run_id, "generated_at": _local(generated_at, zone, "%A %d %B %Y, %H:%M"),
        "timezone": links.timezone, "sources": sources, "scorers": scorers, "glance": at_a_glance(new),
        "groups": _groups(cards), "urgent": [c for c in cards if c["severity"] == "urgent"],
        "earlier": _earlier(earlier or [], links, zone), "chart": chart, "queue": links.review_url,
        "emails": emails or [], "unchanged": unchanged,
    }
    return render("report.html", context)


def write_report(folder: Path, *, school_slug: str, run_id: int, generated_at: datetime, **kwargs: Any
                 ) -> Path:
    """Render and write the report; returns its path."""
    target = folder / school_slug
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{generated_at:%Y-%m-%d}-run{run_id}.html"
    path.write_text(render_report(run_id=run_id, generated_at=generated_at, **kwargs), encoding="utf-8")
    return path
