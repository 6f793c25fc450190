"""classifiers/explain.py: the words that carried each fired category, and the one assessment path."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from classifiers.base import CategoryScores, Scorer
from classifiers.confidential import ConfidentialScorer
from classifiers.explain import MAX_WORDS, Explainer, ToAssess, assess_all
from classifiers.profanity import ProfanityScorer
from clausewatch.profile import Profile, load_profile
from clausewatch.records import Target

STAFF = Target("Eleri Vaughan", "staff")
PUPIL = Target("Dylan Hughes", "pupil")


class PhraseScorer(Scorer):
    """Scores a category high exactly when the text holds its phrase (counts its calls and texts)."""

    name = "phrase"
    categories = ("threatening", "derogatory")
    phrases = {"threatening": "know where you live", "derogatory": "useless"}

    def __init__(self) -> None:
        self.calls: list[int] = []

    @property
    def version(self) -> str:
        """Fixed."""
        return "1"

    def load(self) -> None:
        """Nothing to load."""

    def score(self, texts: Sequence[str]) -> list[CategoryScores]:
        """0.95 with the phrase, 0.05 without."""
        self.calls.append(len(texts))
        return [{c: 0.95 if p in t.casefold() else 0.05 for c, p in self.phrases.items()} for t in texts]


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile()


def test_occlusion_finds_the_phrase_in_a_long_post(profile: Profile) -> None:
    text = ("Lovely concert at Llandough Primary last night, well done all. Mrs Vaughan, I know where you live "
            "and one of these days you will find out what happens. Anyway, see you at the fair on Saturday.")
    carried = Explainer([PhraseScorer()], profile).explain([(text, ["threatening"])])[0]["threatening"]
    assert "know where you live" in carried.words
    assert len(carried.words.split()) <= MAX_WORDS
    assert carried.quoted and carried.method == "occlusion" and carried.score == 0.95
    assert carried.display == f"“{carried.words}”"


def test_every_finding_is_explained_in_two_score_calls(profile: Profile) -> None:
    scorer = PhraseScorer()
    posts = [(f"Post {n} about Llandough Primary. Mrs Vaughan is useless. I know where you live, {n}.",
              ["threatening", "derogatory"]) for n in range(20)]
    found = Explainer([scorer], profile).explain(posts)
    assert len(scorer.calls) == 2  # the sentences of all 20 posts, then their windows: one batch each
    assert all(f["derogatory"].words == "Mrs Vaughan is useless" for f in found)
    assert all("know where you live" in f["threatening"].words for f in found)


def test_a_short_post_is_quoted_whole(profile: Profile) -> None:
    carried = Explainer([PhraseScorer()], profile).explain([("so useless!", ["derogatory"])])[0]
    assert carried["derogatory"].words == "so useless"


def test_a_category_no_scorer_covers_is_left_out(profile: Profile) -> None:
    assert Explainer([PhraseScorer()], profile).explain([("anything at all", ["offensive"])]) == [{}]


def test_the_profane_word_carries_offensive(profile: Profile) -> None:
    text = "Llandough Primary sports day was fine. The new caretaker is a useless shit though."
    carried = Explainer([ProfanityScorer()], profile).explain([(text, ["offensive"])])[0]["offensive"]
    assert "shit" in carried.words and "sports day" not in carried.words


def test_confidential_names_the_person_beside_the_topic(profile: Profile) -> None:
    text = "Dylan Hughes in Year 5 at Llandough Primary has been excluded for 5 days for hitting a dinner lady."
    carried = Explainer([ConfidentialScorer()], profile).explain([(text, ["confidential"])])[0]["confidential"]
    assert carried.method == "rule" and not carried.quoted
    assert carried.words == "“Dylan Hughes” beside “excluded”"


def test_confidential_names_the_kind_of_personal_data_never_the_data(profile: Profile) -> None:
    text = "Councillor Jenkins lives at 14 Heol y Coed, Llandough. Llandough Primary parents should pay a visit."
    carried = Explainer([ConfidentialScorer()], profile).explain([(text, ["confidential"])])[0]["confidential"]
    assert carried.words == "a home address"
    assert "Heol" not in carried.display and "14" not in carried.display


def test_bank_details_are_named_never_repeated(profile: Profile) -> None:
    text = "Councillor Jenkins's sort code is 00-00-11, it was on the Llandough Primary PTA form."
    carried = Explainer([ConfidentialScorer()], profile).explain([(text, ["confidential"])])[0]["confidential"]
    assert carried.words == "bank details"
    assert "00-00" not in carried.display


def test_doxxing_names_the_kind_of_data_and_the_push(profile: Profile) -> None:
    text = "Councillor Jenkins lives at 14 Heol y Coed, Llandough. Llandough Primary parents should pay a visit."
    explained = Explainer([ConfidentialScorer()], profile).explain([(text, ["threatening"])])[0]
    assert explained["threatening"].method == "rule"
    assert explained["threatening"].display == "a home address with “pay a visit”"


def test_without_doxxing_threatening_is_left_to_the_models(profile: Profile) -> None:
    text = "I know where you live, Mrs Vaughan. Llandough Primary."
    explained = Explainer([ConfidentialScorer(), PhraseScorer()], profile).explain([(text, ["threatening"])])[0]
    assert explained["threatening"].method == "occlusion"


def test_assess_all_puts_the_carrying_words_in_the_rationale(profile: Profile) -> None:
    items = [
        ToAssess("Mrs Vaughan, I know where you live.", {"threatening": 0.95}, [STAFF]),
        ToAssess("Nice assembly today.", {"threatening": 0.05}, [STAFF]),
        ToAssess("Dylan Hughes has been excluded again.", {"confidential": 0.9}, [PUPIL], author_is_staff=True),
    ]
    first, second, third = assess_all(items, profile, [PhraseScorer(), ConfidentialScorer()])
    assert first is not None and second is None and third is not None
    assert "Very likely threatening about Eleri Vaughan (staff), carried by “" in first.rationale
    assert "know where you live" in first.rationale and first.rationale.endswith("a person decides.")
    assert third.rationale == ("Very likely confidential about Dylan Hughes (pupil), carried by “Dylan Hughes” "
                               "beside “excluded”; posted from a declared staff account; clause 3 may apply; "
                               "a person decides.")


def test_assess_all_scores_nothing_when_nothing_is_found(profile: Profile) -> None:
    scorer = PhraseScorer()
    assert assess_all([ToAssess("Nice assembly.", {"threatening": 0.1}, [STAFF])], profile, [scorer]) == [None]
    assert scorer.calls == []
