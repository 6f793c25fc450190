"""The labelled schools trained models are measured on, and each labelled post read again beside a friendly one.

Three groups, each with its own use:

- ``dev``: labelled feeds written apart from the training posts (``DEV_SETS``). Thresholds are chosen on them
  (``classifiers.training.thresholds``), so they flatter a model.
- ``comparison``: whole schools in ``tests/data/model-comparison/``, never trained on and never cut on. Models
  are chosen between on them (``scripts/compare_models.py``). A school there may name its own group in
  ``schools.toml`` (the Welsh-language school is ``welsh``), so that its mean is read apart.
- ``blind``: ``tests/data/heldout-school-*``. Reported, never chosen on.
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from classifiers.evaluation import HARD_NEGATIVE_KINDS, read_labelled
from classifiers.minilm import CATEGORIES
from classifiers.training.posts import written_posts

__all__ = ["BLIND", "COMPARISON_DIR", "DEV_SETS", "ROOT", "School", "in_context", "schools"]

ROOT = Path(__file__).resolve().parents[2]
DEV_SETS = ("clausewatch/examples/llandough-posts.jsonl", "tests/data/st-brynach/posts.jsonl",
            "tests/data/dev-school/posts.jsonl", "tests/data/dev-school-2/posts.jsonl")
COMPARISON_DIR = ROOT / "tests" / "data" / "model-comparison"
BLIND = sorted((ROOT / "tests" / "data").glob("heldout-school-*/posts.jsonl"))


@dataclass(frozen=True)
class School:
    """One labelled school, kept posts only: texts, (posts, categories) truth, and which are hard negatives."""

    group: str
    name: str
    texts: list[str]
    truth: np.ndarray
    hard_negative: np.ndarray
    neutral: list[str]  # the school's neutral posts: the friendly neighbours for ``in_context``
    kinds: list[str]  # each post's kind as its author labelled it ("praise", "abuse", ...; "" when unsaid)


def _school(group: str, name: str, posts: list[tuple[str, Sequence[str], str | None]]) -> School:
    """A School from (text, categories, kind) per post."""
    truth = np.array([[c in labels for c in CATEGORIES] for _, labels, _ in posts], dtype=bool)
    hard = np.array([not labels and kind in HARD_NEGATIVE_KINDS for _, labels, kind in posts], dtype=bool)
    neutral = [text for text, labels, kind in posts if not labels and kind == "neutral"]
    kinds = [kind or "" for _, _, kind in posts]
    return School(group, name, [text for text, _, _ in posts], truth, hard, neutral, kinds)


def _from_post_file(group: str, path: Path) -> School:
    name = path.parent.name if path.parent.name != "examples" else path.stem
    return _school(group, name, [(item.post.full_text, item.categories, item.kind)
                                 for item in read_labelled(path) if item.kept])


def _from_written(path: Path, group: str) -> School:
    rows = written_posts(path.parent, pattern=path.name)
    return _school(group, path.stem, [(row.text, row.labels, row.kind) for row in rows])


def schools(*groups: str) -> Iterator[School]:
    """The schools of the named groups ("dev", "comparison", "blind") that exist, in that order.

    "comparison" brings every school in the comparison folder, each with the group ``schools.toml`` gives it.
    """
    if "dev" in groups:
        for name in DEV_SETS:
            if (ROOT / name).is_file():
                yield _from_post_file("dev", ROOT / name)
    if "comparison" in groups:
        listed = tomllib.loads((COMPARISON_DIR / "schools.toml").read_text(encoding="utf-8"))["school"]
        named = {entry["file"]: entry.get("group", "comparison") for entry in listed}
        for path in sorted(COMPARISON_DIR.glob("*.jsonl")):
            yield _from_written(path, named.get(path.name, "comparison"))
    if "blind" in groups:
        for path in BLIND:
            yield _from_post_file("blind", path)


def in_context(school: School) -> tuple[list[str], np.ndarray]:
    """Each labelled post after one of the school's neutral posts, and its truth (seeded: the same every run).

    A clear threat after a line about the PTA quiz is still a threat: a model whose recall falls here lets a
    friendly neighbour talk abuse down.
    """
    rng = random.Random(school.name)
    labelled = np.flatnonzero(school.truth.any(axis=1))
    texts = [f"{rng.choice(school.neutral)} {school.texts[i]}" for i in labelled] if school.neutral else []
    return texts, school.truth[labelled] if texts else school.truth[:0]
