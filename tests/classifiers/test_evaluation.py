"""classifiers/evaluation.py and ``clausewatch evaluate``: labels in both shapes, numbers, misses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from classifiers import load_scorers
from classifiers.evaluation import evaluate, read_labelled, render
from clausewatch.cli import app
from clausewatch.errors import PostFileError
from clausewatch.profile import load_profile

DATA = Path(__file__).parents[1] / "data" / "st-brynach"
BASE = {"platform": "reddit", "url": "", "author": "a", "created_at": "2026-11-20T18:00:00+00:00"}


def _write(tmp_path: Path, rows: list[dict[str, object]]) -> Path:
    path = tmp_path / "labels.jsonl"
    path.write_text("\n".join(json.dumps({**BASE, **row}) for row in rows), encoding="utf-8")
    return path


def test_both_label_shapes(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        {"id": "1", "text": "x", "expected": {"kept": True, "categories": ["confidential"], "kind": "abuse"}},
        {"id": "2", "text": "y", "category": "none", "clauses": [], "kind": "praise"},
        {"id": "3", "text": "z", "category": ["threatening"], "clauses": ["4", "11"]},
    ])
    first, second, third = read_labelled(path)
    assert first.categories == {"confidential"} and first.kept is True
    assert second.categories == frozenset() and second.kind == "praise"
    assert third.categories == {"threatening"}


@pytest.mark.parametrize(
    ("row", "field"),
    [({"id": "1", "text": "x", "category": "rude"}, "category"), ({"text": "x"}, "id")],
)
def test_bad_rows_name_line_and_field(tmp_path: Path, row: dict[str, object], field: str) -> None:
    with pytest.raises(PostFileError) as caught:
        read_labelled(_write(tmp_path, [row]))
    assert caught.value.line == 1 and caught.value.field == field


def test_confidential_on_the_held_out_school() -> None:
    profile = load_profile(DATA / "profile.toml")
    result = evaluate(read_labelled(DATA / "posts.jsonl"), profile, load_scorers(["confidential"], profile))
    assert result.counts("confidential") == (2, 2, 2)
    assert result.hard_negatives == (0, 20)
    text = render(result, profile)
    assert "confidential" in text and "hard negatives flagged: 0 of 20 (0.00)" in text
    assert "Wynford" not in text  # no post text unless asked


def test_cli_evaluate_prints_the_table_and_misses() -> None:
    result = CliRunner().invoke(app, ["evaluate", str(DATA / "posts.jsonl"), "--profile", str(DATA / "profile.toml"),
                                      "--scorer", "confidential"])
    assert result.exit_code == 0, result.output
    assert "precision" in result.output and "misses:" in result.output and "false alarms:" in result.output


def test_cli_evaluate_bad_file_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2
    assert "error:" in result.output
