"""The MiniLM scorer's trained heads (plain numbers in JSON, applied with numpy) and its sentence chunker.

A heads file (``classifiers/models/minilm_heads.json``, written by ``scripts/train_heads.py``) holds, for each
category, a small feed-forward network as ``layers`` (``weight`` rows and ``bias``; ReLU between layers, one
logit out) and the ``threshold`` chosen on cross-validated training data; ``chunking.window`` says how many
neighbouring sentences the scorer also reads together. A one-layer head is a logistic regression; the older
``coef``/``intercept`` form is read as one.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["Heads", "chunks", "max_by_owner"]

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)|[.!?]+")
_MIN_WORDS = 4  # shorter fragments ("Honestly." "lol") join the sentence after them
_LONG_WORDS = 40  # a run-on sentence longer than this is also read in overlapping slices
_SLICE, _STEP = 25, 15


def chunks(text: str, window: int = 2) -> list[str]:
    """The whole text, then (when it has several) its sentences and runs of up to ``window`` neighbours.

    Duplicates are dropped and the whole text always comes first, so a one-sentence post is one chunk.
    """
    sentences = _sentences(text)
    pieces = [text]
    if len(sentences) > 1:
        pieces += sentences
        for width in range(2, window + 1):
            pieces += [" ".join(sentences[i : i + width]) for i in range(len(sentences) - width + 1)]
    for sentence in sentences:
        words = sentence.split()
        if len(words) > _LONG_WORDS:
            pieces += [" ".join(words[i : i + _SLICE]) for i in range(0, len(words) - _STEP, _STEP)]
    return list(dict.fromkeys(p for p in pieces if p.strip()))


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    pending = ""
    for match in _SENTENCE.finditer(text):
        sentence = f"{pending} {match.group().strip()}".strip()
        if len(sentence.split()) < _MIN_WORDS:
            pending = sentence
            continue
        out.append(sentence)
        pending = ""
    if pending:
        if out:
            out[-1] = f"{out[-1]} {pending}"
        else:
            out.append(pending)
    return out


def max_by_owner(rows: np.ndarray, owners: Sequence[int], count: int) -> np.ndarray:
    """For each of ``count`` owners, the column-wise maximum of the rows that belong to it."""
    best = np.zeros((count, rows.shape[1]), dtype=rows.dtype)
    np.maximum.at(best, np.asarray(owners, dtype=np.int64), rows)
    return best


@dataclass(frozen=True)
class Heads:
    """One small network per category, calibrated so 0.5 sits exactly at the category's threshold."""

    layers: tuple[tuple[tuple[np.ndarray, np.ndarray], ...], ...]  # per category: (weight, bias) per layer
    offsets: np.ndarray  # per category: logit(threshold), subtracted from the head's logit
    window: int

    @classmethod
    def read(cls, path: Path, categories: Sequence[str]) -> Heads:
        document = json.loads(path.read_text(encoding="utf-8"))
        heads = document["heads"]
        missing = [c for c in categories if c not in heads]
        if missing:
            raise ValueError(f"{path} has no head for {', '.join(missing)}")
        return cls(
            layers=tuple(_layers(heads[c]) for c in categories),
            offsets=np.array([_logit(heads[c]["threshold"]) for c in categories], dtype=np.float32),
            window=int(document.get("chunking", {}).get("window", 1)),
        )

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """(n, categories) scores for (n, dim) embeddings: sigmoid(head logit - logit(threshold)).

        Same ordering as each head's own probability, and 0.5 means "worth a person's look" for every
        category alike, which is what the profile's review bands expect.
        """
        logits = np.stack([_forward(layers, x) for layers in self.layers], axis=1) - self.offsets
        return 1.0 / (1.0 + np.exp(-logits))


def _layers(head: dict[str, Any]) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    if "coef" in head:
        return ((np.array([head["coef"]], dtype=np.float32), np.array([head["intercept"]], dtype=np.float32)),)
    return tuple(
        (np.array(layer["weight"], dtype=np.float32), np.array(layer["bias"], dtype=np.float32))
        for layer in head["layers"]
    )


def _forward(layers: tuple[tuple[np.ndarray, np.ndarray], ...], x: np.ndarray) -> np.ndarray:
    h = x
    for weight, bias in layers[:-1]:
        h = np.maximum(h @ weight.T + bias, 0.0)
    weight, bias = layers[-1]
    return (h @ weight.T + bias)[:, 0]


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))
