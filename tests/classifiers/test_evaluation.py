"""classifiers/evaluation.py and ``clausewatch evaluate``: labels in both shapes, numbers, misses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from classifiers import load_scorers
from classifiers.evaluation import evaluate, in_context, read_labelled, render
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


def test_cli_evaluate_summary_counts_misses_and_false_alarms_instead_of_listing_them(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        {"id": "1", "text": "St Brynach's nativity was lovely", "expected": {"kept": True, "categories": [],
                                                                          "kind": "praise"}},
        {"id": "2", "text": "Mrs Wynford at St Brynach's lives at 4 Heol Las, CF64 1AB",
         "expected": {"kept": True, "categories": ["confidential"], "kind": "abuse"}},
    ])
    args = ["evaluate", str(path), "--profile", str(DATA / "profile.toml"), "--scorer", "confidential"]
    full, summary = CliRunner().invoke(app, args), CliRunner().invoke(app, [*args, "--summary"])
    assert full.exit_code == summary.exit_code == 0, full.output + summary.output
    assert "  praise                   0 of 1" in summary.output  # hard negatives per kind, in both
    assert "misses: " in summary.output and "false alarms: 0 posts" in summary.output
    assert "line 1" not in summary.output and "line " not in summary.output.split("misses")[1]
    assert full.output.startswith(summary.output.split("\nmisses: ")[0])


def test_in_context_puts_a_neutral_post_before_each_labelled_post_only(tmp_path: Path) -> None:
    items = read_labelled(_write(tmp_path, [
        {"id": "1", "text": "Bake sale on Friday at St Brynach's", "category": "none", "kind": "neutral"},
        {"id": "2", "text": "St Brynach's head is a liar", "title": "Thread", "category": "derogatory"},
        {"id": "3", "text": "Lovely concert at St Brynach's", "category": "none", "kind": "praise"},
    ]))
    [beside] = in_context(items)
    assert beside.line == 2 and beside.categories == {"derogatory"}
    assert beside.post.text == "Bake sale on Friday at St Brynach's\n\nSt Brynach's head is a liar"
    assert beside.post.title == "Thread" and in_context(items) == [beside]  # seeded: the same every run
    assert in_context([items[1], items[2]]) == []  # no neutral post to stand beside


def test_cli_evaluate_in_context_prints_recall_alone_and_beside_a_neutral_post() -> None:
    args = ["evaluate", str(DATA / "posts.jsonl"), "--profile", str(DATA / "profile.toml"), "--scorer",
            "confidential", "--summary"]
    plain, beside = CliRunner().invoke(app, args), CliRunner().invoke(app, [*args, "--in-context"])
    assert plain.exit_code == beside.exit_code == 0, plain.output + beside.output
    assert "recall in context" not in plain.output
    table = beside.output.split("recall in context")[1]
    assert "confidential           2     1.00        1.00" in table


def test_cli_evaluate_bad_file_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2
    assert "error:" in result.output


def test_clauses_are_read_in_both_shapes_and_checked(tmp_path: Path) -> None:
    first, second, third = read_labelled(_write(tmp_path, [
        {"id": "1", "text": "x", "expected": {"kept": True, "categories": ["confidential"], "clauses": ["3"]}},
        {"id": "2", "text": "y", "category": "threatening", "clauses": ["4", "11"]},
        {"id": "3", "text": "z", "category": "none"},
    ]))
    assert first.clauses == {"3"} and second.clauses == {"4", "11"} and third.clauses is None
    with pytest.raises(PostFileError) as caught:
        read_labelled(_write(tmp_path, [{"id": "1", "text": "x", "category": "offensive", "clauses": ["7"]}]))
    assert caught.value.field == "clauses"


def test_clause_precision_recall_and_severities_of_right_flags_and_false_alarms() -> None:
    profile = load_profile(DATA / "profile.toml")
    result = evaluate(read_labelled(DATA / "posts.jsonl"), profile, load_scorers(["confidential"], profile))
    assert result.clause_counts("3") == (2, 2, 2)  # expected clauses derived from the categories and targets
    expected_11, flagged_11, _ = result.clause_counts("11")
    assert expected_11 > 0 and flagged_11 == 0  # the confidential detector alone raises only clause 3
    severities = result.severities()
    assert sum(right for right, _ in severities.values()) == 2 and sum(w for _, w in severities.values()) == 0
    flagged = [o for o in result.outcomes if o.assessment]
    assert all("carried by " in o.assessment.rationale for o in flagged)  # type: ignore[union-attr]
    text = render(result, profile)
    assert "clause 3" in text and "clause 11" in text and "false alarms" in text and "urgent" in text


def test_labelled_clauses_override_the_derived_ones(tmp_path: Path) -> None:
    profile = load_profile(DATA / "profile.toml")
    path = _write(tmp_path, [{"id": "1", "text": "Nothing to see here.", "category": "derogatory", "clauses": ["4"]}])
    [outcome] = evaluate(read_labelled(path), profile, []).outcomes
    assert outcome.expected_clauses == {"4"} and outcome.clauses == frozenset()
