"""The trend chart: findings per night by category over the last 30 nights, as an embedded PNG.

Drawing it is the dearest part of a report (matplotlib), and most nights it shows what it showed last time (a
re-run, a night with nothing new, a reviewer's decision between runs): ``cached_trend_png`` keeps the last PNG
per school beside its reports, keyed by a digest of the chart's data and of this module, and draws only on a
change.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import threading
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from clausewatch.records import CATEGORIES

__all__ = ["CACHE_NAME", "NIGHTS", "cached_trend_png", "chart_digest", "trend_counts", "trend_png"]

NIGHTS = 30
CACHE_NAME = ".trend-chart.json"  # one per school folder: the last chart drawn and its digest
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
    # Imported here: a night whose chart comes from the cache never pays for importing matplotlib.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import DateFormatter
    from matplotlib.figure import Figure

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



@cache
def _drawing_version() -> str:
    """This module's own bytes: a change to how the chart is drawn is a new cache key."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def chart_digest(nights: list[date], counts: dict[str, list[int]]) -> str:
    """A digest of everything the chart shows (its nights and its counts) and of how it is drawn."""
    data = {"nights": [n.isoformat() for n in nights], "counts": counts, "drawing": _drawing_version()}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()


def cached_trend_png(nights: list[date], counts: dict[str, list[int]], folder: Path) -> str:
    """``trend_png``, drawn only when its digest differs from the last chart kept in ``folder``."""
    digest, path = chart_digest(nights, counts), folder / CACHE_NAME
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = None  # none yet, or unreadable: draw it
    if isinstance(kept, dict) and kept.get("digest") == digest and isinstance(kept.get("png"), str):
        return str(kept["png"])
    png = trend_png(nights, counts)
    folder.mkdir(parents=True, exist_ok=True)
    # Written aside and moved into place whole, so a reader (another school's thread, another run) never sees half.
    partial = path.with_name(f"{CACHE_NAME}.{os.getpid()}-{threading.get_ident()}.part")
    partial.write_text(json.dumps({"digest": digest, "png": png}), encoding="utf-8")
    partial.replace(path)
    return png
