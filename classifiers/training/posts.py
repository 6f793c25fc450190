"""Hand-written labelled posts (``classifiers/training/posts/*.jsonl``), each written once, not templated.

Each file was written by a different author about invented schools of its own, in the voices, platforms and
registers of real posts: one line per post, ``{"school", "platform", "title"?, "text", "categories", "kind"}``.
``categories`` may include "confidential" (scored by the rules, not by MiniLM: for MiniLM such a post is a
negative unless it carries another category); ``kind`` is "abuse", "staff_breach", a hard-negative kind
(``classifiers.evaluation.HARD_NEGATIVE_KINDS``) or "neutral".
"""

from __future__ import annotations

import json
from pathlib import Path

from classifiers.training.corpus import CATEGORIES, Row

__all__ = ["NEXT_POSTS_DIR", "POSTS_DIR", "TEMPLATE_BASE", "written_posts"]

POSTS_DIR = Path(__file__).resolve().parent / "posts"
# Written and checked like the rest, but not in the shipped model: the model trained with them was not chosen
# (next-posts/README.md says why). Move a file into posts/ when a retrain with it is chosen.
NEXT_POSTS_DIR = Path(__file__).resolve().parent / "next-posts"
TEMPLATE_BASE = 100_000  # a written post is its own "template" for grouping; numbered after the corpus's


def written_posts(folder: Path = POSTS_DIR, pattern: str = "*.jsonl") -> list[Row]:
    """Every written post in ``folder``'s files matching ``pattern``, as corpus ``Row``s, in file and line order."""
    rows: list[Row] = []
    for path in sorted(folder.glob(pattern)):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            post = json.loads(line)
            text = f"{post['title']}\n{post['text']}" if post.get("title") else post["text"]
            labels = tuple(sorted(c for c in post["categories"] if c in CATEGORIES))
            rows.append(Row(text, labels, post["kind"], post["school"], TEMPLATE_BASE + len(rows)))
    return rows
