"""The review pages in a real browser: Playwright driving Debian's Chromium against uvicorn on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import uvicorn
from review_support import HOSTILE, PASSWORD, Night

from review.app import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian's chromium is not installed "
                                "(scripts/install-system.sh installs it)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(night: Night) -> Iterator[str]:
    """uvicorn serving the night's database in a thread, for the module."""
    port = _free_port()
    app = create_app(database_url=night.url, profiles=[night.profile])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:  # noqa: ASYNC110 (a thread, not a coroutine: wait for uvicorn's flag)
        if not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        thread.join(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def _in_browser(base_url: str, steps: Callable[[Any], None]) -> list[str]:
    """Run ``steps`` on a fresh page, in a thread of its own; returns the messages of any dialogs opened.

    Playwright's sync API refuses a thread where an asyncio loop runs, which other tests' fixtures (Prefect's)
    may leave behind in the main thread; a new thread never has one.
    """
    from playwright.sync_api import sync_playwright

    outcome: dict[str, Any] = {"dialogs": []}

    def work() -> None:
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    page = browser.new_context(base_url=base_url).new_page()
                    page.on("dialog", lambda dialog: (outcome["dialogs"].append(dialog.message), dialog.dismiss()))
                    steps(page)
                finally:
                    browser.close()
        except BaseException as exc:  # handed to the test's thread, which re-raises it
            outcome["error"] = exc

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["dialogs"]


def _sign_in(page, name: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    assert page.url.endswith("/login")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def _shows_hostile_as_text(page) -> None:  # type: ignore[no-untyped-def]
    assert HOSTILE[:40] in page.locator("main").inner_text()
    assert page.locator("main script").count() == 0 and page.locator("main img").count() == 0


def test_a_reviewer_filters_opens_marks_a_false_positive_and_it_leaves_the_queue(base_url: str, night: Night) -> None:
    def steps(page) -> None:  # type: ignore[no-untyped-def]
        _sign_in(page, "rhian", "not the password at all")
        assert "Wrong name or password" in page.content()
        _sign_in(page, "rhian")
        assert page.locator("#who").inner_text() == "rhian"
        page.get_by_label("Source").select_option("reddit")
        page.get_by_label("Severity").select_option(night.hostile_severity)
        page.get_by_role("button", name="Filter").click()
        assert "platform=reddit" in page.url and f"severity={night.hostile_severity}" in page.url
        rows = page.locator("#queue tbody tr")
        assert rows.count() > 0
        assert all(text == "reddit" for text in rows.locator("td:nth-child(5)").all_inner_texts())
        hostile_row = page.locator(f'tr[data-finding="{night.hostile_id}"]')
        _shows_hostile_as_text(page)
        hostile_row.get_by_role("link").click()
        assert page.url.endswith(f"/findings/{night.hostile_id}")
        _shows_hostile_as_text(page)
        page.get_by_role("radio", name="False positive").check()
        page.get_by_label("If false positive, why").select_option("not-derogatory")
        page.get_by_label("Note").fill("banter between parents <b>not</b> about staff")
        page.get_by_role("button", name="Record decision").click()
        assert page.locator("[role=status]").inner_text() == f"Finding {night.hostile_id}: decision recorded."
        assert page.locator(f'tr[data-finding="{night.hostile_id}"]').count() == 0
        assert page.get_by_role("link", name="Audit log").count() == 0
        page.get_by_role("button", name="Sign out").click()
        assert page.url.endswith("/login")
        page.goto("/")
        assert page.url.endswith("/login")
        page.goto("/audit")
        assert page.url.endswith("/login")

    assert _in_browser(base_url, steps) == []


def test_the_dpo_sees_the_audit_log_but_no_decision_form_and_a_reviewer_is_refused_it(
        base_url: str, night: Night) -> None:
    def steps(page) -> None:  # type: ignore[no-untyped-def]
        _sign_in(page, "dora")
        page.get_by_role("link", name="Audit log").click()
        log = page.locator("main").inner_text()
        assert "login.failed" in log and "finding.mark" in log and "finding.view" in log
        assert HOSTILE[:20] not in log
        page.goto(f"/findings/{night.hostile_id}")
        _shows_hostile_as_text(page)
        assert page.get_by_role("button", name="Record decision").count() == 0
        assert "not derogatory" in page.locator("#history").inner_text()
        page.get_by_role("button", name="Sign out").click()
        _sign_in(page, "rhian")
        response = page.goto("/audit")
        assert response.status == 403 and "Not allowed" in page.content()
        page.goto("/?status=all")
        _shows_hostile_as_text(page)

    assert _in_browser(base_url, steps) == []


def test_the_pages_work_from_the_keyboard(base_url: str, night: Night) -> None:
    def steps(page) -> None:  # type: ignore[no-untyped-def]
        page.goto("/login")
        # The name field has focus when the page opens (autofocus), but a browser applies it a moment after
        # the page loads and drops keys typed before then: wait for the focus, as a person would see the caret.
        page.wait_for_function("document.activeElement && document.activeElement.id === 'name'")
        page.keyboard.type("huw")
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        assert page.locator("#who").inner_text() == "huw"
        page.locator("#queue a").first.focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/findings/*")
        assert page.locator("input[name=mark][accesskey=f]").count() == 1

    assert _in_browser(base_url, steps) == []
