"""Where each category's cut sits: the rule that turns a trained model's scores on the dev schools into thresholds.

Per category, the highest cut (0.01 steps) at which the dev schools' labelled posts reach the category's recall
target twice over: read alone, and each read after one of its school's neutral posts (``measured.in_context``).
Real posts mix a friendly sentence with an abusive one, and cuts set on posts alone let a friendly neighbour
talk abuse down on new schools (the model shipped before this rule: threat recall .91 alone, .83 in context).

Threats aim higher than the rest (0.97 against the issue's 0.9): a missed threat costs more than a false one,
and the dev-set cut at 0.9 let more threats through on new schools than on the dev schools themselves.
MiniLM's calibration then puts each cut at a score of 0.5 (``classifiers.minilm.Head``).
"""

from __future__ import annotations

import numpy as np

__all__ = ["RECALL", "choose_thresholds", "cut_for_recall", "rule"]

RECALL = {"derogatory": 0.9, "defamatory": 0.9, "threatening": 0.97, "discriminatory": 0.9, "offensive": 0.9}


def cut_for_recall(positives: np.ndarray, recall: float) -> float | None:
    """The highest 0.01 step at or under which ``recall`` of the positives' scores lie; None with no positives."""
    if not len(positives):
        return None
    return float(np.floor(np.quantile(positives, 1 - recall, method="lower") * 100) / 100)


def choose_thresholds(categories: tuple[str, ...], alone: tuple[np.ndarray, np.ndarray],
                      in_context: tuple[np.ndarray, np.ndarray]) -> dict[str, float]:
    """Per category, the lower of the cuts reaching its RECALL alone and in context (0.5 with no labelled posts).

    ``alone`` and ``in_context`` are each (scores, truth), shaped (posts, categories): uncalibrated probabilities
    and labels.
    """
    chosen = {}
    for i, category in enumerate(categories):
        cuts = [cut for scores, truth in (alone, in_context)
                if (cut := cut_for_recall(scores[truth[:, i], i], RECALL[category])) is not None]
        chosen[category] = min(max(min(cuts, default=0.5), 0.01), 0.99)
    return chosen


def rule() -> str:
    """The rule in words, for the model's head file."""
    targets = ", ".join(f"{c} {r}" for c, r in RECALL.items())
    return f"highest cut reaching recall ({targets}) on the dev sets, alone and each after a neutral post"
