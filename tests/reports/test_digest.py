"""reports/digest.py: the digest and alert emails are counts and links, built without any post."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from clausewatch.profile import load_profile
from clausewatch.settings import get_settings
from reports.digest import alert_message, alert_recipients, digest_message, report_link
from reports.html import at_a_glance


def _profile(tmp_path: Path, report: str):
    (tmp_path / "p.toml").write_text('[school]\nname = "St Mary & St John <Primary>"\n' + report)
    return load_profile(tmp_path / "p.toml")


def test_digest_subject_counts_and_links(tmp_path: Path) -> None:
    profile = _profile(tmp_path, '[report]\nrecipients = ["head@x.example"]\nreview_url = "https://r.example"\n')
    glance = at_a_glance([{"severity": "urgent", "clauses": ["4", "11"]}, {"severity": "low", "clauses": ["4"]}])
    message = digest_message(get_settings(), profile, generated_at=datetime(2026, 11, 21, 2, tzinfo=UTC),
                             glance=glance, earlier=3, failed=["reddit"], report_path=tmp_path / "r.html",
                             links=[{"id": 9, "severity": "urgent"}])
    assert message["Subject"] == ("clausewatch: St Mary & St John <Primary>, Saturday 21 November 2026: "
                                  "2 new findings (1 urgent)")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "St Mary & St John <Primary>: the night's report" in text  # plain text is not HTML-escaped
    assert "St Mary &amp; St John &lt;Primary&gt;" in html
    assert "Still awaiting review from earlier nights: 3." in text and "Sources that failed: reddit" in text
    assert "Finding #9 (urgent): https://r.example/findings/9" in text
    assert f"Report: {(tmp_path / 'r.html').resolve().as_uri()}" in text


def test_alert_goes_to_the_alert_list_or_else_the_recipients(tmp_path: Path) -> None:
    both = _profile(tmp_path, '[report]\nrecipients = ["head@x.example"]\nalert_recipients = ["dsl@x.example"]\n')
    assert alert_recipients(both) == ["dsl@x.example"]
    only = _profile(tmp_path, '[report]\nrecipients = ["head@x.example"]\n')
    message = alert_message(get_settings(), only, finding_id=4, severity="urgent", clauses=["4", "11"],
                            platform="reddit", posted=datetime(2026, 11, 20, 21, tzinfo=UTC))
    assert message["To"] == "head@x.example" and message["Importance"] == "high"
    assert "http://127.0.0.1:8000/findings/4" in message.get_body(("plain",)).get_content()


def test_report_link_uses_the_published_location_when_given(tmp_path: Path) -> None:
    profile = _profile(tmp_path, '[report]\nreport_url = "https://reports.example/cw/"\n')
    assert report_link(profile, tmp_path / "2026-11-21-run3.html") == (
        "https://reports.example/cw/st-mary-st-john-primary/2026-11-21-run3.html")
