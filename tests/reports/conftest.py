"""Fixtures for the reports tests: a real SMTP server and a school profile that mails it."""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from report_support import SMTP_PASSWORD, SMTP_USER, Handler, Mailbox, free_port, profile_text, self_signed


@pytest.fixture
def smtp_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """STARTTLS required before login, login required before mail; settings point at it."""
    cert = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, tmp_path / "smtp.key")
    handler, port = Handler(), free_port()
    box = Mailbox(handler, port)

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (SMTP_USER.encode(),
                                                                               SMTP_PASSWORD.encode())
        box.logins.append((data.login.decode() if isinstance(data, LoginPassword) else "", session.ssl is not None))
        return AuthResult(success=ok, handled=False)

    controller = Controller(handler, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            auth_required=True, auth_require_tls=True, authenticator=authenticate)
    controller.start()
    for key, value in {"HOST": "127.0.0.1", "PORT": str(port), "USER": SMTP_USER, "PASSWORD": SMTP_PASSWORD,
                       "FROM": "clausewatch@llandough.example", "CA_FILE": str(cert), "RETRY_SECONDS": "0"}.items():
        monkeypatch.setenv(f"CLAUSEWATCH_SMTP_{key}", value)
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture
def night_profile(tmp_path: Path) -> Path:
    """A profile for the small test night (a threat, a hostile insult, the hostile neutral post, praise)."""
    path = tmp_path / "night.toml"
    path.write_text(profile_text(), encoding="utf-8")
    return path


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium driven by Playwright (its own browser download is never used).

    Module-scoped: Playwright's sync API keeps an event loop running while it is open, which other
    packages' browser tests (tests/review) must not find running."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def open_page(browser: Any):
    """Open a local HTML file in a fresh page; returns (page, dialogs that fired, requests made)."""
    pages = []

    def _open(path: Path, **viewport: int) -> tuple[Any, list[str], list[str]]:
        context = browser.new_context(viewport=viewport or {"width": 1000, "height": 900}, java_script_enabled=True)
        page = context.new_page()
        dialogs: list[str] = []
        requests: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda request: requests.append(request.url))
        page.goto(path.resolve().as_uri())
        page.wait_for_load_state("load")
        pages.append(context)
        return page, dialogs, requests

    yield _open
    for context in pages:
        context.close()
