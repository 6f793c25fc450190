"""The model-comparison schools are well formed, each one whole school, and never named in training."""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from written_support import LABELS, PLATFORMS, check_row

from classifiers.evaluation import HARD_NEGATIVE_KINDS

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "tests" / "data" / "model-comparison"
SCHOOLS = tomllib.loads((FOLDER / "schools.toml").read_text(encoding="utf-8"))["school"]


def _rows(name: str) -> list[dict]:
    lines = (FOLDER / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.parametrize("school", SCHOOLS, ids=lambda s: s["file"])
def test_each_file_is_one_labelled_school(school: dict) -> None:
    rows = _rows(school["file"])
    least = {"posts": 250, "each_category": 19, "hard_negatives": 100} | school.get("minimum", {})
    assert len({row["school"] for row in rows}) == 1 and len(rows) >= least["posts"]
    for row in rows:
        check_row(row, PLATFORMS | {"instagram"})  # one school's authors posted there; training never does
    counts = Counter(c for row in rows for c in row["categories"])
    assert min(counts[c] for c in LABELS) >= least["each_category"]
    assert sum(row["kind"] in HARD_NEGATIVE_KINDS for row in rows) >= least["hard_negatives"]


@pytest.mark.parametrize("school", SCHOOLS, ids=lambda s: s["file"])
def test_the_guard_lists_names_the_school_really_uses(school: dict) -> None:
    text = (FOLDER / school["file"]).read_text(encoding="utf-8").lower()
    assert all(name.lower() in text for name in school["names"])


def test_no_file_under_classifiers_names_a_comparison_school() -> None:
    names = [name for school in SCHOOLS for name in school["names"]]
    pattern = re.compile("|".join(rf"\b{re.escape(name)}\b" for name in names), re.IGNORECASE)
    found = []
    for path in (ROOT / "classifiers").rglob("*"):
        if path.suffix in {".jsonl", ".json", ".py", ".md", ".txt", ".toml"} and path.is_file():
            found += [f"{path.relative_to(ROOT)}: {m}" for m in pattern.findall(path.read_text(encoding="utf-8"))]
    assert found == []
