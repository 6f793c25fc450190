"""`clausewatch pseudonym …`: the DPO's audited way from a pseudonym back to a stored handle."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from clausewatch.commands import fail

__all__ = ["app"]


app = typer.Typer(no_args_is_help=True, help="Pseudonyms of authors who are not declared staff.")


@app.command("reveal")
def pseudonym_reveal(
    pseudonym: Annotated[str, typer.Argument(help="A pseudonym as shown, such as author-3f9a2c1b7d.")],
    school: Annotated[str, typer.Option(help="The school's name or storage key.")],
    requested_by: Annotated[str | None, typer.Option(help="Who asks (the DPO); default your login name.")] = None,
) -> None:
    """Show the stored handle behind a pseudonym (for the DPO); every reveal is audited."""
    from clausewatch.dpo import reveal_pseudonym

    found = reveal_pseudonym(pseudonym, school=school, requested_by=(requested_by or getpass.getuser()).strip())
    if not found:
        raise fail(f"no stored author at {school} has pseudonym {pseudonym} (or their content was purged)", 1)
    typer.echo("\n".join(found))
