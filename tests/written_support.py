"""The row format of hand-written labelled posts (training batches and model-comparison schools), checked once."""

from __future__ import annotations

from classifiers.evaluation import HARD_NEGATIVE_KINDS
from classifiers.training.corpus import CATEGORIES

KEYS = {"school", "platform", "text", "categories", "kind"}
PLATFORMS = {"reddit", "facebook", "bluesky", "mastodon", "youtube", "news_comment", "rss", "tiktok", "x"}
LABELS = {*CATEGORIES, "confidential"}
CLEAN_KINDS = HARD_NEGATIVE_KINDS | {"neutral"}


def check_row(row: dict, platforms: set[str] = PLATFORMS) -> None:
    """Fail unless the row has the keys, platform, labels and kind the product uses."""
    assert KEYS <= set(row) <= KEYS | {"title"}, row
    assert row["platform"] in platforms and row["text"].strip(), row
    assert set(row["categories"]) <= LABELS, row
    assert row["kind"] in ({"abuse", "staff_breach"} if row["categories"] else CLEAN_KINDS), row
