"""reports/html.py and reports/templating.py: hostile post text is shown, never run."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pytest

from clausewatch.records import SourceResult
from reports.html import render_report, write_report
from reports.templating import environment, safe_link

HOSTILE_TEXT = "<script>alert(1)</script><img src=x onerror=alert(2)>"
GENERATED = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)


class _Tags(HTMLParser):
    """Every start tag and attribute the browser would see."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _view(**changes: Any) -> dict[str, Any]:
    view = {
        "finding_id": 12, "platform": "reddit", "post_id": "t3_x", "url": "javascript:alert(3)",
        "created_at": "2026-11-20T18:00:00+00:00", "author": "author-0123456789", "author_is_staff": False,
        "title": "<b>title</b>", "text": HOSTILE_TEXT,
        "targets": [{"name": "Llandough Primary School", "role": "school"}],
        "clauses": ["4", "11"], "categories": {"derogatory": 0.91, "offensive": 0.4}, "severity": "high",
        "status": "needs-review", "rationale": "About Llandough Primary School (school). a person decides.",
        "model": "alt-profanity-check 1.9.1",
    }
    return {**view, **changes}


def _render(findings: list[dict[str, Any]], sources: list[SourceResult] | None = None) -> str:
    return render_report(school="Llandough <Primary> School", run_id=3, generated_at=GENERATED,
                         sources=sources or [SourceResult("file:posts.jsonl", fetched=2, kept=1, new=1)],
                         scorers=["alt-profanity-check 1.9.1"], findings=findings)


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_hostile_text_is_escaped() -> None:
    html = _render([_view()])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;b&gt;title&lt;/b&gt;" in html
    assert "Llandough &lt;Primary&gt; School" in html


def test_hostile_text_makes_no_script_tag_or_event_attribute() -> None:
    tags = _tags(_render([_view()]))
    assert "script" not in {tag for tag, _ in tags}
    assert "img" not in {tag for tag, _ in tags}
    assert not [attrs for _, attrs in tags if any(name.startswith("on") for name in attrs)]


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        pytest.param("javascript:alert(3)", False, id="javascript-url-not-linked"),
        pytest.param("JavaScript:alert(3)", False, id="mixed-case-javascript-not-linked"),
        pytest.param("data:text/html,<script>alert(4)</script>", False, id="data-url-not-linked"),
        pytest.param("https://www.reddit.com/r/Penarth/comments/x/", True, id="https-url-linked"),
        pytest.param("http://example.test/post", True, id="http-url-linked"),
    ],
)
def test_only_web_links_become_hrefs(url: str, linked: bool) -> None:
    html = _render([_view(url=url)])
    hrefs = [attrs.get("href") for tag, attrs in _tags(html) if tag == "a"]
    assert hrefs == ([url] if linked else [])
    assert 'href="javascript:' not in html.lower()


@pytest.mark.parametrize(
    ("url", "link"),
    [("https://x.test", "https://x.test"), ("javascript:alert(1)", None), ("", None), (None, None),
     ("ftp://x.test", None)],
)
def test_safe_link(url: str | None, link: str | None) -> None:
    assert safe_link(url) == link


def test_failed_source_error_is_shown() -> None:
    sources = [SourceResult("file:posts.jsonl", fetched=2, kept=1, new=1),
               SourceResult("reddit", error="credentials rejected (401)"),
               SourceResult("bluesky", skipped="no connector for this platform in this version")]
    html = _render([], sources)
    assert "failed: credentials rejected (401)" in html
    assert "skipped: no connector for this platform in this version" in html
    assert 'class="failed"' in html


def test_a_person_decides_notice_is_present() -> None:
    for findings in ([], [_view()]):
        assert "A person decides." in _render(findings)


def test_only_findings_needing_review_are_listed() -> None:
    html = _render([_view(finding_id=1), _view(finding_id=2, status="confirmed")])
    assert "#1 · HIGH" in html
    assert "#2 · HIGH" not in html
    assert "1 new finding needing review" in html


def test_no_findings_says_so() -> None:
    assert "No new findings tonight." in _render([])


def test_scores_shown_in_words_and_clause_text() -> None:
    html = _render([_view()])
    assert "very likely derogatory (0.91)" in html
    assert "Clause 11, Gross misconduct" in html


def test_write_report_writes_under_school_folder(tmp_path: Any) -> None:
    path = write_report(tmp_path, school_slug="llandough-primary-school", run_id=3, generated_at=GENERATED,
                        school="Llandough", sources=[], scorers=[], findings=[_view()])
    assert path == tmp_path / "llandough-primary-school" / "2026-11-21-run3.html"
    assert "&lt;script&gt;" in path.read_text(encoding="utf-8")


def test_environment_autoescape_is_on() -> None:
    env = environment()
    assert env.autoescape
    assert callable(env.autoescape)
    for name in ("x.html", "x.txt", "x.xml", None):
        assert env.autoescape(name) is True
    assert env.from_string("{{ v }}").render(v="<b>") == "&lt;b&gt;"
