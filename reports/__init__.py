"""Reports: what people read after a run. Templates display prepared views; they never compute."""

from __future__ import annotations

from reports.html import REPORT_NAME, render_report, write_report

__all__ = ["REPORT_NAME", "render_report", "write_report"]
