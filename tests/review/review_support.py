"""Helpers for the review pages' tests: a night filled by the real nightly flow, accounts, signing in."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clausewatch.profile import EXAMPLE_PROFILE
from clausewatch.storage import repository
from clausewatch.storage.db import open_database, session_scope
from review.accounts import add_user

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
# The bundled feed's hostile post raises no clause; this one, insulting too, becomes a finding.
HOSTILE_FINDING = {
    "platform": "reddit", "id": "t1_hostile1", "url": "javascript:alert(3)", "author": "<b>mallory</b>",
    "created_at": "2026-11-19T20:00:00+00:00",
    "text": f"{HOSTILE} Mr Rees at Llandough Primary is a useless idiot and a disgrace to the school",
}
PASSWORD = "correct horse battery staple"
USERS = {"rhian": "reviewer", "huw": "head", "dora": "dpo"}
SCHOOL = "llandough-primary-school"


@dataclass
class Night:
    """One school's night: where its database and profile copy are, and the hostile finding's id."""

    home: Path
    url: str
    profile: Path
    hostile_id: int
    hostile_severity: str

    def session(self):  # type: ignore[no-untyped-def]
        """A transaction on the night's database."""
        return session_scope(open_database(self.url))


def fill_night(home: Path) -> Night:
    """Copy the example school, add the hostile finding to its feed, run the real nightly flow, add users."""
    from flows.nightly import nightly_flow

    school = home / "school"
    school.mkdir(parents=True)
    profile = school / EXAMPLE_PROFILE.name
    shutil.copy(EXAMPLE_PROFILE, profile)
    feed = school / "llandough-posts.jsonl"
    shutil.copy(EXAMPLE_PROFILE.parent / feed.name, feed)
    with feed.open("a", encoding="utf-8") as out:
        out.write(json.dumps(HOSTILE_FINDING) + "\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLAUSEWATCH_HOME", str(home))
        nightly_flow(str(profile))
    url = f"sqlite:///{home / 'clausewatch.db'}"
    with session_scope(open_database(url)) as session:
        for name, role in USERS.items():
            add_user(session, name=name, role=role, password=PASSWORD, actor="test", school=SCHOOL)
        [hostile] = [f for f, p in repository.list_findings(session, school=None) if p.post_id == "t1_hostile1"]
        return Night(home, url, profile, hostile.id, hostile.severity)


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "page has no CSRF token"
    return found.group(1)


def signed_in(client: TestClient, name: str) -> TestClient:
    """Sign ``name`` in on this client."""
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"name": name, "password": PASSWORD, "csrf": token})
    assert response.status_code == 200 and f'id="who">{name}<' in response.text
    return client
