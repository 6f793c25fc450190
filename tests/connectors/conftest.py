"""Connector tests get every platform credential set to a known value (tests look for it where it must not be)."""

from __future__ import annotations

import pytest
from replay import set_secrets


@pytest.fixture(autouse=True)
def secrets(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    return set_secrets(monkeypatch)
