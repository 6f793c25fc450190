"""Handing a school's open run and its fetched batches to its nightly subflow, in memory and only once."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from clausewatch.errors import RateLimited
from clausewatch.records import Batch
from flows.handover import Fetched, Night, handed_over, take_over

SINCE = datetime(2026, 11, 1, tzinfo=UTC)


def _night(since: datetime | None = None) -> Night:
    ctx: Any = SimpleNamespace(since=since)  # take_over reads only the run's ``since``
    return Night("schools/llandough.toml", ctx)


def test_the_flow_takes_over_the_night_handed_to_it_once_and_only_for_the_same_parameters() -> None:
    night = _night(SINCE)
    assert take_over("schools/llandough.toml", None, SINCE) is None  # nothing handed over: fetch for itself

    with handed_over(night):
        assert take_over("schools/other.toml", None, SINCE) is None
        assert take_over("schools/llandough.toml", ["reddit"], SINCE) is None
        assert take_over("schools/llandough.toml", None, None) is None
        assert take_over("schools/llandough.toml", None, SINCE) is night
        assert take_over("schools/llandough.toml", None, SINCE) is None  # a second flow fetches for itself

    assert take_over("schools/llandough.toml", None, SINCE) is None


def test_a_fetch_is_taken_as_its_cursor_and_batch_and_a_failed_one_raises_its_error_again() -> None:
    batch = Batch(posts=[], next_cursor="t3_newest")
    assert Fetched("t3_older", batch).take() == ("t3_older", batch)

    with pytest.raises(RateLimited, match="slow down"):
        Fetched("t3_older", error=RateLimited("slow down", retry_after=0)).take()
