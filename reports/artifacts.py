"""The Prefect artifact for each run, keyed per school: one markdown summary with the counts table and a link
to the report. Counts, names of sources and scorers, and links only: never post text or author names.

One artifact, not a summary, a table and a link: the table was the summary's own table twice over, and
each artifact is a request to the Prefect server on every school's every night (a fifth of an empty night)."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from prefect.artifacts import create_markdown_artifact

from clausewatch.records import SourceResult

__all__ = ["artifact_key", "publish", "schools_markdown", "summary_markdown"]


def artifact_key(school_slug: str, kind: str) -> str:
    """``<school>-<kind>``: Prefect keys allow only lower-case letters, digits and dashes."""
    key = re.sub(r"[^a-z0-9-]+", "-", f"{school_slug}-{kind}".lower()).strip("-")
    return re.sub(r"-{2,}", "-", key)


def _md(value: str) -> str:
    """Plain text inside markdown: characters that would start markup or a table cell are escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+!|<>~-])", r"\\\1", value)


def _source_line(result: SourceResult) -> str:
    if result.error:
        return f"- {_md(result.source)}: **failed** ({_md(result.error)})"
    if result.skipped:
        return f"- {_md(result.source)}: skipped ({_md(result.skipped)})"
    return f"- {_md(result.source)}: {result.fetched} fetched, {result.kept} kept, {result.findings} new findings"


def summary_markdown(*, school: str, run_id: int, glance: dict[str, Any], sources: list[SourceResult],
                     scorers: list[str], emails: list[str], evidence_head: str | None, report_link: str) -> str:
    """The run in counts: findings by severity and clause, sources, scorers, emails, the evidence chain head,
    and where the report opens."""
    lines = [f"# {_md(school)}: run {run_id}", "", f"[Open the triage report](<{_url(report_link)}>)", "",
             "**A person decides.** These counts only choose what to read first.", "",
             f"**{glance['total']}** new findings needing review: "
             + ", ".join(f"{n} {s}" for s, n in glance["by_severity"].items()) + ".", "",
             "| severity | " + " | ".join(f"clause {c}" for c in glance["clauses"]) + " | findings |",
             "|---|" + "---:|" * (len(glance["clauses"]) + 1)]
    lines += [f"| {row['severity']} | " + " | ".join(str(n) for n in row["clauses"]) + f" | {row['total']} |"
              for row in glance["rows"]]
    lines += ["", "## Sources", *[_source_line(s) for s in sources], "",
              "## Scorers", *[f"- {_md(s)}" for s in scorers], "",
              "## Emails", *([f"- {_md(e)}" for e in emails] or ["- none tried"])]
    if evidence_head:
        lines += ["", f"Evidence chain head: `{evidence_head}`"]
    return "\n".join(lines) + "\n"


def schools_markdown(*, folder: str, schools: list[tuple[str, str]], summaries: list[str]) -> str:
    """The all-schools night: one line per (school, what its night did), then the summaries of the nights that
    had no flow run of their own to carry them (flows/quiet.py), their headings one level down."""
    lines = [f"# Every school in {_md(folder)}: {len(schools)}", "",
             *[f"- {_md(school)}: {_md(outcome)}" for school, outcome in schools]]
    for summary in summaries:
        lines += ["", re.sub(r"^#", "##", summary.rstrip("\n"), flags=re.MULTILINE)]
    return "\n".join(lines) + "\n"


def _url(link: str) -> str:
    """A link inside ``(<…>)``: the characters that would end it early are percent-encoded."""
    return link.replace("<", "%3C").replace(">", "%3E").replace("\n", "%0A")


def publish(*, school_slug: str, markdown: str) -> UUID:
    """Create the run's artifact (inside a flow run it attaches to it); returns its id."""
    return create_markdown_artifact(markdown=markdown, key=artifact_key(school_slug, "summary"),
                                    description="The night in counts, and the link to its report")
