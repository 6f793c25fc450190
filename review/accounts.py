"""People who sign in: argon2-hashed passwords, roles, and server-side sessions that expire.

A session is a random token in an HttpOnly cookie; the database keeps only its SHA-256, so a copy of the
database signs nobody in, and signing out or a password change ends the session at once.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from clausewatch.errors import InputError
from clausewatch.records import utc_now
from clausewatch.storage import repository
from clausewatch.storage.models import User, WebSession

__all__ = [
    "ALL_SCHOOLS", "MIN_PASSWORD", "ROLES", "Viewer", "add_user", "authenticate", "can", "end_session",
    "list_users", "set_password", "set_school", "start_session", "viewer_for",
]

ROLES = ("reviewer", "head", "dpo")
# Stored as a user's school for a local-authority administrator: every school, chosen explicitly.
ALL_SCHOOLS = "*"
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MIN_PASSWORD = 12
# What each role may do. Only the DPO reads the audit log and exports personal data (SPEC §7).
_PERMISSIONS = {
    "read": {"reviewer", "head", "dpo"},
    "decide": {"reviewer", "head"},
    "assign": {"reviewer", "head"},
    "allow-list": {"reviewer", "head"},
    "audit": {"dpo"},
    "export": {"dpo"},
}
_HASHER = PasswordHasher()
# Verified against when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Viewer:
    """The signed-in person as pages see them."""

    user_id: int
    name: str
    role: str
    csrf_token: str
    school: str | None = None  # a slug, ALL_SCHOOLS, or None: no school yet, sees nothing

    def can(self, action: str) -> bool:
        """Whether this person's role allows ``action``."""
        return can(self.role, action)

    def sees(self, school: str) -> bool:
        """Whether this person may see and act on records of ``school``."""
        return self.school is not None and self.school in (ALL_SCHOOLS, school)


def can(role: str, action: str) -> bool:
    """Whether ``role`` may do ``action`` (read, decide, assign, allow-list, audit, export)."""
    return role in _PERMISSIONS.get(action, set())


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters")


def _user(session: Session, name: str) -> User | None:
    return session.scalar(select(User).where(User.name == name))


def _check_school(school: str | None) -> None:
    # "all" is refused as a slug so that it can never be mistaken for every school (which is ALL_SCHOOLS).
    if school is not None and school != ALL_SCHOOLS and (school == "all" or not (
            len(school) <= 200 and _SLUG.fullmatch(school))):
        raise InputError(f"{school[:60]!r} is not a school slug such as llandough-primary-school")


def add_user(session: Session, *, name: str, role: str, password: str, actor: str,
             school: str | None = None) -> None:
    """Create an account for one school's slug (ALL_SCHOOLS: every school; None: none yet, sees nothing).

    InputError for a taken name, an unknown role, a malformed school or a short password.
    """
    name = name.strip()
    if not name or len(name) > 200:
        raise InputError("a user name must be 1 to 200 characters")
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}")
    _check_school(school)
    _check_password(password)
    if _user(session, name) is not None:
        raise InputError(f"user {name!r} already exists; use `clausewatch users passwd`")
    now = utc_now()
    session.add(User(name=name, role=role, password_hash=_HASHER.hash(password), created_at=now,
                     password_set_at=now, school=school))
    repository.audit(session, actor=actor, action="user.add", object_type="user", object_id=name,
                     detail={"role": role, "school": school})


def set_school(session: Session, *, name: str, school: str | None, actor: str) -> None:
    """Move an account to another school (or every school); its open sessions end."""
    _check_school(school)
    user = _user(session, name)
    if user is None:
        raise InputError(f"no user {name!r}; see `clausewatch users list`")
    user.school = school
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    repository.audit(session, actor=actor, action="user.school", object_type="user", object_id=name,
                     detail={"school": school})


def set_password(session: Session, *, name: str, password: str, actor: str) -> None:
    """Set a new password and end every session of that person."""
    _check_password(password)
    user = _user(session, name)
    if user is None:
        raise InputError(f"no user {name!r}; see `clausewatch users list`")
    user.password_hash, user.password_set_at = _HASHER.hash(password), utc_now()
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    repository.audit(session, actor=actor, action="user.passwd", object_type="user", object_id=name)


def list_users(session: Session) -> list[tuple[str, str, str | None]]:
    """(name, role, school) of every account."""
    return [(u.name, u.role, u.school) for u in session.scalars(select(User).order_by(User.name))]


def authenticate(session: Session, *, name: str, password: str) -> User | None:
    """The user when name and password match; every attempt is audited, failures too."""
    user = _user(session, name)
    try:
        _HASHER.verify(user.password_hash if user else _DUMMY_HASH, password)
        ok = user is not None
    except (VerificationError, InvalidHashError):
        ok = False
    # The name typed is kept (capped) even when unknown: a DPO needs to see guessing.
    repository.audit(session, actor=name[:200] or "(blank)", action="login" if ok else "login.failed",
                     object_type="user", object_id=name[:100])
    if ok and user is not None and _HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = _HASHER.hash(password)
    return user if ok else None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def start_session(session: Session, *, user: User, lifetime: timedelta) -> str:
    """Open a session; returns the token for the cookie (never stored)."""
    token = secrets.token_urlsafe(32)
    now = utc_now()
    session.add(WebSession(token_sha256=_digest(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32),
                           created_at=now, expires_at=now + lifetime))
    return token


def viewer_for(session: Session, *, token: str | None) -> Viewer | None:
    """The person a cookie token signs in, or None when missing, unknown or expired."""
    if not token:
        return None
    row = session.execute(
        select(WebSession, User).join(User, User.id == WebSession.user_id)
        .where(WebSession.token_sha256 == _digest(token), WebSession.expires_at > utc_now())
    ).first()
    if row is None:
        return None
    web_session, user = row
    return Viewer(user.id, user.name, user.role, web_session.csrf_token, user.school)


def end_session(session: Session, *, token: str | None, actor: str) -> None:
    """Sign out (audited): the token stops working at once. Expired sessions are cleared on the way."""
    if token:
        session.execute(delete(WebSession).where(WebSession.token_sha256 == _digest(token)))
    repository.audit(session, actor=actor, action="logout", object_type="user", object_id=actor[:100])
    session.execute(delete(WebSession).where(WebSession.expires_at <= utc_now()))
