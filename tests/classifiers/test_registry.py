"""classifiers/registry.py: scorers by name, loaded once; unknown names are an input error."""

from __future__ import annotations

import pytest

from classifiers.profanity import ProfanityScorer
from classifiers.registry import SCORERS, load_scorers
from clausewatch.errors import InputError


def test_profanity_is_registered() -> None:
    assert SCORERS["profanity"] is ProfanityScorer


def test_load_scorers_returns_loaded_instances() -> None:
    [scorer] = load_scorers(["profanity"])
    assert isinstance(scorer, ProfanityScorer)
    assert scorer.score(["What a lovely nativity play"])[0]["offensive"] < 0.2


def test_load_scorers_empty_gives_none() -> None:
    assert load_scorers([]) == []


@pytest.mark.parametrize(
    "names",
    [
        pytest.param(["nope"], id="unknown-alone"),
        pytest.param(["profanity", "nope"], id="unknown-after-known"),
        pytest.param(["Profanity"], id="wrong-case"),
    ],
)
def test_unknown_scorer_raises_input_error(names: list[str]) -> None:
    with pytest.raises(InputError, match="unknown scorer") as caught:
        load_scorers(names)
    assert "profanity" in str(caught.value)
