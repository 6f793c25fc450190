"""reports/pack.py: the evidence pack for confirmed findings only, and honest about purged content."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from clausewatch.errors import InputError
from clausewatch.pseudonyms import Pseudonymiser
from clausewatch.settings import get_settings
from clausewatch.storage import repository
from clausewatch.storage.db import open_database, session_scope
from clausewatch.storage.models import EvidenceRecord
from flows.nightly import nightly_flow
from reports.pack import PACKABLE, build_pack

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_only_confirmed_or_escalated_findings_are_packed_and_purged_content_says_so(night_profile: Path) -> None:
    nightly_flow(str(night_profile))
    settings = get_settings()
    db = open_database(settings.resolved_database_url)
    pseudonyms = {"pseudonym_for": lambda slug: Pseudonymiser(settings, slug), "exported_by": "DPO"}
    assert PACKABLE == ("confirmed", "escalated")
    with pytest.raises(InputError, match="only for a finding a reviewer has confirmed"), session_scope(db) as s:
        build_pack(s, finding_id=1, **pseudonyms)
    with session_scope(db) as session:
        repository.record_decision(session, finding_id=1, status="escalated", reviewer="Ms Head", note="to DSL")
        session.execute(update(EvidenceRecord).where(EvidenceRecord.finding_id == 1).values(record=None))
    with session_scope(db) as session:
        html, school = build_pack(session, finding_id=1, **pseudonyms)
    assert school == "llandough-primary-school"
    assert "purged under the retention policy" in html and "walking straight" not in html
    assert "The evidence chain checks out" in html and "to DSL" in html
