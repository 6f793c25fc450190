"""Connectors: one module per source, each turning what a platform gives into ``Post`` records.

A connector knows nothing of classifiers, clauses or storage. ``plan`` turns a profile and the
command line into the list of sources a run collects from.
"""

from __future__ import annotations

from connectors.base import SourceSpec, plan

__all__ = ["SourceSpec", "plan"]
