"""Command groups of the ``clausewatch`` command, one module each; ``clausewatch/cli.py`` joins them."""

from __future__ import annotations

import typer

__all__ = ["fail"]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one ``error:`` line and return the exit to raise (2: bad input, nothing done)."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)
