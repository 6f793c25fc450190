"""reports/chart.py: the 30-night trend, counted on the school's local dates, drawn without a display."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reports import chart
from reports.chart import CACHE_NAME, NIGHTS, cached_trend_png, chart_digest, trend_counts, trend_png


def test_counts_each_fired_category_on_its_local_night() -> None:
    raised = [
        (datetime(2026, 11, 20, 23, 30, tzinfo=UTC), ["derogatory", "threatening"]),
        (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), ["derogatory"]),  # outside the 30 nights
        (datetime(2026, 11, 21, 1, 0), ["offensive"]),  # naive, as SQLite returns it: UTC
    ]
    nights, counts = trend_counts(raised, last_night=date(2026, 11, 21), timezone="Europe/London")
    assert len(nights) == NIGHTS and nights[-1] == date(2026, 11, 21)
    assert counts["derogatory"][-2] == 1 and counts["threatening"][-2] == 1
    assert counts["offensive"][-1] == 1 and sum(counts["derogatory"]) == 1


def test_british_summer_time_moves_a_late_finding_to_the_next_night() -> None:
    _, counts = trend_counts([(datetime(2026, 7, 1, 23, 30, tzinfo=UTC), ["offensive"])],
                             last_night=date(2026, 7, 2), timezone="Europe/London")
    assert counts["offensive"][-1] == 1


def test_the_chart_is_a_png_data_uri() -> None:
    nights, counts = trend_counts([], last_night=date(2026, 11, 21), timezone="Europe/London")
    uri = trend_png(nights, counts)
    assert uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_cached_chart_is_drawn_once_per_digest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nights, counts = trend_counts([(datetime(2026, 11, 20, 12, tzinfo=UTC), ["derogatory"])],
                                  last_night=date(2026, 11, 21), timezone="Europe/London")
    drawn: list[int] = []
    real = chart.trend_png
    monkeypatch.setattr(chart, "trend_png", lambda n, c: drawn.append(1) or real(n, c))

    first = cached_trend_png(nights, counts, tmp_path)
    again = cached_trend_png(nights, counts, tmp_path)
    counts["offensive"][-1] = 1
    changed = cached_trend_png(nights, counts, tmp_path)

    assert first == again == real(nights, {**counts, "offensive": [0] * NIGHTS}) and changed != first
    assert len(drawn) == 2 and [p.name for p in tmp_path.iterdir()] == [CACHE_NAME]


def test_the_chart_digest_covers_the_nights_too() -> None:
    nights, counts = trend_counts([], last_night=date(2026, 11, 21), timezone="Europe/London")
    later, _ = trend_counts([], last_night=date(2026, 11, 22), timezone="Europe/London")
    assert chart_digest(nights, counts) != chart_digest(later, counts)


@pytest.mark.parametrize("kept", ["not json", '{"digest": 1}', "[]"])
def test_an_unreadable_cached_chart_is_drawn_again(tmp_path: Path, kept: str) -> None:
    nights, counts = trend_counts([], last_night=date(2026, 11, 21), timezone="Europe/London")
    (tmp_path / CACHE_NAME).write_text(kept, encoding="utf-8")
    assert cached_trend_png(nights, counts, tmp_path) == trend_png(nights, counts)
