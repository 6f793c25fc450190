"""reports/mail.py against a real SMTP server on 127.0.0.1: STARTTLS, login, retries, failures kept."""

from __future__ import annotations

import socket
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from report_support import SMTP_PASSWORD, SMTP_USER, Handler, Mailbox, free_port

from clausewatch.settings import get_settings
from reports.mail import send


def _message() -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@x.example", "head@llandough.example", "hello"
    message.set_content("counts only")
    return message


def test_sends_over_starttls_after_login(smtp_server: Mailbox) -> None:
    outcome = send(get_settings(), _message())
    assert (outcome.status, outcome.attempts, outcome.error) == ("sent", 1, None)
    assert smtp_server.logins == [(SMTP_USER, True)]  # login happened only inside TLS
    assert smtp_server.rcpt == [["head@llandough.example"]]


def test_temporary_refusals_are_retried_until_sent(smtp_server: Mailbox) -> None:
    smtp_server.handler.fail_next = 2
    outcome = send(get_settings(), _message())
    assert (outcome.status, outcome.attempts) == ("sent", 3)
    assert len(smtp_server.messages) == 1


def test_gives_up_after_the_configured_tries_and_says_why(smtp_server: Mailbox) -> None:
    smtp_server.handler.fail_next = 5
    outcome = send(get_settings(), _message())
    assert (outcome.status, outcome.attempts) == ("failed", 3)
    assert "451" in (outcome.error or "") and smtp_server.handler.tries == 3


def test_a_wrong_password_is_not_retried_and_not_echoed(smtp_server: Mailbox, monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    monkeypatch.setenv("CLAUSEWATCH_SMTP_PASSWORD", "wrong-password-123")
    outcome = send(get_settings(), _message())
    assert (outcome.status, outcome.attempts) == ("failed", 1)
    assert "SMTPAuthenticationError" in (outcome.error or "")
    assert "wrong-password-123" not in (outcome.error or "") and SMTP_PASSWORD not in (outcome.error or "")
    assert smtp_server.messages == []


def test_an_untrusted_certificate_is_refused(smtp_server: Mailbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAUSEWATCH_SMTP_CA_FILE")
    outcome = send(get_settings(), _message())
    assert (outcome.status, outcome.attempts) == ("failed", 1)
    assert "CERTIFICATE_VERIFY_FAILED" in (outcome.error or "")
    assert smtp_server.logins == []


def test_nothing_listening_is_retried_then_recorded_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    monkeypatch.setenv("CLAUSEWATCH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CLAUSEWATCH_SMTP_PORT", str(port))
    monkeypatch.setenv("CLAUSEWATCH_SMTP_RETRY_SECONDS", "0")
    with socket.socket() as probe:  # the port is free: nothing answers there
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    outcome = send(get_settings(), _message())
    assert (outcome.status, outcome.attempts) == ("failed", 3)
    assert "ConnectionRefusedError" in (outcome.error or "")


def test_a_server_without_starttls_gets_nothing_in_clear(monkeypatch: pytest.MonkeyPatch) -> None:
    handler, port = Handler(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.setenv("CLAUSEWATCH_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("CLAUSEWATCH_SMTP_PORT", str(port))
        outcome = send(get_settings(), _message())
    finally:
        controller.stop()
    assert (outcome.status, outcome.attempts) == ("failed", 1)
    assert "STARTTLS" in (outcome.error or "") and handler.envelopes == []


def test_no_mail_server_configured_is_skipped_with_the_reason() -> None:
    outcome = send(get_settings(), _message())
    assert outcome.status == "skipped" and "CLAUSEWATCH_SMTP_HOST" in (outcome.error or "")
