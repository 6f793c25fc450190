"""clausewatch/retention.py with a moved clock: each status's content goes at its time, stubs stay, the audit
log and the evidence chain stay whole; and the profile's ``[retention]`` table that drives it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from clausewatch import retention
from clausewatch.cli import app
from clausewatch.errors import ProfileError
from clausewatch.matching import Match
from clausewatch.profile import Retention, load_profile
from clausewatch.records import Assessment, Post, Target
from clausewatch.settings import get_settings
from clausewatch.storage import repository
from clausewatch.storage.db import open_database, session_scope
from clausewatch.storage.models import AuditEntry, Decision, EvidenceRecord, Finding, Run, ScoreRow, StoredPost

SCHOOL = "llandough-primary-school"
T0 = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)  # the night every post was fetched
DECIDED = T0 + timedelta(days=1)  # the day the reviewers marked them
MATCH = Match(targets=[Target("Tomos Rees", "staff")], terms=["llandough primary"], author_is_staff=False)
ASSESSMENT = Assessment(clauses=["4", "11"], categories={"derogatory": 0.9}, fired=["derogatory"],
                        severity="high", rationale="Derogatory about Tomos Rees (staff). A person decides.")
# post id -> the status its finding ends with (None: the post raised no finding)
STATUS = {"p-unreviewed": "needs-review", "p-fp": "false-positive", "p-noaction": "no-action",
          "p-confirmed": "confirmed", "p-escalated": "escalated", "p-nofinding": None}
TEXT = {pid: f"Llandough Primary post {pid}: Mr Rees is hopeless" for pid in STATUS}


@pytest.fixture
def db(database_url: str) -> sessionmaker[Session]:
    """Each purge test on SQLite and on a real PostgreSQL server."""
    return open_database(database_url)


def _at(monkeypatch: pytest.MonkeyPatch, when: datetime) -> None:
    """Move the one clock that storage reads."""
    monkeypatch.setattr(repository, "utc_now", lambda: when)


def _seed(db: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Six posts fetched at T0, scored; five findings, four of them decided a day later."""
    _at(monkeypatch, T0)
    with session_scope(db) as session:
        run_id = repository.start_run(session, school=SCHOOL, profile_sha256="0" * 64, settings={},
                                      scorers="t 1", report="plain-html 1")
        posts = [Post(platform="reddit", id=pid, url=f"https://reddit.example/{pid}", author=f"author_{pid}",
                      created_at=T0 - timedelta(hours=5), text=text, title="A title", parent_id="t3_parent")
                 for pid, text in TEXT.items()]
        ids, _ = repository.upsert_posts(session, school=SCHOOL, source="file:t.jsonl", run_id=run_id,
                                         items=[(p, MATCH) for p in posts])
        repository.save_scores(session, scorer="t", version="1", scores=[(i, {"derogatory": 0.9}) for i in ids])
        rows = dict(zip(STATUS, ids, strict=True))
        for pid, status in STATUS.items():
            if status is not None:
                repository.create_finding(session, school=SCHOOL, post_id=rows[pid], run_id=run_id,
                                          assessment=ASSESSMENT, model="t 1")
    _at(monkeypatch, DECIDED)
    with session_scope(db) as session:
        for finding in session.scalars(select(Finding)):
            status = STATUS[session.get_one(StoredPost, finding.post_id).post_id]
            if status != "needs-review":
                repository.record_decision(session, finding_id=finding.id, status=status, reviewer="Ms Head",
                                           note="checked")
    return rows


def _purge(db: sessionmaker[Session], when: datetime, **kwargs: object) -> retention.PurgeResult:
    with session_scope(db) as session:
        return retention.purge(session, school=SCHOOL, retention=Retention(), now=when, **kwargs)  # type: ignore[arg-type]


def _with_text(db: sessionmaker[Session]) -> set[str]:
    with session_scope(db) as session:
        return {p.post_id for p in session.scalars(select(StoredPost)) if p.text}


def _audit(db: sessionmaker[Session]) -> list[tuple[int, str, str, str]]:
    with session_scope(db) as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [(e.id, e.actor, e.action, e.object_id) for e in entries]


def test_each_status_goes_at_its_time_counted_from_its_last_decision(db, monkeypatch) -> None:
    _seed(db, monkeypatch)
    steps = [  # (moment, posts still holding content afterwards)
        (DECIDED + timedelta(days=7) - timedelta(seconds=1), set(STATUS)),
        (DECIDED + timedelta(days=7), set(STATUS) - {"p-fp"}),
        (T0 + timedelta(days=30) - timedelta(seconds=1), set(STATUS) - {"p-fp"}),
        (T0 + timedelta(days=30), {"p-noaction", "p-confirmed", "p-escalated"}),
        (DECIDED + timedelta(days=90), {"p-confirmed", "p-escalated"}),
        (DECIDED + timedelta(days=365) - timedelta(seconds=1), {"p-confirmed", "p-escalated"}),
        (DECIDED + timedelta(days=365), set()),
    ]
    for moment, kept in steps:
        _purge(db, moment)
        assert _with_text(db) == kept, moment


def test_a_purge_leaves_content_free_stubs_so_counts_and_statuses_still_add_up(db, monkeypatch) -> None:
    rows = _seed(db, monkeypatch)
    result = _purge(db, DECIDED + timedelta(days=400))
    assert result.posts == {"needs-review": 1, "false-positive": 1, "no-action": 1, "confirmed": 1,
                            "escalated": 1, "no-finding": 1}
    assert result.scores == 6
    with session_scope(db) as session:
        stubs = {p.post_id: p for p in session.scalars(select(StoredPost))}
        findings = {f.post_id: f for f in session.scalars(select(Finding))}
        assert repository.count_rows(session, ScoreRow) == 0
        assert repository.count_rows(session, Decision) == 4
    assert set(stubs) == set(STATUS)
    for pid, stub in stubs.items():
        assert (stub.text, stub.title, stub.url, stub.author, stub.parent_id) == ("", None, "", "", None)
        assert stub.targets == [] and stub.matched_terms == [] and stub.purged_at is not None
        assert stub.platform == "reddit" and stub.created_at and stub.fetched_at and stub.id == rows[pid]
    for post_row, finding in findings.items():
        status = STATUS[next(p for p, r in rows.items() if r == post_row)]
        assert finding.status == status and finding.clauses == ["4", "11"] and finding.severity == "high"
        assert finding.categories == {} and finding.fired == [] and finding.rationale == ""


def test_the_audit_log_stays_whole_and_each_purge_adds_one_entry_of_counts(db, monkeypatch) -> None:
    _seed(db, monkeypatch)
    before = _audit(db)
    first = _purge(db, T0 + timedelta(days=30))
    after = _audit(db)
    assert after[: len(before)] == before
    [(_, actor, action, school)] = after[len(before):]
    assert (actor, action, school) == ("retention", "retention.purge", SCHOOL)
    with session_scope(db) as session:
        detail = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first().detail  # type: ignore[union-attr]
    assert detail == {"posts": first.posts, "scores": first.scores, "reports": 0}
    assert not any(text in str(detail) for text in TEXT.values())


def test_a_second_purge_empties_nothing_more_and_a_dry_run_changes_nothing(db, monkeypatch) -> None:
    _seed(db, monkeypatch)
    moment = T0 + timedelta(days=30)
    dry = _purge(db, moment, dry_run=True)
    assert dry.total == 3 and _with_text(db) == set(STATUS)
    assert _purge(db, moment).posts == dry.posts
    assert _purge(db, moment).total == 0


def test_a_purged_post_is_not_stored_again_when_a_source_returns_it(db, monkeypatch) -> None:
    _seed(db, monkeypatch)
    _purge(db, DECIDED + timedelta(days=400))
    with session_scope(db) as session:
        post = Post(platform="reddit", id="p-fp", url="u", author="author_p-fp", created_at=T0, text=TEXT["p-fp"])
        _, new = repository.upsert_posts(session, school=SCHOOL, source="file:t.jsonl", run_id=1,
                                         items=[(post, MATCH)])
    assert new == 0 and not _with_text(db)


def test_evidence_records_lose_their_content_copy_and_the_chain_still_verifies(db, monkeypatch) -> None:
    from reports import evidence

    _seed(db, monkeypatch)
    with session_scope(db) as session:
        assert evidence.append_missing(session, school=SCHOOL) == 5
        before = {r.finding_id: (r.record_sha256, r.chain_sha256) for r in session.scalars(select(EvidenceRecord))}
    _purge(db, T0 + timedelta(days=30))
    with session_scope(db) as session:
        rows = list(session.scalars(select(EvidenceRecord)))
        check = evidence.verify(session, school=SCHOOL)
    assert check.ok and check.checked == 5 and check.redacted == 2, check.problems
    assert {r.finding_id: (r.record_sha256, r.chain_sha256) for r in rows} == before
    assert not any(text in (r.record or "") for r in rows for text in (TEXT["p-fp"], TEXT["p-unreviewed"]))


def test_report_files_older_than_the_shortest_period_are_deleted_and_nothing_outside_reports(db, monkeypatch,
                                                                                              tmp_path) -> None:
    reports_dir = get_settings().reports_dir
    old, new, outside = reports_dir / "old.html", reports_dir / "new.html", tmp_path / "elsewhere.html"
    for path, started in ((old, T0), (new, T0 + timedelta(days=6)), (outside, T0)):
        path.write_text("<p>post text</p>")
        with session_scope(db) as session:
            session.add(Run(school=SCHOOL, started_at=started, profile_sha256="0" * 64, settings={},
                            report_path=str(path)))
    result = _purge(db, T0 + timedelta(days=8), reports_dir=reports_dir)
    assert result.reports == 1 and not old.exists() and new.exists() and outside.exists()


def test_purge_command_applies_the_profile_retention_and_says_what_it_emptied(db, monkeypatch) -> None:
    _seed(db, monkeypatch)
    monkeypatch.setattr(retention, "utc_now", lambda: T0 + timedelta(days=30))
    dry = CliRunner().invoke(app, ["purge", "--dry-run"])
    assert dry.exit_code == 0 and dry.output.startswith("would empty: llandough-primary-school: 3 posts")
    result = CliRunner().invoke(app, ["purge"])
    assert result.exit_code == 0, result.output
    assert "3 posts emptied (1 false-positive, 1 needs-review, 1 no-finding)" in result.output
    assert _with_text(db) == {"p-noaction", "p-confirmed", "p-escalated"}


def test_retention_defaults_and_the_example_profile() -> None:
    days = {s: Retention().days(s) for s in ("needs-review", "false-positive", "no-action", "confirmed", "escalated")}
    assert days == {"needs-review": 30, "false-positive": 7, "no-action": 90, "confirmed": 365, "escalated": 365}
    assert Retention().days("no-finding") == 30 and Retention().shortest == 7
    assert load_profile().retention == Retention()


def _profile_with(tmp_path: Path, table: str) -> Path:
    path = tmp_path / "school.toml"
    path.write_text(f'[school]\nname = "St Example"\n\n[retention]\n{table}\n', encoding="utf-8")
    return path


def test_a_profile_sets_retention_per_status(tmp_path: Path) -> None:
    loaded = load_profile(_profile_with(tmp_path, 'unreviewed = 14\n"false-positive" = 3\nconfirmed = 730'))
    assert (loaded.retention.days("needs-review"), loaded.retention.days("false-positive"),
            loaded.retention.days("confirmed"), loaded.retention.days("no-action")) == (14, 3, 730, 90)


@pytest.mark.parametrize(("table", "field", "message"), [
    ("unreviewed = 0", "retention.unreviewed", "greater than or equal to 1"),
    ("false-positive = -7", "retention.false-positive", "greater than or equal to 1"),
    ("confirmed = 9999", "retention.confirmed", "less than or equal to 2190"),
    ('no-action = "ninety"', "retention.no-action", "valid integer"),
    ("unreveiwed = 30", "retention.unreveiwed", "is not a known field"),
])
def test_a_bad_retention_table_names_the_field(tmp_path: Path, table: str, field: str, message: str) -> None:
    with pytest.raises(ProfileError) as caught:
        load_profile(_profile_with(tmp_path, table))
    assert field in str(caught.value) and message in str(caught.value)


def test_prefect_vacuum_settings_are_ones_prefect_reads(monkeypatch) -> None:
    from prefect.settings.models.server.events import ServerEventsSettings
    from prefect.settings.models.server.services import ServerServicesDBVacuumSettings

    for name, value in retention.prefect_vacuum_settings(Retention(**{"false-positive": 3})).items():
        monkeypatch.setenv(name, value)
    vacuum, events = ServerServicesDBVacuumSettings(), ServerEventsSettings()
    assert {"flow_runs", "events"} <= vacuum.enabled_vacuum_types
    assert vacuum.retention_period == events.retention_period == timedelta(days=3)
