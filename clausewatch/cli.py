"""The ``clausewatch`` command (SPEC §4).

Exit codes: 0 done; 1 the run finished but a source failed (the report says which); 2 bad input
(profile, post file, option), nothing stored.
"""

from __future__ import annotations

import getpass
import json
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from clausewatch.errors import InputError
from clausewatch.records import STATUSES

__all__ = ["app", "main"]

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Find public posts about a school that may breach its social media policy.")


class Format(StrEnum):
    """Output formats of ``findings``."""

    table = "table"
    json = "json"
    csv = "csv"


class Mark(StrEnum):
    """A reviewer's decisions."""

    confirmed = "confirmed"
    false_positive = "false-positive"
    no_action = "no-action"
    escalated = "escalated"


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"--since {value!r} is not an ISO date such as 2026-11-20 or "
                         "2026-11-20T18:00:00+00:00") from None
    if parsed.tzinfo is None:
        from datetime import UTC

        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _check_run_input(profile: Path | None, sources: list[str] | None) -> None:
    """Everything a person could have got wrong, checked before anything is stored."""
    from classifiers import SCORERS
    from clausewatch.profile import load_profile
    from connectors import plan
    from connectors.file import read_posts

    loaded = load_profile(profile)
    for spec in plan(loaded, sources):
        if spec.path is not None:
            read_posts(spec.path)
    unknown = [name for name in loaded.scoring.scorers if name not in SCORERS]
    if unknown:
        raise InputError(f"profile {loaded.path}: scoring.scorers: unknown scorer {unknown[0]!r}; "
                         f"known: {', '.join(SCORERS)}")


@app.command()
def run(
    profile: Annotated[Path | None, typer.Option(help="School profile (TOML); default the bundled example.")] = None,
    source: Annotated[list[str] | None, typer.Option(
        help="Source to collect from: a platform name or file:PATH; repeat for more. Default: the profile's.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Only posts created at or after this ISO time.")] = None,
) -> None:
    """Run one night now: collect, match, score, map to clauses, store, write the report."""
    try:
        since_at = _since(since)
        _check_run_input(profile, source)
    except InputError as exc:
        raise _fail(str(exc)) from None
    from clausewatch.settings import quiet_prefect_defaults

    quiet_prefect_defaults()
    from flows import nightly_flow

    summary = nightly_flow(str(profile) if profile else None, source or None, since_at)
    typer.echo(f"{summary.school}: run {summary.run_id}")
    for result in summary.sources:
        typer.echo(f"  {result.summary_line()}")
    typer.echo(f"Scorers: {', '.join(summary.scorers)}. Report: {summary.report}.")
    typer.echo(f"Report written to {summary.report_path}")
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def findings(
    profile: Annotated[Path | None, typer.Option(help="Only this school's findings; default every school.")] = None,
    status: Annotated[str | None, typer.Option(help="Only findings with this status.")] = None,
    all_posts: Annotated[bool, typer.Option("--all", help="Also list kept posts that raised no clause.")] = False,
    format: Annotated[Format, typer.Option(help="Output format.")] = Format.table,
) -> None:
    """List findings, most serious first."""
    from clausewatch.listing import collect_views, render_table
    from reports.exports import to_csv

    if status is not None and status not in STATUSES:
        raise _fail(f"--status must be one of {', '.join(STATUSES)}")
    try:
        views = collect_views(profile, status=status, include_all=all_posts)
    except InputError as exc:
        raise _fail(str(exc)) from None
    if format is Format.json:
        typer.echo(json.dumps(views, indent=2, ensure_ascii=False))
    elif format is Format.csv:
        sys.stdout.write(to_csv(views))
    else:
        typer.echo(render_table(views))


@app.command()
def review(
    finding_id: Annotated[int, typer.Argument(help="The finding's number.")],
    mark: Annotated[Mark, typer.Option(help="Your decision.")],
    note: Annotated[str, typer.Option(help="Why; kept with the decision.")] = "",
    reviewer: Annotated[str | None, typer.Option(help="Who decides; default your login name.")] = None,
) -> None:
    """Record a reviewer's decision on a finding."""
    from clausewatch.listing import mark_finding

    who = (reviewer or getpass.getuser()).strip()
    if not who:
        raise _fail("--reviewer must name a person")
    if not mark_finding(finding_id, mark.value, who, note):
        raise _fail(f"no finding {finding_id}; see `clausewatch findings`")
    typer.echo(f"finding {finding_id} marked {mark.value} by {who}")


def main() -> None:
    """Console entry point."""
    app()


if __name__ == "__main__":
    main()
