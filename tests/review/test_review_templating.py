"""The review pages' Jinja2 environment escapes everything."""

from __future__ import annotations

import re

from review.templating import TEMPLATES, environment


def test_autoescape_is_on_for_every_template() -> None:
    env = environment()
    assert env.autoescape is True
    rendered = env.from_string("{{ text }}").render(text="<script>alert(1)</script>")
    assert rendered == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_templates_display_and_never_query() -> None:
    for template in TEMPLATES.glob("*.html"):
        source = template.read_text(encoding="utf-8")
        assert "session" not in source and "query" not in source, template.name
        assert not re.search(r"\|\s*safe\b", source), f"{template.name} marks something safe"
