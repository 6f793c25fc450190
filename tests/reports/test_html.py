"""reports/html.py and reports/templating.py (tests/review has its own test_templating.py): hostile post text
is shown, never run; one environment; templates display, never query."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pytest

from clausewatch.records import SourceResult
from reports.html import Links, at_a_glance, render_report, write_report
from reports.templating import TEMPLATES, environment, finding_link, render, safe_link

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
        "model": "alt-profanity-check 1.9.1", "guessed": [], "language": None,
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
    review = ["http://127.0.0.1:8000/findings/12", "http://127.0.0.1:8000"]  # the review pages, always
    assert sorted(hrefs) == sorted(([url] if linked else []) + review)
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
    assert 'id="finding-1"' in html
    assert 'id="finding-2"' not in html
    assert "1 new finding needing review" in html


def test_no_findings_says_so() -> None:
    assert "No new findings tonight." in _render([])


def test_scores_shown_in_words_and_clause_text() -> None:
    html = _render([_view()])
    assert "very likely derogatory (0.91)" in html
    assert "Clause 11, Gross misconduct" in html


def test_a_guessed_score_says_so_on_the_card() -> None:
    html = _render([_view(guessed=["derogatory"], language="Welsh")])
    assert "very likely derogatory (0.91, a guess: written in Welsh)" in html
    assert "unlikely to be offensive (0.40)" in html


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


def test_findings_are_grouped_under_their_first_clause_in_clause_order() -> None:
    html = _render([_view(finding_id=1, clauses=["4", "11"]), _view(finding_id=2, clauses=["3"]),
                    _view(finding_id=3, clauses=["11"])])
    headings = [line for line in html.splitlines() if line.startswith("<h3>Clause ")]
    assert [h.split(":")[0] for h in headings] == ["<h3>Clause 3", "<h3>Clause 4", "<h3>Clause 11"]
    assert html.index('id="finding-2"') < html.index('id="finding-1"') < html.index('id="finding-3"')


def test_at_a_glance_counts_by_severity_and_clause() -> None:
    glance = at_a_glance([_view(severity="urgent", clauses=["4", "11"]), _view(severity="high", clauses=["3"]),
                          _view(severity="high", clauses=["4", "11"])])
    assert glance["total"] == 3 and glance["by_clause"] == [1, 2, 2]
    assert glance["by_severity"] == {"urgent": 1, "high": 2, "medium": 0, "low": 0}
    assert glance["rows"][1] == {"severity": "high", "total": 2, "clauses": [1, 1, 1]}


def test_a_threat_shows_the_safeguarding_route_and_the_review_link() -> None:
    links = Links(review_url="https://review.example/", safeguarding="Ring the DSL <now>.")
    html = render_report(school="S", run_id=1, generated_at=GENERATED, sources=[], scorers=[], links=links,
                         findings=[_view(severity="urgent", fired=["threatening"], categories={"threatening": 0.97})])
    assert "Possible threat: safeguarding route." in html and "Ring the DSL &lt;now&gt;." in html
    assert 'href="https://review.example/findings/12"' in html and "Needs a person today" in html
    assert "very likely threatening (0.97)" in html


def test_earlier_findings_still_awaiting_review_are_listed_without_their_text() -> None:
    earlier = [_view(finding_id=7, text="older words"), _view(finding_id=8, status="confirmed")]
    html = render_report(school="S", run_id=2, generated_at=GENERATED, sources=[], scorers=[], findings=[],
                         earlier=earlier)
    assert "http://127.0.0.1:8000/findings/7" in html and "/findings/8" not in html
    assert "older words" not in html


def test_the_chart_is_embedded_as_a_data_uri_and_nothing_loads_from_outside() -> None:
    html = render_report(school="S", run_id=2, generated_at=GENERATED, sources=[], scorers=[], findings=[],
                         chart="data:image/png;base64,AAAA")
    srcs = [attrs.get("src") for tag, attrs in _tags(html) if tag == "img"]
    assert srcs == ["data:image/png;base64,AAAA"]
    assert "default-src 'none'" in html and "<link" not in html and "<script" not in html


def test_times_are_shown_in_the_schools_timezone() -> None:
    html = _render([_view(created_at="2026-07-01T17:30:00+00:00")])
    assert "Wed 01 Jul 2026, 18:30" in html  # British Summer Time


def test_every_template_extends_the_layout_or_is_plain_text() -> None:
    for path in TEMPLATES.iterdir():
        source = path.read_text(encoding="utf-8")
        if path.suffix == ".html" and path.name != "layout.html":
            assert source.startswith('{% extends "layout.html" %}'), path.name


def test_templates_never_query() -> None:
    for path in TEMPLATES.iterdir():
        source = path.read_text(encoding="utf-8")
        assert "session" not in source and "query(" not in source and "select(" not in source, path.name


def test_finding_link() -> None:
    assert finding_link("https://review.example/", 5) == "https://review.example/findings/5"
    assert finding_link("http://127.0.0.1:8000", 5) == "http://127.0.0.1:8000/findings/5"


def test_render_uses_the_shared_environment() -> None:
    html = render("alert.html", {"subject": "s", "school": "<S>", "severity": "urgent", "finding_id": 1,
                                 "platform": "reddit", "posted": "now", "clauses": ["4"], "review": "https://r/1",
                                 "safeguarding": "x"})
    assert "&lt;S&gt;" in html


@pytest.mark.parametrize(("unchanged", "says"), [({"since": 7}, "Nothing new since run 7."),
                                                 ({"since": None}, "Nothing new tonight.")])
def test_a_night_with_nothing_new_says_so(unchanged: dict[str, Any], says: str) -> None:
    html = render_report(school="Llandough Primary School", run_id=9, generated_at=GENERATED,
                         sources=[SourceResult("file:posts.jsonl")], scorers=[], findings=[],
                         earlier=[_view(finding_id=4)], unchanged=unchanged)
    assert says in html and "/findings/4" in html


def test_a_night_with_news_says_nothing_about_nothing_new() -> None:
    assert "Nothing new" not in _render([_view()])
