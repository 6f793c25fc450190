"""Where detoxify's files live on a machine with no internet, and how ``clausewatch models`` installs them.

detoxify needs two things: its checkpoint (a ``.ckpt`` torch file holding the training config and the
weights) and the base model's config and tokenizer files (``config.json``, ``vocab.txt`` or
``vocab.json``/``merges.txt`` or ``sentencepiece.bpe.model``, ``tokenizer*.json``). They are looked for in:

1. ``$CLAUSEWATCH_HOME/models/detoxify/<variant>/``, as ``clausewatch models install`` leaves them: the
   checkpoint as ``model.ckpt``, the config and tokenizer files beside it, ``manifest.json`` with its hash;
2. detoxify's own caches, where a machine that once had internet left them: the checkpoint under torch hub's
   ``checkpoints/`` folder, the config and tokenizer in the Hugging Face cache (read with
   ``local_files_only=True``, so nothing is fetched).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from classifiers.base import ScorerUnavailable

__all__ = ["BASE_MODELS", "CHECKPOINTS", "VARIANTS", "ModelFiles", "install", "installed", "locate", "models_dir"]

VARIANTS = ("original", "unbiased", "multilingual")
# The file names detoxify 0.5.4 downloads (detoxify.detoxify.MODEL_URLS) and the base model each one names.
CHECKPOINTS = {
    "original": "toxic_original-c1212f89.ckpt",
    "unbiased": "toxic_debiased-c7548aa0.ckpt",
    "multilingual": "multilingual_debiased-0b549669.ckpt",
}
BASE_MODELS = {"bert-base-uncased": "original", "roberta-base": "unbiased", "xlm-roberta-base": "multilingual"}
_CONFIG_FILES = ("config.json", "vocab.txt", "vocab.json", "merges.txt", "sentencepiece.bpe.model",
                 "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")


@dataclass(frozen=True)
class ModelFiles:
    """One variant's files: the checkpoint, and the config/tokenizer folder (or a cached model id)."""

    variant: str
    checkpoint: Path
    config: str  # a folder, or a model id resolved from the Hugging Face cache with local_files_only
    fingerprint: str  # short hash of the checkpoint: part of the scorer's version and the cache key
    where: str  # "installed" or "cache"


def models_dir() -> Path:
    """``$CLAUSEWATCH_HOME/models/detoxify``."""
    from clausewatch.settings import get_settings

    return get_settings().home_dir / "models" / "detoxify"


def _installed(variant: str) -> ModelFiles | None:
    folder = models_dir() / variant
    manifest = folder / "manifest.json"
    if not (folder / "model.ckpt").is_file() or not manifest.is_file():
        return None
    digest = json.loads(manifest.read_text(encoding="utf-8"))["sha256"]
    return ModelFiles(variant, folder / "model.ckpt", str(folder), digest[:8], "installed")


def _cached(variant: str) -> ModelFiles | None:
    import torch

    checkpoint = Path(torch.hub.get_dir()) / "checkpoints" / CHECKPOINTS[variant]
    if not checkpoint.is_file():
        return None
    base = next(model for model, name in BASE_MODELS.items() if name == variant)
    try:
        from transformers import AutoConfig

        AutoConfig.from_pretrained(base, local_files_only=True)
    except OSError:
        return None
    # detoxify's file names end in the first 8 hex digits of the file's SHA-256.
    return ModelFiles(variant, checkpoint, base, checkpoint.stem.rsplit("-", 1)[-1], "cache")


def locate(variant: str) -> ModelFiles:
    """The variant's files, installed first, then the caches; ScorerUnavailable saying how to fix it."""
    if variant not in VARIANTS:
        raise ScorerUnavailable(f"unknown detoxify model {variant!r}; known: {', '.join(VARIANTS)}")
    found = _installed(variant) or _cached(variant)
    if found is None:
        raise ScorerUnavailable(f"no detoxify {variant!r} model files on this machine; "
                                "install them with `clausewatch models install FOLDER-OR-ARCHIVE`")
    return found


def installed() -> dict[str, ModelFiles | None]:
    """Each variant and where its files are, or None."""
    found: dict[str, ModelFiles | None] = {}
    for variant in VARIANTS:
        try:
            found[variant] = locate(variant)
        except ScorerUnavailable:
            found[variant] = None
    return found


def _unpack(source: Path, into: Path) -> Path:
    if source.is_dir():
        return source
    if zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            archive.extractall(into)  # zipfile refuses absolute paths and ".." itself
        return into
    if tarfile.is_tarfile(source):
        with tarfile.open(source) as archive:
            archive.extractall(into, filter="data")  # "data": no links out, no absolute paths, no devices
        return into
    raise ScorerUnavailable(f"{source} is neither a folder nor a .zip/.tar(.gz) archive")


def _variant_of(checkpoint: Path) -> str:
    import torch

    loaded = torch.load(checkpoint, map_location="cpu", weights_only=False)
    try:
        base = loaded["config"]["arch"]["args"]["model_type"]
    except (KeyError, TypeError):
        raise ScorerUnavailable(f"{checkpoint.name} is not a detoxify checkpoint (no config.arch)") from None
    if base not in BASE_MODELS:
        raise ScorerUnavailable(f"{checkpoint.name} is built on {base!r}; supported: {', '.join(BASE_MODELS)}")
    return BASE_MODELS[base]


def install(source: Path) -> ModelFiles:
    """Copy one checkpoint and its config/tokenizer files from a folder or archive into the models folder."""
    with tempfile.TemporaryDirectory() as scratch:
        root = _unpack(source, Path(scratch))
        checkpoints = sorted(root.rglob("*.ckpt"))
        if len(checkpoints) != 1:
            raise ScorerUnavailable(f"{source} must hold exactly one .ckpt file; it holds {len(checkpoints)}")
        configs = sorted(root.rglob("config.json"))
        if not configs:
            raise ScorerUnavailable(f"{source} holds no config.json (the base model's config and tokenizer)")
        variant = _variant_of(checkpoints[0])
        target = models_dir() / variant
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for name in _CONFIG_FILES:
            if (configs[0].parent / name).is_file():
                shutil.copy2(configs[0].parent / name, target / name)
        shutil.copy2(checkpoints[0], target / "model.ckpt")
    with (target / "model.ckpt").open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    (target / "manifest.json").write_text(json.dumps({"variant": variant, "sha256": digest}), encoding="utf-8")
    return locate(variant)
