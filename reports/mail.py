"""Sending one email over SMTP with STARTTLS and login from settings, retrying what may pass next time.

Nothing here raises for a failed send: the outcome says what happened, so the caller records it.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from tenacity import RetryError, Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from clausewatch.settings import Settings

__all__ = ["MailRefused", "Outcome", "send"]


class MailRefused(Exception):
    """The server cannot be used safely (no STARTTLS offered); never retried."""


@dataclass(frozen=True)
class Outcome:
    """How sending one email went: sent, failed (with why) or skipped (with why)."""

    status: str
    attempts: int = 0
    error: str | None = None


def _transient(exc: BaseException) -> bool:
    """Worth another try: the network, a dropped connection or a 4xx reply; not bad login, TLS or 5xx."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(exc, ssl.SSLError | MailRefused | smtplib.SMTPException):
        return False
    return isinstance(exc, OSError)


def _send_once(settings: Settings, message: EmailMessage) -> None:
    assert settings.smtp_host is not None
    context = ssl.create_default_context(cafile=str(settings.smtp_ca_file) if settings.smtp_ca_file else None)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout) as smtp:
        smtp.ehlo()
        if settings.smtp_starttls:
            if not smtp.has_extn("starttls"):
                raise MailRefused("the mail server does not offer STARTTLS; nothing was sent in clear")
            smtp.starttls(context=context)
            smtp.ehlo()
        if settings.smtp_user:
            password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
            smtp.login(settings.smtp_user, password)
        smtp.send_message(message)


def _describe(exc: BaseException) -> str:
    # smtplib's messages carry the server's reply, never our password.
    return f"{type(exc).__name__}: {exc}"


def send(settings: Settings, message: EmailMessage) -> Outcome:
    """Send with up to ``smtp_attempts`` tries (waits double from ``smtp_retry_seconds``)."""
    if not settings.smtp_host:
        return Outcome("skipped", 0, "no mail server configured (CLAUSEWATCH_SMTP_HOST)")
    retrying = Retrying(
        stop=stop_after_attempt(settings.smtp_attempts),
        wait=wait_exponential(multiplier=settings.smtp_retry_seconds, max=300),
        retry=retry_if_exception(_transient),
        reraise=False,
    )
    try:
        retrying(_send_once, settings, message)
    except RetryError as exc:
        attempts = exc.last_attempt.attempt_number
        return Outcome("failed", attempts, _describe(exc.last_attempt.exception() or exc))
    except Exception as exc:  # a permanent failure (login, TLS, 5xx): recorded by the caller, not raised
        return Outcome("failed", retrying.statistics.get("attempt_number", 1), _describe(exc))
    return Outcome("sent", retrying.statistics.get("attempt_number", 1))
