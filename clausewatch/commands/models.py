"""`clausewatch models …`: model files for machines without internet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clausewatch.commands import fail

__all__ = ["app"]


app = typer.Typer(no_args_is_help=True, help="Model files for machines without internet (detoxify), and their "
                                                "optimised builds.")


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
    """Say which model files are on this machine, which scorers can run, and the precision each runs at."""
    from classifiers.fast_runtime import cached_precision
    from classifiers.minilm import MiniLMScorer
    from classifiers.model_files import installed

    for variant, files in installed().items():
        where = f"{files.where}: {files.checkpoint} (checkpoint {files.fingerprint})" if files else "not installed"
        if files:
            where += f", runs at {_measured(cached_precision(f'detoxify-{variant}', files.fingerprint))}"
        typer.echo(f"detoxify {variant}: {where}")
    typer.echo("minilm, profanity, confidential: ship inside their packages (no files to install)")
    minilm = MiniLMScorer()
    typer.echo(f"minilm runs at {_measured(cached_precision('minilm', minilm.fingerprint))}")


def _measured(precision: str | None) -> str:
    return precision or "fp32 until optimised (`clausewatch models optimise`, or the first run, builds it)"


@app.command("optimise")
def models_optimise(
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Measure and build again even if cached.")] = False,
) -> None:
    """Build the optimised MiniLM and detoxify models now (else the first run does) and say each precision."""
    from classifiers.detoxify_scorer import DetoxifyScorer
    from classifiers.minilm import MiniLMScorer
    from classifiers.model_files import installed

    minilm = MiniLMScorer()
    minilm.load(rebuild=rebuild)
    typer.echo(minilm.note)
    for variant, files in installed().items():
        if files is None:
            continue
        scorer = DetoxifyScorer(variant)
        scorer.load(rebuild=rebuild)
        typer.echo(scorer.note)
