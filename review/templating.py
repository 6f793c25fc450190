"""The review pages' Jinja2 environment: autoescape always on, so post text can only ever be text."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from reports.templating import safe_link

__all__ = ["environment", "render"]

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    """The environment every review page renders with (the same filters as the report's)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["safe_link"] = safe_link
    return env


def render(name: str, context: dict[str, Any]) -> str:
    """One page as HTML."""
    return environment().get_template(name).render(**context)
