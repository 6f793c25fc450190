"""flows/steps.py score_posts: scores are cached by (text hash, scorer version), never scored twice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import ClassVar

import pytest
from prefect import flow

from classifiers import SCORERS
from classifiers.base import CategoryScores, Scorer
from clausewatch.matching import Matcher
from clausewatch.profile import load_profile
from clausewatch.records import Post
from clausewatch.settings import get_settings
from clausewatch.storage import repository
from clausewatch.storage.db import session_scope
from flows.context import RunContext, database
from flows.steps import score_posts


class Counting(Scorer):
    """Counts the texts it is asked to score (in the class: a worker loads its own instance by name)."""

    name = "counting"
    categories = ("derogatory",)
    seen: ClassVar[list[str]] = []

    @property
    def version(self) -> str:
        return "1"

    def load(self) -> None:
        pass

    def score(self, texts: Sequence[str]) -> list[CategoryScores]:
        self.seen += texts
        return [{"derogatory": len(t) / 1000} for t in texts]


def _store(ctx: RunContext, posts: list[Post]) -> list[int]:
    with session_scope(ctx.db) as session:
        ids, _ = repository.upsert_posts(session, school=ctx.school, source="file", run_id=ctx.run_id,
                                         items=[(p, ctx.matcher.match(p)) for p in posts])
    return ids


def _post(post_id: str, text: str) -> Post:
    return Post(platform="reddit", id=post_id, created_at=datetime(2026, 11, 20, tzinfo=UTC), text=text)


def _scoring(ctx: RunContext, post_ids: list[int]) -> None:
    """score_posts submits its batches through the flow's task runner, so it runs inside a flow."""
    flow(persist_result=False)(lambda: score_posts(ctx, post_ids))()  # parameters stay out of Prefect's records


@pytest.mark.usefixtures("prefect_harness")
def test_same_words_under_another_id_are_not_scored_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(SCORERS, "counting", Counting)
    Counting.seen.clear()
    settings, profile, scorer = get_settings(), load_profile(), Counting()
    with session_scope(database(settings.resolved_database_url)) as session:
        run_id = repository.start_run(session, school=profile.school.slug, profile_sha256="x", settings={},
                                      scorers="counting 1", report="r")
    ctx = RunContext(settings, profile, [], [scorer], Matcher(profile), run_id, None)
    text = "Llandough Primary nativity was lovely"
    first = _store(ctx, [_post("a", text), _post("b", text), _post("c", "Llandough Primary: rain again")])
    _scoring(ctx, first)
    assert len(scorer.seen) == 2  # "a" and "b" share their words: scored once
    later = _store(ctx, [_post("d", "LLANDOUGH PRIMARY nativity was lovely!!")])  # same words, new id
    _scoring(ctx, first + later)
    assert len(scorer.seen) == 2
    with session_scope(ctx.db) as session:
        scores = repository.scores_for(session, post_ids=first + later, scorers=[("counting", "1")])
    assert scores[later[0]] == scores[first[0]] and set(scores[first[0]]) == {"counting"}
    assert len(scores) == 4
