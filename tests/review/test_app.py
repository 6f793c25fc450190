"""The review pages through Starlette's TestClient, over a database filled by a real nightly run."""

from __future__ import annotations

import json
from datetime import timedelta
from html import escape

import pytest
from fastapi.testclient import TestClient
from review_support import HOSTILE, PASSWORD, Night, csrf_of, signed_in
from sqlalchemy import select

from clausewatch.storage import repository
from clausewatch.storage.models import AuditEntry, Decision, Finding, StoredPost
from review.app import SESSION_COOKIE


def _client(app_for, **kw) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(app_for(**kw), follow_redirects=True)


def _needs_review(night: Night) -> list[int]:
    with night.session() as session:
        return [f.id for f, _ in repository.list_findings(session, school=None, status="needs-review")]


def _actions(night: Night, action: str) -> list[AuditEntry]:
    with night.session() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_every_page_needs_a_login(app_for) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app_for(), follow_redirects=False)
    for path in ("/", "/findings/1", "/audit", "/export.csv"):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"] == "/login", path
    assert client.post("/findings/1/decision", data={"mark": "confirmed"}).status_code == 303


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(night: Night, app_for) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(_client(app_for), "rhian")
    finding_id = _needs_review(night)[0]
    for csrf in ("", "forged-token"):
        response = client.post(f"/findings/{finding_id}/decision", data={"mark": "confirmed", "csrf": csrf})
        assert response.status_code == 403
    assert finding_id in _needs_review(night)
    assert client.post("/logout", data={}).status_code == 403


def test_the_login_form_needs_its_own_csrf_token(app_for) -> None:  # type: ignore[no-untyped-def]
    client = _client(app_for)
    response = client.post("/login", data={"name": "rhian", "password": PASSWORD, "csrf": "x"})
    assert response.status_code == 403 and SESSION_COOKIE not in client.cookies


def test_a_reviewer_asking_for_the_audit_log_or_an_export_is_refused(app_for) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(_client(app_for), "rhian")
    assert client.get("/audit").status_code == 403
    assert client.get("/export.csv").status_code == 403
    assert 'href="/audit"' not in client.get("/").text


def test_the_dpo_reads_the_audit_log_and_exports_but_cannot_decide(night: Night, app_for) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(_client(app_for), "dora")
    page = client.get("/audit")
    assert page.status_code == 200 and "login" in page.text
    export = client.get("/export.csv")
    assert export.status_code == 200 and export.text.startswith("finding_id,")
    finding_id = _needs_review(night)[0]
    assert "Record decision" not in client.get(f"/findings/{finding_id}").text
    refused = client.post(f"/findings/{finding_id}/decision",
                          data={"mark": "confirmed", "csrf": csrf_of(client.get("/").text)})
    assert refused.status_code == 403
    assert _actions(night, "export")[-1].actor == "dora"


def test_a_wrong_password_is_refused_and_audited(night: Night, app_for) -> None:  # type: ignore[no-untyped-def]
    client = _client(app_for)
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"name": "rhian", "password": "guess-guess-guess", "csrf": token})
    assert response.status_code == 401 and "Wrong name or password" in response.text
    assert any(e.actor == "rhian" for e in _actions(night, "login.failed"))


def test_a_session_expires(app_for) -> None:  # type: ignore[no-untyped-def]
    client = _client(app_for, session_hours=-1)
    token = csrf_of(client.get("/login").text)
    client.post("/login", data={"name": "rhian", "password": PASSWORD, "csrf": token})
    assert client.get("/").url.path == "/login"


def test_signing_out_ends_the_session_for_good(app_for) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(_client(app_for), "rhian")
    token = client.cookies[SESSION_COOKIE]
    client.post("/logout", data={"csrf": csrf_of(client.get("/").text)})
    replay = TestClient(client.app, follow_redirects=False, cookies={SESSION_COOKIE: token})
    assert replay.get("/").status_code == 303


def test_the_queue_filters_and_puts_the_most_serious_first(night: Night, app_for) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(_client(app_for), "rhian")
    urgent = client.get("/", params={"severity": "urgent"}).text
    assert urgent.count('class="sev-urgent"') >= 1 and 'class="sev-high"' not in urgent
    everything = client.get("/", params={"status": "all"}).text
    assert everything.index("sev-urgent") < everything.index("sev-high")
    only_rss = client.get("/", params={"platform": "rss", "status": "all"}).text
    assert "<td>rss</td>" in only_rss and "<td>reddit</td>" not in only_rss
    none = client.get("/", params={"since": "2030-01-01"}).text
    assert "No findings match" in none
    bad = client.get("/", params={"since": "yesterday", "clause": "99"}).text
    assert "is not a date" in bad


def test_the_finding_page_shows_post_scores_clauses_and_evidence_and_audits_the_view(
        night: Night, app_for) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(_client(app_for), "huw")
    page = client.get(f"/findings/{night.hostile_id}").text
    assert escape(HOSTILE) in page and HOSTILE not in page
    assert "<b>mallory</b>" not in page and "javascript:alert(3)</a>" not in page
    assert "derogatory" in page and "Clause 4" in page and "Text SHA-256" in page and "Tomos Rees (staff)" in page
    assert any(e.object_id == str(night.hostile_id) and e.actor == "huw" for e in _actions(night, "finding.view"))
    assert client.get("/findings/999999").status_code == 404


def test_the_finding_page_says_which_scores_are_guesses(night: Night, app_for) -> None:  # type: ignore[no-untyped-def]
    # The sample feed's Welsh concert question: MiniLM, which reads only English, scored it a threat.
    with night.session() as session:
        [finding_id] = [f.id for f, p in repository.list_findings(session, school=None) if "cyngerdd Nadolig" in p.text]
    client = signed_in(_client(app_for), "huw")
    page = client.get(f"/findings/{finding_id}").text
    assert "threatening (a guess: written in Welsh, which the models do not read)" in page
    assert "possibly threatening (a guess)" in client.get("/").text  # the queue's strongest category too


def test_pages_forbid_scripts_and_framing(app_for) -> None:  # type: ignore[no-untyped-def]
    response = _client(app_for).get("/login")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY" and response.headers["cache-control"] == "no-store"


def test_a_decision_from_the_page_is_recorded_with_reason_and_leaves_the_queue(night: Night, app_for) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(_client(app_for), "rhian")
    finding_id = _needs_review(night)[-1]
    csrf = csrf_of(client.get(f"/findings/{finding_id}").text)
    missing_note = client.post(f"/findings/{finding_id}/decision",
                               data={"mark": "false-positive", "reason": "other", "csrf": csrf})
    assert missing_note.status_code == 400 and "needs a note" in missing_note.text
    done = client.post(f"/findings/{finding_id}/decision", data={
        "mark": "false-positive", "reason": "quoting-to-condemn", "note": "they condemn it", "csrf": csrf})
    assert done.url.path == "/" and f"Finding {finding_id}: decision recorded" in done.text
    assert f'data-finding="{finding_id}"' not in done.text
    with night.session() as session:
        [decision] = repository.decisions_for(session, finding_id=finding_id)
    assert (decision.status, decision.reason, decision.reviewer) == ("false-positive", "quoting-to-condemn", "rhian")
    assert "quoting to condemn" in client.get(f"/findings/{finding_id}").text


def test_escalation_needs_a_known_target(night: Night, app_for) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(_client(app_for), "huw")
    finding_id = _needs_review(night)[0]
    csrf = csrf_of(client.get("/").text)
    bad = client.post(f"/findings/{finding_id}/decision", data={"mark": "escalated", "escalate_to": "police",
                                                                "csrf": csrf})
    assert bad.status_code == 400
    client.post(f"/findings/{finding_id}/decision", data={"mark": "escalated", "escalate_to": "dsl", "csrf": csrf})
    with night.session() as session:
        assert repository.decisions_for(session, finding_id=finding_id)[-1].escalated_to == "dsl"


def test_a_finding_is_assigned_to_a_reviewer(night: Night, app_for) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(_client(app_for), "huw")
    finding_id = _needs_review(night)[0]
    csrf = csrf_of(client.get("/").text)
    assert client.post(f"/findings/{finding_id}/assign", data={"assignee": "dora", "csrf": csrf}).status_code == 400
    page = client.post(f"/findings/{finding_id}/assign", data={"assignee": "rhian", "csrf": csrf})
    assert "huw assigned to rhian" in page.text
    assert f'data-finding="{finding_id}"' in client.get("/").text and "<td>rhian</td>" in client.get("/").text


def test_an_allow_list_phrase_is_written_to_the_profile_keeping_its_comments(night: Night, app_for) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(_client(app_for), "rhian")
    before = night.profile.read_text(encoding="utf-8")
    csrf = csrf_of(client.get("/").text)
    refused = client.post(f"/findings/{night.hostile_id}/allow-phrase", data={"phrase": "Mr Rees", "csrf": csrf})
    assert refused.status_code == 400 and "overlaps a school or person name" in refused.text
    assert night.profile.read_text(encoding="utf-8") == before
    added = client.post(f"/findings/{night.hostile_id}/allow-phrase", data={"phrase": "Penarth Head", "csrf": csrf})
    assert "Added to the allow-list" in added.text
    after = night.profile.read_text(encoding="utf-8")
    assert "# Every person below is invented." in after and 'allow_phrases = ["Penarth Head"]' in after


def test_a_false_positive_marked_in_the_page_never_comes_back_from_the_nightly_flow(
        tmp_path, night: Night, app_for) -> None:  # type: ignore[no-untyped-def]
    from flows.nightly import nightly_flow

    client = signed_in(_client(app_for), "rhian")
    finding_id = _needs_review(night)[0]
    with night.session() as session:
        post = session.get_one(StoredPost, session.get_one(Finding, finding_id).post_id)
        again = {"platform": post.platform, "id": post.post_id, "url": post.url, "author": post.author,
                 "created_at": "2026-11-20T18:00:00+00:00", "text": post.text, "title": post.title}
    client.post(f"/findings/{finding_id}/decision", data={
        "mark": "false-positive", "reason": "not-derogatory", "csrf": csrf_of(client.get("/").text)})
    feed = tmp_path / "again.jsonl"
    elsewhere = {**again, "platform": "bluesky", "id": "at://someone-else/copy"}
    feed.write_text("\n".join(json.dumps(p, default=str) for p in (again, elsewhere)) + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLAUSEWATCH_HOME", str(night.home))
        summary = nightly_flow(str(night.profile), [f"file:{feed}"])
    [source] = summary.sources
    assert source.error is None and source.kept == 2 and source.new == 1 and source.findings == 0
    with night.session() as session:
        assert session.get_one(Finding, finding_id).status == "false-positive"
        copies = session.scalars(select(StoredPost.id).where(StoredPost.post_id == elsewhere["id"])).all()
        assert copies and not session.scalars(select(Finding).where(Finding.post_id.in_(copies))).all()
        assert len(session.scalars(select(Decision).where(Decision.finding_id == finding_id)).all()) == 1


def test_session_lifetime_is_the_one_configured(app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(session_hours=2)
    assert app.state.session_lifetime == timedelta(hours=2)
