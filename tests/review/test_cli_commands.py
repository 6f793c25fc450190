"""The review commands as a person uses them: users, serve, calibrate, and review with a reason."""

from __future__ import annotations

import pytest
from review_support import Night
from typer.testing import CliRunner

from clausewatch.cli import app
from clausewatch.profile import EXAMPLE_PROFILE
from clausewatch.storage import repository

PASSWORD = "a long enough passphrase"


def invoke(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), input=stdin)


def test_users_are_added_listed_and_given_new_passwords() -> None:
    added = invoke("users", "add", "Rhian Evans", "--role", "reviewer", "--school", str(EXAMPLE_PROFILE),
                   stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert added.exit_code == 0 and "user Rhian Evans added as reviewer for llandough-primary-school" in added.output
    assert PASSWORD not in added.output
    assert "Rhian Evans  reviewer  llandough-primary-school" in invoke("users", "list").output
    changed = invoke("users", "passwd", "Rhian Evans", stdin=f"{PASSWORD}2\n{PASSWORD}2\n")
    assert changed.exit_code == 0 and "sessions have ended" in changed.output


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (("users", "add", "x", "--role", "reviewer", "--school", "a-school"), "short\nshort\n",
     "a password needs at least 12"),
    (("users", "add", "x", "--role", "reviewer", "--school", "A School"), f"{PASSWORD}\n{PASSWORD}\n",
     "'A School' is not a school slug"),
    (("users", "add", "x", "--role", "reviewer", "--school", "missing.toml"), "",
     "profile missing.toml: file not found"),
    (("users", "school", "nobody", "--school", "all"), "", "no user 'nobody'"),
    (("users", "passwd", "nobody"), f"{PASSWORD}\n{PASSWORD}\n", "no user 'nobody'"),
])
def test_bad_account_input_exits_2_with_one_error_line(args: tuple[str, ...], stdin: str, message: str) -> None:
    result = invoke(*args, stdin=stdin)
    assert result.exit_code == 2 and f"error: {message}" in result.output


def test_a_role_that_does_not_exist_is_refused() -> None:
    assert invoke("users", "add", "x", "--role", "janitor", "--school", "a-school").exit_code == 2


def test_every_school_is_an_explicit_choice_never_the_default() -> None:
    assert invoke("users", "add", "x", "--role", "dpo", stdin=f"{PASSWORD}\n{PASSWORD}\n").exit_code == 2
    added = invoke("users", "add", "Ann", "--role", "dpo", "--school", "all", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert added.exit_code == 0 and "for every school" in added.output
    moved = invoke("users", "school", "Ann", "--school", "st-brynach")
    assert moved.exit_code == 0 and "Ann  dpo  st-brynach" in invoke("users", "list").output


def test_serve_listens_on_loopback_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    result = invoke("serve")
    assert result.exit_code == 0 and (seen["host"], seen["port"]) == ("127.0.0.1", 8000)
    wide = invoke("serve", "--host", "0.0.0.0", "--port", "9000")
    assert "reverse proxy" in wide.output and seen["port"] == 9000


def test_review_records_a_false_positive_reason_and_refuses_nonsense(night: Night,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUSEWATCH_HOME", str(night.home))
    with night.session() as session:
        first, second = [f.id for f, _ in repository.list_findings(session, school=None, status="needs-review")][:2]
    bad = invoke("review", str(first), "--mark", "confirmed", "--reason", "not-derogatory", "--reviewer", "R")
    assert bad.exit_code == 2 and "a reason goes only with false-positive" in bad.output
    ok = invoke("review", str(first), "--mark", "false-positive", "--reason", "not-about-school", "--reviewer", "R")
    escalated = invoke("review", str(second), "--mark", "escalated", "--to", "hr", "--reviewer", "R")
    assert ok.exit_code == 0 and escalated.exit_code == 0
    with night.session() as session:
        assert repository.decisions_for(session, finding_id=first)[-1].reason == "not-about-school"
        assert repository.decisions_for(session, finding_id=second)[-1].escalated_to == "hr"


def test_calibrate_shows_precision_per_category_from_the_marks(night: Night, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUSEWATCH_HOME", str(night.home))
    with night.session() as session:
        ids = [f.id for f, _ in repository.list_findings(session, school=None, status="needs-review")][:6]
        for n, finding_id in enumerate(ids):
            repository.record_decision(session, finding_id=finding_id, reviewer="R",
                                       status="confirmed" if n % 2 else "false-positive")
    result = invoke("calibrate", "--min-marks", "1")
    assert result.exit_code == 0, result.output
    assert "Llandough Primary School: reviewer marks per category" in result.output
    assert "PRECISION" in result.output and "derogatory" in result.output
