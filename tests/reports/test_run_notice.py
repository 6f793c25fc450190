"""Failed and late runs reach the profile's run contact (real SMTP server on 127.0.0.1): the whole flow failing
(Prefect's state hook), a source failing, and no run finished by the deadline, told once a day."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from report_support import NIGHT_FEED, RECIPIENTS, Mailbox, profile_text
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from clausewatch.cli import app
from clausewatch.errors import ProfileError
from clausewatch.profile import Profile, load_profile
from clausewatch.settings import get_settings
from clausewatch.storage.db import open_database, session_scope
from clausewatch.storage.models import Delivery, Run
from reports.run_notice import LATE_RUN, RUN_FAILURE, check_deadline, run_contact

CONTACT = ["it@llandough.example"]
SCHOOL = "llandough-primary-school"
FEED = [json.loads(line) for line in NIGHT_FEED.read_text(encoding="utf-8").splitlines()]


def _report_table(extra: str = "") -> str:
    return (f"[report]\nrecipients = {json.dumps(RECIPIENTS)}\nrun_contact = {json.dumps(CONTACT)}\n"
            f'review_url = "https://review.llandough.example"\n{extra}\n[schedule]\nfinish_by = "06:00"\n')


def _profile(tmp_path: Path, feed: Path = NIGHT_FEED, table: str | None = None) -> Path:
    path = tmp_path / "night.toml"
    path.write_text(profile_text(feed, report=table if table is not None else _report_table()), encoding="utf-8")
    return path


def _db() -> sessionmaker[Session]:
    return open_database(get_settings().resolved_database_url)


def _to_contact(box: Mailbox) -> list[Message]:
    return [m for m, rcpt in zip(box.messages, box.rcpt, strict=True) if rcpt == CONTACT]


def _text(message: Message) -> str:
    return "\n".join(part.get_content() for part in message.walk()  # type: ignore[attr-defined]
                     if part.get_content_maintype() == "text")


def _assert_no_post_text_or_authors(text: str) -> None:
    for post in FEED:
        for fragment in (post["text"][:40], post["text"][-30:], post["author"]):
            assert fragment not in text


# The profile


def test_the_run_contact_defaults_to_the_recipients_and_the_deadline_to_six(tmp_path: Path) -> None:
    profile = load_profile(_profile(tmp_path, table=f"[report]\nrecipients = {json.dumps(RECIPIENTS)}\n"))
    assert run_contact(profile) == RECIPIENTS
    assert profile.schedule.finish_by == "06:00"
    assert run_contact(load_profile(_profile(tmp_path))) == CONTACT


@pytest.mark.parametrize(("table", "field"), [
    ('[report]\nrun_contact = ["not an address"]\n', "report.run_contact"),
    ('[schedule]\nfinish_by = "25:00"\n', "schedule.finish_by"),
    ('[schedule]\nfinish_by = "6am"\n', "schedule.finish_by"),
])
def test_a_bad_contact_or_deadline_names_the_field(tmp_path: Path, table: str, field: str) -> None:
    with pytest.raises(ProfileError, match=field.replace(".", r"\.")):
        load_profile(_profile(tmp_path, table=table))


# The nightly flow


@pytest.mark.usefixtures("prefect_harness")
def test_a_run_that_raises_tells_the_contact_once_which_step_failed(
        smtp_server: Mailbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.nightly import nightly_flow

    def broken(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("evidence store is read-only")

    monkeypatch.setattr("flows.steps.append_missing", broken)
    with pytest.raises(RuntimeError, match="read-only"):
        nightly_flow(str(_profile(tmp_path)))
    notices = _to_contact(smtp_server)
    assert len(notices) == 1
    assert "nightly run for Llandough Primary School failed" in notices[0]["Subject"]
    body = _text(notices[0])
    assert "step record_evidence: RuntimeError: evidence store is read-only" in body
    assert "No report was written" in body
    _assert_no_post_text_or_authors(notices[0].as_string())
    with session_scope(_db()) as session:
        run = session.scalars(select(Run).order_by(Run.id.desc())).first()
        delivery = session.scalars(select(Delivery).where(Delivery.kind == RUN_FAILURE)).one()
        assert run is not None and run.status == "failed" and run.finished_at is not None
        assert (delivery.run_id, delivery.status, delivery.recipients) == (run.id, "sent", CONTACT)


@pytest.mark.usefixtures("prefect_harness")
def test_a_failed_source_tells_the_contact_with_the_report_link(smtp_server: Mailbox, tmp_path: Path) -> None:
    from flows.nightly import nightly_flow

    summary = nightly_flow(str(_profile(tmp_path, feed=tmp_path / "missing.jsonl")))
    assert summary.failed
    notices = _to_contact(smtp_server)
    assert len(notices) == 1
    assert "finished with failed sources" in notices[0]["Subject"] and f"run {summary.run_id}" in notices[0]["Subject"]
    body = _text(notices[0])
    assert "PostFileError" in body and "missing.jsonl" in body
    assert Path(summary.report_path).resolve().as_uri() in body


@pytest.mark.usefixtures("prefect_harness")
def test_a_good_run_tells_the_contact_nothing(smtp_server: Mailbox, tmp_path: Path) -> None:
    from flows.nightly import nightly_flow

    summary = nightly_flow(str(_profile(tmp_path)))
    assert not summary.failed and smtp_server.messages  # the digest and alert went
    assert _to_contact(smtp_server) == []
    with session_scope(_db()) as session:
        assert session.scalars(select(Delivery).where(Delivery.kind == RUN_FAILURE)).all() == []


# The deadline check, with a moved clock (London: 06:00 is 06:00 UTC in winter)

DAY = datetime(2026, 11, 20, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    def move(to: datetime) -> None:
        monkeypatch.setattr("reports.outbox.utc_now", lambda: to)
        monkeypatch.setattr("reports.run_notice.utc_now", lambda: to)

    return move


@pytest.fixture
def school(smtp_server: Mailbox, tmp_path: Path) -> Profile:
    return load_profile(_profile(tmp_path))


def _run(started: datetime, finished: datetime | None, status: str) -> None:
    with session_scope(_db()) as session:
        session.add(Run(school=SCHOOL, started_at=started, finished_at=finished, status=status,
                        profile_sha256="0" * 64, settings={}))


def _check(school: Profile, clock: Callable[[datetime], None], at: datetime) -> Delivery | None:
    clock(at)
    return check_deadline(get_settings(), school, _db())


def test_no_finished_run_by_the_deadline_is_told_once_a_day(school: Profile, smtp_server: Mailbox,
                                                            clock: Callable[[datetime], None]) -> None:
    assert _check(school, clock, DAY.replace(hour=5, minute=59)) is None  # not late yet
    sent = _check(school, clock, DAY.replace(hour=6, minute=5))
    assert sent is not None and (sent.kind, sent.status, sent.recipients) == (LATE_RUN, "sent", CONTACT)
    assert _check(school, clock, DAY.replace(hour=9)) is None  # the same day: told already
    assert _check(school, clock, DAY + timedelta(days=1, hours=6)) is not None  # the next day is new
    assert len(_to_contact(smtp_server)) == 2
    body = _text(smtp_server.messages[0])
    assert "No nightly run for Llandough Primary School had finished by 06:00 on Friday 20 November 2026" in body
    assert "No run started" in body


def test_a_run_finished_by_the_deadline_sends_nothing(school: Profile, smtp_server: Mailbox,
                                                      clock: Callable[[datetime], None]) -> None:
    _run(DAY.replace(hour=2), DAY.replace(hour=2, minute=40), "completed-with-failures")
    assert _check(school, clock, DAY.replace(hour=6, minute=1)) is None
    assert smtp_server.messages == []


@pytest.mark.parametrize(("finished", "status"), [(None, "running"), (DAY.replace(hour=7), "completed"),
                                                  (DAY.replace(hour=3), "failed")])
def test_a_run_still_going_late_or_failed_is_told(school: Profile, smtp_server: Mailbox,
                                                  clock: Callable[[datetime], None], finished: datetime | None,
                                                  status: str) -> None:
    _run(DAY.replace(hour=2), finished, status)
    _run(DAY - timedelta(days=1, hours=-2), DAY - timedelta(days=1, hours=-3), "completed")  # yesterday's
    sent = _check(school, clock, DAY.replace(hour=8))
    assert sent is not None and sent.run_id is not None
    assert f"The latest run (run {sent.run_id}) is {status}." in _text(smtp_server.messages[0])


def test_the_command_checks_each_school(school: Profile, smtp_server: Mailbox,
                                        clock: Callable[[datetime], None]) -> None:
    clock(DAY.replace(hour=6, minute=30))
    result = CliRunner().invoke(app, ["check-deadline", "--profile", str(school.path)])
    assert result.exit_code == 0, result.output
    # The test mail server's own log lines may share the output: look for ours.
    assert "Llandough Primary School: late-run notice sent to 1 recipient" in result.output.splitlines()
    result = CliRunner().invoke(app, ["check-deadline", "--profile", str(school.path)])
    assert "Llandough Primary School: nothing due" in result.output.splitlines()
