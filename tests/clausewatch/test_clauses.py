"""clausewatch/clauses.py: category scores and targets to clauses, severity and a one-sentence rationale."""

from __future__ import annotations

import pytest

from classifiers.language import Unread
from clausewatch.clauses import assess, clauses_for, describe_score, scores_in_words, severity_rank
from clausewatch.profile import Profile, Threshold, load_profile
from clausewatch.records import Target

SCHOOL = Target("Llandough Primary School", "school")
STAFF = Target("Sian Pritchard", "staff")
GOVERNOR = Target("Huw Jenkins", "governor")
PUPIL = Target("Dylan Hughes", "pupil")
PARENT = Target("Rhian Hughes", "parent")


@pytest.fixture(scope="module")
def profile() -> Profile:
    # Fixed bands (the example profile's are recalibrated as the scorers change): derogatory 0.5/0.85,
    # offensive 0.5/0.9, threatening 0.4/0.7, the others 0.5/0.8 (the defaults).
    bands = {"derogatory": Threshold(review=0.5, priority=0.85), "offensive": Threshold(review=0.5, priority=0.9),
             "threatening": Threshold(review=0.4, priority=0.7)}
    return load_profile().model_copy(update={"thresholds": bands})


@pytest.mark.parametrize(
    ("scores", "targets"),
    [
        pytest.param({"derogatory": 0.49, "offensive": 0.1}, [SCHOOL], id="just-below-review"),
        pytest.param({"threatening": 0.39}, [STAFF], id="threatening-below-its-lower-review"),
        pytest.param({"confidential": 0.49}, [PUPIL], id="confidential-below-review-even-with-pupil"),
        pytest.param({}, [SCHOOL], id="no-scores"),
    ],
)
def test_assess_returns_none_below_review(profile: Profile, scores: dict[str, float],
                                          targets: list[Target]) -> None:
    assert assess(scores, targets, profile) is None


@pytest.mark.parametrize(
    ("scores", "targets", "clauses", "severity"),
    [
        pytest.param({"derogatory": 0.5}, [SCHOOL], ["4", "11"], "medium", id="derogatory-at-review-fires"),
        pytest.param({"threatening": 0.4}, [STAFF], ["4", "11"], "medium", id="threatening-at-its-lower-review"),
        pytest.param({"offensive": 0.6}, [SCHOOL], ["4"], "low", id="offensive-about-school-clause-4-low"),
        pytest.param({"offensive": 0.6}, [GOVERNOR], ["4"], "low", id="offensive-is-disrepute-whoever-named"),
        pytest.param({"offensive": 0.95}, [SCHOOL], ["4"], "medium", id="offensive-at-priority-only-medium"),
        pytest.param({"derogatory": 0.6}, [STAFF], ["4", "11"], "medium", id="derogatory-staff-4-and-11"),
        pytest.param({"derogatory": 0.6}, [SCHOOL], ["4", "11"], "medium", id="derogatory-school-4-and-11"),
        pytest.param({"derogatory": 0.6}, [GOVERNOR], ["11"], "medium", id="derogatory-governor-11-not-4"),
        pytest.param({"defamatory": 0.6}, [STAFF], ["4", "11"], "medium", id="defamatory-staff-4-and-11"),
        pytest.param({"discriminatory": 0.6}, [PARENT], ["11"], "medium", id="discriminatory-parent-11"),
        pytest.param({"derogatory": 0.9}, [PARENT], ["11"], "high", id="derogatory-parent-at-priority-11-high"),
        pytest.param({"confidential": 0.6}, [SCHOOL], ["3"], "medium", id="confidential-clause-3"),
        pytest.param({"confidential": 0.6}, [GOVERNOR], ["3"], "medium", id="confidential-any-target-3"),
        pytest.param({"confidential": 0.6, "derogatory": 0.6}, [STAFF], ["3", "4", "11"], "medium",
                     id="confidential-and-derogatory-3-4-11"),
        pytest.param({"threatening": 0.5}, [STAFF], ["4", "11"], "medium", id="threatening-below-priority-medium"),
        pytest.param({"defamatory": 0.8}, [STAFF], ["4", "11"], "high", id="defamatory-at-priority-high"),
        pytest.param({"confidential": 0.8}, [STAFF], ["3"], "high", id="confidential-at-priority-high"),
        pytest.param({"derogatory": 0.84, "offensive": 0.95}, [STAFF], ["4", "11"], "medium",
                     id="offensive-priority-does-not-lift-derogatory-to-high"),
        pytest.param({"threatening": 0.7}, [STAFF], ["4", "11"], "urgent", id="threatening-at-priority-urgent"),
        pytest.param({"threatening": 0.95}, [GOVERNOR], ["11"], "urgent", id="threatening-governor-urgent"),
        pytest.param({"offensive": 0.6}, [SCHOOL, PUPIL], ["4"], "high", id="pupil-named-offensive-high"),
        pytest.param({"confidential": 0.55}, [SCHOOL, PUPIL], ["3"], "high", id="pupil-named-confidential-high"),
        pytest.param({"derogatory": 0.5}, [PUPIL], ["4", "11"], "high", id="pupil-named-derogatory-high"),
    ],
)
def test_assess_clauses_and_severity(profile: Profile, scores: dict[str, float], targets: list[Target],
                                     clauses: list[str], severity: str) -> None:
    result = assess(scores, targets, profile)
    assert result is not None
    assert result.clauses == clauses
    assert result.severity == severity
    assert result.categories == scores


def test_assess_fired_lists_only_categories_at_review(profile: Profile) -> None:
    result = assess({"derogatory": 0.6, "offensive": 0.3, "threatening": 0.4}, [STAFF], profile)
    assert result is not None
    assert result.fired == ["derogatory", "threatening"]


def test_rationale_is_one_sentence_naming_category_targets_and_clauses(profile: Profile) -> None:
    result = assess({"derogatory": 0.72}, [SCHOOL, STAFF], profile)
    assert result is not None
    assert result.rationale == ("Likely derogatory about Sian Pritchard (staff) and Llandough Primary School (school); "
                                "clauses 4 and 11 may apply; a person decides.")


def test_rationale_names_the_words_that_carried_it(profile: Profile) -> None:
    result = assess({"threatening": 0.91}, [STAFF], profile, carried={"threatening": "“know where you live”"})
    assert result is not None
    assert result.rationale == ("Very likely threatening about Sian Pritchard (staff), carried by “know where you "
                                "live”; clauses 4 and 11 may apply; a person decides.")


def test_rationale_says_which_words_carried_which_category(profile: Profile) -> None:
    scores = {"derogatory": 0.6, "threatening": 0.95, "offensive": 0.7}
    carried = {"derogatory": "“useless”", "threatening": "“get hurt”", "offensive": "“useless”"}
    result = assess(scores, [STAFF], profile, carried=carried)
    assert result is not None
    assert result.rationale.startswith("Very likely threatening, likely offensive and possibly derogatory about "
                                       "Sian Pritchard (staff), carried by “get hurt” (threatening) and “useless” "
                                       "(offensive, derogatory); clauses 4 and 11 may apply")


def test_rationale_calls_a_category_under_0_5_but_over_its_band_possible(profile: Profile) -> None:
    result = assess({"threatening": 0.42}, [STAFF], profile)
    assert result is not None
    assert result.rationale.startswith("Possibly threatening about")


def test_rationale_says_when_the_author_is_declared_staff(profile: Profile) -> None:
    result = assess({"derogatory": 0.72}, [SCHOOL], profile, author_is_staff=True)
    assert result is not None
    assert "; posted from a declared staff account; clause" in result.rationale


def test_rationale_names_at_most_three_targets_people_first(profile: Profile) -> None:
    result = assess({"derogatory": 0.72}, [SCHOOL, STAFF, GOVERNOR, PUPIL, PARENT], profile)
    assert result is not None
    assert "about Sian Pritchard (staff), Huw Jenkins (governor), Dylan Hughes (pupil) and 2 more;" in result.rationale


@pytest.mark.parametrize(
    ("categories", "targets", "clauses"),
    [
        pytest.param(["derogatory"], [GOVERNOR], ["11"], id="governor-11"),
        pytest.param(["offensive"], [], ["4"], id="offensive-disrepute"),
        pytest.param(["confidential"], [], ["3"], id="confidential"),
        pytest.param([], [STAFF], [], id="nothing"),
    ],
)
def test_clauses_for_is_the_rule_assess_uses(categories: list[str], targets: list[Target],
                                             clauses: list[str]) -> None:
    assert clauses_for(categories, targets) == clauses


@pytest.mark.parametrize(
    ("score", "words"),
    [
        pytest.param(0.0, "unlikely to be derogatory", id="zero"),
        pytest.param(0.4999, "unlikely to be derogatory", id="just-below-0.5"),
        pytest.param(0.5, "possibly derogatory", id="at-0.5"),
        pytest.param(0.6999, "possibly derogatory", id="just-below-0.7"),
        pytest.param(0.7, "likely derogatory", id="at-0.7"),
        pytest.param(0.8999, "likely derogatory", id="just-below-0.9"),
        pytest.param(0.9, "very likely derogatory", id="at-0.9"),
        pytest.param(1.0, "very likely derogatory", id="one"),
    ],
)
def test_describe_score_boundaries(score: float, words: str) -> None:
    assert describe_score("derogatory", score) == words


@pytest.mark.parametrize(
    ("severity", "rank"),
    [("urgent", 0), ("high", 1), ("medium", 2), ("low", 3), ("", 4), ("unknown", 4)],
)
def test_severity_rank_puts_urgent_first_and_unknown_last(severity: str, rank: int) -> None:
    assert severity_rank(severity) == rank


def test_a_threat_guessed_by_a_model_that_does_not_read_the_language_is_high_not_urgent(profile: Profile) -> None:
    unread = Unread("Welsh", {"threatening": 0.0})  # only the rules read Welsh, and they found nothing
    result = assess({"threatening": 0.95, "derogatory": 0.9}, [STAFF], profile, unread=unread)
    assert result is not None
    assert result.severity == "high"
    assert result.fired == ["threatening", "derogatory"]  # still brought to a person
    assert result.rationale.endswith("; written in Welsh, which the models do not read: the threatening and "
                                     "derogatory scores are guesses; clauses 4 and 11 may apply; a person decides.")
    assert (result.guessed, result.language) == (["threatening", "derogatory"], "Welsh")


def test_a_guessed_category_other_than_threat_is_at_most_medium(profile: Profile) -> None:
    result = assess({"derogatory": 0.95}, [STAFF], profile, unread=Unread("Welsh", {}))
    assert result is not None and result.severity == "medium"


def test_a_reader_of_the_language_keeps_its_priority(profile: Profile) -> None:
    # The rules read any language: a doxxing threat they score stays urgent in a Welsh post.
    result = assess({"threatening": 0.95}, [STAFF], profile, unread=Unread("Welsh", {"threatening": 0.95}))
    assert result is not None
    assert result.severity == "urgent" and "Welsh" not in result.rationale
    assert (result.guessed, result.language) == ([], None)


def test_scores_in_words_say_which_are_guesses() -> None:
    words = scores_in_words({"derogatory": 0.55, "threatening": 0.94}, ["threatening"], "Welsh")
    assert words == ["very likely threatening (0.94, a guess: written in Welsh)", "possibly derogatory (0.55)"]
