"""The measured schools: which groups exist, and each labelled post read beside a neutral one."""

from classifiers.evaluation import HARD_NEGATIVE_KINDS
from classifiers.training.measured import BLIND, in_context, schools


def test_each_group_comes_only_when_asked():
    assert {s.group for s in schools("comparison")} == {"comparison", "welsh"}
    assert {s.group for s in schools("dev")} == {"dev"}
    assert len(list(schools("blind"))) == len(BLIND) > 0


def test_every_school_has_labelled_posts_hard_negatives_and_neutral_neighbours():
    for school in schools("dev", "comparison"):
        assert school.truth.shape == (len(school.texts), 5)
        assert school.truth.any() and school.hard_negative.any() and school.neutral, school.name
        assert not (school.truth.any(axis=1) & school.hard_negative).any()
        assert len(school.kinds) == len(school.texts)
        assert {school.kinds[i] for i in school.hard_negative.nonzero()[0]} <= HARD_NEGATIVE_KINDS


def test_in_context_puts_each_labelled_post_after_a_neutral_one_the_same_way_every_run():
    school = next(schools("comparison"))
    assert school.group == "comparison"
    texts, truth = in_context(school)
    labelled = [t for t, row in zip(school.texts, school.truth, strict=True) if row.any()]
    assert len(texts) == len(labelled) == len(truth)
    assert all(text.endswith(" " + post) for text, post in zip(texts, labelled, strict=True))
    assert all(text[: -len(post) - 1] in school.neutral for text, post in zip(texts, labelled, strict=True))
    assert in_context(school)[0] == texts
