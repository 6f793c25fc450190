"""The thresholds rule: per category, the highest cut reaching its recall target alone and in context."""

import numpy as np
import pytest

from classifiers.training.thresholds import RECALL, choose_thresholds, cut_for_recall, rule

CATEGORIES = ("derogatory", "threatening")


def test_the_cut_keeps_the_target_share_of_positives_at_or_above_it():
    positives = np.linspace(0.05, 0.95, 100)
    cut = cut_for_recall(positives, 0.9)
    assert (positives >= cut).mean() >= 0.9
    assert (positives >= cut + 0.02).mean() < 0.9  # and it is the highest such 0.01 step, give or take one


def test_no_positives_no_cut():
    assert cut_for_recall(np.array([]), 0.9) is None


def test_threats_aim_higher_than_the_rest():
    assert RECALL["threatening"] > max(r for c, r in RECALL.items() if c != "threatening")


def _rows(scores: list[float], category: int) -> tuple[np.ndarray, np.ndarray]:
    values = np.zeros((len(scores), len(CATEGORIES)))
    values[:, category] = scores
    truth = np.zeros_like(values, dtype=bool)
    truth[:, category] = True
    return values, truth


def test_the_lower_of_alone_and_in_context_wins():
    alone = _rows([0.9] * 20, 0)
    beside = _rows([0.3] * 20, 0)  # a friendly neighbour talks every post down
    cuts = choose_thresholds(CATEGORIES, alone, beside)
    assert cuts["derogatory"] == pytest.approx(0.3)
    assert choose_thresholds(CATEGORIES, alone, alone)["derogatory"] == pytest.approx(0.9)


def test_a_category_with_no_labelled_posts_keeps_the_middle():
    alone = _rows([0.9] * 20, 0)
    assert choose_thresholds(CATEGORIES, alone, alone)["threatening"] == 0.5


def test_cuts_stay_inside_the_open_interval():
    assert choose_thresholds(CATEGORIES, _rows([0.0] * 5, 0), _rows([0.0] * 5, 0))["derogatory"] == 0.01
    assert choose_thresholds(CATEGORIES, _rows([1.0] * 5, 1), _rows([1.0] * 5, 1))["threatening"] == 0.99


def test_the_rule_in_words_names_every_target():
    assert all(f"{c} {r}" in rule() for c, r in RECALL.items())
