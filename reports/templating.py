"""The one Jinja2 environment for every page clausewatch renders; autoescape is always on."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

__all__ = ["environment", "finding_link", "render", "safe_link"]

TEMPLATES = Path(__file__).parent / "templates"


def safe_link(url: str | None) -> str | None:
    """Only web links become clickable: a ``javascript:`` or ``data:`` URL in a post stays text."""
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None


def finding_link(review_url: str, finding_id: int) -> str:
    """Where a finding opens in the review pages (the one place that knows their URL pattern)."""
    return f"{review_url.rstrip('/')}/findings/{finding_id}"


@cache
def environment() -> Environment:
    """The shared environment (autoescape on for every template, even .txt)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_link"] = safe_link
    return env


def render(template: str, context: dict[str, Any]) -> str:
    """Render one template with a prepared context."""
    return environment().get_template(template).render(context)
