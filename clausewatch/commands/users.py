"""`clausewatch users …`: accounts for the review pages, each for one school (or, said explicitly, all)."""

from __future__ import annotations

import getpass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from clausewatch.commands import fail
from clausewatch.errors import InputError

__all__ = ["app"]


class UserRole(StrEnum):
    """Roles on the review pages."""

    reviewer = "reviewer"
    head = "head"
    dpo = "dpo"


app = typer.Typer(no_args_is_help=True, help="Accounts for the review pages.")


def _accounts_call(action: str, **kwargs: object) -> None:
    """Run one review.accounts function in its own transaction; bad input exits 2."""
    from clausewatch.settings import get_settings
    from clausewatch.storage.db import open_database, session_scope
    from review import accounts

    try:
        with session_scope(open_database(get_settings().resolved_database_url)) as session:
            getattr(accounts, action)(session, actor=getpass.getuser(), **kwargs)
    except InputError as exc:
        raise fail(str(exc)) from None


_SCHOOL_HELP = ("The school this person reviews: its profile file or its slug; `all` (every school, for a "
                "local-authority administrator) only when meant.")


def _school_slug(value: str) -> str:
    """A --school value as stored: a profile file's slug, "all" as every school, else the slug as given."""
    from clausewatch.profile import load_profile
    from review.accounts import ALL_SCHOOLS

    if value == "all":
        return ALL_SCHOOLS
    if value.endswith(".toml") or Path(value).is_file():
        try:
            return load_profile(value).school.slug
        except InputError as exc:
            raise fail(str(exc)) from None
    return value


@app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The person's sign-in name.")],
    role: Annotated[UserRole, typer.Option(help="reviewer, head or dpo (only the DPO reads the audit log).")],
    school: Annotated[str, typer.Option(help=_SCHOOL_HELP)],
) -> None:
    """Add an account for one school; the password is asked for twice (or read from standard input)."""
    slug = _school_slug(school)
    password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    _accounts_call("add_user", name=name, role=role.value, password=password, school=slug)
    typer.echo(f"user {name} added as {role.value} for {'every school' if school == 'all' else slug}")


@app.command("school")
def users_school(
    name: Annotated[str, typer.Argument(help="The person's sign-in name.")],
    school: Annotated[str, typer.Option(help=_SCHOOL_HELP)],
) -> None:
    """Move an account to a school (accounts made before schools were kept apart see nothing until then)."""
    _accounts_call("set_school", name=name, school=_school_slug(school))
    typer.echo(f"user {name} now reviews {school}; their sessions have ended")


@app.command("passwd")
def users_passwd(name: Annotated[str, typer.Argument(help="The person's sign-in name.")]) -> None:
    """Set a new password; the person's open sessions end."""
    password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    _accounts_call("set_password", name=name, password=password)
    typer.echo(f"password of {name} changed; their sessions have ended")


@app.command("list")
def users_list() -> None:
    """Every account, its role and its school."""
    from clausewatch.settings import get_settings
    from clausewatch.storage.db import open_database, session_scope
    from review.accounts import list_users

    with session_scope(open_database(get_settings().resolved_database_url)) as session:
        users = list_users(session)
    where = {None: "(no school yet: sees nothing)", "*": "every school"}
    typer.echo("\n".join(f"{name}  {role}  {where.get(school, school)}" for name, role, school in users)
               or "No accounts yet.")
