"""The night's outputs through the real nightly flow (Prefect harness, real SMTP server on 127.0.0.1):
the threat alert and the digest, the Prefect artifacts, and the report in headless Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from report_support import ALERTS_TO, HOSTILE, NIGHT_FEED, RECIPIENTS, REVIEW_URL, Mailbox, profile_text
from sqlalchemy import select

from clausewatch.records import SourceResult
from clausewatch.settings import get_settings
from clausewatch.storage.db import open_database, session_scope
from clausewatch.storage.models import Delivery
from flows.nightly import nightly_flow
from reports.artifacts import artifact_key
from reports.night import nothing_new

pytestmark = pytest.mark.usefixtures("prefect_harness")

FEED = [json.loads(line) for line in NIGHT_FEED.read_text(encoding="utf-8").splitlines()]
SCHOOL = "llandough-primary-school"


def _bodies(message: Any) -> str:
    return "\n".join(part.get_content() for part in message.walk() if part.get_content_maintype() == "text")


def _assert_no_post_text_or_authors(text: str) -> None:
    for post in FEED:
        for fragment in (post["text"][:40], post["text"][-30:], post["author"]):
            assert fragment not in text
    assert "<script" not in text and "onerror" not in text and "alert(" not in text
    for name in ("Rees", "Llewellyn"):  # who the posts are about is not in an email either
        assert name not in text


@pytest.fixture
def night(smtp_server: Mailbox, night_profile: Path) -> tuple[Any, Mailbox]:
    return nightly_flow(str(night_profile)), smtp_server


def test_the_threat_alert_goes_first_to_its_own_recipients_with_a_link_and_no_text(night: tuple[Any, Mailbox]
                                                                                 ) -> None:
    summary, box = night
    alert = box.messages[0]
    assert box.rcpt[0] == ALERTS_TO
    finding_id = int(re.search(r"finding #(\d+)", alert["Subject"]).group(1))  # type: ignore[union-attr]
    assert alert["Subject"] == ("URGENT clausewatch alert: possible threat about Llandough Primary School "
                                f"(finding #{finding_id})")
    body = _bodies(alert)
    assert f"{REVIEW_URL}/findings/{finding_id}" in body
    assert "Phone the DSL" in body and "A person decides" in body
    _assert_no_post_text_or_authors(alert.as_string())
    assert summary.emails[0] == f"alert for finding #{finding_id}: sent to 1 recipient"


def test_the_digest_has_counts_by_severity_and_clause_and_links_only(night: tuple[Any, Mailbox]) -> None:
    summary, box = night
    digest = box.messages[1]
    assert box.rcpt[1] == RECIPIENTS and digest["To"] == ", ".join(RECIPIENTS)
    assert re.fullmatch(r"clausewatch: Llandough Primary School, \w+ \d\d \w+ \d{4}: 2 new findings \(1 urgent\)",
                        digest["Subject"])
    text = digest.get_body(("plain",)).get_content()
    # The insult is high or medium as the example profile's priority bands are recalibrated (clauses.py).
    assert re.search(r"By severity: 1 urgent, (1 high, 0 medium|0 high, 1 medium), 0 low\.", text)
    assert "By clause: clause 3: 0, clause 4: 2, clause 11: 2." in text
    assert f"Report: {Path(summary.report_path).resolve().as_uri()}" in text
    assert f"Review queue: {REVIEW_URL}" in text and f"{REVIEW_URL}/findings/" in text
    _assert_no_post_text_or_authors(digest.as_string())
    assert summary.emails[1] == "digest: sent to 2 recipients"
    assert len(box.messages) == 2


def test_a_rerun_never_alerts_twice(night: tuple[Any, Mailbox], night_profile: Path) -> None:
    _, box = night
    again = nightly_flow(str(night_profile))
    assert [m["Subject"].startswith("URGENT") for m in box.messages] == [True, False, False]
    assert again.emails == ["digest: sent to 2 recipients"]


def test_a_failed_send_is_retried_recorded_and_in_the_run_summary(smtp_server: Mailbox, night_profile: Path) -> None:
    smtp_server.handler.fail_next = 100  # the server keeps answering "try later"
    summary = nightly_flow(str(night_profile))
    assert summary.emails[0].startswith("alert for finding #1: FAILED after 3 tries (SMTPDataError: (451")
    assert summary.emails[1].startswith("digest: FAILED after 3 tries")
    with session_scope(open_database(get_settings().resolved_database_url)) as session:
        rows = list(session.scalars(select(Delivery).order_by(Delivery.id)))
    assert [(r.kind, r.status, r.attempts) for r in rows] == [("alert", "failed", 3), ("digest", "failed", 3)]
    assert smtp_server.messages == []


def test_no_recipients_is_recorded_not_silent(tmp_path: Path) -> None:
    profile = tmp_path / "quiet.toml"
    profile.write_text(profile_text(report=""), encoding="utf-8")
    summary = nightly_flow(str(profile))
    assert summary.emails == ["alert for finding #1: not sent (no recipients in the profile)",
                              "digest: not sent (no recipients in the profile)"]


def _artifacts(key: str) -> list[Any]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    with get_client(sync_client=True) as client:
        return client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])),
                                     sort=ArtifactSort.CREATED_DESC, limit=1)


def test_prefect_artifacts_per_school_carry_counts_and_links_not_text(night: tuple[Any, Mailbox]) -> None:
    summary, _ = night
    [markdown] = _artifacts(artifact_key(SCHOOL, "summary"))
    assert markdown.type == "markdown"
    assert f"run {summary.run_id}" in markdown.data and "**2** new findings needing review" in markdown.data
    assert "Evidence chain head: `" in markdown.data and "digest: sent to 2 recipients" in markdown.data
    assert "| urgent | 0 | 1 | 1 | 1 |" in markdown.data  # severity, clauses 3, 4 and 11, all findings
    assert f"[Open the triage report](<{Path(summary.report_path).resolve().as_uri()}>)" in markdown.data
    _assert_no_post_text_or_authors(json.dumps(markdown.data) + (markdown.description or ""))


def test_the_report_shows_hostile_text_as_text_and_runs_nothing(night: tuple[Any, Mailbox], open_page: Any) -> None:
    summary, _ = night
    page, dialogs, requests = open_page(Path(summary.report_path))
    text = page.inner_text("body")
    assert HOSTILE in text and "<script>alert(4)</script>" in text
    assert dialogs == []
    assert page.evaluate("document.querySelectorAll('script, img[onerror], iframe').length") == 0
    assert [r for r in requests if not r.startswith(("file:", "data:"))] == []  # self-contained
    assert page.evaluate("document.querySelector('img.chart').naturalWidth") > 0  # the chart is embedded
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:"))]
    assert "markup_author" not in text and "penarth_mam" not in text  # authors are pseudonymised


def test_the_report_fits_a_phone_and_prints(night: tuple[Any, Mailbox], open_page: Any) -> None:
    summary, _ = night
    page, _, _ = open_page(Path(summary.report_path), width=375, height=800)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.pdf(format="A4")[:5] == b"%PDF-"


@pytest.mark.parametrize(
    ("result", "nothing"),
    [
        pytest.param(SourceResult("file:a.jsonl"), True, id="all-zero"),
        pytest.param(SourceResult("reddit", skipped="no credentials"), True, id="skipped-source"),
        pytest.param(SourceResult("file:a.jsonl", fetched=3, kept=1), True, id="old-posts-again"),
        pytest.param(SourceResult("file:a.jsonl", fetched=1, kept=1, new=1), False, id="a-new-post"),
        pytest.param(SourceResult("file:a.jsonl", findings=1), False, id="a-new-finding"),
        pytest.param(SourceResult("reddit", error="AuthFailed: refused"), False, id="a-failed-source"),
    ],
)
def test_nothing_new_only_when_every_source_ran_and_gave_nothing_new(result: SourceResult, nothing: bool) -> None:
    assert nothing_new([SourceResult("file:b.jsonl"), result], 4) == ({"since": 4} if nothing else None)
