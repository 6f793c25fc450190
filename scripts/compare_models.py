"""Compare trained MiniLM models school by school, on labelled schools none of them trained on.

    .venv/bin/python scripts/compare_models.py MODEL_DIR [MODEL_DIR ...] [--blind] [--kinds]

For each model folder (as ``scripts/train_minilm.py --out`` writes it) and each school it prints mean average
precision over the five categories (the ranking, whatever the thresholds), recall per category at the model's
own thresholds (a calibrated score of 0.5), the share of kept hard negatives it flags, and recall in context:
each labelled post again, after one of its school's neutral posts (seeded choice), at 0.5 (per category under
each group's mean). A clear threat after a line about the PTA quiz is still a threat; a model whose recall falls
far in context lets friendly neighbours talk abuse down. Then the mean over each group of schools, and with
``--kinds`` the group's hard negatives flagged by kind (which look-alikes a model mistakes for abuse). The groups
(``classifiers/training/measured.py``):

- ``dev``: the dev feeds. Thresholds are chosen on them, so they flatter a model.
- ``comparison``: the model-comparison schools (``tests/data/model-comparison/``), written apart from the
  training posts and never trained on or cut on. Choose between models on these, together with dev: one school
  moves a model's figure by about 0.02, so a difference smaller than that on a single school means nothing.
  The Welsh-language comparison school has its own group, ``welsh``, and its own line.
- ``blind`` (only with ``--blind``): the blind held-out schools. Report them; never choose on them.

Scores come from fp32 torch (the optimised runtime is switched off), so two models are compared on their weights,
not on the precision this machine would pick.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.metrics import average_precision_score  # noqa: E402

import classifiers.fast_runtime  # noqa: E402
from classifiers.minilm import CATEGORIES, MiniLMScorer  # noqa: E402
from classifiers.training.measured import School, in_context, schools  # noqa: E402


def measure(scores: np.ndarray, school: School) -> tuple[float, list[float], float]:
    """Mean average precision, recall per category at 0.5, share of hard negatives flagged at 0.5."""
    present = [i for i in range(len(CATEGORIES)) if school.truth[:, i].any()]
    precision = float(np.mean([average_precision_score(school.truth[:, i], scores[:, i]) for i in present]))
    recall = [float((scores[school.truth[:, i], i] >= 0.5).mean()) if i in present else float("nan")
              for i in range(len(CATEGORIES))]
    flagged = float(_hard_negatives_flagged(scores, school).mean()) if school.hard_negative.any() else 0.0
    return precision, recall, flagged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+", type=Path, help="model folders written by train_minilm.py")
    parser.add_argument("--blind", action="store_true", help="also report the blind held-out schools")
    parser.add_argument("--kinds", action="store_true",
                        help="also print, per group, the hard negatives flagged by kind (praise, counter-speech, ...)")
    args = parser.parse_args()
    classifiers.fast_runtime.ENABLED = False
    loaded = list(schools("dev", "comparison", *(["blind"] if args.blind else [])))
    short = "".join(c[:4].ljust(6) for c in CATEGORIES)
    print(f"{'model':<14}{'school':<24}{'mAP':>6}   recall at 0.5: {short}hard negs  recall in context")
    for folder in args.models:
        scorer = MiniLMScorer(folder)
        results: dict[str, list[tuple[float, list[float], float, float]]] = {}
        context: dict[str, list[list[float]]] = {}
        kinds: dict[str, Counter[tuple[str, bool]]] = {}
        for school in loaded:
            by_category = _recall(scorer, *in_context(school))
            scores = _scores(scorer, school.texts)
            result = (*measure(scores, school), float(np.nanmean(by_category)))
            kinds.setdefault(school.group, Counter()).update(_flagged_by_kind(scores, school))
            results.setdefault(school.group, []).append(result)
            context.setdefault(school.group, []).append(by_category)
            _line(folder.name, school.name, result)
        for group, rows in results.items():
            mean = (float(np.mean([r[0] for r in rows])), list(np.nanmean([r[1] for r in rows], axis=0)),
                    float(np.mean([r[2] for r in rows])), float(np.nanmean([r[3] for r in rows])))
            _line(folder.name, f"mean of {len(rows)} {group}", mean)
            recall = np.nanmean(context[group], axis=0)
            print(f"{folder.name[:13]:<14}{'  in context':<24}{'':>6}                  "
                  f"{''.join(f'{r:<6.2f}' for r in recall)}", flush=True)
            if args.kinds:
                _kinds_line(folder.name, kinds[group])


def _scores(scorer: MiniLMScorer, texts: list[str]) -> np.ndarray:
    return np.array([[row[c] for c in CATEGORIES] for row in scorer.score(texts)]).reshape(len(texts), -1)


def _recall(scorer: MiniLMScorer, texts: list[str], truth: np.ndarray) -> list[float]:
    """Per category, the share of its labelled posts scored at or above 0.5."""
    scores = _scores(scorer, texts) if texts else np.zeros(truth.shape)
    return [float((scores[truth[:, i], i] >= 0.5).mean()) if truth[:, i].any() else float("nan")
            for i in range(len(CATEGORIES))]


def _hard_negatives_flagged(scores: np.ndarray, school: School) -> np.ndarray:
    """For each of the school's hard negatives, in order: does any category score 0.5 or more?"""
    return scores[school.hard_negative].max(axis=1) >= 0.5


def _flagged_by_kind(scores: np.ndarray, school: School) -> Counter[tuple[str, bool]]:
    """(kind, flagged at 0.5) for each hard negative of the school."""
    kinds = [school.kinds[i] for i in np.flatnonzero(school.hard_negative)]
    return Counter(zip(kinds, map(bool, _hard_negatives_flagged(scores, school)), strict=True))


def _kinds_line(model: str, counts: Counter[tuple[str, bool]]) -> None:
    names = sorted({kind for kind, _ in counts})
    shares = (f"{kind} {counts[kind, True]}/{counts[kind, True] + counts[kind, False]}" for kind in names)
    print(f"{model[:13]:<14}{'  hard negs by kind':<24}{', '.join(shares)}", flush=True)


def _line(model: str, school: str, result: tuple[float, list[float], float, float]) -> None:
    precision, recall, flagged, context = result
    print(f"{model[:13]:<14}{school[:23]:<24}{precision:>6.3f}                  "
          f"{''.join(f'{r:<6.2f}' for r in recall)}{flagged:<11.2f}{context:.2f}", flush=True)


if __name__ == "__main__":
    main()
