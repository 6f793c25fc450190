"""`clausewatch models …`: model files for machines without internet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clausewatch.commands import fail

__all__ = ["app"]


app = typer.Typer(no_args_is_help=True, help="Model files for machines without internet (detoxify).")


@app.command("install")
def models_install(
    source: Annotated[Path, typer.Argument(help="A folder or .zip/.tar.gz with one detoxify .ckpt and its "
                                                "config.json and tokenizer files.")],
) -> None:
    """Install detoxify model files into the data folder."""
    from classifiers import ScorerUnavailable
    from classifiers.model_files import install

    if not source.exists():
        raise fail(f"{source} not found")
    try:
        files = install(source)
    except ScorerUnavailable as exc:
        raise fail(str(exc)) from None
    typer.echo(f"detoxify {files.variant} installed in {files.checkpoint.parent} (checkpoint {files.fingerprint})")


@app.command("check")
def models_check() -> None:
    """Say which model files are on this machine and which scorers can run."""
    from classifiers.model_files import installed

    for variant, files in installed().items():
        where = f"{files.where}: {files.checkpoint} (checkpoint {files.fingerprint})" if files else "not installed"
        typer.echo(f"detoxify {variant}: {where}")
    typer.echo("minilm, profanity, confidential: ship inside their packages (no files to install)")
