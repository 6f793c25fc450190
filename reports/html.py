"""The first triage report: one plain, self-contained, escaped HTML page per school per run."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from clausewatch.clauses import CLAUSES
from clausewatch.records import SourceResult
from reports.templating import environment

__all__ = ["REPORT_NAME", "render_report", "write_report"]

REPORT_NAME = "plain-html 1"


def render_report(*, school: str, run_id: int, generated_at: datetime, sources: list[SourceResult],
                  scorers: list[str], findings: list[dict[str, Any]]) -> str:
    """The report as an HTML string; ``findings`` are the SPEC §4 views, most serious first."""
    new = [f for f in findings if f["status"] == "needs-review"]
    context = {
        "school": school,
        "run_id": run_id,
        "generated_at": generated_at.strftime("%A %d %B %Y, %H:%M UTC"),
        "sources": sources,
        "scorers": scorers,
        "findings": new,
        "by_severity": Counter(f["severity"] for f in new),
        "clauses": CLAUSES,
    }
    return environment().get_template("report.html").render(context)


def write_report(folder: Path, *, school_slug: str, run_id: int, generated_at: datetime, **kwargs: Any
                 ) -> Path:
    """Render and write the report; returns its path."""
    target = folder / school_slug
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{generated_at:%Y-%m-%d}-run{run_id}.html"
    path.write_text(render_report(run_id=run_id, generated_at=generated_at, **kwargs), encoding="utf-8")
    return path
