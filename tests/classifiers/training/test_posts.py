"""The hand-written training posts are well formed, labelled by the product's rules, varied, and not copied."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from written_support import CLEAN_KINDS, check_row

from classifiers.training.corpus import CATEGORIES
from classifiers.training.posts import NEXT_POSTS_DIR, POSTS_DIR, written_posts

ROOT = Path(__file__).resolve().parents[3]
# Labelled feeds that measure the models: the sample feed, every school under tests/data (so a school added or
# renamed there is covered) and the model-comparison schools. No training post may share a run of this many words
# with them. The confidential dev set measures only the rules, which read no training posts, so it is not one.
RULES_ONLY = {"confidential-dev"}
MEASURED = (ROOT / "clausewatch/examples/llandough-posts.jsonl",
            *sorted(p for p in (ROOT / "tests/data").glob("*/posts.jsonl") if p.parent.name not in RULES_ONLY),
            *sorted((ROOT / "tests/data/model-comparison").glob("*.jsonl")))
SHINGLE = 8


def _lines(*folders: Path) -> list[dict]:
    return [json.loads(line) for folder in folders for path in sorted(folder.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


@pytest.fixture(scope="module")
def lines() -> list[dict]:
    """The trained posts and the next ones, which must be fit to train on too."""
    return _lines(POSTS_DIR, NEXT_POSTS_DIR)


def test_every_post_has_the_keys_and_labels_the_product_uses(lines: list[dict]) -> None:
    for post in lines:
        check_row(post)


def test_enough_of_every_category_and_every_kind_of_hard_negative(lines: list[dict]) -> None:
    counts = Counter(c for post in lines for c in post["categories"])
    assert all(counts[c] >= 150 for c in CATEGORIES) and counts["confidential"] >= 80
    kinds = Counter(post["kind"] for post in lines if not post["categories"])
    assert set(kinds) == CLEAN_KINDS and sum(kinds.values()) >= 600
    assert sum(len(post["text"].split()) > 60 for post in lines) >= 1_000  # long posts, buried abuse


def test_no_post_is_written_twice(lines: list[dict]) -> None:
    texts = Counter(post["text"] for post in lines)
    assert [t for t, n in texts.items() if n > 1] == []


def test_no_post_shares_wording_with_the_measured_feeds(lines: list[dict]) -> None:
    measured: set[tuple[str, ...]] = set()
    for name in MEASURED:
        for line in name.read_text(encoding="utf-8").splitlines():
            if line.strip():
                measured |= _shingles(json.loads(line)["text"])
    shared = [post["text"][:60] for post in lines if _shingles(post["text"]) & measured]
    assert shared == []


def test_rows_keep_the_five_model_categories_and_one_group_each() -> None:
    rows = written_posts()
    assert len(rows) == len(_lines(POSTS_DIR))
    assert all(set(row.labels) <= set(CATEGORIES) for row in rows)
    assert len({row.template for row in rows}) == len(rows)
    titled = [row for row in rows if "\n" in row.text]
    assert titled and all(row.text.split("\n", 1)[0] for row in titled)  # a title is read before the body
