"""Accounts: argon2 hashes, roles, sessions that expire and end, every sign-in audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from clausewatch.errors import InputError
from clausewatch.settings import get_settings
from clausewatch.storage.db import open_database, session_scope
from clausewatch.storage.models import AuditEntry, User
from review import accounts

PASSWORD = "a long enough passphrase"
SCHOOL = "llandough-primary-school"


@pytest.fixture
def db():  # type: ignore[no-untyped-def]
    return open_database(get_settings().resolved_database_url)


def _user(session: Session, name: str) -> User:
    return session.scalars(select(User).where(User.name == name)).one()


def test_a_password_is_stored_only_as_an_argon2_hash(db) -> None:  # type: ignore[no-untyped-def]
    with session_scope(db) as session:
        accounts.add_user(session, name="rhian", role="reviewer", password=PASSWORD, actor="admin",
                          school=SCHOOL)
    with session_scope(db) as session:
        stored = _user(session, "rhian").password_hash
        assert stored.startswith("$argon2id$") and PASSWORD not in stored
        assert accounts.authenticate(session, name="rhian", password=PASSWORD) is not None
        assert accounts.authenticate(session, name="rhian", password=PASSWORD + "x") is None
        assert accounts.authenticate(session, name="nobody", password=PASSWORD) is None
        actions = [(e.actor, e.action) for e in session.scalars(select(AuditEntry))]
    assert ("rhian", "login") in actions and ("rhian", "login.failed") in actions
    assert ("nobody", "login.failed") in actions and ("admin", "user.add") in actions


@pytest.mark.parametrize(("name", "role", "password", "school", "problem"), [
    ("rhian", "janitor", PASSWORD, SCHOOL, "role must be one of"),
    ("rhian", "reviewer", "short", SCHOOL, "at least 12"),
    ("  ", "reviewer", PASSWORD, SCHOOL, "1 to 200"),
    ("rhian", "reviewer", PASSWORD, "Llandough Primary", "not a school slug"),
    ("rhian", "reviewer", PASSWORD, "all", "not a school slug"),
])
def test_bad_accounts_are_refused(db, name: str, role: str, password: str, school: str,  # type: ignore[no-untyped-def]
                                  problem: str) -> None:
    with session_scope(db) as session, pytest.raises(InputError, match=problem):
        accounts.add_user(session, name=name, role=role, password=password, actor="admin", school=school)


def test_a_name_is_taken_once(db) -> None:  # type: ignore[no-untyped-def]
    with session_scope(db) as session:
        accounts.add_user(session, name="huw", role="head", password=PASSWORD, actor="admin",
                          school=SCHOOL)
    with session_scope(db) as session, pytest.raises(InputError, match="already exists"):
        accounts.add_user(session, name="huw", role="dpo", password=PASSWORD, actor="admin",
                          school=SCHOOL)


def test_sessions_expire_end_on_sign_out_and_on_a_new_password(db) -> None:  # type: ignore[no-untyped-def]
    with session_scope(db) as session:
        accounts.add_user(session, name="dora", role="dpo", password=PASSWORD, actor="admin",
                          school=SCHOOL)
    with session_scope(db) as session:
        user = _user(session, "dora")
        live = accounts.start_session(session, user=user, lifetime=timedelta(hours=1))
        other = accounts.start_session(session, user=user, lifetime=timedelta(hours=1))
        expired = accounts.start_session(session, user=user, lifetime=timedelta(seconds=-1))
    with session_scope(db) as session:
        viewer = accounts.viewer_for(session, token=live)
        assert viewer is not None and viewer.role == "dpo" and viewer.can("audit") and not viewer.can("decide")
        assert accounts.viewer_for(session, token=expired) is None
        assert accounts.viewer_for(session, token="made-up") is None
        assert accounts.viewer_for(session, token=None) is None
        accounts.end_session(session, token=live, actor="dora")
    with session_scope(db) as session:
        assert accounts.viewer_for(session, token=live) is None and accounts.viewer_for(session, token=other)
        accounts.set_password(session, name="dora", password=PASSWORD + "!", actor="admin")
    with session_scope(db) as session:
        assert accounts.viewer_for(session, token=other) is None


@pytest.mark.parametrize(("role", "allowed"), [
    ("reviewer", {"read", "decide", "assign", "allow-list"}),
    ("head", {"read", "decide", "assign", "allow-list"}),
    ("dpo", {"read", "audit", "export"}),
])
def test_only_the_dpo_reads_the_audit_log_and_exports(role: str, allowed: set[str]) -> None:
    actions = {"read", "decide", "assign", "allow-list", "audit", "export"}
    assert {a for a in actions if accounts.can(role, a)} == allowed


def test_an_account_sees_its_own_school_every_school_only_when_chosen_and_none_without_one() -> None:
    def viewer(school: str | None) -> accounts.Viewer:
        return accounts.Viewer(1, "x", "reviewer", "csrf", school)

    assert viewer(SCHOOL).sees(SCHOOL) and not viewer(SCHOOL).sees("st-brynach")
    assert viewer(accounts.ALL_SCHOOLS).sees(SCHOOL) and viewer(accounts.ALL_SCHOOLS).sees("st-brynach")
    assert not viewer(None).sees(SCHOOL)


def test_moving_an_account_to_another_school_ends_its_sessions(db) -> None:  # type: ignore[no-untyped-def]
    with session_scope(db) as session:
        accounts.add_user(session, name="rhian", role="reviewer", password=PASSWORD, actor="admin")
    with session_scope(db) as session:
        token = accounts.start_session(session, user=_user(session, "rhian"), lifetime=timedelta(hours=1))
        assert accounts.list_users(session) == [("rhian", "reviewer", None)]
        accounts.set_school(session, name="rhian", school=SCHOOL, actor="admin")
    with session_scope(db) as session:
        assert accounts.viewer_for(session, token=token) is None
        assert accounts.list_users(session) == [("rhian", "reviewer", SCHOOL)]
