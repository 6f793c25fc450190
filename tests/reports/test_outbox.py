"""reports/outbox.py: every email tried is described for people; alike alerts share one line."""

from __future__ import annotations

from clausewatch.storage.models import Delivery
from reports.outbox import describe, summarise


def _d(kind: str, status: str, finding: int | None = None, error: str | None = None, n: int = 1) -> Delivery:
    return Delivery(kind=kind, status=status, finding_id=finding, error=error, attempts=3 if error else 1,
                    recipients=["a@x.example"] * n, subject="s", school="s")


def test_describe() -> None:
    assert describe(_d("digest", "sent", n=2)) == "digest: sent to 2 recipients"
    assert describe(_d("alert", "failed", 4, "SMTPDataError: 451")) == (
        "alert for finding #4: FAILED after 3 tries (SMTPDataError: 451)")
    assert describe(_d("alert", "skipped", 4, "no recipients in the profile")) == (
        "alert for finding #4: not sent (no recipients in the profile)")


def test_summarise_groups_alike_alerts() -> None:
    lines = summarise([_d("alert", "sent", 1), _d("alert", "sent", 2), _d("alert", "failed", 3, "boom"),
                       _d("digest", "sent", n=2)])
    assert lines == ["alerts for findings #1, #2: each sent to 1 recipient",
                     "alert for finding #3: FAILED after 3 tries (boom)", "digest: sent to 2 recipients"]
