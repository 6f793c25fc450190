"""Prefect flows: the nightly run and its tasks."""

from __future__ import annotations

from flows.nightly import RunSummary, nightly_flow

__all__ = ["RunSummary", "nightly_flow"]
