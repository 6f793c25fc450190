"""Two schools in one database: each school's people see, export and act on their own school's findings only."""

from __future__ import annotations

import csv
import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from review_support import PASSWORD, csrf_of, signed_in
from sqlalchemy import select

from clausewatch.profile import EXAMPLE_PROFILE
from clausewatch.storage import repository
from clausewatch.storage.db import open_database, session_scope
from clausewatch.storage.models import Assignment, AuditEntry, Decision, Run
from review.accounts import ALL_SCHOOLS, add_user
from review.app import create_app

ST_BRYNACH = Path(__file__).parents[1] / "data" / "st-brynach"
LLANDOUGH, BRYNACH = "llandough-primary-school", "st-brynach-s-church-in-wales-primary-school"
# name -> (role, school)
PEOPLE = {"rhian": ("reviewer", LLANDOUGH), "bryn": ("reviewer", BRYNACH), "dora": ("dpo", LLANDOUGH),
          "delyth": ("dpo", BRYNACH), "ann": ("dpo", ALL_SCHOOLS), "old": ("dpo", None)}


@dataclass
class TwoSchools:
    """One database holding a night of each school."""

    url: str
    profiles: list[Path]
    findings: dict[str, set[int]]  # school slug -> finding ids
    runs: dict[str, set[int]]  # school slug -> run ids


@pytest.fixture(scope="module")
def schools(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> TwoSchools:
    """Both schools' real nightly runs into one database, and an account for each person."""
    from flows.nightly import nightly_flow

    home = tmp_path_factory.mktemp("two-schools")
    folder = home / "schools"
    folder.mkdir()
    shutil.copy(EXAMPLE_PROFILE, folder / "llandough.toml")
    shutil.copy(EXAMPLE_PROFILE.parent / "llandough-posts.jsonl", folder)
    shutil.copy(ST_BRYNACH / "profile.toml", folder / "st-brynach.toml")
    shutil.copy(ST_BRYNACH / "posts.jsonl", folder)
    profiles = [folder / "llandough.toml", folder / "st-brynach.toml"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLAUSEWATCH_HOME", str(home))
        for profile in profiles:
            nightly_flow(str(profile))
    url = f"sqlite:///{home / 'clausewatch.db'}"
    with session_scope(open_database(url)) as session:
        for name, (role, school) in PEOPLE.items():
            add_user(session, name=name, role=role, password=PASSWORD, actor="test", school=school)
        findings = {s: {f.id for f, _ in repository.list_findings(session, school=s)} for s in (LLANDOUGH, BRYNACH)}
        runs = {s: set(session.scalars(select(Run.id).where(Run.school == s))) for s in (LLANDOUGH, BRYNACH)}
    assert all(findings.values()), "each school's night should leave findings"
    return TwoSchools(url, profiles, findings, runs)


def _as(schools: TwoSchools, name: str) -> TestClient:
    return signed_in(TestClient(create_app(database_url=schools.url, profiles=schools.profiles)), name)


def _queue_ids(client: TestClient) -> set[int]:
    return {int(i) for i in re.findall(r'href="/findings/(\d+)"', client.get("/?status=all").text)}


def test_a_reviewer_queue_holds_only_their_school_and_an_all_schools_account_sees_both(schools: TwoSchools) -> None:
    assert _queue_ids(_as(schools, "rhian")) == schools.findings[LLANDOUGH]
    assert _queue_ids(_as(schools, "bryn")) == schools.findings[BRYNACH]
    assert _queue_ids(_as(schools, "ann")) == schools.findings[LLANDOUGH] | schools.findings[BRYNACH]
    assert _queue_ids(_as(schools, "old")) == set()  # an account from before schools were kept apart


def _state(schools: TwoSchools, finding_id: int) -> tuple[object, ...]:
    with session_scope(open_database(schools.url)) as session:
        found = repository.get_finding(session, finding_id=finding_id)
        assert found is not None
        decisions = session.scalars(select(Decision.id).where(Decision.finding_id == finding_id)).all()
        assigned = session.scalars(select(Assignment.id).where(Assignment.finding_id == finding_id)).all()
        return found[0].status, decisions, assigned


def test_another_schools_finding_answers_404_and_acting_on_it_changes_nothing_but_is_audited(
        schools: TwoSchools) -> None:
    client = _as(schools, "rhian")
    theirs = min(schools.findings[BRYNACH])
    csrf = csrf_of(client.get("/").text)
    before = _state(schools, theirs), [p.read_bytes() for p in schools.profiles]
    missing = client.get("/findings/999999")
    assert client.get(f"/findings/{theirs}").status_code == 404
    assert missing.status_code == 404
    for path, data in ((f"/findings/{theirs}/decision", {"mark": "confirmed", "note": "x"}),
                       (f"/findings/{theirs}/assign", {"assignee": "rhian"}),
                       (f"/findings/{theirs}/allow-phrase", {"phrase": "harmless words"})):
        response = client.post(path, data={**data, "csrf": csrf})
        assert response.status_code == 404, path
        assert response.text.replace(str(theirs), "N") == client.post(
            path.replace(str(theirs), "999999"), data={**data, "csrf": csrf}).text.replace("999999", "N")
    assert (_state(schools, theirs), [p.read_bytes() for p in schools.profiles]) == before
    with session_scope(open_database(schools.url)) as session:
        refused = {e.action for e in session.scalars(select(AuditEntry).where(
            AuditEntry.actor == "rhian", AuditEntry.object_id == str(theirs)))}
    assert refused == {"finding.view.refused", "finding.mark.refused", "finding.assign.refused",
                       "profile.allow-phrase.refused"}


def test_a_finding_is_assigned_only_to_its_own_schools_reviewers(schools: TwoSchools) -> None:
    client = _as(schools, "rhian")
    ours = max(schools.findings[LLANDOUGH])
    page = client.get(f"/findings/{ours}").text
    assert ">rhian<" in page and ">bryn<" not in page
    csrf = csrf_of(page)
    refused = client.post(f"/findings/{ours}/assign", data={"assignee": "bryn", "csrf": csrf})
    assert refused.status_code == 400 and "not a reviewer of this school" in refused.text


def _csv_ids(client: TestClient) -> set[int]:
    response = client.get("/export.csv")
    assert response.status_code == 200
    return {int(row["finding_id"]) for row in csv.DictReader(io.StringIO(response.text))}


def test_a_dpo_exports_only_their_school_and_an_all_schools_dpo_exports_both(schools: TwoSchools) -> None:
    assert _csv_ids(_as(schools, "dora")) == schools.findings[LLANDOUGH]
    assert _csv_ids(_as(schools, "delyth")) == schools.findings[BRYNACH]
    assert _csv_ids(_as(schools, "ann")) == schools.findings[LLANDOUGH] | schools.findings[BRYNACH]
    assert _csv_ids(_as(schools, "old")) == set()


def _audit_rows(client: TestClient) -> list[tuple[str, str, str]]:
    """(who, did, to) of every row of the audit page."""
    page = client.get("/audit")
    assert page.status_code == 200
    return re.findall(r"<tr><td>[^<]*</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>", page.text)


def _about(rows: list[tuple[str, str, str]], ids: set[int], kind: str) -> list[tuple[str, str, str]]:
    return [row for row in rows if row[2] in {f"{kind} {i}" for i in ids}]


def test_a_dpos_audit_log_holds_no_row_of_the_other_school(schools: TwoSchools) -> None:
    bryn = _as(schools, "bryn")
    theirs = min(schools.findings[BRYNACH])
    assert bryn.get(f"/findings/{theirs}").status_code == 200
    _as(schools, "rhian").get(f"/findings/{min(schools.findings[LLANDOUGH])}")

    dora = _audit_rows(_as(schools, "dora"))
    assert ("rhian", "finding.view", f"finding {min(schools.findings[LLANDOUGH])}") in dora
    assert _about(dora, schools.runs[LLANDOUGH], "run") and not _about(dora, schools.runs[BRYNACH], "run")
    assert not [row for row in dora if row[0] in ("bryn", "delyth") or row[2] in ("user bryn", "user delyth")]
    # Rows about St Brynach's findings here are only Llandough people's own refused attempts.
    assert {(who, did.endswith(".refused")) for who, did, _ in _about(dora, schools.findings[BRYNACH],
                                                                       "finding")} <= {("rhian", True)}
    delyth = _audit_rows(_as(schools, "delyth"))
    assert ("bryn", "finding.view", f"finding {theirs}") in delyth
    assert not _about(delyth, schools.runs[LLANDOUGH], "run") and not [row for row in delyth if row[0] == "dora"]
    ann = _audit_rows(_as(schools, "ann"))
    assert {"bryn", "rhian", "dora", "delyth"} <= {who for who, _, _ in ann}
