"""The heads file reader, the forward pass and the sentence chunker, with small hand-made heads."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from classifiers.heads import Heads, chunks, max_by_owner

CATEGORIES = ("derogatory", "threatening")


def _write(path: Path, heads: dict, window: int | None = 2) -> Path:
    document: dict = {"heads": heads}
    if window is not None:
        document["chunking"] = {"window": window}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def test_a_one_sentence_post_is_one_chunk() -> None:
    assert chunks("Thank you to everyone at the school for a lovely concert.") == [
        "Thank you to everyone at the school for a lovely concert."
    ]


def test_a_long_post_is_read_whole_then_by_sentence_then_by_neighbouring_pairs() -> None:
    post = "We moved here last year and like it. The head is a useless clown. Anyway the café is nice."
    pieces = chunks(post, window=2)
    assert pieces[0] == post
    assert "The head is a useless clown." in pieces
    assert "We moved here last year and like it. The head is a useless clown." in pieces
    assert len(pieces) == len(set(pieces)) == 1 + 3 + 2


def test_short_fragments_join_the_next_sentence() -> None:
    pieces = chunks("Honestly. Mr Hughes had better watch his back tonight. lol", window=1)
    assert "Honestly. Mr Hughes had better watch his back tonight. lol" in pieces
    assert not any(p in ("Honestly.", "lol") for p in pieces)


def test_a_run_on_sentence_is_also_read_in_slices() -> None:
    post = " ".join(f"word{i}" for i in range(60))
    pieces = chunks(post)
    assert pieces[0] == post
    assert any(p.startswith("word15 ") and len(p.split()) == 25 for p in pieces)


def test_max_by_owner_takes_each_posts_highest_score_per_column() -> None:
    rows = np.array([[0.1, 0.9], [0.7, 0.2], [0.3, 0.3]], dtype=np.float32)
    np.testing.assert_allclose(max_by_owner(rows, [0, 0, 1], 2), [[0.7, 0.9], [0.3, 0.3]])


def test_logistic_heads_score_half_exactly_at_the_threshold(tmp_path: Path) -> None:
    head = {"layers": [{"weight": [[1.0, 0.0]], "bias": [0.0]}], "threshold": _sigmoid(0.5)}
    heads = Heads.read(_write(tmp_path / "h.json", {c: head for c in CATEGORIES}), CATEGORIES)
    scores = heads.probabilities(np.array([[0.5, 9.0], [2.0, 0.0]], dtype=np.float32))
    assert scores[0].tolist() == pytest.approx([0.5, 0.5], abs=1e-6)
    assert scores[1, 0] == pytest.approx(_sigmoid(1.5), abs=1e-6)
    assert heads.window == 2


def test_mlp_heads_apply_relu_between_layers(tmp_path: Path) -> None:
    mlp = {
        "layers": [{"weight": [[1.0, 0.0], [-1.0, 0.0]], "bias": [0.0, 0.0]}, {"weight": [[1.0, 1.0]], "bias": [0.0]}],
        "threshold": 0.5,
    }
    heads = Heads.read(_write(tmp_path / "h.json", {c: mlp for c in CATEGORIES}), CATEGORIES)
    scores = heads.probabilities(np.array([[2.0, 0.0], [-3.0, 0.0]], dtype=np.float32))
    assert scores[:, 0].tolist() == pytest.approx([_sigmoid(2.0), _sigmoid(3.0)], abs=1e-6)  # |x| through ReLUs


def test_the_older_coef_form_reads_as_one_layer_and_one_sentence_windows(tmp_path: Path) -> None:
    head = {"coef": [2.0, 0.0], "intercept": -1.0, "threshold": 0.5}
    heads = Heads.read(_write(tmp_path / "h.json", {c: head for c in CATEGORIES}, window=None), CATEGORIES)
    assert heads.probabilities(np.array([[1.0, 0.0]], dtype=np.float32))[0, 0] == pytest.approx(_sigmoid(1.0))
    assert heads.window == 1


def test_a_missing_category_is_named(tmp_path: Path) -> None:
    head = {"coef": [1.0], "intercept": 0.0, "threshold": 0.5}
    with pytest.raises(ValueError, match="threatening"):
        Heads.read(_write(tmp_path / "h.json", {"derogatory": head}), CATEGORIES)
