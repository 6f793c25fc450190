"""reports/artifacts.py: keys Prefect accepts, counts and the report link in markdown, markup in names defused."""

from __future__ import annotations

import re

from clausewatch.records import SourceResult
from reports.artifacts import artifact_key, summary_markdown
from reports.html import at_a_glance

GLANCE = at_a_glance([{"severity": "high", "clauses": ["3"]}])


def test_keys_are_lowercase_letters_digits_and_dashes() -> None:
    for slug in ("llandough-primary-school", "St_Brynach's--CiW", "ysgol-2"):
        key = artifact_key(slug, "summary")
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key), key


def test_markdown_summary_escapes_what_it_is_given() -> None:
    markdown = summary_markdown(school="S", run_id=4, glance=GLANCE, scorers=["a 1"], emails=[],
                                sources=[SourceResult("rss", error="bad <img src=x> [x](javascript:y)")],
                                evidence_head="ab" * 32, report_link="https://r.example/s/x y>(z).html")
    assert "| high | 1 | 0 | 0 | 1 |" in markdown
    assert "[Open the triage report](<https://r.example/s/x y%3E(z).html>)" in markdown
    assert "**1** new findings needing review: 0 urgent, 1 high, 0 medium, 0 low." in markdown
    assert "\\<img src=x\\>" in markdown and "\\[x\\]\\(javascript:y\\)" in markdown
    assert "- none tried" in markdown and f"`{'ab' * 32}`" in markdown
