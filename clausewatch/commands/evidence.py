"""`clausewatch evidence …`: clause 12 evidence, its hash chain and printable packs."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer

from clausewatch.commands import fail
from clausewatch.errors import InputError

__all__ = ["app"]


app = typer.Typer(no_args_is_help=True, help="Clause 12 evidence: check the hash chain, export a pack.")


@app.command("verify")
def evidence_verify(
    profile: Annotated[Path | None, typer.Option(help="Only this school's chain; default every school.")] = None,
) -> None:
    """Check every evidence record against its hash and its place in the chain; exit 1 naming any that fail."""
    from clausewatch.profile import load_profile
    from reports.commands import verify_evidence

    try:
        school = load_profile(profile).school.slug if profile else None
    except InputError as exc:
        raise fail(str(exc)) from None
    result = verify_evidence(school)
    for problem in result.problems:
        typer.echo(f"TAMPERED: {problem}")
    for name, head in result.heads.items():
        typer.echo(f"{name}: chain head {head}")
    redacted = f", {result.redacted} with content purged under retention" if result.redacted else ""
    verdict = "all intact" if result.ok else f"{len(result.problems)} problem(s)"
    typer.echo(f"{result.checked} evidence record(s) checked{redacted}: {verdict}")
    if not result.ok:
        raise typer.Exit(1)


@app.command("export")
def evidence_export(
    finding_id: Annotated[int, typer.Argument(help="A confirmed finding's number.")],
    output: Annotated[Path | None, typer.Option(help="Where to write the page; default the data folder.")] = None,
    exported_by: Annotated[str | None, typer.Option(help="Who exports; default your login name.")] = None,
) -> None:
    """Write a printable evidence pack (record, hashes, review history) for a confirmed finding; audited."""
    from reports.commands import export_evidence

    try:
        path = export_evidence(finding_id, exported_by=(exported_by or getpass.getuser()).strip(), output=output)
    except InputError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"Evidence pack for finding {finding_id} written to {path}")
