"""``clausewatch evidence verify|export`` (reports/commands.py and reports/pack.py) as a person uses them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from report_support import HOSTILE
from sqlalchemy import select, text
from typer.testing import CliRunner

from clausewatch.cli import app
from clausewatch.settings import get_settings
from clausewatch.storage.db import open_database, session_scope
from clausewatch.storage.models import AuditEntry, EvidenceRecord
from flows.nightly import nightly_flow

pytestmark = pytest.mark.usefixtures("prefect_harness")


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def hostile_finding(night_profile: Path) -> int:
    """The night's finding whose post is the hostile insult (#2: the threat is raised first)."""
    nightly_flow(str(night_profile))
    return 2


def test_verify_says_intact_and_prints_each_chain_head(hostile_finding: int) -> None:
    result = invoke("evidence", "verify")
    assert result.exit_code == 0, result.output
    assert re.search(r"llandough-primary-school: chain head [0-9a-f]{64}", result.output)
    assert "2 evidence record(s) checked: all intact" in result.output


def test_verify_fails_and_names_a_tampered_record(hostile_finding: int) -> None:
    db = open_database(get_settings().resolved_database_url)
    with session_scope(db) as session:
        record_id = session.scalar(select(EvidenceRecord.id).where(EvidenceRecord.finding_id == hostile_finding))
        session.execute(text("DROP TRIGGER evidence_log_no_update"))
        session.execute(text("UPDATE evidence_log SET record = replace(record, 'idiot', 'hero') "
                             f"WHERE id = {record_id}"))
    result = invoke("evidence", "verify")
    assert result.exit_code == 1
    assert (f"TAMPERED: evidence record {record_id} (finding {hostile_finding}, llandough-primary-school #2): "
            "its content does not match its hash") in result.output


def test_export_refuses_a_finding_nobody_confirmed(hostile_finding: int) -> None:
    result = invoke("evidence", "export", str(hostile_finding))
    assert result.exit_code == 2
    assert f"finding {hostile_finding} is needs-review" in result.output
    assert invoke("evidence", "export", "999").exit_code == 2


def test_export_writes_a_printable_pack_that_shows_hostile_text_as_text(hostile_finding: int, tmp_path: Path,
                                                                       open_page: Any) -> None:
    assert invoke("review", str(hostile_finding), "--mark", "confirmed", "--note", "Seen <b>by</b> HR",
                  "--reviewer", "Ms Head").exit_code == 0
    result = invoke("evidence", "export", str(hostile_finding), "--exported-by", "DPO")
    assert result.exit_code == 0, result.output
    path = Path(result.output.rsplit(" written to ", 1)[1].strip())
    assert path == tmp_path / "evidence" / "llandough-primary-school" / f"finding-{hostile_finding}.html"
    page, dialogs, requests = open_page(path)
    body = page.inner_text("body")
    assert HOSTILE in body and "Seen <b>by</b> HR" in body and "Ms Head" in body and "confirmed" in body
    assert "The evidence chain checks out" in body and "markup_author" not in body
    assert re.search(r"SHA-256 of the record\s+[0-9a-f]{64}", body)
    assert dialogs == [] and page.evaluate("document.querySelectorAll('script').length") == 0
    assert [r for r in requests if not r.startswith(("file:", "data:"))] == []
    assert page.pdf(format="A4")[:5] == b"%PDF-"
    with session_scope(open_database(get_settings().resolved_database_url)) as session:
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.actor == "DPO")))
    assert actions == ["evidence.export"]
