"""detoxify (original, unbiased or multilingual, chosen in the profile), loaded fully offline.

detoxify 0.5.4 asks the Hugging Face hub for the base model's config even when given a local checkpoint and
config folder (its upstream fix is unmerged), so ``load()`` swaps ``detoxify.detoxify.get_model_and_tokenizer``
for ``_local_model_and_tokenizer`` while it builds the model: config, weights and tokenizer then come from
the files ``classifiers.model_files.locate`` found, with ``local_files_only=True``. That is why detoxify is
pinned. With no files installed, ``load()`` raises ScorerUnavailable and the run goes on without it.

Scoring does not go through ``Detoxify.predict``: the loaded model is handed to ``classifiers.fast_runtime``,
which runs it at the fastest precision whose probabilities stay within 0.01 of fp32 (measured once per
checkpoint and cached), on length-sorted batches; detoxify's own tokenizer and label names are kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import version as package_version
from typing import TYPE_CHECKING, Any

from classifiers.base import CategoryScores, Scorer, ScorerUnavailable
from classifiers.model_files import ModelFiles, locate

if TYPE_CHECKING:
    from clausewatch.profile import Profile

__all__ = ["DetoxifyScorer"]

BATCH_SIZE = 16
MAX_TOKENS = 512  # BERT's and RoBERTa's position limit; detoxify's own code leaves it unset
# detoxify's labels (after its own change_names) → clausewatch's categories (SPEC §5): highest of each group.
CATEGORY_LABELS = {
    "derogatory": ("insult", "toxicity"),
    "threatening": ("threat", "severe_toxicity"),
    "discriminatory": ("identity_attack",),
    "offensive": ("obscene", "sexual_explicit"),
}


def _local_model_and_tokenizer(folder: str) -> Any:
    """A stand-in for detoxify's loader that reads only ``folder`` (or the local cache for a model id)."""

    def load(model_type: str, model_name: str, tokenizer_name: str, num_classes: int, state_dict: dict[str, Any],
             huggingface_config_path: str | None = None) -> tuple[Any, Any]:
        import transformers

        model_class = getattr(transformers, model_name)
        config = model_class.config_class.from_pretrained(folder, num_labels=num_classes, local_files_only=True)
        model = model_class(config)
        missing, _ = model.load_state_dict(state_dict, strict=False)  # old checkpoints carry position_ids
        if missing:
            raise ScorerUnavailable(f"the checkpoint does not fit its config: {len(missing)} weights missing")
        tokenizer = getattr(transformers, tokenizer_name).from_pretrained(
            folder, local_files_only=True, model_max_length=MAX_TOKENS)
        return model, tokenizer

    return load


_MULTILINGUAL = frozenset({"en", "fr", "es", "it", "pt", "tr", "ru"})  # the languages its training set held


class DetoxifyScorer(Scorer):
    """Derogatory, threatening, discriminatory and offensive from detoxify's six labels."""

    name = "detoxify"
    categories = tuple(CATEGORY_LABELS)

    def __init__(self, variant: str = "original") -> None:
        self._variant = variant
        self._files: ModelFiles | None = None
        self._detoxify: Any = None
        self._runner: Any = None
        self.note = "not loaded"

    def configure(self, profile: Profile | None) -> None:
        """The profile's ``[scoring] detoxify_model``."""
        if profile is not None:
            self._variant = profile.scoring.detoxify_model

    @property
    def reads(self) -> frozenset[str]:
        """English; the multilingual model also French, Spanish, Italian, Portuguese, Turkish and Russian."""
        return _MULTILINGUAL if self._variant == "multilingual" else frozenset({"en"})

    @property
    def version(self) -> str:
        """detoxify's version, the variant, the checkpoint's hash and the precision it runs at.

        New weights or a new precision, new cache key. Before ``load()`` the precision is the one already
        measured for these weights (``fp32`` if none has been).
        """
        files = self._files or locate(self._variant)
        return f"{package_version('detoxify')}+{files.variant}-{files.fingerprint}-{self._precision(files)}"

    def _precision(self, files: ModelFiles) -> str:
        if self._runner is not None:
            return str(self._runner.precision)
        from classifiers.fast_runtime import cached_precision

        return cached_precision(f"detoxify-{files.variant}", files.fingerprint) or "fp32"

    def load(self, *, rebuild: bool = False) -> None:
        """Build the model from local files only (ScorerUnavailable when there are none), then optimise it."""
        import detoxify.detoxify as upstream
        from transformers.utils import logging as transformers_logging

        from classifiers.fast_runtime import load_runner

        transformers_logging.disable_progress_bar()
        self._files = locate(self._variant)
        original = upstream.get_model_and_tokenizer
        upstream.get_model_and_tokenizer = _local_model_and_tokenizer(self._files.config)
        try:
            self._detoxify = upstream.Detoxify(checkpoint=str(self._files.checkpoint),
                                               huggingface_config_path=self._files.config)
        finally:
            upstream.get_model_and_tokenizer = original
        self._detoxify.model.eval()
        self._runner, self.note = load_runner(self._spec(self._files), rebuild=rebuild)

    def score(self, texts: Sequence[str]) -> list[CategoryScores]:
        """Scores in the order given, each post read as a person sees it; batched by length so a batch pads little."""
        from classifiers.fast_runtime import sorted_batches
        from clausewatch.text import readable

        if not texts:
            return []
        if self._detoxify is None:
            self.load()
        texts = [readable(text) for text in texts]
        out: list[CategoryScores] = [{} for _ in texts]
        for batch in sorted_batches(texts, BATCH_SIZE):
            labels = self.raw([texts[i] for i in batch])
            for row, i in enumerate(batch):
                out[i] = {category: max((labels[name][row] for name in names if name in labels), default=0.0)
                          for category, names in CATEGORY_LABELS.items()}
        return out

    def raw(self, texts: list[str]) -> dict[str, list[float]]:
        """detoxify's own labels (after its change_names) for one batch, each a list of probabilities."""
        probabilities = _sigmoid(self._runner.run(self._tokenize(texts)))
        return {label: [float(v) for v in probabilities[:, k]] for k, label in enumerate(self._detoxify.class_names)}

    def _tokenize(self, texts: list[str]) -> dict[str, Any]:
        return dict(self._detoxify.tokenizer(texts, return_tensors="np", truncation=True, padding=True,
                                             max_length=MAX_TOKENS))

    def _spec(self, files: ModelFiles) -> Any:
        from classifiers.fast_runtime import ModelSpec, logits_module, probe_texts, sorted_batches

        texts = probe_texts()
        probe = [self._tokenize([texts[i] for i in batch]) for batch in sorted_batches(texts, BATCH_SIZE)]
        names = tuple(probe[0])
        return ModelSpec(f"detoxify-{files.variant}", files.fingerprint, logits_module(self._detoxify.model, names),
                         names, probe, _deviation)


def _sigmoid(logits: Any) -> Any:
    import numpy as np

    return 1.0 / (1.0 + np.exp(-logits))


def _deviation(reference: Any, candidate: Any) -> float:
    """The largest change in any label's probability: what the profile's thresholds read."""
    import numpy as np

    return float(np.max(np.abs(_sigmoid(reference) - _sigmoid(candidate))))
