"""Test support: a real SMTP server on 127.0.0.1 (aiosmtpd) with STARTTLS and login, and a profile that mails it."""

from __future__ import annotations

import datetime as dt
import email
import ipaddress
import json
import socket
from dataclasses import dataclass, field
from email.message import Message
from email.policy import default
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from clausewatch.profile import EXAMPLE_PROFILE

NIGHT_FEED = Path(__file__).parent / "reports" / "data" / "night.jsonl"
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
RECIPIENTS = ["head@llandough.example", "deputy@llandough.example"]
ALERTS_TO = ["dsl@llandough.example"]
REVIEW_URL = "https://review.llandough.example"
SMTP_USER, SMTP_PASSWORD = "clausewatch", "s3cret-app-password"


def self_signed(folder: Path) -> Path:
    """A certificate for 127.0.0.1 and localhost, with its key, made now (no files shipped)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "clausewatch test SMTP")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                    x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                     content_commitment=False, key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    (folder / "smtp.key").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                        serialization.PrivateFormat.PKCS8,
                                                        serialization.NoEncryption()))
    (folder / "smtp.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return folder / "smtp.crt"


class Handler:
    """Keeps every message; can answer 451 (try later) a number of times first."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []
        self.fail_next = 0
        self.tries = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.tries += 1
        if self.fail_next:
            self.fail_next -= 1
            return "451 4.3.0 Temporary failure, try again"
        self.envelopes.append(envelope)
        return "250 2.0.0 OK"


@dataclass
class Mailbox:
    """What the test SMTP server received."""

    handler: Handler
    port: int
    logins: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def messages(self) -> list[Message]:
        """Each message as parsed from the bytes on the wire."""
        return [email.message_from_bytes(e.original_content, policy=default) for e in self.handler.envelopes]

    @property
    def rcpt(self) -> list[list[str]]:
        """Each message's envelope recipients."""
        return [list(e.rcpt_tos) for e in self.handler.envelopes]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def profile_text(feed: Path = NIGHT_FEED, report: str | None = None) -> str:
    """The example school's profile reading ``feed``, with a [report] table that mails the test server."""
    text = EXAMPLE_PROFILE.read_text(encoding="utf-8")
    lines = [f"paths = [{json.dumps(str(feed))}]" if line.startswith("paths = ") else line
             for line in text.splitlines()]
    table = report if report is not None else (
        f"[report]\nrecipients = {json.dumps(RECIPIENTS)}\nalert_recipients = {json.dumps(ALERTS_TO)}\n"
        f"review_url = {json.dumps(REVIEW_URL)}\n"
        'safeguarding = "Phone the DSL, Mrs Example, on 01234 000000 today."\n')
    return "\n".join(lines) + "\n\n" + table
