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
from typing import TYPE_CHECKING, Annotated

import typer

from clausewatch.commands import evidence, fail, models, pseudonym, users
from clausewatch.errors import InputError
from clausewatch.records import STATUSES

if TYPE_CHECKING:
    from clausewatch.profile import Profile

__all__ = ["app", "main"]

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Find public posts about a school that may breach its social media policy.")
for _name, _group in (("users", users.app), ("pseudonym", pseudonym.app), ("evidence", evidence.app),
                      ("models", models.app)):
    app.add_typer(_group, name=_name)


class Format(StrEnum):
    """Output formats of ``findings``."""

    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class Mark(StrEnum):
    """A reviewer's decisions."""

    confirmed = "confirmed"
    false_positive = "false-positive"
    no_action = "no-action"
    escalated = "escalated"


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
    profile: Annotated[Path | None, typer.Option(
        help="School profile (TOML), or a folder of them for every school; default the bundled example.")
    ] = None,
    source: Annotated[list[str] | None, typer.Option(
        help="Source to collect from: a platform name or file:PATH; repeat for more. Default: the profile's.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Only posts created at or after this ISO time.")] = None,
) -> None:
    """Run one night now: collect, match, score, map to clauses, store, write the report."""
    many = profile is not None and profile.is_dir()
    try:
        since_at = _since(since)
        if many and source:
            raise InputError("--source names one school's sources: give a profile file, not a folder")
        for one in _profiles(profile):
            _check_run_input(one, source)
    except InputError as exc:
        raise fail(str(exc)) from None
    from flows.schools import run_now

    try:
        outcomes = run_now(profile, source or None, since_at)
    except InputError as exc:  # e.g. a task runner that settings name but this machine lacks
        raise fail(str(exc)) from None
    if not all([_print_outcome(outcome) for outcome in outcomes]):
        raise typer.Exit(1)


def _profiles(profile: Path | None) -> list[Path | None]:
    from flows.schools import profiles_in

    return list(profiles_in(profile)) if profile is not None and profile.is_dir() else [profile]


def _print_outcome(outcome: object) -> bool:
    """One school's summary lines; False when the school or one of its sources failed."""
    from flows.schools import SchoolFailure

    if isinstance(outcome, SchoolFailure):
        typer.echo(f"{outcome.profile_path}: FAILED ({outcome.error})")
        return False
    typer.echo(f"{outcome.school}: run {outcome.run_id}")
    for result in outcome.sources:
        typer.echo(f"  {result.summary_line()}")
    typer.echo(f"Scorers: {', '.join(outcome.scorers)}. Report: {outcome.report}.")
    for line in outcome.emails:
        typer.echo(f"Email: {line}")
    typer.echo(f"Report written to {outcome.report_path}")  # last: people and scripts look for it there
    return not outcome.failed


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
        raise fail(f"--status must be one of {', '.join(STATUSES)}")
    try:
        views = collect_views(profile, status=status, include_all=all_posts)
    except InputError as exc:
        raise fail(str(exc)) from None
    if format is Format.json:
        typer.echo(json.dumps(views, indent=2, ensure_ascii=False))
    elif format is Format.csv:
        sys.stdout.write(to_csv(views))
    elif format is Format.xlsx:
        if sys.stdout.isatty():
            raise fail("--format xlsx writes a workbook: redirect it to a file, e.g. > findings.xlsx")
        from reports.exports import to_xlsx

        sys.stdout.flush()
        sys.stdout.buffer.write(to_xlsx(views))
    else:
        typer.echo(render_table(views))


@app.command()
def review(
    finding_id: Annotated[int, typer.Argument(help="The finding's number.")],
    mark: Annotated[Mark, typer.Option(help="Your decision.")],
    note: Annotated[str, typer.Option(help="Why; kept with the decision.")] = "",
    reviewer: Annotated[str | None, typer.Option(help="Who decides; default your login name.")] = None,
    reason: Annotated[str | None, typer.Option(
        help="With false-positive: not-about-school, not-derogatory, quoting-to-condemn or other.")] = None,
    to: Annotated[str | None, typer.Option("--to", help="With escalated: head, dsl or hr.")] = None,
    representations: Annotated[bool, typer.Option(
        "--representations", help="This is the re-review after the employee made representations.")] = False,
) -> None:
    """Record a reviewer's decision on a finding."""
    from clausewatch.listing import mark_finding

    who = (reviewer or getpass.getuser()).strip()
    if not who:
        raise fail("--reviewer must name a person")
    try:
        found = mark_finding(finding_id, mark.value, who, note, reason=reason, escalated_to=to,
                             representations=representations)
    except InputError as exc:
        raise fail(str(exc)) from None
    if not found:
        raise fail(f"no finding {finding_id}; see `clausewatch findings`")
    typer.echo(f"finding {finding_id} marked {mark.value} by {who}")


@app.command()
def deploy(
    profile: Annotated[Path | None, typer.Option(
        help="School profile, or a folder of profiles for every school; default the bundled example.")
    ] = None,
) -> None:
    """Serve the nightly deployment on its schedule (default 02:00 in the school's timezone) until stopped, and
    the late-run check daily at the profile's [schedule] finish_by."""
    from clausewatch.settings import get_settings

    try:
        for one in _profiles(profile):
            _check_run_input(one, None)
    except InputError as exc:
        raise fail(str(exc)) from None
    from flows.deploy import serve

    try:
        serve(get_settings(), profile)
    except InputError as exc:  # CLAUSEWATCH_TASK_RUNNER=dask without the dask extra
        raise fail(str(exc)) from None


@app.command()
def purge(
    profile: Annotated[Path | None, typer.Option(help="School profile (TOML); default the bundled example.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only count what would be emptied.")] = False,
) -> None:
    """Apply the profile's retention now: content past its time is emptied, a stub stays; audited."""
    from clausewatch.dpo import purge_school

    try:
        result = purge_school(profile, dry_run=dry_run)
    except InputError as exc:
        raise fail(str(exc)) from None
    typer.echo(("would empty: " if dry_run else "") + result.summary_line())


@app.command("subject-access")
def subject_access(
    name_or_handle: Annotated[str, typer.Argument(
        help="A person's name as in the profile, or a handle as stored: platform:handle or a bare handle.")],
    profile: Annotated[Path | None, typer.Option(
        help="Only this school; its people's aliases and declared handles count too. Default every school.")
    ] = None,
    out: Annotated[Path | None, typer.Option(
        help="Where to write (FILE.md and FILE.json); default the data folder's subject-access/.")] = None,
    requested_by: Annotated[str | None, typer.Option(help="Who asks (the DPO); default your login name.")] = None,
) -> None:
    """Export everything held about one person (posts, findings, decisions, notes, audit entries); audited."""
    from clausewatch.dpo import export_subject

    if not name_or_handle.strip():
        raise fail("NAME-OR-HANDLE must not be empty")
    try:
        result = export_subject(name_or_handle, profile_path=profile, out=out,
                                requested_by=(requested_by or getpass.getuser()).strip())
    except InputError as exc:
        raise fail(str(exc)) from None
    counts = ", ".join(f"{n} {what.replace('_', ' ')}" for what, n in result.counts.items())
    typer.echo(f"Subject access export {result.reference}: {counts}.")
    typer.echo(f"Written to {result.markdown} and {result.json}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(
        help="Address to listen on. Keep 127.0.0.1 and put a TLS reverse proxy in front (README).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    profile: Annotated[list[Path] | None, typer.Option(
        help="Profile whose allow-list reviewers may extend from a finding's page; repeat for more.")] = None,
) -> None:
    """Serve the review web pages (sign in with an account from `clausewatch users add`)."""
    import uvicorn

    from review.app import create_app

    try:
        application = create_app(profiles=profile or [])
    except InputError as exc:
        raise fail(str(exc)) from None
    if host not in ("127.0.0.1", "::1", "localhost"):
        typer.echo("warning: listening beyond this machine; use a TLS reverse proxy in front (README)", err=True)
    typer.echo(f"Review pages on http://{host}:{port}/ (Ctrl-C stops)")
    uvicorn.run(application, host=host, port=port, log_level="warning", server_header=False)


@app.command()
def calibrate(
    profile: Annotated[Path | None, typer.Option(help="The school; default the bundled example.")] = None,
    target: Annotated[float, typer.Option(min=0.05, max=1.0, help="Precision a category should reach.")] = 0.8,
    min_marks: Annotated[int, typer.Option(min=1, help="Marks a category needs before a proposal.")] = 5,
    labels: Annotated[Path | None, typer.Option(
        help="A labelled post file: propose priority bands from its labels instead of reviewer marks.")] = None,
    priority_target: Annotated[float, typer.Option(
        min=0.05, max=1.0, help="With --labels: precision the flags above a priority band should reach.")] = 0.8,
) -> None:
    """Per-category precision from reviewer marks, and proposed review thresholds (nothing is changed)."""
    from clausewatch.profile import load_profile
    from clausewatch.settings import get_settings
    from clausewatch.storage import repository
    from clausewatch.storage.db import open_database, session_scope
    from review.calibration import calibrate as calibrated
    from review.calibration import render, toml_snippet

    try:
        loaded = load_profile(profile)
        if labels is not None:
            _priority_bands_from_labels(labels, loaded, priority_target, min_marks)
            return
    except InputError as exc:
        raise fail(str(exc)) from None
    with session_scope(open_database(get_settings().resolved_database_url)) as session:
        rows = calibrated(repository.marked_findings(session, school=loaded.school.slug), loaded,
                          target=target, min_marks=min_marks)
    typer.echo(f"{loaded.school.name}: reviewer marks per category")
    typer.echo(render(rows, target))
    if snippet := toml_snippet(rows, loaded):
        typer.echo(f"\nProposed, to copy into {loaded.path} by hand:\n{snippet}")


def _priority_bands_from_labels(labels: Path, loaded: Profile, target: float, min_marks: int) -> None:
    """``calibrate --labels``: score the labelled file as a night would and propose each priority band."""
    from classifiers import load_available
    from classifiers.evaluation import evaluate as run_evaluation
    from classifiers.evaluation import read_labelled
    from review.calibration import bands_snippet, label_marks, priority_bands, render_bands

    scorers, skipped = load_available(loaded.scoring.scorers, loaded)
    for line in skipped:
        typer.echo(line, err=True)
    result = run_evaluation(read_labelled(labels), loaded, scorers)
    rows = priority_bands(label_marks((o.scores, o.item.categories, o.flagged) for o in result.outcomes if o.kept),
                          loaded, target=target, min_marks=min_marks)
    typer.echo(f"{loaded.school.name}: {labels.name}, scorers {', '.join(result.scorers)}")
    typer.echo(render_bands(rows, target))
    if snippet := bands_snippet(rows):
        typer.echo(f"\nProposed, to copy into {loaded.path} by hand:\n{snippet}")


@app.command()
def evaluate(
    labels: Annotated[Path, typer.Argument(help="A post file (JSONL) whose rows also carry labels.")],
    profile: Annotated[Path | None, typer.Option(help="School profile (TOML); default the bundled example.")] = None,
    scorer: Annotated[list[str] | None, typer.Option(help="Scorer to use instead of the profile's; repeat.")] = None,
    show_text: Annotated[bool, typer.Option(help="Show the start of each missed or wrongly flagged post.")] = False,
    summary: Annotated[bool, typer.Option(help="Count misses and false alarms instead of listing each.")] = False,
    context: Annotated[bool, typer.Option(
        "--in-context", help="Also read each labelled post after one of the file's neutral posts.")] = False,
) -> None:
    """Precision and recall per category on a labelled post file (matching, scorers, clause rules; no database)."""
    from classifiers import load_available
    from classifiers.evaluation import evaluate as run_evaluation
    from classifiers.evaluation import in_context, read_labelled, render
    from clausewatch.profile import load_profile

    try:
        loaded = load_profile(profile)
        items = read_labelled(labels)
        scorers, skipped = load_available(scorer or loaded.scoring.scorers, loaded)
    except InputError as exc:
        raise fail(str(exc)) from None
    for line in skipped:
        typer.echo(line, err=True)
    beside = run_evaluation(in_context(items), loaded, scorers) if context else None
    typer.echo(render(run_evaluation(items, loaded, scorers), loaded, show_text, summary, beside))


@app.command("check-deadline")
def check_deadline(
    profile: Annotated[Path | None, typer.Option(
        help="School profile (TOML), or a folder of them; default the bundled example.")] = None,
) -> None:
    """Past the profile's [schedule] finish_by with no finished run today: email the run contact (once a day)."""
    from clausewatch.profile import load_profile
    from clausewatch.settings import get_settings
    from clausewatch.storage.db import open_database
    from reports.run_notice import check_deadline as check
    from reports.run_notice import describe_notice

    try:
        loaded = [load_profile(one) for one in _profiles(profile)]
    except InputError as exc:
        raise fail(str(exc)) from None
    settings = get_settings()
    db = open_database(settings.resolved_database_url)
    notices = [check(settings, one, db) for one in loaded]
    for one, notice in zip(loaded, notices, strict=True):
        typer.echo(f"{one.school.name}: {describe_notice(notice)}")
    if any(notice is not None and notice.status == "failed" for notice in notices):
        raise typer.Exit(1)  # the scheduler should see that nobody could be told


def main() -> None:
    """Console entry point."""
    from clausewatch.settings import quiet_prefect_defaults

    quiet_prefect_defaults()  # before anything imports Prefect
    app()


if __name__ == "__main__":
    main()
