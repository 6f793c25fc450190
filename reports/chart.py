"""The trend chart: findings per night by category over the last 30 nights, as an embedded PNG."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import DateFormatter
from matplotlib.figure import Figure

from clausewatch.records import CATEGORIES

__all__ = ["NIGHTS", "trend_counts", "trend_png"]

NIGHTS = 30
# One colour per category, distinguishable in greyscale print too (differing lightness).
_COLOURS = {"derogatory": "#e65100", "defamatory": "#6a1b9a", "threatening": "#b00020",
            "discriminatory": "#1565c0", "offensive": "#f9a825", "confidential": "#2e7d32"}


def trend_counts(raised: Iterable[tuple[datetime, list[str]]], *, last_night: date, timezone: str
                 ) -> tuple[list[date], dict[str, list[int]]]:
    """Per category, how many findings each of the last ``NIGHTS`` nights raised (school's local dates)."""
    nights = [last_night - timedelta(days=NIGHTS - 1 - i) for i in range(NIGHTS)]
    index = {night: i for i, night in enumerate(nights)}
    counts = {category: [0] * NIGHTS for category in CATEGORIES}
    zone = ZoneInfo(timezone)
    for created_at, fired in raised:
        aware = created_at if created_at.tzinfo else created_at.replace(tzinfo=UTC)  # SQLite gives naive UTC
        slot = index.get(aware.astimezone(zone).date())
        if slot is None:
            continue
        for category in fired:
            if category in counts:
                counts[category][slot] += 1
    return nights, counts


def trend_png(nights: list[date], counts: dict[str, list[int]]) -> str:
    """The chart as a ``data:image/png`` URI (Agg canvas, no display, no files)."""
    figure = Figure(figsize=(8, 2.6), dpi=110)
    axes = figure.add_subplot()
    bottom = [0] * len(nights)
    for category, values in counts.items():
        axes.bar(nights, values, bottom=bottom, color=_COLOURS.get(category, "#777"), label=category, width=0.8)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_ylabel("findings")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.tick_params(axis="x", labelrotation=45, labelsize=7)
    axes.xaxis.set_major_formatter(DateFormatter("%d %b"))
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=7, ncols=3, frameon=False, loc="upper left")
    axes.set_ylim(0, max(max(bottom, default=0), 1) * 1.5)
    figure.tight_layout()
    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_png(buffer)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")

