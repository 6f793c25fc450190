"""classifiers/profanity.py: the packaged alt-profanity-check model (no download, no network)."""

from __future__ import annotations

from importlib.metadata import version

import pytest

from classifiers.profanity import ProfanityScorer


@pytest.fixture(scope="module")
def scorer() -> ProfanityScorer:
    scorer = ProfanityScorer()
    scorer.load()
    return scorer


@pytest.mark.parametrize(
    ("text", "profane"),
    [
        pytest.param("You are a fucking idiot and a piece of shit", True, id="profane-insult-high"),
        pytest.param("Shut up you stupid bitch", True, id="short-profane-insult-high"),
        pytest.param("What a lovely nativity play", False, id="praise-low"),
        pytest.param("Communication from the school could be better this term", False, id="criticism-low"),
    ],
)
def test_scores_both_categories(scorer: ProfanityScorer, text: str, profane: bool) -> None:
    [scores] = scorer.score([text])
    assert set(scores) == {"offensive", "derogatory"}
    for value in scores.values():
        assert (value > 0.8) if profane else (value < 0.2)


def test_scores_keep_input_order(scorer: ProfanityScorer) -> None:
    scores = scorer.score(["What a lovely nativity play", "You are a fucking idiot"])
    assert scores[0]["offensive"] < 0.2 < 0.8 < scores[1]["offensive"]


def test_empty_list_gives_empty_list(scorer: ProfanityScorer) -> None:
    assert scorer.score([]) == []


def test_score_loads_the_model_when_not_loaded() -> None:
    assert len(ProfanityScorer().score(["hello"])) == 1


def test_version_is_the_installed_package_version(scorer: ProfanityScorer) -> None:
    assert scorer.version == version("alt-profanity-check")
    assert scorer.label == f"alt-profanity-check {scorer.version}"


def test_declares_the_categories_it_stands_for() -> None:
    assert ProfanityScorer.categories == ("offensive", "derogatory")
